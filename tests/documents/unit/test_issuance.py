"""The issuance process without a database: every transition, duplicates, out-of-order messages, settled()."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal as D

import pytest

from services.documents.process import issuance
from services.documents.process.issuance import NOTHING, IssuanceState, Outcome, Submission, settled
from shared.contracts.documents import DocumentCancelled, InvoiceRecorded, SalesOrderRecorded
from shared.contracts.inventory import StockApplied
from shared.contracts.rpc import Conflict
from shared.contracts.sequencing import AllocateNumber, NumberAllocated, NumberRejected
from shared.contracts.sri import SubmitDocument
from shared.contracts.sri_results import (DocumentAuthorized, DocumentRejected, ProgressStep, SriMessage,
                                         SubmissionProgressed)

pytestmark = pytest.mark.unit
NOW = datetime(2026, 2, 22, 15, 0, tzinfo=timezone.utc)
KEY = "2202202601179214673900110010010000000011234567813"
COMPANY = {"ruc": "1792146739001", "legal_name": "Empresa Demo S.A.", "trade_name": "Demo", "address": "Quito",
           "settings": {"sri_environment": "test"}}
LINE = {"line_no": 0, "product_id": 10, "tracks_stock": True, "product_code": "LAP-001", "description": "Lapiz",
        "unit": "u", "quantity": D("2"), "unit_price": D("12.5"), "discount_amount": D("0.00"), "base": D("25.00"),
        "tax_code": "4", "tax_rate": D("15"), "tax_exemption": None, "tax_amount": D("3.75")}
ROW = {"id": 7, "company_id": 5, "type": "invoice", "status": "issued", "process_state": "numbering", "number": None,
       "series": "001-001", "manual_number": None, "issue_date": date(2026, 2, 22), "due_date": None,
       "customer_id": None, "warehouse_id": 3, "return_stock": False, "source_document_id": None,
       "initial_payment": None, "currency": "USD", "establishment": {"establishment_address": "Quito"},
       "customer": {"identification_type": "consumidor_final", "identification": "9999999999999",
                    "name": "CONSUMIDOR FINAL"},
       "subtotal": D("25.00"), "discount": D("0.00"), "tax": D("3.75"), "tip": D("0.00"), "total": D("28.75"),
       "tax_totals": [{"code": "4", "rate": "15", "exemption": None, "base": "25.00", "amount": "3.75"}],
       "reason": None, "reference": None, "order_reference": None, "seller_name": None, "notes": None,
       "stock_expected": True, "stock_applied_at": None, "sri_submitted": False, "sri_status": "pending",
       "sri_sequence": 0, "mail_status": "pending", "files": {}, "render_requested": False, "mail": {},
       "sri_access_key": None, "sri_authorization_number": None, "sri_authorized_at": None}
BUYER = {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente", "email": "c@x.ec"}
PAID = {"amount": "10.00", "date": "2026-02-22", "method": "efectivo", "reference": None, "notes": None}
NUMBERING = IssuanceState.of(ROW)
NUMBERED = replace(NUMBERING, process_state="numbered", number=1, sri_submitted=True)


def allocated(number: int = 1) -> NumberAllocated:
    return NumberAllocated(document_id=7, document_type="invoice", series="001-001", establishment="001",
                           emission_point="001", number=number, display_number=f"001-001-{number:09d}",
                           allocated_at=NOW)


def sri(company=COMPANY, **row) -> Submission:
    return Submission(company, {**ROW, **row}, [LINE])


def progressed(sequence: int | None, status: str = "received", step: str = "received") -> SubmissionProgressed:
    return SubmissionProgressed(document_id=7, access_key=KEY, step=step, sri_status=status, at=NOW,
                                detail="RECIBIDA", sequence=sequence)


def authorized(sequence: int | None = 3) -> DocumentAuthorized:
    return DocumentAuthorized(document_id=7, access_key=KEY, authorization_number=KEY, authorized_at=NOW,
                              environment="test", xml_path="a.xml", sequence=sequence)


def rejected(status: str = "returned", sequence: int | None = 3) -> DocumentRejected:
    return DocumentRejected(document_id=7, access_key=KEY, status=status, rejected_at=NOW, sequence=sequence,
                            messages=[SriMessage(identificador="35", mensaje="ARCHIVO NO CUMPLE")])


def names(outcome: Outcome) -> list[str]:
    return [e.name for e in outcome.events]


# --- numbering ----------------------------------------------------------------------------


def test_number_allocated_numbers_and_submits_to_the_sri():
    out = issuance.on_number_allocated(NUMBERING, allocated(), sri())
    assert out.changes == {"series": "001-001", "number": 1, "numbered_at": NOW, "process_state": "numbered",
                           "sri_submitted": True}
    assert names(out) == ["numbered", "sri_submitted"] and out.events[0].detail == {"number": "001-001-000000001"}
    [command] = out.commands
    assert isinstance(command, SubmitDocument) and command.sequential == 1 and command.establishment == "001"
    assert out.events[1].detail == {"environment": "test"}


def test_number_allocated_twice_is_a_no_op():
    assert issuance.on_number_allocated(NUMBERED, allocated(2), sri()) is NOTHING


def test_number_allocated_after_failed_becomes_numbered_and_keeps_other_states():
    failed = replace(NUMBERING, process_state="failed")
    assert issuance.on_number_allocated(failed, allocated(), sri()).changes["process_state"] == "numbered"
    cancelled = replace(NUMBERING, process_state="cancelled", status="cancelled")
    out = issuance.on_number_allocated(cancelled, allocated(), sri(status="cancelled"))
    assert out.changes["process_state"] == "cancelled" and names(out) == ["numbered"] and out.commands == ()


def test_no_submission_when_turned_off_or_not_for_the_sri():
    off = {**COMPANY, "settings": {"auto_sri_submit": False}}
    out = issuance.on_number_allocated(NUMBERING, allocated(), sri(company=off))
    assert names(out) == ["numbered"] and out.commands == () and "sri_submitted" not in out.changes
    order = replace(NUMBERING, type="sales_order")
    assert names(issuance.on_number_allocated(order, allocated(), sri(type="sales_order"))) == ["numbered"]


def test_snapshot_error_is_an_sri_error_without_command():
    out = issuance.on_number_allocated(NUMBERING, allocated(), sri(company=None))
    assert out.changes["sri_status"] == "error" and out.commands == ()
    assert names(out) == ["numbered", "sri_error"] and "empresa" in out.events[1].detail["reason"]


def test_number_rejected_fails_only_from_numbering():
    out = issuance.on_number_rejected(NUMBERING, NumberRejected(document_id=7, reason="usado"))
    assert out.changes == {"process_state": "failed"} and out.events[0].detail == {"reason": "usado"}
    cancelled = replace(NUMBERING, process_state="cancelled")
    assert issuance.on_number_rejected(cancelled, NumberRejected(document_id=7, reason="x")).changes == \
        {"process_state": "cancelled"}


def test_number_rejected_after_the_number_is_a_no_op():
    assert issuance.on_number_rejected(NUMBERED, NumberRejected(document_id=7, reason="x")) is NOTHING


# --- stock ----------------------------------------------------------------------------------


def test_stock_applied_once_and_before_the_number():
    msg = StockApplied(document_id=7, movement_id=9, warehouse_id=3, applied_at=NOW)
    out = issuance.on_stock_applied(NUMBERING, msg)  # before the number: applies all the same
    assert out.changes == {"stock_movement_id": 9, "stock_applied_at": NOW}
    assert out.events[0].detail == {"movement_id": 9, "warehouse_id": 3}
    assert issuance.on_stock_applied(replace(NUMBERING, stock_applied_at=NOW), msg) is NOTHING
    later = issuance.on_number_allocated(replace(NUMBERING, stock_applied_at=NOW), allocated(), sri())
    assert later.changes["process_state"] == "numbered"


# --- SRI results ----------------------------------------------------------------------------


def test_progress_applies_newer_sequences_only():
    out = issuance.on_sri_progressed(NUMBERED, progressed(2))
    assert out.changes == {"sri_status": "received", "sri_access_key": KEY, "sri_sequence": 2}
    assert names(out) == ["received"] and out.events[0].detail["detail"] == "RECIBIDA"
    seen = replace(NUMBERED, sri_sequence=2)
    assert issuance.on_sri_progressed(seen, progressed(2)) is NOTHING  # duplicate
    assert issuance.on_sri_progressed(seen, progressed(1, "sending", "sent")) is NOTHING  # regression


def test_an_event_without_sequence_applies_and_keeps_the_sequence():
    out = issuance.on_sri_progressed(replace(NUMBERED, sri_sequence=4), progressed(None))
    assert out.changes["sri_sequence"] == 4


def test_authorized_stores_the_authorization_and_keeps_files():
    doc = replace(NUMBERED, files={"pdf_path": "a.pdf"}, mail_status="skipped")
    out = issuance.on_sri_authorized(doc, authorized(), sri(number=1, status="issued"))
    assert out.changes == {"sri_status": "authorized", "sri_authorization_number": KEY, "sri_authorized_at": NOW,
                           "files": {"pdf_path": "a.pdf", "xml_path": "a.xml"}, "sri_access_key": KEY,
                           "sri_sequence": 3, "render_requested": True}
    assert names(out) == ["authorized"] and out.events[0].detail == {"authorization_number": KEY, "messages": []}


def test_steps_carried_by_a_later_event_go_on_the_timeline_first_newer_ones_only():
    """sri-submitter folds the steps of one write into its last event (`earlier`): the timeline gets
    each step not applied yet, in order, then the event itself."""
    steps = [ProgressStep(step="signed", sri_status="sending", at=NOW, sequence=1),
             ProgressStep(step="received", sri_status="received", at=NOW, detail="RECIBIDA", sequence=2)]
    msg = authorized(3).model_copy(update={"earlier": steps})
    out = issuance.on_sri_authorized(NUMBERED, msg, sri(number=1, status="issued"))
    assert names(out)[:3] == ["signed", "received", "authorized"] and out.changes["sri_sequence"] == 3
    assert out.events[1].detail == {"sri_status": "received", "detail": "RECIBIDA", "messages": []}
    signed_already = replace(NUMBERED, sri_sequence=1)
    assert names(issuance.on_sri_authorized(signed_already, msg, sri(number=1)))[:2] == ["received", "authorized"]
    folded = progressed(2).model_copy(update={"earlier": steps[:1]})
    assert names(issuance.on_sri_progressed(NUMBERED, folded)) == ["signed", "received"]
    assert names(issuance.on_sri_rejected(NUMBERED, rejected().model_copy(update={"earlier": steps}))) == [
        "signed", "received", "rejected"]


def test_an_authorized_document_stays_authorized():
    done = replace(NUMBERED, sri_status="authorized", sri_sequence=3)
    assert issuance.on_sri_progressed(done, progressed(9, "sending", "sent")) is NOTHING
    assert issuance.on_sri_rejected(done, rejected(sequence=9)) is NOTHING
    assert issuance.on_sri_authorized(done, authorized(9), sri(number=1)) is NOTHING
    assert issuance.on_sri_progressed(done, progressed(None)) is NOTHING


@pytest.mark.parametrize("status,sri_status", [("returned", "rejected"), ("not_authorized", "rejected"),
                                               ("error", "error")])
def test_rejected_keeps_the_sri_messages(status, sri_status):
    out = issuance.on_sri_rejected(NUMBERED, rejected(status))
    assert out.changes["sri_status"] == sri_status and names(out) == ["rejected"]
    assert out.events[0].detail["status"] == status and out.events[0].detail["messages"][0]["identificador"] == "35"
    assert issuance.on_sri_rejected(replace(NUMBERED, sri_sequence=3), rejected(status)) is NOTHING


# --- recording, issuing a draft, cancelling ---------------------------------------------------


def test_opening_columns():
    assert issuance.opening(True, True, {}, BUYER) == {"process_state": "numbering", "mail_status": "pending",
                                                       "mail": {}, "sri_status": "pending"}
    assert issuance.opening(True, False, {"auto_email": False}, BUYER) == {
        "process_state": "draft", "mail_status": "skipped", "mail": {"reason": "envío automático desactivado"},
        "sri_status": "pending"}
    assert issuance.opening(False, True, {}, BUYER)["mail_status"] == "skipped"


@pytest.mark.parametrize("issued", [True, False])
def test_documents_that_never_go_to_the_sri_are_not_applicable(issued):
    """Sales orders and quotations (kinds without SRI) are `not_applicable`, never `pending` (API.md Part A)."""
    assert issuance.opening(False, issued, {}, BUYER)["sri_status"] == "not_applicable"


def test_issued_commands_are_the_recorded_event_then_the_numbering():
    recorded, allocate = issuance.issued_commands(ROW, [LINE])
    assert isinstance(recorded, InvoiceRecorded) and recorded.stock_lines[0].quantity == D("2")
    assert isinstance(allocate, AllocateNumber) and allocate.series == "001-001"
    assert recorded.source_document_id is None and recorded.initial_payment is None
    assert (recorded.customer_name, recorded.customer_identification) == ("CONSUMIDOR FINAL", "9999999999999")
    named, _ = issuance.issued_commands({**ROW, "customer_id": 2, "customer": BUYER}, [LINE])
    assert (named.customer_id, named.customer_identification) == (2, "1710034065")  # payments' search and aging
    order, allocate = issuance.issued_commands({**ROW, "type": "sales_order", "initial_payment": PAID}, [LINE])
    assert isinstance(order, SalesOrderRecorded) and isinstance(allocate, AllocateNumber)
    assert (order.stock_lines, order.total, order.initial_payment) == ([], D("28.75"), PAID)  # no stock, a receivable
    [only] = issuance.issued_commands({**ROW, "type": "quotation"}, [LINE])  # no receivable, no event
    assert isinstance(only, AllocateNumber)


@pytest.mark.parametrize("source_type,named", [("sales_order", 4), ("quotation", None), (None, None)])
def test_an_invoice_names_the_sales_order_it_converts(source_type, named):
    """payments moves the sales order's payments to the invoice; a quotation has none to move."""
    recorded, _ = issuance.issued_commands({**ROW, "source_document_id": 4 if source_type else None}, [LINE],
                                           source_type)
    assert recorded.source_document_id == named
    draft = {**ROW, "status": "draft", "process_state": "draft", "source_document_id": 4}
    assert issuance.on_issued(draft, [LINE], date(2026, 3, 1), source_type).commands[0].source_document_id == named


