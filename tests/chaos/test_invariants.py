"""The chaos invariants themselves (pure): each holds on a clean run and names what breaks it."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.chaos.invariants import DeadLetter, Observed, check_all, contiguous_numbers, dead_letters, no_ghost, \
    one_submission_per_key, rendered_and_mailed, stock_moved, terminal

pytestmark = pytest.mark.unit
COMPANY = 7


def key(number: int, code: str = "12345678") -> str:
    """date, codDoc 01, RUC, ambiente 1, series 001-001, secuencial, code, tipo 1, a check digit."""
    return f"30112026011792146739001" f"1001001{number:09d}{code}1" "7"


def doc(number: int, **over) -> dict:
    return {"id": 100 + number, "series": "001-001", "number": number, "status": "issued",
            "process_state": "numbered", "sri_status": "authorized", "sri_access_key": key(number),
            "stock_expected": True, "stock_applied_at": "2026-11-30", "pdf_path": pdf(100 + number),
            "mail_status": "sent", **over}


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
        mails=[message_id(d["id"]) for d in docs])


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
