"""GET /payments (payments.list) and GET /payments/lookups/documents (lookups.documents) against the
real payments service: receivables seeded by publishing documents' and sequencing's events, payments
registered through the RPC (fixtures of conftest.py)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from shared.contracts.documents.events import (DebitNoteRecorded, DocumentCancelled, InvoiceRecorded,
                                               SalesOrderRecorded)
from tests.payments.integration.conftest import next_document, numbered, payment, receivable

pytestmark = pytest.mark.integration
TYPES = {InvoiceRecorded: "invoice", SalesOrderRecorded: "sales_order", DebitNoteRecorded: "debit_note"}


async def opened(bus, pay_db, company: int, kind, total: str, *, customer: int | None, name: str,
                 issue: date = date(2026, 2, 22), due: date | None = None, number: int | None = None,
                 **extra) -> int:
    """A new document's receivable (numbered first when `number` is given), once payments recorded it."""
    doc = next_document()
    if number is not None:
        await bus.publish(numbered(doc, number, TYPES[kind]), company_id=company)
    await bus.publish(kind(document_id=doc, document_type=TYPES[kind], issue_date=issue, due_date=due,
                           customer_id=customer, customer_name=name, series="001-001", total=Decimal(total),
                           **extra), company_id=company)
    expected = {} if number is None else {"number": number}
    await receivable(pay_db, company, doc, **expected)
    return doc


async def paid(pay_call, company: int, doc: int, amount, on: str = "2026-02-23", **extra) -> int:
    reply = await pay_call("payments.create", company_id=company, body=payment(doc, amount, on=on, **extra))
    assert reply.status == 201, reply.body
    return reply.body["data"]["payment_id"]


async def listed(pay_call, company: int, **query) -> dict:
    reply = await pay_call("payments.list", company_id=company, query={k: str(v) for k, v in query.items()})
    assert reply.status == 200, reply.body
    return reply.body


async def test_the_list_its_filters_the_selected_document_and_the_recent_payments(bus, pay_call, pay_db, company):
    jose, beto = {"customer_identification": "1710034065"}, {"customer_identification": "1790012345001"}
    a = await opened(bus, pay_db, company, InvoiceRecorded, "46", customer=7, name="José Peña", number=120,
                     due=date(2026, 3, 1), **jose)
    b = await opened(bus, pay_db, company, InvoiceRecorded, "20", customer=7, name="José Peña", number=121, **jose)
    c = await opened(bus, pay_db, company, SalesOrderRecorded, "30", customer=8, name="Beto Ruiz", **beto)
    d = await opened(bus, pay_db, company, DebitNoteRecorded, "15", customer=7, name="José Peña", number=5,
                     source_document_id=a, **jose)
    e = await opened(bus, pay_db, company, InvoiceRecorded, "99", customer=8, name="Beto Ruiz", number=122)
    await bus.publish(DocumentCancelled(document_id=e, document_type="invoice"), company_id=company)
    await receivable(pay_db, company, e, status="closed")
    pay_a = await paid(pay_call, company, a, 10)
    pay_b = await paid(pay_call, company, b, 25, mode="advance", payment_method="transferencia")  # 5 -> advance

    body = await listed(pay_call, company)
    assert [r["id"] for r in body["data"]] == [d, c, b, a]  # the cancelled one is left out; same date: newest
    assert body["meta"] == {"current_page": 1, "last_page": 1, "per_page": 20, "total": 4}
    assert body["selected_document"] is None
    row_a = next(r for r in body["data"] if r["id"] == a)
    assert row_a == {"id": a, "type": "invoice", "series": "001-001", "number": "000000120",
                     "display_number": "001-001-000000120", "status": "issued",
                     "customer": {"id": 7, "name": "José Peña", "identification": "1710034065"},
                     "issue_date": "2026-02-22", "due_date": "2026-03-01",
                     "currency": "USD", "total": "46.0000", "paid_amount": "10.0000", "credited_amount": "0.0000",
                     "balance": "36.0000", "payment_status": "partial", "days_overdue": row_a["days_overdue"]}
    assert row_a["days_overdue"] > 200  # due 2026-03-01, still owing
    assert next(r for r in body["data"] if r["id"] == c)["number"] is None
    assert [(p["id"], p["document_id"], p["amount"], p["applied_amount"], p["status"])
            for p in body["recent_payments"]] == [(pay_b, b, "25.0000", "20.0000", "applied"),
                                                 (pay_a, a, "10.0000", "10.0000", "applied")]
    assert body["recent_payments"][0]["payment_method"] == "transferencia"

    async def ids(**query) -> list[int]:
        return [r["id"] for r in (await listed(pay_call, company, **query))["data"]]

    assert await ids(type="invoice") == [b, a]
    assert await ids(type="sales_note") == await ids(type="sales_order") == [c]
    assert await ids(type="debit_note") == [d]
    assert await ids(status="paid") == [b]
    assert await ids(status="partial") == [a]
    assert await ids(status="pending") == [d, c]
    assert await ids(search="PENA") == await ids(search="peña") == [d, b, a]
    assert await ids(search="ruiz") == [c]
    assert await ids(search="001-001-000000120") == await ids(search="120") == [a]
    assert await ids(search="001-001") == [d, c, b, a]  # the sales order has its series, not a number yet
    assert await ids(search="nadie") == []
    assert await ids(search="1710034065") == await ids(search="17100") == [d, b, a]  # cédula, exactly or its start
    assert await ids(search="1790012345001") == [c] and await ids(search="0012345001") == []  # RUC: start only
    page = await listed(pay_call, company, per_page=3, page=2)
    assert [r["id"] for r in page["data"]] == [a] and page["meta"] == {
        "current_page": 2, "last_page": 2, "per_page": 3, "total": 4}

    chosen = await listed(pay_call, company, document_id=a)
    assert chosen["selected_document"] == {"id": a, "series": "001-001", "number": "000000120", "total": 46,
                                           "paid_amount": 10, "balance": 36, "available_advance": 5}
    assert [p["id"] for p in chosen["recent_payments"]] == [pay_a]
    assert len(chosen["data"]) == 4  # the selection does not filter the list
    assert (await listed(pay_call, company, document_id=c))["selected_document"]["available_advance"] == 0


