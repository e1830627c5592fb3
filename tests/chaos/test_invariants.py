"""The chaos invariants themselves (pure): each holds on a clean run and names what breaks it."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.chaos.invariants import DeadLetter, Observed, PaymentReceived, check_all, contiguous_numbers, \
    dead_letters, no_ghost, one_submission_per_key, rendered_and_mailed, stock_moved, terminal
from tests.chaos.ledger import advances_kept, check_payments, payment_status_agrees, payments_applied_once

pytestmark = pytest.mark.unit
COMPANY = 7


def key(number: int, code: str = "12345678") -> str:
    """date, codDoc 01, RUC, ambiente 1, series 001-001, secuencial, code, tipo 1, a check digit."""
    return f"30112026011792146739001" f"1001001{number:09d}{code}1" "7"


def doc(number: int, **over) -> dict:
    return {"id": 100 + number, "series": "001-001", "number": number, "status": "issued",
            "process_state": "numbered", "sri_status": "authorized", "sri_access_key": key(number),
            "stock_expected": True, "stock_applied_at": "2026-11-30", "pdf_path": pdf(100 + number),
            "mail_status": "sent", "total": Decimal(10), "payment_status": "pending", "payment_version": 1, **over}


def pdf(document_id: int) -> str:
    return f"companies/{COMPANY}/documents/sales/pdf/2026/11/c{COMPANY}-Factura-{document_id}.pdf"


def message_id(document_id: int, company: int = COMPANY, nonce: str = "0123456789abcdef") -> str:
    return f"<{nonce}.c{company}.d{document_id}@empresa-demo.ec>"


def clean(n: int = 3) -> Observed:
    docs = [doc(i) for i in range(1, n + 1)]
    return Observed(
        received={f"k{d['id']}": d["id"] for d in docs}, documents=docs,
        stocked={d["id"]: Decimal(2) for d in docs},
        allocations=[{"document_id": d["id"], "series": "001-001", "number": d["number"]} for d in docs],
        moved={d["id"]: Decimal(2) for d in docs}, on_hand=Decimal(100 - 2 * n), initial_stock=Decimal(100),
        submissions=[{"document_id": d["id"], "access_key": d["sri_access_key"], "stage": "authorized",
                      "messages": []} for d in docs],
        sim={d["sri_access_key"]: {"accepted": 1, "authorized": 1} for d in docs}, company_id=COMPANY,
        renders=[{"document_id": d["id"], "status": "rendered", "pdf_path": pdf(d["id"])} for d in docs],
        pdf_heads={pdf(d["id"]): b"%PDF-1.7" for d in docs},
        deliveries=[{"document_id": d["id"], "request_id": "auto", "status": "sent", "message_id": message_id(d["id"]),
                     "attempts": [{"code": 250}]} for d in docs],
        mails=[message_id(d["id"]) for d in docs], receivables=[receivable(d["id"]) for d in docs])


def receivable(document_id: int, paid: str = "0", version: int = 1) -> dict:
    total, paid_amount = Decimal(10), Decimal(paid)
    status = "paid" if paid_amount == total else "partial" if paid_amount else "pending"
    return {"document_id": document_id, "recorded": True, "status": "open", "total": total, "paid_amount": paid_amount,
            "credited_amount": Decimal(0), "balance": total - paid_amount, "payment_status": status,
            "version": version}


def paid(n: int = 3) -> Observed:
    """clean() with payments: 101 paid in 4 + 6; 102 paid 3, then 9 (7 applied, the excess 2 a new advance);
    103 paid 0.50 from that advance."""
    o = clean(n)
    sent = [(1, 101, "4", "0", "0", "0"), (2, 101, "6", "0", "0", "0"), (3, 102, "3", "0", "0", "0"),
            (4, 102, "9", "0", "2", "2"), (5, 103, "0", "0.5", "0", "0")]
    o.payments_received = {f"p{i}": PaymentReceived(doc, i, *map(Decimal, rest)) for i, doc, *rest in sent}
    o.payment_keys = {f"p{i}": i for i, *_ in sent}
    o.payments = [{"id": p.payment_id, "document_id": p.document_id, "status": "applied", "amount": p.amount,
                   "applied_advance_amount": p.applied_advance, "applied_amount": p.applied, "excess_amount": p.excess,
                   "created_advance_amount": p.created_advance} for p in o.payments_received.values()]
    o.receivables = [receivable(101, "10", 3), receivable(102, "10", 3), receivable(103, "0.5", 2)]
    for d, r in zip(o.documents, o.receivables):
        d.update(payment_status=r["payment_status"], payment_version=r["version"])
    o.advances = [{"id": 1, "amount": Decimal(2), "remaining": Decimal("1.5"), "source": "overpayment",
                   "source_payment_id": 4, "status": "active"}]
    o.advance_uses = [{"payment_id": 5, "amount": Decimal("0.5"), "reversed_at": None}]
    return o


def test_a_clean_run_keeps_every_invariant():
    checks = check_all(clean())
    assert [c.name for c in checks if not c.ok] == []
    assert checks[0].figure == "documents recorded 3 == distinct documents received 3 (ghosts 0, lost 0)"
    assert "numbers 001-001 1..3: gaps 0, duplicates 0" in checks[1].figure
    assert rendered_and_mailed(clean()).figure == (
        "authorized 3: renders 3 (PDFs 3), mail_status sent 3; mails 3 for 3 documents, duplicates 0 "
        "(allowed up to 0 renderer_mailer kills); failed SMTP attempts 0")


def test_a_ghost_and_its_consequences_are_named():
    o = clean()
    ghost = doc(4)
    o.documents.append(ghost)
    o.allocations.append({"document_id": ghost["id"], "series": "001-001", "number": 4})
    check = no_ghost(o)
    assert not check.ok and check.details == ("ghost documents (no client received them): 104",)
    assert "ghosts 1" in check.figure
    stock = stock_moved(o)  # the ghost's lines were not summed by the clients' view: it moved nothing here
    assert stock.ok
    sri = one_submission_per_key(o)
    assert not sri.ok and any("104" in d for d in sri.details)


def test_gaps_duplicates_and_allocations_nobody_bears():
    o = clean(4)
    o.documents[1]["number"] = 3  # 2 missing, 3 twice
    check = contiguous_numbers(o)
    assert not check.ok and "gaps 1, duplicates 1" in check.figure
    assert check.details[:2] == ("001-001 gaps: 2", "001-001 duplicates: 3")
    assert "sequencing allocations not on a document" in check.details[2]


def test_stock_moved_twice_or_for_nothing():
    o = clean()
    o.moved[101] = Decimal(4)
    o.moved[999] = Decimal(1)
    check = stock_moved(o)
    assert not check.ok
    assert check.details[:2] == ("document 101: moved 4, lines 2", "sale of unrecorded document 999: 1")


def test_an_sri_key_accepted_twice_or_two_keys_for_one_number():
    o = clean()
    o.sim[key(1)] = {"accepted": 2, "authorized": 1}
    o.sim[key(2, "87654321")] = {"accepted": 1, "authorized": 1}
    details = one_submission_per_key(o).details
    assert f"key {key(1)}: accepted 2 times by the SRI" in details
    assert f"key {key(2, '87654321')} at the SRI belongs to no recorded document" in details
    assert "series 001-001 number 2: 2 keys accepted" in details


def test_documents_not_final_show_why():
    o = clean()
    o.documents[0] = doc(1, sri_status="rejected")
    o.documents[1] = {**doc(2, stock_applied_at=None, process_state="numbering"), "number": None}
    o.submissions[0]["messages"] = [{"code": "SRI_ARITHMETIC"}]
    check = terminal(o)
    assert not check.ok and "not final 2" in check.figure
    assert check.details[0].startswith("document 101: sri_status rejected; SRI: [{'code': 'SRI_ARITHMETIC'}]")
    assert check.details[1] == "document 102: process_state numbering; stock not applied"


def test_dead_letters_need_an_explanation():
    o = replace(clean(), dead_letters=[DeadLetter("documents.on_x", "t", "rejected", "already applied")])
    assert dead_letters(o).ok
    o.dead_letters.append(DeadLetter("documents.on_y", "t", "delivery_limit", None))
    check = dead_letters(o)
    assert not check.ok and check.figure == "dead letters 2, unexplained 1"
    assert check.details[1] == "documents.on_y: t (delivery_limit): UNEXPLAINED"


def test_an_authorized_invoice_without_its_pdf_or_mail_is_not_final():
    o = clean()
    o.documents[0] = doc(1, pdf_path=None, mail_status="failed")
    check = terminal(o)
    assert not check.ok and check.details == ("document 101: mail_status failed; no pdf_path",)
    o.documents[0] = doc(1, sri_status="rejected", pdf_path=None, mail_status="pending")
    assert terminal(o).details[0].startswith("document 101: sri_status rejected; SRI:")  # no mail asked of it


def test_every_render_problem_is_named():
    o = clean(4)
    o.renders[0]["status"] = "pending"
    o.pdf_heads[pdf(101)] = None
    o.pdf_heads[pdf(102)] = b"<html>"
    o.renders.append({"document_id": 103, "status": "rendered", "pdf_path": pdf(103)})
    o.documents[3] = doc(4, pdf_path=None, mail_status="pending")
    check = rendered_and_mailed(o)
    assert not check.ok and check.details == (
        f"document 101: render pending; no PDF at {pdf(101)}",
        f"document 102: {pdf(102)} is not a PDF (b'<html>')",
        "document 103: 2 renders",
        "document 104: documents shows pdf_path None; mail_status pending")


def test_mails_missing_stray_or_for_documents_not_authorized():
    o = clean()
    o.documents[2] = doc(3, sri_status="rejected")
    o.mails = [message_id(101), message_id(103), message_id(101, company=8), "<nothing@x>"]
    o.deliveries.append({"document_id": 101, "request_id": "auto", "status": "sent", "message_id": message_id(101, 8),
                         "attempts": [{"code": 451}, {"code": 250}]})
    check = rendered_and_mailed(o)
    assert not check.ok
    assert check.details == ("document 102: no mail in the SMTP sink", "render of document 103 that is not authorized",
                             "1 mail(s) for document 103 that is not authorized",
                             "mail <0123456789abcdef.c8.d101@empresa-demo.ec>: of no document of company 7",
                             "mail <nothing@x>: of no document of company 7",
                             "mail <nothing@x>: no delivery has that Message-ID")
    assert check.figure.endswith("failed SMTP attempts 1")


def test_duplicate_mails_are_allowed_up_to_the_mailer_kills():
    o = clean()
    o.mails += [message_id(101), message_id(102), message_id(102)]
    o.mailer_kills = 3
    check = rendered_and_mailed(o)
    assert check.ok and "mails 6 for 3 documents, duplicates 3 (allowed up to 3 renderer_mailer kills)" in check.figure
    o.mailer_kills = 2
    check = rendered_and_mailed(o)
    assert not check.ok and check.details == ("duplicate mails 3 > renderer_mailer kills 2: documents 101, 102",)


def test_payments_applied_once_on_a_clean_run():
    checks = check_payments(paid())
    assert [c.name for c in checks if not c.ok] == [], [c.details for c in checks]
    assert checks[0].figure == ("201s 5 (one key each) == applied payments 5 (ghosts 0, duplicates 0); paid_amount == "
                                "sum of applied payments == clients' 201s on 3 documents ($20.5); receivables 3 for "
                                "3 invoices, balances >= 0")
    assert checks[1].figure == "receivables paid 2, partial 1; documents behind or different 0"
    assert checks[2].figure == "created from overpayments $2, applied $0.5, remaining $1.5 of $2"
    assert [c.ok for c in check_payments(clean())] == [True] * 3  # no payment at all


def test_a_ghost_payment_a_lost_one_and_one_applied_twice_are_named():
    o = paid()
    o.payments.append({**o.payments[0], "id": 9})  # applied, no client received it
    o.receivables[0]["paid_amount"] += 4
    o.receivables[0]["balance"] -= 4  # -> below zero
    check = payments_applied_once(o)
    assert not check.ok and "ghosts 1" in check.figure
    assert check.details[0] == "ghost payments (applied, no client received them): 9"
    assert "document 101: paid_amount 14, applied payments 14, clients' 201s 10" in check.details
    assert any(d.startswith("document 101: balance -4") for d in check.details)
    o = paid()
    o.payments = [p for p in o.payments if p["id"] != 3]
    o.payment_keys["p4"] = 3  # the key remembers another payment
    o.payments_received["p6"] = o.payments_received["p1"]  # two keys, one payment
    check = payments_applied_once(o)
    assert check.details[:2] == ("received but not recorded: 3", "one payment for several keys: 1")
    assert "key p4: payments remembers 3, its 201 said 4" in check.details
    assert "key p6: payments remembers None, its 201 said 1" in check.details


def test_a_reversed_payment_and_a_missing_receivable():
    o = paid()
    o.payments[1]["status"] = "reversed"
    o.receivables = o.receivables[:2]
    o.receivables[1]["total"] = Decimal(11)
    check = payments_applied_once(o)
    assert check.details[0] == "received but not applied: 2"
    assert "document 101: paid_amount 10, applied payments 4, clients' 201s 10" in check.details
    assert "document 103: no receivable recorded" in check.details
    assert "document 102: receivable total 11 != document 10" in check.details


def test_payment_status_behind_or_wrong():
    o = paid()
    o.documents[0]["payment_version"] = 2  # documents has not seen the last change
    o.receivables[2]["payment_status"] = "pending"  # paid 0.50
    o.documents[2]["payment_status"] = "pending"
    check = payment_status_agrees(o)
    assert not check.ok and check.details == (
        "document 101: documents shows paid v2, receivable paid v3",
        "document 103: receivable pending for its figures (want partial)")


def test_advances_that_do_not_add_up():
    o = paid()
    o.advances[0]["remaining"] = Decimal(2)  # the 0.50 taken never left it
    o.advance_uses.append({"payment_id": 5, "amount": Decimal("0.5"), "reversed_at": None})
    o.payments[3]["created_advance_amount"] = Decimal(3)
    check = advances_kept(o)
    assert not check.ok and check.details == (
        "payment 4: created advance 3, advances from it 2",
        "advances applied: payments 0.5, applications 1, clients 0.5",
        "advances created: payments 3, clients 2",
        "advances remaining 2 != amount 2 - applied 1")
