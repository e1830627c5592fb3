"""The API reference shows GET /documents' search parameters (/openapi.json and /docs)."""
from __future__ import annotations

import pytest

from services.gateway.openapi.document import build_spec
from services.gateway.routes import KEY_PREFIX, USER_PREFIX
from services.gateway.views import docs

pytestmark = pytest.mark.unit
SEARCH_PARAMETERS = {"type", "status", "from", "to", "customer_id", "search", "sri_status", "payment_status"}


def test_openapi_lists_the_filters_of_get_documents_in_both_contexts():
    spec = build_spec()
    for prefix in (USER_PREFIX, KEY_PREFIX):
        operation = spec["paths"][prefix + "/documents"]["get"]
        query = {p["name"]: p["schema"] for p in operation["parameters"] if p.get("in") == "query"}
        assert SEARCH_PARAMETERS <= set(query)
        assert query["from"] == query["to"] == {"type": "string", "format": "date"}
        assert query["payment_status"]["enum"] == ["pending", "partial", "paid"]
        assert "authorized" in query["sri_status"]["enum"] and "422" in operation["responses"]


def test_docs_page_lists_them():
    html = docs.page_html()
    for name in SEARCH_PARAMETERS:
        assert f"<code>{name}</code>" in html, name
