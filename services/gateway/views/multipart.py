"""multipart/form-data bodies of the upload views (certificate, logo), parsed from the bytes read whole.

The body is read with `request.read()` (also what the idempotency middleware reads), so an
Idempotency-Key works on uploads too. Each part keeps its bytes exactly, plus the
`filename` and `Content-Type` the client declared (hints: services decide from the bytes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from aiohttp.helpers import parse_mimetype

from services.gateway.errors import ApiError

_NAME = re.compile(rb';\s*name="([^"]*)"', re.IGNORECASE)
_FILE_NAME = re.compile(rb';\s*filename="([^"]*)"', re.IGNORECASE)
_CONTENT_TYPE = re.compile(rb'^content-type:\s*([^\r\n]+)', re.IGNORECASE | re.MULTILINE)
MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the gateway's request size limit: a 1 MB logo plus the form around it


@dataclass(frozen=True)
class FormPart:
    content: bytes
    file_name: str | None = None
    content_type: str | None = None


def form_parts(body: bytes, content_type: str, *, field: str, needed: str) -> dict[str, FormPart]:
    """The parts of a multipart/form-data body (first one of each name); another content type is
    a 422 on `field` with the message `needed`."""
    mime = parse_mimetype(content_type)
    boundary = mime.parameters.get("boundary", "")
    if (mime.type, mime.subtype) != ("multipart", "form-data") or not boundary:
        raise ApiError(422, needed, {field: [needed]})
    parts: dict[str, FormPart] = {}
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, found, content = chunk.partition(b"\r\n\r\n")
        name = _NAME.search(head)
        if found and name:
            file_name, kind = _FILE_NAME.search(head), _CONTENT_TYPE.search(head.strip())
            parts.setdefault(name.group(1).decode("utf-8", "replace"), FormPart(
                content.removesuffix(b"\r\n"),
                file_name.group(1).decode("utf-8", "replace") if file_name else None,
                kind.group(1).decode("latin-1").strip() if kind else None))
    return parts
