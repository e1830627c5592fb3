"""The report routes flagged `csv`: JSON by default, CSV with `?format=csv` or `Accept: text/csv`,
rendered by the gateway from the service's `columns`, `data` and `totals` (a fake documents)."""
from __future__ import annotations

import csv
import io

import pytest

from shared.contracts.rpc import RpcRequest, Unprocessable
from shared.messaging.connection import connect, plain_channel
from shared.messaging.rpc import RpcServer
from tests.gateway.integration.factories import make_key, user_headers

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def client(unchecked_client):
    """The fake documents answers shortened reports: a gateway that does not check answers."""
    return unchecked_client
SALES = {
    "data": [{"date": "2026-11-03", "invoices": 2, "credit_notes": 0, "total": "71.7500"},
             {"date": "2026-11-05", "invoices": 0, "credit_notes": 1, "total": "-12.9400"}],
    "totals": {"invoices": 2, "credit_notes": 1, "total": "58.8100"},
    "columns": [{"key": "date", "label": "Fecha"}, {"key": "invoices", "label": "Facturas"},
                {"key": "credit_notes", "label": "Notas de crédito"}, {"key": "total", "label": "Total"}],
    "meta": {"from": "2026-11-01", "to": "2026-11-30", "file_name": "reportes-ventas-2026-11-01-2026-11-30.csv"},
}
TAXES = {
    "data": [{"code": "4", "label": "IVA 15%", "net_base": "43.7500"}, {"code": "7", "label": "Exento de IVA",
                                                                       "net_base": "10.0000"}],
    "totals": {"net_base": "53.7500"},
    "columns": [{"key": "code", "label": "Código SRI"}, {"key": "label", "label": "Tarifa"},
                {"key": "net_base", "label": "Base imponible neta"}],
    "meta": {"file_name": "reportes-impuestos-2026-11-01-2026-11-30.csv"},
}


class FakeDocuments:
    """Answers the two reports as documents would and keeps the queries it was sent."""

    def __init__(self):
        self.queries: list[dict] = []

    def methods(self) -> dict:
        return {"reports.sales": self.sales, "reports.taxes": self.taxes}

    async def sales(self, req: RpcRequest):
        self.queries.append(dict(req.query))
        if req.query.get("group_by") == "week":
            raise Unprocessable({"group_by": ["El valor del campo group_by no es válido."]})
        return SALES

    async def taxes(self, req: RpcRequest):
        self.queries.append(dict(req.query))
        return TAXES


@pytest.fixture(scope="module")
async def documents(gw_env, gw_pool):
    fake = FakeDocuments()
    conn = await connect(gw_env["AMQP_URL"], "fake-documents-reports")
    server = RpcServer(gw_pool, await plain_channel(conn), "documents", fake.methods())
    await server.start()
    yield fake
    await server.stop(1)
    await conn.close()


def rows(resp) -> list[list[str]]:
    assert resp.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    return list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))


async def test_json_by_default_and_with_format_json(client, demo, documents):
    key = {"X-API-Key": demo["api_key"]}
    for url in ("/api/v1/company/reports/sales?from=2026-11-01", "/api/v1/company/reports/sales?format=json"):
        resp = await client.get(url, headers=key)
        assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("application/json")
        assert resp.json() == SALES


async def test_format_csv_answers_an_attachment_with_a_header_rows_and_totals(client, demo, documents):
    resp = await client.get("/api/v1/company/reports/sales?format=csv&from=2026-11-01&to=2026-11-30",
                            headers={"X-API-Key": demo["api_key"], "Accept": "application/json"})
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="reportes-ventas-2026-11-01-2026-11-30.csv"'
    assert resp.headers["X-Request-Id"]
    assert rows(resp) == [["Fecha", "Facturas", "Notas de crédito", "Total"], ["2026-11-03", "2", "0", "71.7500"],
                          ["2026-11-05", "0", "1", "-12.9400"], ["Total", "2", "1", "58.8100"]]
    assert b"\r\n" in resp.content
    assert documents.queries[-1] == {"from": "2026-11-01", "to": "2026-11-30"}  # `format` stays at the gateway


async def test_accept_text_csv_with_a_user(client, gw_pool, demo, documents):
    headers = {**await user_headers(gw_pool, client, demo["company_id"], "cashier"), "Accept": "text/csv"}
    resp = await client.get("/api/v1/reports/taxes?from=2026-11-01", headers=headers)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="reportes-impuestos-2026-11-01-2026-11-30.csv"' in resp.headers["Content-Disposition"]
    assert rows(resp) == [["Código SRI", "Tarifa", "Base imponible neta"], ["4", "IVA 15%", "43.7500"],
                          ["7", "Exento de IVA", "10.0000"], ["Total", "", "53.7500"]]


async def test_errors_stay_json(client, gw_pool, demo, documents):
    key = {"X-API-Key": demo["api_key"]}
    calls = len(documents.queries)
    bad = await client.get("/api/v1/company/reports/sales?format=xlsx", headers=key)
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["format"]
    assert len(documents.queries) == calls  # refused before the service
    refused = await client.get("/api/v1/company/reports/sales?format=csv&group_by=week", headers=key)
    assert refused.status_code == 422 and refused.json()["errors"] == {
        "group_by": ["El valor del campo group_by no es válido."]}
    _, sales_only = await make_key(gw_pool, demo["company_id"], ["sales:read"])
    forbidden = await client.get("/api/v1/company/reports/sales", headers={"X-API-Key": sales_only,
                                                                           "Accept": "text/csv"})
    assert forbidden.status_code == 403 and "message" in forbidden.json()
