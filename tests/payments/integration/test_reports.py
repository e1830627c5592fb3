"""GET /reports/receivables (reports.receivables) against the real payments service, on a seeded set
whose figures are worked out by hand below."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shared.contracts.documents.events import (CreditNoteRecorded, DebitNoteRecorded, DocumentCancelled,
                                               InvoiceRecorded, SalesOrderRecorded)
from shared.sri.timezone import today_ec
from tests.payments.integration.conftest import next_document, receivable
from tests.payments.integration.test_queries import opened, paid

pytestmark = pytest.mark.integration
AS_OF = "2026-03-31"
ZERO = "0.0000"


async def report(pay_call, company: int, **query) -> dict:
    reply = await pay_call("reports.receivables", company_id=company, query={k: str(v) for k, v in query.items()})
    assert reply.status == 200, reply.body
    return reply.body


def amounts(row: dict) -> tuple:
    return (row.get("customer_id"), row.get("name"), row["documents"], row["current"], row["days_0_30"],
            row["days_31_60"], row["days_61_90"], row["days_90_plus"], row["total"])


async def test_the_aging_as_of_a_date_worked_by_hand(bus, pay_call, pay_db, company):
    ana = {"customer": 7, "name": "Ana Peña", "customer_identification": "1710034065"}
    beto = {"customer": 8, "name": "Beto Ruiz", "customer_identification": "1790012345001"}
    # Ana, as of 2026-03-31:
    # I1 100.00, due 04-15 (not yet due), 30.00 paid on 03-10          -> current  70.00
    i1 = await opened(bus, pay_db, company, InvoiceRecorded, "100", issue=date(2026, 3, 1), due=date(2026, 4, 15),
                      **ana)
    await paid(pay_call, company, i1, 30, on="2026-03-10")
    # I2 200.00, due 02-14 (45 days), 50.00 paid on 04-02: after as_of   -> 31-60   200.00
    i2 = await opened(bus, pay_db, company, InvoiceRecorded, "200", issue=date(2026, 1, 15), due=date(2026, 2, 14),
                      **ana)
    await paid(pay_call, company, i2, 50, on="2026-04-02")
    # D1 debit note of I2, 12.34, issued 01-20, no due date (70 days)   -> 61-90    12.34
    await opened(bus, pay_db, company, DebitNoteRecorded, "12.34", issue=date(2026, 1, 20), source_document_id=i2,
                 **ana)
    # I6 500.00 issued 04-05, after as_of                                -> left out
    await opened(bus, pay_db, company, InvoiceRecorded, "500", issue=date(2026, 4, 5), **ana)
    # Beto:
    # I3 80.00 issued 2025-12-01, no due date (120 days); a credit note of 30.00 issued 03-05,
    #    applied today (after as_of): it counts by its issue date         -> 90+      50.00
    i3 = await opened(bus, pay_db, company, InvoiceRecorded, "80", issue=date(2025, 12, 1), **beto)
    note = next_document()
    await bus.publish(CreditNoteRecorded(document_id=note, document_type="credit_note", issue_date=date(2026, 3, 5),
                                         customer_id=8, customer_name="Beto Ruiz",
                                         customer_identification="1790012345001", series="001-001",
                                         total=Decimal("30"), source_document_id=i3), company_id=company)
    await receivable(pay_db, company, i3, credited_amount=Decimal("30"))
    # I4 60.00, due 03-01, paid in full on 03-15                         -> left out (nothing owed)
    i4 = await opened(bus, pay_db, company, InvoiceRecorded, "60", issue=date(2026, 2, 20), due=date(2026, 3, 1),
                      **beto)
    await paid(pay_call, company, i4, 60, on="2026-03-15")
    # I5 45.50, due 01-30 (60 days), 20.00 paid on 03-20 then reversed   -> 31-60    45.50
    i5 = await opened(bus, pay_db, company, InvoiceRecorded, "45.50", issue=date(2026, 1, 20), due=date(2026, 1, 30),
                      **beto)
    reversed_ = await paid(pay_call, company, i5, 20, on="2026-03-20")
    assert (await pay_call("payments.reverse", company_id=company, id=reversed_)).status == 200
    # I7 1000.00 issued 02-01, cancelled                                 -> left out
    i7 = await opened(bus, pay_db, company, InvoiceRecorded, "1000", issue=date(2026, 2, 1), **beto)
    await bus.publish(DocumentCancelled(document_id=i7, document_type="invoice"), company_id=company)
    await receivable(pay_db, company, i7, status="closed")
    # consumidor final: SO1 sales order 9.99 issued on as_of itself (0 days) -> 0-30     9.99
    await opened(bus, pay_db, company, SalesOrderRecorded, "9.99", issue=date(2026, 3, 31), customer=None,
                 name="CONSUMIDOR FINAL", customer_identification="9999999999999")

    body = await report(pay_call, company, as_of=AS_OF)
    assert [amounts(r) for r in body["data"]] == [  # largest debt first
        (7, "Ana Peña", 3, "70.0000", ZERO, "200.0000", "12.3400", ZERO, "282.3400"),
        (8, "Beto Ruiz", 2, ZERO, ZERO, "45.5000", ZERO, "50.0000", "95.5000"),
        (None, "CONSUMIDOR FINAL", 1, ZERO, "9.9900", ZERO, ZERO, ZERO, "9.9900")]
    assert [r["identification"] for r in body["data"]] == ["1710034065", "1790012345001", "9999999999999"]
    assert amounts(body["totals"]) == (None, None, 6, "70.0000", "9.9900", "245.5000", "12.3400", "50.0000",
                                       "387.8300")
    assert body["meta"]["as_of"] == AS_OF and body["meta"]["file_name"].endswith("-2026-03-31.csv")

    only_beto = await report(pay_call, company, as_of=AS_OF, customer_id=8)
    assert [r["customer_id"] for r in only_beto["data"]] == [8] and only_beto["totals"]["total"] == "95.5000"
    # as of 03-04, before the credit note's issue date: I3 80.00 whole, I5 45.50, I4 60.00 not yet paid
    before_note = await report(pay_call, company, as_of="2026-03-04", customer_id=8)
    assert amounts(before_note["data"][0]) == (8, "Beto Ruiz", 3, ZERO, "60.0000", "45.5000", ZERO, "80.0000",
                                               "185.5000")
    assert (await report(pay_call, company, as_of="2025-11-30"))["data"] == []  # before any document

    # today: the later payment (50.00 on I2) and the credit note (30.00 on I3) count, and I6 is issued:
    # Ana 70.00 + 150.00 + 12.34 + 500.00 = 732.34; Beto 50.00 + 45.50 = 95.50; consumidor final 9.99
    now = await report(pay_call, company)
    assert now["meta"]["as_of"] == today_ec().isoformat()
    assert [(r["customer_id"], r["documents"], r["total"]) for r in now["data"]] == [
        (7, 4, "732.3400"), (8, 2, "95.5000"), (None, 1, "9.9900")]
    assert now["totals"]["total"] == "837.8300"


async def test_bad_query_values(pay_call, company):
    for query, field in (({"as_of": "2026-02-30"}, "as_of"), ({"as_of": "31/03/2026"}, "as_of"),
                         ({"customer_id": "x"}, "customer_id")):
        reply = await pay_call("reports.receivables", company_id=company, query=query)
        assert reply.status == 422 and list(reply.body["errors"]) == [field], (query, reply.body)
