"""Ready-to-copy calls for the API reference page: cURL, Python (httpx) and JavaScript (fetch).

Each call goes to ORIGIN (the page's script swaps in the gateway's own origin), reads the key
from the API_KEY environment variable, sends a fresh Idempotency-Key where the endpoint takes
one and the operation's example body: JSON, or a multipart form whose file fields come from disk.
"""
from __future__ import annotations

import json
import pprint
import shlex
from dataclasses import dataclass, field
from typing import Any

ORIGIN = "http://localhost:8080"  # replaced with location.origin by docs.js
LANGUAGES = (("curl", "cURL"), ("python", "Python"), ("javascript", "JavaScript"))


@dataclass(frozen=True)
class Call:
    """What a snippet sends."""

    method: str
    path: str  # with the path parameters filled in
    api_key: bool  # X-API-Key from $API_KEY
    idempotent: bool  # Idempotency-Key: a new UUID
    body: Any = None
    media: str | None = None  # application/json or multipart/form-data
    files: dict[str, str] = field(default_factory=dict)  # multipart: field -> file name on disk
    download: str | None = None  # a non-JSON answer: the file to save it to

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def form(self) -> dict[str, str]:
        return {k: str(v) for k, v in (self.body or {}).items() if k not in self.files}


def snippets(call: Call) -> list[tuple[str, str, str]]:
    """(language id, label, code) for each language."""
    code = {"curl": curl(call), "python": python(call), "javascript": javascript(call)}
    return [(lang, label, code[lang]) for lang, label in LANGUAGES]


def _json(value: Any, indent: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def curl(call: Call) -> str:
    lines = [f"curl {'' if call.method == 'GET' else f'-X {call.method} '}{shlex.quote(call.url)}"]
    if call.api_key:
        lines.append('-H "X-API-Key: $API_KEY"')
    if call.idempotent:
        lines.append('-H "Idempotency-Key: $(uuidgen)"')
    if call.media == "application/json":
        lines += ["-H 'Content-Type: application/json'", "--data-raw " + shlex.quote(_json(call.body, 2))]
    elif call.media:
        lines += [f"-F {shlex.quote(f'{k}=@{v}')}" for k, v in call.files.items()]
        lines += [f"-F {shlex.quote(f'{k}={v}')}" for k, v in call.form.items()]
    if call.download:
        lines.append(f"-o {shlex.quote(call.download)}")
    return " \\\n  ".join(lines)


def python(call: Call) -> str:
    lines = ["import os"] + (["import uuid"] if call.idempotent else []) + ["", "import httpx", ""]
    headers = (['"X-API-Key": os.environ["API_KEY"]'] if call.api_key else []) + (
        ['"Idempotency-Key": str(uuid.uuid4())'] if call.idempotent else [])
    verb = call.method.lower()
    args = [repr(call.url)]
    if headers:
        args.append("headers={" + ", ".join(headers) + "}")
    if call.media == "application/json":
        lines.append("body = " + pprint.pformat(call.body, width=100, sort_dicts=False).replace("\n", "\n       "))
        args.append("json=body")
    elif call.media:
        args.append("files={" + ", ".join(f"{k!r}: open({v!r}, 'rb')" for k, v in call.files.items()) + "}")
        if call.form:
            args.append(f"data={call.form!r}")
    function = verb
    if verb == "delete" and call.media:  # httpx.delete() takes no body
        function, args = "request", [repr(call.method), *args]
    lines.append(f"resp = httpx.{function}(\n    " + ",\n    ".join(args) + ",\n)")
    lines.append("resp.raise_for_status()")
    lines.append(f"open({call.download!r}, 'wb').write(resp.content)" if call.download else "print(resp.json())")
    return "\n".join(lines)


def javascript(call: Call) -> str:
    """An ES module for Node 18+ (fetch, FormData, crypto.randomUUID are globals there)."""
    imports = [f"import {{ {', '.join(names)} }} from '{module}';" for module, names in (
        ("node:fs", ["openAsBlob"] if call.files else []),
        ("node:fs/promises", ["writeFile"] if call.download else [])) if names]
    headers = (["'X-API-Key': process.env.API_KEY"] if call.api_key else []) + (
        ["'Idempotency-Key': crypto.randomUUID()"] if call.idempotent else [])
    lines = imports + [""] if imports else []
    options = [f"method: '{call.method}'"]
    if call.media == "application/json":
        headers.append("'Content-Type': 'application/json'")
        options.append("body: JSON.stringify(" + _json(call.body, 2).replace("\n", "\n  ") + ")")
    elif call.media:
        lines.append("const form = new FormData();")
        lines += [f"form.append('{k}', await openAsBlob({_json(v, 0)}), {_json(v, 0)});" for k, v in call.files.items()]
        lines += [f"form.append('{k}', {_json(v, 0)});" for k, v in call.form.items()]
        options.append("body: form")
    if headers:
        options.insert(1, "headers: { " + ", ".join(headers) + " }")
    lines.append(f"const resp = await fetch({_json(call.url, 0)}, {{\n  " + ",\n  ".join(options) + "\n});")
    lines.append("if (!resp.ok) throw new Error(`${resp.status}: ${await resp.text()}`);")
    if call.download:
        lines.append(f"await writeFile({_json(call.download, 0)}, Buffer.from(await resp.arrayBuffer()));")
    else:
        lines.append("console.log(await resp.json());")
    return "\n".join(lines)
