"""/docs: per endpoint a request and response example (the document's, else generated from the
schema) and cURL, Python and JavaScript calls; one self-contained page (views/docs*.py)."""
from __future__ import annotations

import json
import re
import shlex

import pytest
from jsonschema import Draft202012Validator

from services.gateway.openapi.document import build_spec
from services.gateway.views import docs
from services.gateway.views.docs_examples import generate, media_example
from services.gateway.views.docs_snippets import ORIGIN, Call, curl, javascript, python, snippets

pytestmark = pytest.mark.unit
SPEC = {"components": {"schemas": {
    "Item": {"type": "object", "required": ["product_id", "quantity"], "properties": {
        "product_id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
        "quantity": {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string"}, {"type": "null"}]},
        "note": {"type": "string"}}},
    "Body": {"type": "object", "required": ["items", "series", "email", "kind", "day"], "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}, "minItems": 1},
        "series": {"type": "string", "pattern": r"^[0-9]{3}-[0-9]{3}$"},
        "email": {"type": "string", "maxLength": 254},
        "kind": {"type": "string", "enum": ["ruc", "cedula"]},
        "day": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
        "reference": {"type": "string", "examples": ["PO-77"]},
        "notes": {"type": "string"}}},
}}}


def test_a_generated_example_fills_required_fields_and_declared_examples_by_type_format_and_rules():
    body = generate({"$ref": "#/components/schemas/Body"}, SPEC)
    assert body == {"items": [{"product_id": 1, "quantity": 1.0}], "series": "001-001", "email": "cliente@example.com",
                    "kind": "ruc", "day": "2026-01-15", "reference": "PO-77"}
    assert Draft202012Validator({**SPEC, "$ref": "#/components/schemas/Body"}).is_valid(body)
    assert generate({"type": "object", "properties": {"a": {"type": "boolean"}}}, SPEC) == {"a": True}  # none required


def test_the_documents_examples_win_over_generated_ones():
    schema = {"$ref": "#/components/schemas/Item"}
    assert media_example({"schema": schema, "example": {"x": 1}}, SPEC) == {"x": 1}
    assert media_example({"schema": schema, "examples": {"one": {"summary": "s", "value": [1]}}}, SPEC) == [1]
    assert media_example({"schema": {**SPEC["components"]["schemas"]["Item"], "examples": [{"y": 2}]}}, SPEC) == {"y": 2}
    assert media_example({"schema": schema}, SPEC) == {"product_id": 1, "quantity": 1.0}


def test_snippets_send_the_key_a_new_idempotency_key_and_the_body():
    body = {"name": "O'Brien & hijos", "ok": True, "none": None, "items": [{"quantity": "2.000"}]}
    call = Call("POST", "/api/v1/company/customers", api_key=True, idempotent=True, body=body,
                media="application/json")
    words = shlex.split(curl(call).replace("\\\n", " "))
    assert words[:4] == ["curl", "-X", "POST", ORIGIN + "/api/v1/company/customers"]
    assert "X-API-Key: $API_KEY" in words and json.loads(words[words.index("--data-raw") + 1]) == body
    scope: dict = {}
    exec(compile(python(call).split("\nresp = ")[0], "snippet", "exec"), scope)  # imports and the body literal
    assert scope["body"] == body
    assert "httpx.post(" in python(call) and 'os.environ["API_KEY"]' in python(call)
    js = javascript(call)
    assert "'X-API-Key': process.env.API_KEY" in js and "crypto.randomUUID()" in js
    assert json.loads(js.split("JSON.stringify(")[1].split(")\n});")[0]) == body
    assert [lang for lang, _, _ in snippets(call)] == ["curl", "python", "javascript"]


