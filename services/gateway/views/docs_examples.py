"""Example values for the API reference page: the OpenAPI document's own examples first
(`example`/`examples` of a media type, then of the schema and its fields), else a value
generated from the JSON Schema (types, formats, enums, bounds), so every operation shows one.
"""
from __future__ import annotations

import re
from typing import Any

_MAX_DEPTH = 6
_FORMATS = {"date": "2026-01-15", "date-time": "2026-01-15T10:30:00-05:00", "email": "cliente@example.com",
            "uri": "https://example.com/webhooks/einvoice", "uuid": "5f0c6a2e-8a7b-4c1d-9e3f-2a6b7c8d9e0f",
            "password": "secreto123"}
_NAMED = (("email", "cliente@example.com"), ("password", "secreto123"), ("url", "https://example.com/webhooks/einvoice"),
          ("phone", "0991234567"), ("ruc", "1792146739001"), ("identification", "1792146739001"),
          ("name", "Comercial Andina S.A."), ("address", "Av. Amazonas N34-12, Quito"))  # field name -> text
_TOKEN = re.compile(r"(?:\\d|\[0-9\])(?:\{(\d+)(?:,\d*)?\})?|([-\w./: ])")  # \d{3}, [0-9]{2,}, a literal


def resolve(node: Any, spec: dict[str, Any]) -> Any:
    """Follows `$ref`s (`#/components/<kind>/<name>`) inside the document."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def declared(node: dict[str, Any]) -> tuple[bool, Any]:
    """(True, value) when the node (a media type or a schema) carries an example."""
    if "example" in node:
        return True, node["example"]
    examples = node.get("examples")
    if isinstance(examples, list) and examples:
        return True, examples[0]
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        if isinstance(first, dict) and "value" in first:
            return True, first["value"]
    return False, None


def media_example(media: dict[str, Any], spec: dict[str, Any]) -> Any:
    """The example of a media type object: declared on it, on its schema, or generated."""
    found, value = declared(media)
    return value if found else generate(media.get("schema", {}), spec)


def generate(schema: Any, spec: dict[str, Any], depth: int = 0, name: str = "") -> Any:
    """An example of the schema; `name` (the field's) picks a readable text for a plain string."""
    schema = resolve(schema, spec)
    if not isinstance(schema, dict):
        return None
    found, value = declared(schema)
    if found:
        return value
    for key in ("const", "default"):
        if schema.get(key) is not None:
            return schema[key]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [resolve(s, spec) for s in schema[key]]
            usable = [s for s in options if s.get("type") != "null"] or options
            return generate(usable[0], spec, depth, name)
    if "allOf" in schema:
        return generate(_merged(schema, spec), spec, depth, name)
    return _by_type(schema, spec, depth, name)


def _merged(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """An allOf folded into one schema: the fields of every part, else the first word on each keyword."""
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    for part in (resolve(p, spec) for p in schema["allOf"]):
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [*merged.get("required", ()), *value]
            else:
                merged.setdefault(key, value)
    return merged


def _by_type(schema: dict[str, Any], spec: dict[str, Any], depth: int, name: str) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    if kind == "object":
        return _object(schema, spec, depth)
    if kind == "array":
        if depth >= _MAX_DEPTH:
            return []
        return [generate(schema.get("items", {}), spec, depth + 1)] * max(1, schema.get("minItems", 1))
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "boolean":
        return True
    return _string(schema, name)


def _object(schema: dict[str, Any], spec: dict[str, Any], depth: int) -> dict[str, Any]:
    """The required fields, plus the optional ones that carry an example (all of them when the
    schema requires none, as an update body does)."""
    if depth >= _MAX_DEPTH:
        return {}
    props: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    chosen = [n for n in props if n in required or declared(resolve(props[n], spec))[0]]
    if not required and not chosen:
        chosen = list(props)
    out = {name: generate(props[name], spec, depth + 1, name) for name in chosen}
    extra = schema.get("additionalProperties", {})
    if not props and extra is not False and (extra or schema.get("minProperties", 0) > 0):
        out["key"] = generate(extra if isinstance(extra, dict) and extra else {"type": "string"}, spec, depth + 1)
    return out


def _number(schema: dict[str, Any], kind: str) -> int | float:
    """1 when the bounds allow it (a readable amount, quantity or id), else the nearest bound."""
    value: float = 1
    if "minimum" in schema:
        value = max(value, schema["minimum"])
    if "exclusiveMinimum" in schema:
        value = max(value, schema["exclusiveMinimum"] + 1)
    if "maximum" in schema:
        value = min(value, schema["maximum"])
    if "exclusiveMaximum" in schema:
        value = min(value, schema["exclusiveMaximum"] - (1 if kind == "integer" else 0.01))
    return int(value) if kind == "integer" or float(value).is_integer() else float(value)


def _string(schema: dict[str, Any], name: str) -> str:
    """The first of: a match of a simple pattern, a text fitting the field's name, "text" (each
    kept only if it fits the length bounds and the pattern, where Python's `re` can read it)."""
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    if "contentMediaType" in schema:
        return "(binary file)"
    low, high = schema.get("minLength", 0), schema.get("maxLength", 10**6)
    plain = ("text" * (low // 4 + 1))[:max(low, 4)][:high]
    hints = [_from_pattern(schema.get("pattern", "")), next((t for k, t in _NAMED if k in name), None), plain]
    return next((h for h in hints if h is not None and low <= len(h) <= high and _fits(h, schema)), plain)


def _fits(text: str, schema: dict[str, Any]) -> bool:
    try:
        return "pattern" not in schema or re.search(schema["pattern"], text) is not None
    except re.error:  # an ECMA-262 pattern Python does not read
        return True


def _from_pattern(pattern: str) -> str | None:
    """A match of a simple anchored pattern of digits and literals (`^[0-9]{3}-[0-9]{3}$` -> 001-001)."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return None
    body, out, at = pattern[1:-1], [], 0
    for token in _TOKEN.finditer(body):
        if token.start() != at:
            return None
        at = token.end()
        out.append(token.group(2) or "0" * (int(token.group(1) or 1) - 1) + "1")
    return "".join(out) if body and at == len(body) else None
