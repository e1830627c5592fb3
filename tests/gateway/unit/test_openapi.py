"""The API reference (/openapi.json, /docs): generated from the route table, valid, complete."""
from __future__ import annotations

import importlib
import json
import re

import pytest
from aiohttp.test_utils import make_mocked_request
from openapi_spec_validator import validate

from services.gateway import api_catalog, openapi, views_docs
from services.gateway.app import create_app
from services.gateway.keys import ROUTE_ACCESS
from services.gateway.routes import FORWARDS, KEY_PREFIX, OWN, USER_PREFIX
from services.gateway.settings import GatewaySettings

pytestmark = pytest.mark.unit
STALE = "services/gateway/request_schemas.json is stale: run .venv/bin/python scripts/openapi_schemas.py"


@pytest.fixture(scope="module")
def spec() -> dict:
    return openapi.build_spec()


@pytest.fixture(scope="module")
def app():
    return create_app(GatewaySettings(database_url="postgresql://unused", amqp_url="amqp://unused"))


def op(spec: dict, method: str, path: str) -> dict:
    return spec["paths"][path][method.lower()]


def test_the_spec_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)
    json.dumps(spec)  # serialisable as served


def test_every_forward_is_in_both_contexts_with_its_module_and_scope(spec):
    for fwd in FORWARDS:
        for prefix, context, scheme in ((USER_PREFIX, "user", "bearerAuth"), (KEY_PREFIX, "key", "apiKeyAuth")):
            o = op(spec, fwd.method, prefix + fwd.path)
            assert (o["x-module"], o["x-verb"], o["x-scope"]) == (fwd.module, fwd.verb, f"{fwd.module}:{fwd.verb}")
            assert (o["x-service"], o["x-rpc"], o["x-context"]) == (fwd.service, fwd.rpc, context)
            assert o["security"] == [{scheme: []}]
            assert f"`{fwd.module}:{fwd.verb}`" in o["description"]
            assert {"401", "403", "429", "503"} <= set(o["responses"])


def test_every_gateway_endpoint_is_in_both_contexts_and_login_only_in_the_user_one(spec):
    for method, path, handler, rule in OWN:
        for prefix in (USER_PREFIX, KEY_PREFIX):
            o = op(spec, method, prefix + path)
            assert (o["x-module"], o["x-service"]) == (rule.module, "gateway")
    login = op(spec, "POST", USER_PREFIX + "/auth/login")
    assert login["security"] == [] and "401" not in login["responses"]
    assert login["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/LoginBody"}
    assert KEY_PREFIX + "/auth/login" not in spec["paths"]


def test_the_spec_lists_exactly_the_routes_the_app_serves(spec, app):
    served = {(r.method, r.resource.canonical) for r in app.router.routes() if r.method != "HEAD"}
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert served == documented


async def test_docs_and_openapi_are_served_without_credentials(app):
    for path in ("/docs", "/openapi.json"):
        match = await app.router.resolve(make_mocked_request("GET", path))
        assert match.http_exception is None and match.route not in app[ROUTE_ACCESS]


def test_company_header_idempotency_pagination_and_errors(spec):
    invoices = op(spec, "POST", USER_PREFIX + "/documents/invoices")
    refs = {p.get("$ref", "").rsplit("/", 1)[-1] for p in invoices["parameters"]}
    assert {"XCompanyId", "IdempotencyKey", "XRequestId"} <= refs
    assert "wait" in {p.get("name") for p in invoices["parameters"]}
    assert {"201", "409", "422"} <= set(invoices["responses"])
    assert "XCompanyId" not in str(op(spec, "POST", KEY_PREFIX + "/documents/invoices")["parameters"])
    listing = op(spec, "GET", KEY_PREFIX + "/customers")
    assert {"Page", "PerPage"} <= {p.get("$ref", "").rsplit("/", 1)[-1] for p in listing["parameters"]}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Page"}
    assert "IdempotencyKey" not in str(listing["parameters"])
    assert "404" in op(spec, "GET", KEY_PREFIX + "/customers/{id}")["responses"]
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"message", "errors"} and error["required"] == ["message"]
    assert set(spec["components"]["securitySchemes"]) == {"bearerAuth", "apiKeyAuth"}


@pytest.mark.parametrize("method, path, model, field", [
    ("POST", "/documents/invoices", "InvoiceIn", "warehouse_id"),
    ("POST", "/documents/credit-notes", "CreditNoteIn", "source_document_id"),
    ("POST", "/documents/debit-notes", "DebitNoteIn", "reasons"),
    ("POST", "/customers", "CustomerIn", "identification_type"),
    ("PUT", "/products/{id}", "ProductFields", None),
    ("POST", "/inventory/movements", "MovementIn", "items"),
    ("POST", "/establishments", "EstablishmentIn", "code"),
    ("POST", "/points-of-sale", "PointOfSaleIn", "establishment_id"),
    ("PUT", "/settings/company", "CompanyUpdate", None),
])
def test_request_bodies_are_the_services_models(spec, method, path, model, field):
    for prefix in (USER_PREFIX, KEY_PREFIX):
        schema = op(spec, method, prefix + path)["requestBody"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model}"}
    component = spec["components"]["schemas"][model]
    assert field is None or field in component["required"]


def test_the_body_schema_snapshot_matches_the_models():
    """The gateway cannot import other services; the snapshot it reads must follow their models."""
    def load(dotted: str) -> type:
        module, _, name = dotted.partition(":")
        return getattr(importlib.import_module(module), name)

    models = {d: load(d) for d in set(api_catalog.BODY_MODELS.values())}
    fresh = json.loads(json.dumps(openapi.schema_snapshot(models)))
    assert fresh == openapi.load_snapshot(), STALE


def test_catalog_entries_name_existing_routes():
    keys = {e.key for e in openapi.endpoints()}
    for table in (api_catalog.BODY_MODELS, api_catalog.FORM_BODIES, api_catalog.SUMMARIES, api_catalog.NOTES,
                  api_catalog.QUERY):
        assert set(table) <= keys, set(table) - keys
    own = {"Error", "Page", "PageMeta", "FlatPage"}
    assert not own & set(openapi.load_snapshot()["schemas"])


def test_operation_ids_are_unique(spec):
    ids = [o["operationId"] for ops in spec["paths"].values() for o in ops.values()]
    assert len(ids) == len(set(ids))


def test_docs_page_lists_every_endpoint_with_both_paths_and_loads_nothing_from_elsewhere():
    html = views_docs.page_html()
    for fwd in FORWARDS:
        assert f"{fwd.method} {USER_PREFIX}{fwd.path}</td>" in html
        assert f"{fwd.method} {KEY_PREFIX}{fwd.path}</td>" in html
        assert f"scope <code>{fwd.module}:{fwd.verb}</code>" in html
    for method, path, _, _ in OWN:
        assert f"{method} {KEY_PREFIX}{path}</td>" in html
    assert "<code>items[].quantity</code>" in html and "<code>warehouse_id</code>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html


def test_field_rows_flatten_nested_models():
    schemas = openapi.load_snapshot()["schemas"]
    rows = {r["name"]: r for r in views_docs.field_rows({"$ref": "#/components/schemas/DebitNoteIn"}, schemas)}
    assert rows["reasons"]["required"] and rows["reasons"]["type"] == "array of object"
    assert rows["reasons[].amount"]["type"] == "decimal (number or string)"
    assert "> 0" in rows["reasons[].amount"]["rules"]
    assert rows["series"]["nullable"] and not rows["series"]["required"]
