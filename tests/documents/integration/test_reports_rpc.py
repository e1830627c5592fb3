"""reports.sales and reports.taxes over RPC on a seeded set of documents, against figures worked
out by hand, and reconciled with the documents' own totals.

The set (one company; D1 < D2 < D3 inside the period, OUT before it):
  A  invoice D1, Cliente Demo: 4 pencils 12.50 less 10 % (gross 50.00, discount 5.00, base 45.00,
     IVA 15 % 6.75) + 10 rice 2.00 at 0 % (base 20.00)       -> subtotal 65.00, IVA 6.75, total 71.75
     (authorized by the SRI: the notes need it)
  B  invoice D2, consumidor final: 2 cement 8.00 at 5 % (base 16.00, IVA 0.80) + 1 insurance 10.00
     exento                                                   -> subtotal 26.00, IVA 0.80, total 26.80
  C  credit note D3 on A: 1 pencil (12.50 less the invoice's 10 %: discount 1.25, base 11.25,
     IVA 11.25 x 15 % = 1.6875 -> 1.69)                       -> subtotal 11.25, IVA 1.69, total 12.94
  D  debit note D3 on A: "Interés por mora" 10.00 at 15 %     -> subtotal 10.00, IVA 1.50, total 11.50
  never counted: E an invoice cancelled (D2), F a draft invoice (D2), G a sales order (D2),
     H an invoice dated OUT (before the period).
Net: subtotal 65.00 + 26.00 + 10.00 - 11.25 = 89.75; discount 5.00 - 1.25 = 3.75;
     IVA 6.75 + 0.80 + 1.50 - 1.69 = 7.36; total 71.75 + 26.80 + 11.50 - 12.94 = 97.11.
"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from shared.sri.timezone import today_ec
from tests.documents.integration.helpers import SVC, authorize, customer, invoice

pytestmark = pytest.mark.integration
TODAY = today_ec()
D1, D2, D3, OUT = (TODAY - timedelta(days=n) for n in (20, 10, 5, 40))
PERIOD = {"from": str(TODAY - timedelta(days=30)), "to": str(TODAY)}
AMOUNTS = ("invoices", "debit_notes", "credit_notes", "subtotal", "discount", "tax", "total")


@pytest.fixture
async def seeded(call, shop, fakes, docs_pool):
    company, inventory = shop["company"], fakes[0]
    rice = inventory.add_product(company, "2.00", tax_rate="0", tracks=False)
    cement = inventory.add_product(company, "8.00", tax_rate="5", tracks=False)
    insurance = inventory.add_product(company, "10.00", tax_rate="0", tracks=False, exemption="exento")
    maria = await customer(call, company)
    pencil = shop["pencil"]
    made = {
        "A": await invoice(call, shop, customer_id=maria, issue_date=str(D1), items=[
            {"product_id": pencil, "quantity": 4, "discount_mode": "percent", "discount_value": 10},
            {"product_id": rice, "quantity": 10}]),
        "B": await invoice(call, shop, issue_date=str(D2), items=[{"product_id": cement, "quantity": 2},
                                                                  {"product_id": insurance, "quantity": 1}]),
        "E": await invoice(call, shop, customer_id=maria, issue_date=str(D2)),
        "F": await invoice(call, shop, customer_id=maria, issue_date=str(D2), submit_mode="draft"),
        "G": await call(SVC, "sales_orders.create", company_id=company, body={
            "customer_id": maria, "issue_date": str(D2), "items": [{"product_id": pencil, "quantity": 3}]}),
        "H": await invoice(call, shop, customer_id=maria, issue_date=str(OUT), items=[{"product_id": rice,
                                                                                          "quantity": 1}]),
    }
    assert {k: r.status for k, r in made.items()} == dict.fromkeys(made, 201), {k: r.body for k, r in made.items()}
    ids = {k: r.body["data"]["id"] for k, r in made.items()}
    a = await authorize(call, fakes[2], company, ids["A"])
    credit = await call(SVC, "credit_notes.create", company_id=company, body={
        "source_document_id": ids["A"], "reason": "Devolución", "issue_date": str(D3),
        "items": [{"source_line_id": a["items"][0]["id"], "quantity": 1}]})
    debit = await call(SVC, "debit_notes.create", company_id=company, body={
        "source_document_id": ids["A"], "issue_date": str(D3), "reasons": [{"reason": "Interés por mora",
                                                                            "amount": "10"}]})
    assert (credit.status, debit.status) == (201, 201), (credit.body, debit.body)
    ids.update(C=credit.body["data"]["id"], D=debit.body["data"]["id"])
    # cancelled as documents.cancel leaves it (the cancel flow has tests of its own)
    await docs_pool.execute("UPDATE documents SET status = 'cancelled', process_state = 'cancelled' WHERE id = $1",
                            ids["E"])
    return {**ids, "company": company, "maria": maria, "pencil": pencil, "rice": rice, "cement": cement,
            "insurance": insurance}


async def report(call, seeded, method: str, **query) -> dict:
    reply = await call(SVC, method, company_id=seeded["company"], query={**PERIOD, **query})
    assert reply.status == 200, reply.body
    return reply.body


def figures(row: dict, keys=AMOUNTS) -> tuple:
    return tuple(row[k] for k in keys)


async def test_sales_per_day_count_issued_sales_and_subtract_credit_notes(call, seeded):
    body = await report(call, seeded, "reports.sales")
    assert [(r["date"], *figures(r)) for r in body["data"]] == [
        (str(D1), 1, 0, 0, "65.0000", "5.0000", "6.7500", "71.7500"),
        (str(D2), 1, 0, 0, "26.0000", "0.0000", "0.8000", "26.8000"),
        (str(D3), 0, 1, 1, "-1.2500", "-1.2500", "-0.1900", "-1.4400")]  # D 10.00 - C 11.25 ...
    assert figures(body["totals"]) == (2, 1, 1, "89.7500", "3.7500", "7.3600", "97.1100")
    assert body["totals"]["tip"] == "0.0000" and body["totals"]["documents"] == 4
    assert body["meta"] == {"from": PERIOD["from"], "to": PERIOD["to"], "sri_status": None, "currency": "USD",
                            "group_by": "day",
                            "file_name": f"reportes-ventas-{PERIOD['from']}-{PERIOD['to']}.csv"}
    assert [c["key"] for c in body["columns"]] == ["date", "invoices", "debit_notes", "credit_notes", "subtotal",
                                                   "discount", "tax", "tip", "total"]


async def test_sales_per_month_add_up_the_days(call, seeded):
    days = {str(D1): ("65.00", "6.75", "71.75"), str(D2): ("26.00", "0.80", "26.80"),
            str(D3): ("-1.25", "-0.19", "-1.44")}
    expected: dict[str, list[Decimal]] = {}
    for day, values in days.items():
        month = expected.setdefault(day[:7], [Decimal(0)] * 3)
        expected[day[:7]] = [m + Decimal(v) for m, v in zip(month, values)]
    body = await report(call, seeded, "reports.sales", group_by="month")
    assert {r["month"]: [Decimal(r[k]) for k in ("subtotal", "tax", "total")] for r in body["data"]} == expected
    assert figures(body["totals"]) == (2, 1, 1, "89.7500", "3.7500", "7.3600", "97.1100")


async def test_sales_per_customer(call, seeded):
    body = await report(call, seeded, "reports.sales", group_by="customer")
    keys = ("customer_id", "identification", "name", *AMOUNTS)
    assert [figures(r, keys) for r in body["data"]] == [
        # A + D - C: 65.00 + 10.00 - 11.25; 6.75 + 1.50 - 1.69; 71.75 + 11.50 - 12.94
        (seeded["maria"], "1710034065", "Cliente Demo", 1, 1, 1, "63.7500", "3.7500", "6.5600", "70.3100"),
        (None, "9999999999999", "CONSUMIDOR FINAL", 1, 0, 0, "26.0000", "0.0000", "0.8000", "26.8000")]
    assert figures(body["totals"]) == (2, 1, 1, "89.7500", "3.7500", "7.3600", "97.1100")


async def test_sales_per_product_come_from_the_lines(call, seeded):
    body = await report(call, seeded, "reports.sales", group_by="product")
    keys = ("product_id", "description", "quantity", "invoices", "debit_notes", "credit_notes", "subtotal",
            "discount", "tax", "total")
    rows = [figures(r, keys) for r in body["data"]]
    assert [r[2:] for r in rows] == [
        ("3.000", 1, 0, 1, "33.7500", "3.7500", "5.0600", "38.8100"),  # pencil: 4 - 1; 45.00 - 11.25; 6.75 - 1.69
        ("10.000", 1, 0, 0, "20.0000", "0.0000", "0.0000", "20.0000"),  # rice
        ("2.000", 1, 0, 0, "16.0000", "0.0000", "0.8000", "16.8000"),   # cement
        ("1.000", 0, 1, 0, "10.0000", "0.0000", "1.5000", "11.5000"),   # the debit note's reason
        ("1.000", 1, 0, 0, "10.0000", "0.0000", "0.0000", "10.0000")]   # insurance
    assert [r[0] for r in rows] == [seeded["pencil"], seeded["rice"], seeded["cement"], None, seeded["insurance"]]
    assert rows[3][1] == "Interés por mora"
    totals = body["totals"]
    assert figures(totals, ("quantity", "subtotal", "discount", "tax", "total")) == (
        "17.000", "89.7500", "3.7500", "7.3600", "97.1100")
    assert "tip" not in totals and "tip" not in [c["key"] for c in body["columns"]]


async def test_taxes_per_rate_and_the_form_104_lines(call, seeded):
    body = await report(call, seeded, "reports.taxes")
    keys = ("code", "label", "rate", "form_104", "sales_documents", "sales_base", "sales_tax", "credit_documents",
            "credit_base", "credit_tax", "net_base", "net_tax")
    assert [figures(r, keys) for r in body["data"]] == [
        # A 45.00 / 6.75 + D 10.00 / 1.50, less C 11.25 / 1.69
        ("4", "IVA 15%", "15.0000", "401/411/421", 2, "55.0000", "8.2500", 1, "11.2500", "1.6900", "43.7500",
         "6.5600"),
        ("5", "IVA 5%", "5.0000", "425/435/445", 1, "16.0000", "0.8000", 0, "0.0000", "0.0000", "16.0000", "0.8000"),
        ("0", "IVA 0%", "0.0000", "403/413", 1, "20.0000", "0.0000", 0, "0.0000", "0.0000", "20.0000", "0.0000"),
        ("7", "Exento de IVA", "0.0000", "431/441", 1, "10.0000", "0.0000", 0, "0.0000", "0.0000", "10.0000",
         "0.0000")]
    assert figures(body["totals"], keys[4:]) == (3, "101.0000", "9.0500", 1, "11.2500", "1.6900", "89.7500",
                                                 "7.3600")  # A, B, D (A counted once for its two rates) and C
    form = {f["casilleros"]["gross"]: (f["gross"], f["net"], f["tax"]) for f in body["form_104"]}
    assert form == {"401": ("55.0000", "43.7500", "6.5600"), "410": ("0.0000", "0.0000", "0.0000"),
                    "425": ("16.0000", "16.0000", "0.8000"), "403": ("20.0000", "20.0000", None),
                    "409": ("91.0000", "79.7500", "7.3600"), "431": ("10.0000", "10.0000", None)}
    assert body["meta"]["not_authorized"] == 3  # B, C and D: only A was authorized
    assert body["meta"]["file_name"] == f"reportes-impuestos-{PERIOD['from']}-{PERIOD['to']}.csv"


async def test_the_reports_reconcile_with_the_documents_to_the_cent(call, seeded):
    signs = {"A": 1, "B": 1, "D": 1, "C": -1}
    sums = {"subtotal": Decimal(0), "tax": Decimal(0), "total": Decimal(0)}
    for name, sign in signs.items():
        doc = (await call(SVC, "documents.get", company_id=seeded["company"],
                          path_params={"id": str(seeded[name])})).body
        for key in sums:
            sums[key] += sign * Decimal(doc[key])
    assert sums == {"subtotal": Decimal("89.75"), "tax": Decimal("7.36"), "total": Decimal("97.11")}
    sales = (await report(call, seeded, "reports.sales"))["totals"]
    taxes = (await report(call, seeded, "reports.taxes"))["totals"]
    assert {k: Decimal(sales[k]) for k in sums} == sums
    assert (Decimal(taxes["net_base"]), Decimal(taxes["net_tax"])) == (sums["subtotal"], sums["tax"])


async def test_only_authorized_documents_and_bad_queries(call, seeded):
    authorized = await report(call, seeded, "reports.sales", sri_status="authorized")
    assert [r["date"] for r in authorized["data"]] == [str(D1)]
    assert figures(authorized["totals"]) == (1, 0, 0, "65.0000", "5.0000", "6.7500", "71.7500")
    taxes = await report(call, seeded, "reports.taxes", sri_status="authorized")
    assert [(r["code"], r["net_base"]) for r in taxes["data"]] == [("4", "45.0000"), ("0", "20.0000")]
    assert taxes["meta"]["not_authorized"] == 0 and len(taxes["meta"]["notes"]) == 2
    before = await report(call, seeded, "reports.sales", **{"from": str(OUT), "to": str(OUT)})
    assert figures(before["totals"]) == (1, 0, 0, "2.0000", "0.0000", "0.0000", "2.0000")  # H alone: 1 rice
    empty = await report(call, seeded, "reports.taxes", **{"from": str(TODAY), "to": str(TODAY)})
    assert empty["data"] == [] and empty["totals"]["net_base"] == "0.0000" and len(empty["form_104"]) == 6
    cases = [({"from": "2026-13-01"}, "from"), ({"from": str(TODAY), "to": str(D1)}, "to"),
             ({"from": str(TODAY - timedelta(days=400)), "to": str(TODAY)}, "to"), ({"group_by": "week"}, "group_by"),
             ({"sri_status": "aprobado"}, "sri_status")]
    for query, field in cases:
        reply = await call(SVC, "reports.sales", company_id=seeded["company"], query=query)
        assert reply.status == 422 and list(reply.body["errors"]) == [field], (query, reply.body)
    other = await call(SVC, "reports.sales", company_id=seeded["company"] + 1, query=PERIOD)
    assert other.status == 200 and other.body["data"] == []  # another company sees none of it
