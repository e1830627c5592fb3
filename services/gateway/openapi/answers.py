"""The JSON Schemas of the success answers, from the answer models (shared.contracts.answers).

Each model becomes a component named after it; the models nested in them too. Objects stay
open (no `additionalProperties: false`): new keys may be added within a version (API.md),
while the gateway's answer check (middlewares/answers.py) forbids undeclared ones in tests.
"""
from __future__ import annotations

import functools
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from services.gateway.openapi.bodies import render_models
from shared.contracts.answers import Answer
from shared.contracts.answers.table import ANSWERS


def _open(node: Any) -> Any:
    if isinstance(node, list):
        return [_open(n) for n in node]
    if not isinstance(node, dict):
        return node
    return {k: _open(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}


@functools.cache
def answer_schemas() -> tuple[dict[type[Answer], str], dict[str, Any]]:
    """The component name of each answer model, and the component schemas."""
    names, schemas = render_models(ANSWERS.values(), GenerateJsonSchema)
    schemas = _open(schemas)
    for model, name in names.items():
        example = getattr(model, "EXAMPLE", None)
        if example is not None:
            schemas[name] = {**schemas[name], "examples": [example]}
    return names, schemas


def answer_component(key: str) -> str | None:
    """The components/schemas name of the call's success answer, if its model is declared."""
    model = ANSWERS.get(key)
    return answer_schemas()[0][model] if model else None
