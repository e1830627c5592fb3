"""The API reference (/openapi.json, /docs): generated from the route table, valid, complete."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from aiohttp.test_utils import make_mocked_request
from openapi_spec_validator import validate

from services.gateway.app import create_app
from services.gateway.appkeys import ROUTE_ACCESS
from services.gateway.openapi import catalog, refusals
from services.gateway.openapi.bodies import component_schemas, render_bodies
from services.gateway.openapi.document import build_spec
from services.gateway.openapi.endpoints import endpoints
from services.gateway.routes import FORWARDS, KEY_PREFIX, OWN, USER_PREFIX
from services.gateway.settings import GatewaySettings
from services.gateway.views import docs

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def spec() -> dict:
    return build_spec()


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
    assert {"201", "401", "403", "409", "413", "422"} <= set(invoices["responses"])
    assert "XCompanyId" not in str(op(spec, "POST", KEY_PREFIX + "/documents/invoices")["parameters"])
    listing = op(spec, "GET", KEY_PREFIX + "/customers")
    assert {"Page", "PerPage"} <= {p.get("$ref", "").rsplit("/", 1)[-1] for p in listing["parameters"]}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CustomerPage"}
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


def test_body_models_are_contract_classes_and_nested_models_are_components(spec):
    """Every body model comes from shared.contracts; pydantic's $defs become components, every $ref resolves."""
    for model in catalog.BODY_MODELS.values():
        assert model.__module__.startswith("shared.contracts."), model
    names, schemas = render_bodies(list(catalog.BODY_MODELS.values()))
    assert {"InvoiceIn", "MovementItemIn"} <= set(schemas) and names[catalog.BODY_MODELS["login"]] == "LoginBody"
    components = spec["components"]["schemas"]
    refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(spec))
    assert refs and set(refs) <= set(components)
    assert "$defs" not in json.dumps(spec)


def test_catalog_entries_name_existing_routes():
    keys = {e.key for e in endpoints()}
    for table in (catalog.BODY_MODELS, catalog.FORM_BODIES, catalog.SUMMARIES, catalog.NOTES, catalog.QUERY):
        assert set(table) <= keys, set(table) - keys
    # a component name used twice (gateway's own, bodies, answers) fails the document's build itself


def test_every_json_answer_has_its_model_and_only_files_have_none(spec):
    """The success answer of every operation is the component of its model (shared.contracts.answers)."""
    from services.gateway.openapi.answers import answer_schemas
    from shared.contracts.answers.table import ANSWERS
    files = {e.key for e in endpoints()} - ANSWERS.keys()
    assert files == set(catalog.FILES), files
    names = answer_schemas()[0]
    for ep in endpoints():
        if ep.key in files:
            continue
        for path in ep.paths.values():
            success = op(spec, ep.method, path)["responses"][str(ep.success)]["content"]["application/json"]
            assert success["schema"] == {"$ref": f"#/components/schemas/{names[ANSWERS[ep.key]]}"}, ep
    assert '"additionalProperties": false' not in json.dumps({n: spec["components"]["schemas"][n] for n in names.values()})


def test_operation_ids_are_unique(spec):
    ids = [o["operationId"] for ops in spec["paths"].values() for o in ops.values()]
    assert len(ids) == len(set(ids))


def test_docs_page_lists_every_endpoint_with_both_paths_and_loads_nothing_from_elsewhere():
    html = docs.page_html()
    for fwd in FORWARDS:
        assert f"{fwd.method} {USER_PREFIX}{fwd.path}</td>" in html
        assert f"{fwd.method} {KEY_PREFIX}{fwd.path}</td>" in html
        assert f"scope <code>{fwd.module}:{fwd.verb}</code>" in html
    for method, path, _, _ in OWN:
        assert f"{method} {KEY_PREFIX}{path}</td>" in html
    assert "<code>items[].quantity</code>" in html and "<code>warehouse_id</code>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert html.count("<script") == html.count("<script>\n") == 1  # the page's own script, inline


def test_field_rows_flatten_nested_models():
    schemas = component_schemas()
    rows = {r["name"]: r for r in docs.field_rows({"$ref": "#/components/schemas/DebitNoteIn"}, schemas)}
    assert rows["reasons"]["required"] and rows["reasons"]["type"] == "array of object"
    assert rows["reasons[].amount"]["type"] == "decimal (number or string)"
    assert "> 0" in rows["reasons[].amount"]["rules"]
    assert rows["series"]["nullable"] and not rows["series"]["required"]