async def test_bad_query_values_and_documents_that_cannot_be_selected(bus, pay_call, pay_db, company):
    doc = await opened(bus, pay_db, company, InvoiceRecorded, "10", customer=7, name="Ana")
    for query, field in (({"type": "quotation"}, "type"), ({"status": "closed"}, "status"),
                         ({"per_page": "0"}, "per_page"), ({"page": "x"}, "page"),
                         ({"document_id": "abc"}, "document_id"), ({"search": "x" * 101}, "search")):
        reply = await pay_call("payments.list", company_id=company, query=query)
        assert reply.status == 422 and list(reply.body["errors"]) == [field], (query, reply.body)
    for other, document_id in ((company, 999_999_999), (company + 1, doc)):
        reply = await pay_call("payments.list", company_id=other, query={"document_id": str(document_id)})
        assert reply.status == 404 and reply.body["message"].startswith("El documento no existe")
    await bus.publish(DocumentCancelled(document_id=doc, document_type="invoice"), company_id=company)
    await receivable(pay_db, company, doc, status="closed")
    assert (await pay_call("payments.list", company_id=company, query={"document_id": str(doc)})).status == 404


async def test_the_documents_lookup(bus, pay_call, pay_db, company):
    first = await opened(bus, pay_db, company, InvoiceRecorded, "1234.5", customer=7, name="Cliente Demo",
                         number=120)
    done = await opened(bus, pay_db, company, InvoiceRecorded, "10", customer=7, name="Cliente Demo", number=121)
    await paid(pay_call, company, first, "1198.50")
    await paid(pay_call, company, done, 10)
    for n in range(21):
        await opened(bus, pay_db, company, SalesOrderRecorded, f"{n + 1}.00", customer=8, name="Peña Hnos.")

    async def lookup(**query) -> dict:
        reply = await pay_call("lookups.documents", company_id=company, query={k: str(v) for k, v in query.items()})
        assert reply.status == 200, reply.body
        return reply.body

    one = await lookup(q="001-001-000000120")
    assert one == {"results": [{"id": first, "text": "001-001-000000120 | Cliente Demo | Saldo $36.00"}],
                   "pagination": {"more": False}}
    assert (await lookup(q="121"))["results"] == []  # paid: nothing to collect
    page1, page2 = await lookup(), await lookup(page=2)
    assert len(page1["results"]) == 20 and page1["pagination"]["more"] is True
    assert len(page2["results"]) == 2 and page2["pagination"]["more"] is False
    assert page1["results"][0]["text"].endswith(" | Peña Hnos. | Saldo $21.00")
    assert page1["results"][0]["text"].startswith("#")  # a sales order without a number yet
    assert len((await lookup(q="pena hnos"))["results"]) == 20
    bad = await pay_call("lookups.documents", company_id=company, query={"page": "0"})
    assert bad.status == 422 and list(bad.body["errors"]) == ["page"]
