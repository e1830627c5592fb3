"""Limits on what a client may send, checked before anything is forwarded.

A JSON body nested deeper than MAX_DEPTH, a NUL character in any body string, key or
query value, and a number that is not finite (`NaN`, `Infinity`, `1e999`, which Python's
json accepts) are a 422 naming the field: PostgreSQL text cannot hold NUL, a
non-finite number would reach the services as null, and no published body nests more
than a few levels.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from shared.contracts.rpc import Unprocessable

MAX_DEPTH = 32
NUL = "\x00"
TOO_DEEP = "El cuerpo de la solicitud tiene demasiados niveles de anidamiento."


@dataclass(frozen=True)
class NonFinite:
    """Stands for `NaN`, `Infinity` or an overflowing number while parsing; check_body refuses it."""

    text: str


def parse_float(text: str) -> float | NonFinite:
    value = float(text)
    return value if math.isfinite(value) else NonFinite(text)


def parse_constant(text: str) -> NonFinite:
    return NonFinite(text)


def _refuse(path: str, reason: str) -> Unprocessable:
    return Unprocessable({path: [reason]})


def _nul(path: str) -> Unprocessable:
    return _refuse(path, f"El campo {path} contiene caracteres no permitidos.")


def too_deep() -> Unprocessable:
    return Unprocessable({"body": [TOO_DEEP]})


def check_body(value: Any) -> None:
    """Walks the parsed body (iteratively: no recursion on hostile input)."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise too_deep()
        if isinstance(node, NonFinite):
            field = path or "body"
            raise _refuse(field, f"El campo {field} debe ser un número finito.")
        if isinstance(node, str):
            if NUL in node:
                raise _nul(path or "body")
        elif isinstance(node, dict):
            for key, child in node.items():
                child_path = f"{path}.{key}" if path else str(key)
                if NUL in key:
                    raise _nul(child_path.replace(NUL, ""))
                stack.append((child, child_path, depth + 1))
        elif isinstance(node, list):
            stack.extend((child, f"{path}.{i}" if path else str(i), depth + 1) for i, child in enumerate(node))


def check_query(query: Mapping[str, str]) -> dict[str, str]:
    """The query as a plain dict; a NUL in a name or value is a 422 on that parameter."""
    out = {}
    for name in query.keys():
        value = query[name]
        if NUL in name or NUL in value:
            raise _nul(name.replace(NUL, ""))
        out[name] = value
    return out