def test_no_answer_is_a_bare_object_and_part_a_answers_are_spelled_out(spec):
    """Every success answer names a component; API.md's Part A answers list their fields, with examples."""
    for path, ops in spec["paths"].items():
        for method, o in ops.items():
            for status, answer in o["responses"].items():
                for media, content in answer.get("content", {}).items():
                    assert content["schema"] != {"type": "object"}, (method, path, status)
    for method, path, name, fields in [
            ("GET", "/documents", "DocumentPage", {"current_page", "data"}),
            ("GET", "/documents/{id}", "DocumentDetail", {"customer", "items", "sri_response"}),
            ("POST", "/documents/invoices", "DocumentCreated", {"message", "data"}),
            ("GET", "/documents/sequence-preview", "SequencePreview", {"next_number", "display_number"}),
            ("GET", "/payments", "Receivables", {"data", "recent_payments", "meta", "selected_document"}),
            ("POST", "/payments", "PaymentCreated", {"message", "data"}),
            ("GET", "/payments/lookups/documents", "DocumentLookup", {"results", "pagination"})]:
        success = next(v for k, v in op(spec, method, KEY_PREFIX + path)["responses"].items() if k < "300")
        assert success["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{name}"}
        component = spec["components"]["schemas"][name]
        assert fields <= set(component["required"]) and component.get("examples")
    created = spec["components"]["schemas"]["DocumentCreatedData"]["properties"]
    assert created["total"]["type"] == "number" and "not_applicable" in created["sri_status"]["enum"]
    assert "text/csv" in op(spec, "GET", KEY_PREFIX + "/reports/sales")["responses"]["200"]["content"]


def test_request_schemas_say_what_the_services_accept(spec):
    """Decimals: a whole number or a string with the digits the model allows; texts without control
    characters, non-blank unless nullable; no NUL in property names."""
    schemas = spec["components"]["schemas"]
    quantity = schemas["ItemIn"]["properties"]["quantity"]["anyOf"]
    assert quantity[0] == {"type": "number", "multipleOf": 1, "exclusiveMinimum": 0, "maximum": 10**12 - 1}
    pattern = re.compile(quantity[1]["pattern"])
    assert all(pattern.match(v) for v in ("1", "0.5", "2.000001", "0.000001"))
    assert not any(pattern.match(v) for v in ("0", "0.000", "-1", "1.0000001", "", "1e3"))
    name = re.compile(schemas["ProductIn"]["properties"]["name"]["pattern"])
    assert name.match("O'Brien <b>") and not name.match("   ") and not name.match("a\nb")
    code = re.compile(schemas["ProductIn"]["properties"]["description"]["anyOf"][0]["pattern"])
    assert code.match("") and code.match("  ") and not code.match("a\x00")
    assert schemas["InvoiceIn"]["propertyNames"] == {"pattern": "^[^\\u0000]*$"}
    series = op(spec, "GET", KEY_PREFIX + "/documents/sequence-preview")["parameters"]
    schema = next(p["schema"] for p in series if p.get("name") == "series")
    assert re.match(schema["pattern"], "001-002") and not re.match(schema["pattern"], "000-001")


def test_refusals_beyond_the_schema_are_on_the_operation_and_in_the_schemathesis_config(spec):
    """An operation may answer 422 to a schema-valid request (schemathesis.toml) exactly when its
    description says why (openapi/refusals.py)."""
    config = tomllib.loads((Path(__file__).parents[3] / "schemathesis.toml").read_text())
    allowed = set()
    for entry in config["operations"]:
        statuses = entry.get("checks", {}).get("positive_data_acceptance", {}).get("expected-statuses", [])
        if 422 not in statuses:
            continue
        methods = entry["include-method"] if isinstance(entry["include-method"], list) else [entry["include-method"]]
        allowed |= {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops
                    if m.upper() in methods and re.fullmatch(entry["include-path-regex"], p)}
    said = {(m.upper(), p) for p, ops in spec["paths"].items() for m, o in ops.items()
            if p.startswith(KEY_PREFIX + "/") and refusals.HEADING in o["description"]}
    assert allowed == said


def test_request_examples_are_valid_bodies(spec):
    """The examples on the body components pass the document's schema and the service's model."""
    from jsonschema import Draft202012Validator

    for key in ("invoices.create", "payments.create"):
        model = catalog.BODY_MODELS[key]
        validator = Draft202012Validator({"$ref": f"#/components/schemas/{model.__name__}",
                                          "components": spec["components"]})
        for example in spec["components"]["schemas"][model.__name__]["examples"]:
            assert not list(validator.iter_errors(example)), key
            model.model_validate(example)


async def test_ids_in_paths_are_numeric_so_allow_lists_only_the_paths_own_methods(app):
    """`/documents/sales-orders` is not also `/documents/{id}`: a GET there is a 405 with `Allow: POST`."""
    match = await app.router.resolve(make_mocked_request("GET", KEY_PREFIX + "/documents/sales-orders"))
    assert match.http_exception.status == 405 and match.http_exception.allowed_methods == {"POST"}
    match = await app.router.resolve(make_mocked_request("GET", KEY_PREFIX + "/documents/abc"))
    assert match.http_exception.status == 404
    match = await app.router.resolve(make_mocked_request("GET", KEY_PREFIX + "/documents/12"))
    assert match.http_exception is None and match["id"] == "12"


