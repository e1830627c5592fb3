"""GET /docs and GET /openapi.json through a running gateway, without credentials."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_openapi_json_is_served_without_credentials(client):
    resp = await client.get("/openapi.json", headers={"X-Request-Id": "docs-1"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    assert resp.headers["X-Request-Id"] == "docs-1"
    spec = resp.json()
    assert spec["openapi"] == "3.1.0"
    assert {"/api/v1/documents/invoices", "/api/v1/company/documents/invoices"} <= set(spec["paths"])
    assert set(spec["components"]["securitySchemes"]) == {"bearerAuth", "apiKeyAuth"}


async def test_docs_page_is_served_without_credentials(client):
    resp = await client.get("/docs")
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"].startswith("text/html")
    assert "POST /api/v1/company/documents/invoices" in resp.text
    assert '<a href="/openapi.json">' in resp.text
    assert resp.headers["Content-Encoding"] in ("gzip", "deflate")  # httpx accepts both; the page is large
    head = await client.head("/docs")
    assert head.status_code == 200


async def test_credentials_are_ignored_and_api_calls_still_need_them(client, demo):
    with_key = await client.get("/openapi.json", headers={"X-API-Key": "not-a-key"})
    assert with_key.status_code == 200
    assert (await client.get("/api/v1/company/customers")).status_code == 401