def test_an_issued_draft_never_dates_its_initial_payment_before_the_issue():
    draft = {**ROW, "status": "draft", "process_state": "draft", "initial_payment": PAID}
    out = issuance.on_issued(draft, [LINE], date(2026, 3, 1))
    assert out.changes["initial_payment"] == {**PAID, "date": "2026-03-01"}
    assert out.commands[0].initial_payment == {**PAID, "date": "2026-03-01"}
    later = {**PAID, "date": "2026-03-05"}
    assert "initial_payment" not in issuance.on_issued({**draft, "initial_payment": later}, [LINE],
                                                       date(2026, 3, 1)).changes


def test_issuing_a_draft_starts_the_process_and_only_a_draft():
    today = date(2026, 3, 1)
    out = issuance.on_issued({**ROW, "status": "draft", "process_state": "draft"}, [LINE], today)
    assert out.changes == {"status": "issued", "process_state": "numbering", "stock_expected": True,
                           "issue_date": today}
    assert names(out) == ["issued"] and [type(c) for c in out.commands] == [InvoiceRecorded, AllocateNumber]
    assert out.events[0].detail == {"issue_date": "2026-03-01", "previous_issue_date": "2026-02-22"}
    assert out.commands[0].issue_date == today  # the recorded event carries the new date
    with pytest.raises(Conflict):
        issuance.on_issued(ROW, [LINE], today)