@pytest.mark.parametrize("model, body, valid", [
    ("CustomerIn", {"identification_type": "cedula", "identification": "1710034065", "name": "Ana"}, True),
    ("CustomerIn", {"identification_type": "cedula", "identification": "1710034065"}, False),  # name
    ("CustomerIn", {"identification_type": "cedula", "identification": "2510034065", "name": "Ana"}, False),
    ("CustomerIn", {"identification_type": "cedula", "identification": "17100340651", "name": "Ana"}, False),
    ("CustomerIn", {"identification_type": "ruc", "identification": "0990017514001", "name": "Ana"}, True),
    ("CustomerIn", {"identification_type": "ruc", "identification": "0970017514001", "name": "Ana"}, False),
    ("CustomerIn", {"identification_type": "ruc", "identification": "1760001550001", "name": "Ana"}, True),
    ("CustomerIn", {"identification_type": "ruc", "identification": "1760001551001", "name": "Ana"}, False),
    ("CustomerIn", {"identification_type": "pasaporte", "identification": "AB 12", "name": "Ana"}, False),
    ("CustomerIn", {"identification_type": "consumidor_final"}, True),
    ("CustomerIn", {"identification_type": "consumidor_final", "identification": "1710034065"}, False),
    ("CustomerFields", {"identification_type": "cedula", "identification": "ABC"}, False),
    ("CustomerFields", {"identification": "ABC"}, True),  # checked against the stored type: a refusal
    ("EmailIn", {"recipients": ["a@b.ec"]}, True),
    ("EmailIn", {"recipients": ["a@b"]}, False),
    ("UserCreate", {"email": "a b@c.ec", "role": "viewer"}, False),
    ("WebhookIn", {"url": "https://hooks.example.com:8443/in?x=1", "events": ["stock.low"]}, True),
    ("WebhookIn", {"url": "http://hooks.example.com/in", "events": ["stock.low"]}, False),
    ("WebhookIn", {"url": "https://user:pw@hooks.example.com/", "events": ["stock.low"]}, False),
    ("CompanyUpdate", {"timezone": "America/Guayaquil", "default_series": "001-002", "agente_retencion": ""}, True),
    ("CompanyUpdate", {"timezone": "America/Quito_Norte"}, False),
    ("CompanyUpdate", {"default_series": "000-001"}, False),
    ("CompanyUpdate", {"modules": ["sales"]}, False),
    ("CompanyUpdate", {"ruc": "0990017514002"}, False),
    ("InvoiceIn", {"warehouse_id": 1, "series": "001-000", "items": [{"quantity": 1}]}, False),
    ("EstablishmentIn", {"code": "000", "name": "Matriz"}, False),
])
def test_rules_a_schema_can_say_are_in_it_and_agree_with_the_models(spec, model, body, valid):
    """E-mail addresses, webhook URLs, identifications by type, time zones, series and codes 001-999:
    what the document refuses, the model (or the service, for identifications) refuses too."""
    from jsonschema import Draft202012Validator

    from services.documents.domain.customers import customer_errors, with_defaults

    validator = Draft202012Validator({"$ref": f"#/components/schemas/{model}", "components": spec["components"]})
    assert (not list(validator.iter_errors(body))) == valid
    models = {m.__name__: m for m in catalog.BODY_MODELS.values()}
    try:
        parsed = models[model].model_validate(body)
    except ValueError:
        assert not valid
        return
    if model == "CustomerIn":
        assert (not customer_errors(with_defaults(parsed.model_dump()))) == valid


def test_creates_and_lists_link_to_the_operations_on_their_record(spec):
    """OpenAPI links (what schemathesis' stateful phase and link-aware clients follow), in each context."""
    create = op(spec, "POST", KEY_PREFIX + "/customers")["responses"]["201"]["links"]
    assert create["key_get_customers_id"] == {"operationId": "key_get_customers_id",
                                              "parameters": {"id": "$response.body#/data/id"}}
    assert {"key_put_customers_id", "key_delete_customers_id"} <= set(create)
    invoice = op(spec, "POST", USER_PREFIX + "/documents/invoices")["responses"]["201"]["links"]
    assert {"user_get_documents_id", "user_post_documents_id_issue"} <= set(invoice)
    assert op(spec, "POST", KEY_PREFIX + "/payments")["responses"]["201"]["links"]["key_get_payments_id"][
        "parameters"] == {"id": "$response.body#/data/payment_id"}
    receivables = op(spec, "GET", KEY_PREFIX + "/payments")["responses"]["200"]["links"]
    assert "key_get_documents_id" in receivables and "key_get_payments_id" not in receivables
    ids = {o["operationId"] for ops in spec["paths"].values() for o in ops.values()}
    for ops in spec["paths"].values():
        for o in ops.values():
            for answer in o["responses"].values():
                assert {link["operationId"] for link in answer.get("links", {}).values()} <= ids
