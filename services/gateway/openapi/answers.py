"""The JSON Schemas of the success answers, from the answer models (shared.contracts.answers).

Each model becomes a component named after it; the models nested in them too. Objects stay
open (no `additionalProperties: false`): new keys may be added within a version (API.md),
while the gateway's answer check (middlewares/answers.py) forbids undeclared ones in tests.
"""
from __future__ import annotations

import functools
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from shared.contracts.answers import Answer
from shared.contracts.answers.table import ANSWERS

REF_TEMPLATE = "#/components/schemas/{model}"


def _open(node: Any) -> Any:
    if isinstance(node, list):
        return [_open(n) for n in node]
    if not isinstance(node, dict):
        return node
    return {k: _open(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)}


@functools.cache
def answer_schemas() -> tuple[dict[type[Answer], str], dict[str, Any]]:
    """The component name of each answer model, and the component schemas."""
    models = sorted(set(ANSWERS.values()), key=lambda m: (m.__module__, m.__qualname__))
    refs, top = models_json_schema([(m, "validation") for m in models], ref_template=REF_TEMPLATE,
                                   schema_generator=GenerateJsonSchema)
    names = {m: refs[(m, "validation")]["$ref"].rsplit("/", 1)[1] for m in models}
    schemas = _open(top.get("$defs", {}))
    for model, name in names.items():
        example = getattr(model, "EXAMPLE", None)
        if example is not None:
            schemas[name] = {**schemas[name], "examples": [example]}
    return names, schemas


def answer_component(key: str) -> str | None:
    """The components/schemas name of the call's success answer, if its model is declared."""
    model = ANSWERS.get(key)
    return answer_schemas()[0][model] if model else None
