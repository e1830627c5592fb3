"""The JSON Schemas of the request bodies, from the pydantic models themselves (catalog.BODY_MODELS).

Each model becomes a component (`#/components/schemas/<Name>`); the models nested in them
(pydantic's `$defs`) become components too, referenced the same way.
"""
from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from services.gateway.openapi import catalog as cat
from services.gateway.openapi.endpoints import Endpoint
from services.gateway.openapi.strict import StrictJsonSchema, finish
from shared.contracts.gateway import SCOPES
from shared.contracts.webhooks import WEBHOOK_EVENTS

REF_TEMPLATE = "#/components/schemas/{model}"


def render_models(models, generator: type[GenerateJsonSchema]) -> tuple[dict[Any, str], dict[str, Any]]:
    """The component name of each model, and the schemas of the models and their $defs (components)."""
    models = sorted(set(models), key=lambda m: (m.__module__, m.__qualname__))
    refs, top = models_json_schema([(m, "validation") for m in models], ref_template=REF_TEMPLATE,
                                   schema_generator=generator)
    return {m: refs[(m, "validation")]["$ref"].rsplit("/", 1)[1] for m in models}, top.get("$defs", {})


def render_bodies(models: list[type[BaseModel]]) -> tuple[dict[type[BaseModel], str], dict[str, Any]]:
    """The component name of each model, and the component schemas of the models and their $defs."""
    names, schemas = render_models(models, StrictJsonSchema)
    return names, finish(_drop_null_defaults(schemas))


def _drop_null_defaults(node: Any) -> Any:
    """Without `"default": null` where null is not a valid value (a field left unset means
    "unchanged", as in CompanyUpdate): a default must validate against its own schema."""
    if isinstance(node, list):
        return [_drop_null_defaults(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _drop_null_defaults(v) for k, v in node.items()}
    nullable = out.get("type") == "null" or any(v.get("type") == "null" for v in out.get("anyOf", ()))
    if "default" in out and out["default"] is None and not nullable and ("type" in out or "enum" in out):
        del out["default"]
    return out


@functools.cache
def body_schemas() -> tuple[dict[type[BaseModel], str], dict[str, Any]]:
    """render_bodies() of every model in the catalog, computed once."""
    return render_bodies(list(cat.BODY_MODELS.values()))


# request examples of API.md's Part A bodies (its tables), on their components
EXAMPLES: dict[str, dict[str, Any]] = {
    "InvoiceIn": {"warehouse_id": 1, "customer_id": 2, "series": "001-001", "due_days": 30,
                  "items": [{"product_id": 10, "quantity": 2, "unit_price": "12.50", "tax_rate": 15}]},
    "CustomerIn": {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente Demo",
                   "email": "cliente@example.com"},
    "PaymentIn": {"document_id": 120, "payment_date": "2026-02-22", "amount": "38.00",
                  "overpayment_mode": "advance", "payment_method": "efectivo"},
}


# list fields whose items a model validator checks against a fixed set: that set, as an enum
ITEM_ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ApiKeyCreate", "scopes"): tuple(sorted(SCOPES)),
    ("WebhookIn", "events"): WEBHOOK_EVENTS,
}


def component_schemas() -> dict[str, Any]:
    schemas = dict(body_schemas()[1])
    for (name, field), values in ITEM_ENUMS.items():
        prop = schemas[name]["properties"][field]
        schemas[name] = {**schemas[name], "properties": {
            **schemas[name]["properties"], field: {**prop, "items": {"type": "string", "enum": list(values)}}}}
    return {name: schema | ({"examples": [EXAMPLES[name]]} if name in EXAMPLES else {})
            for name, schema in schemas.items()}


def body_component(ep: Endpoint) -> str | None:
    """The components/schemas name of the endpoint's JSON body, if its model is known."""
    model = cat.BODY_MODELS.get(ep.key)
    return body_schemas()[0][model] if model else None