def test_form_uploads_and_file_downloads():
    upload = Call("PUT", "/api/v1/company/settings/certificate", api_key=True, idempotent=True,
                  body={"certificate": "(binary file)", "password": "clave"}, media="multipart/form-data",
                  files={"certificate": "certificate.p12"})
    assert "-F certificate=@certificate.p12" in curl(upload) and "-F password=clave" in curl(upload)
    assert "files={'certificate': open('certificate.p12', 'rb')}" in python(upload)
    assert "await openAsBlob(\"certificate.p12\")" in javascript(upload)
    download = Call("GET", "/api/v1/company/documents/1/pdf", api_key=True, idempotent=False, download="document.pdf")
    assert curl(download).endswith("-o document.pdf") and "Idempotency-Key" not in curl(download)
    assert "resp.content" in python(download) and "arrayBuffer" in javascript(download)
    compile(python(upload), "upload", "exec")
    compile(python(download), "download", "exec")


@pytest.fixture(scope="module")
def reference() -> dict:
    return docs.reference()


def endpoints(reference: dict) -> list[dict]:
    return [e for a in reference["areas"] for e in a["endpoints"]]


def test_every_endpoint_has_valid_examples_and_three_snippets(reference):
    spec = build_spec()
    for e in endpoints(reference):
        op = spec["paths"][e["key_path"] or e["user_path"]][e["method"].lower()]
        assert [lang for lang, _, _ in e["snippets"]] == ["curl", "python", "javascript"], e["id"]
        for _, _, code in e["snippets"]:
            assert e["key_path"] is None or "X-API-Key" in code or "API_KEY" in code, e["id"]
        compile(e["snippets"][1][2], e["id"], "exec")
        if e["request_example"]:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            example = json.loads(e["request_example"])
            errors = [x.message for x in Draft202012Validator({**spec, **schema}).iter_errors(example)]
            assert errors == [], (e["id"], example)
        ok = op["responses"][str(e["success"])]["content"]
        if e["response_example"]:
            schema = ok["application/json"]["schema"]
            assert Draft202012Validator({**spec, **schema}).is_valid(json.loads(e["response_example"])), e["id"]


def test_the_page_is_self_contained_and_searchable(reference):
    html = docs.page_html()
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)  # inline style and script only
    assert not re.search(r"url\(|@import|https?://(?!localhost:8080|example\.com)", docs.TEMPLATES.joinpath(
        "docs.css").read_text() + docs.TEMPLATES.joinpath("docs.js").read_text())
    assert html.count("<article ") == html.count('data-search="') - len(reference["operations"])
    assert '<input id="search" type="search"' in html and 'aria-live="polite"' in html
    invoice = next(e for e in endpoints(reference) if e["id"] == "post_documents_invoices")
    assert {"post", "/api/v1/company/documents/invoices", "documents", "sales:write", "invoice"} <= set(
        re.split(r"[\s(),.`]+", invoice["search"]))


def test_control_character_patterns_read_as_words():
    schema = {"type": "object", "properties": {
        "name": {"type": "string", "pattern": r"^[^\u0000]*[^\s\u0000][^\u0000]*$"},
        "notes": {"type": "string", "pattern": r"^[^\u0000-\u001f]*$"},
        "series": {"type": "string", "pattern": r"^\d{3}-\d{3}$"}}}
    rules = {r["name"]: r["rules"] for r in docs.field_rows(schema, {})}
    assert rules == {"name": ["not blank, no control characters"], "notes": ["no control characters"],
                     "series": [r"pattern ^\d{3}-\d{3}$"]}


def test_every_json_answer_lists_its_fields_or_names_its_model(reference):
    """The response fields of the answer's model (shared.contracts.answers), nested ones included."""
    for e in endpoints(reference):
        assert e["answer_model"] or e["response_example"] is None, e["id"]
    listing = next(e for e in endpoints(reference) if e["id"] == "get_products")
    fields = {f["name"]: f for f in listing["answer_fields"]}
    assert listing["answer_model"] == "ProductPage" and fields["data[].price"]["required"]
    assert fields["data[].description"]["nullable"] and "meta.total" in fields
    assert "Response fields" in docs.page_html()