def test_an_issued_draft_keeps_its_credit_term():
    draft = {**ROW, "status": "draft", "process_state": "draft", "due_date": date(2026, 3, 24)}  # 30 days
    out = issuance.on_issued(draft, [LINE], date(2026, 4, 10))
    assert (out.changes["issue_date"], out.changes["due_date"]) == (date(2026, 4, 10), date(2026, 5, 10))


def test_cancelling():
    out = issuance.on_cancelled({**ROW, "credited_total": D("0")})
    assert out.changes == {"status": "cancelled", "process_state": "cancelled"}
    assert out.events[0].detail == {"previous_status": "issued"} and isinstance(out.commands[0], DocumentCancelled)
    draft = issuance.on_cancelled({**ROW, "status": "draft", "credited_total": D("0")})
    assert draft.commands == ()
    with pytest.raises(Conflict):
        issuance.on_cancelled({**ROW, "sri_status": "authorized", "credited_total": D("0")})


# --- the bounded wait -----------------------------------------------------------------------

DONE = replace(NUMBERED, stock_applied_at=NOW)


@pytest.mark.parametrize("until", ["numbered", "sri", "mail"])
def test_a_stopped_process_is_settled_at_once(until):
    for state in ("draft", "failed", "cancelled"):
        assert settled(replace(NUMBERING, process_state=state), until)
    assert not settled(NUMBERING, until)
    assert not settled(replace(DONE, stock_applied_at=None), until)  # stock expected, not applied


@pytest.mark.parametrize("doc,expected", [
    (DONE, {"numbered": True, "sri": False, "mail": False}),
    (replace(DONE, sri_submitted=False), {"numbered": True, "sri": True, "mail": True}),
    (replace(DONE, stock_expected=False, stock_applied_at=None), {"numbered": True, "sri": False, "mail": False}),
    (replace(DONE, sri_status="received"), {"numbered": True, "sri": False, "mail": False}),
    (replace(DONE, sri_status="authorized", render_requested=True), {"numbered": True, "sri": True, "mail": False}),
    (replace(DONE, sri_status="authorized", render_requested=True, mail_status="sent"),
     {"numbered": True, "sri": True, "mail": False}),  # not rendered yet
    (replace(DONE, sri_status="authorized", render_requested=True, mail_status="sent", files={"pdf_path": "a.pdf"}),
     {"numbered": True, "sri": True, "mail": True}),
    (replace(DONE, sri_status="rejected"), {"numbered": True, "sri": True, "mail": True}),
    (replace(DONE, sri_status="error"), {"numbered": True, "sri": True, "mail": True}),
])
def test_settled_by_step(doc, expected):
    assert {until: settled(doc, until) for until in expected} == expected
