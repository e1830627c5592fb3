"""The RIDE and the e-mail as issuance transitions: asked for once, results applied in any order,
duplicates and older results changing nothing, the resend, and the mail step of the wait."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from services.documents.process import delivery, issuance
from services.documents.process.issuance import NOTHING, IssuanceState, Submission, settled
from shared.contracts.renderer import DocumentMailed, DocumentRendered, MailFailed, RenderAndMail
from shared.contracts.rpc import Conflict, Unprocessable
from tests.documents.unit.test_issuance import COMPANY, DONE, LINE, NOW, NUMBERED, NUMBERING, ROW, allocated, \
    authorized, names
from tests.documents.unit.test_mailing import AUTHORIZED, ORDER, PERSON

pytestmark = pytest.mark.unit
SENT_ROW = {**ROW, "customer": PERSON, "number": 1}
AUTHORIZED_DOC = IssuanceState.of({**AUTHORIZED, "render_requested": True, "mail": {"request_id": "auto"}})


def renders(outcome) -> list[RenderAndMail]:
    return [c for c in outcome.commands if isinstance(c, RenderAndMail)]


def mailed(request_id: str = "auto", at=NOW) -> DocumentMailed:
    return DocumentMailed(document_id=7, request_id=request_id, recipients=["cliente@example.com"],
                          message_id="<m1@x>", sent_at=at, smtp_reply="250 2.0.0 Ok")


def failed(request_id: str = "auto", at=NOW, permanent: bool = True, reason: str = "550 5.7.1 Relay denegado"
           ) -> MailFailed:
    return MailFailed(document_id=7, request_id=request_id, recipients=["cliente@example.com"], reason=reason,
                      smtp_code=int(reason[:3]), permanent=permanent, failed_at=at)


# --- asking for the RIDE ------------------------------------------------------------------------


def test_authorization_asks_for_the_ride_and_the_automatic_mail_once():
    doc = replace(NUMBERED, mail_status="pending")
    out = issuance.on_sri_authorized(doc, authorized(), Submission(COMPANY, SENT_ROW, [LINE]))
    [command] = renders(out)
    assert (command.mail, command.request_id, command.recipients) == (True, "auto", ["cliente@example.com"])
    assert command.snapshot.sequential == 1 and command.authorization.xml_path == "a.xml"
    assert command.authorization.authorization_number == authorized().authorization_number
    assert out.changes["render_requested"] is True
    assert out.changes["mail"] == {"request_id": "auto", "recipients": ["cliente@example.com"]}
    authorized_doc = replace(doc, sri_status="authorized", sri_sequence=3, render_requested=True)
    assert issuance.on_sri_authorized(authorized_doc, authorized(4), Submission(COMPANY, SENT_ROW, [LINE])) is NOTHING


def test_a_skipped_document_is_rendered_but_not_mailed():
    doc = replace(NUMBERED, mail_status="skipped")
    [command] = renders(issuance.on_sri_authorized(doc, authorized(), Submission(COMPANY, SENT_ROW, [LINE])))
    assert (command.mail, command.recipients) == (False, [])


def test_a_pending_mail_without_an_address_left_is_skipped():
    row = {**SENT_ROW, "customer": {**PERSON, "email": None}}
    out = issuance.on_sri_authorized(NUMBERED, authorized(), Submission(COMPANY, row, [LINE]))
    assert renders(out)[0].mail is False and out.changes["mail_status"] == "skipped"
    assert names(out) == ["authorized", "mail_skipped"]


def test_a_ride_that_cannot_be_built_fails_the_pending_mail():
    out = issuance.on_sri_authorized(NUMBERED, authorized(), Submission(None, SENT_ROW, [LINE]))
    assert renders(out) == [] and names(out) == ["authorized", "render_error"]
    assert out.changes["mail_status"] == "failed" and out.changes["mail"]["permanent"] is True
    assert "render_requested" not in out.changes


def test_a_sales_order_is_rendered_once_numbered_and_never_mailed():
    order = replace(NUMBERING, type="sales_order", mail_status="skipped", sri_status="not_applicable")
    row = {**ORDER, "number": None, "process_state": "numbering"}
    out = issuance.on_number_allocated(order, allocated(12), Submission(COMPANY, row, [LINE]))
    [command] = out.commands
    assert isinstance(command, RenderAndMail) and command.plain is not None and command.mail is False
    assert command.display_number == "001-001-000000012" and out.changes["render_requested"] is True
    cancelled = Submission(COMPANY, {**row, "status": "cancelled"}, [LINE])
    assert renders(issuance.on_number_allocated(replace(order, status="cancelled"), allocated(12), cancelled)) == []


def test_render_asks_nothing_before_it_is_ready_or_twice():
    assert delivery.render(NUMBERED, Submission(COMPANY, {**SENT_ROW, "sri_status": "received"}, [LINE])) is NOTHING
    assert delivery.render(AUTHORIZED_DOC, Submission(COMPANY, AUTHORIZED, [LINE])) is NOTHING


# --- results ------------------------------------------------------------------------------------


def test_rendered_once():
    out = delivery.on_rendered(replace(AUTHORIZED_DOC, files={"xml_path": "a.xml"}),
                               DocumentRendered(document_id=7, pdf_path="b.pdf", rendered_at=NOW))
    assert out.changes == {"files": {"xml_path": "a.xml", "pdf_path": "b.pdf"}} and names(out) == ["rendered"]
    again = replace(AUTHORIZED_DOC, files={"xml_path": "a.xml", "pdf_path": "b.pdf"})
    assert delivery.on_rendered(again, DocumentRendered(document_id=7, pdf_path="c.pdf", rendered_at=NOW)) is NOTHING


def test_mailed_is_final_for_its_request():
    out = delivery.on_mailed(AUTHORIZED_DOC, mailed())
    assert out.changes["mail_status"] == "sent" and names(out) == ["mailed"]
    assert (out.events[0].detail["recipients"], out.events[0].detail["request_id"]) == (["cliente@example.com"], "auto")
    sent = replace(AUTHORIZED_DOC, mail_status="sent", mail=out.changes["mail"])
    assert delivery.on_mailed(sent, mailed()) is NOTHING  # a duplicate
    late_failure = delivery.on_mail_failed(sent, failed(at=NOW - timedelta(seconds=5), permanent=False))
    assert late_failure.changes == {} and names(late_failure) == ["mail_failed"]  # history only: sent stays


def test_a_later_sent_wins_over_a_failure():
    out = delivery.on_mail_failed(AUTHORIZED_DOC, failed(permanent=False, reason="451 4.3.0 Intente más tarde"))
    assert out.changes["mail_status"] == "failed" and out.changes["mail"]["permanent"] is False
    assert out.events[0].detail["permanent"] is False and out.events[0].detail["reason"].startswith("451")
    doc = replace(AUTHORIZED_DOC, mail_status="failed", mail=out.changes["mail"])
    assert delivery.on_mailed(doc, mailed(at=NOW + timedelta(seconds=2))).changes["mail_status"] == "sent"


def test_an_older_failure_does_not_overwrite_a_newer_one():
    newer = delivery.on_mail_failed(AUTHORIZED_DOC, failed(at=NOW, permanent=True))
    doc = replace(AUTHORIZED_DOC, mail_status="failed", mail=newer.changes["mail"])
    older = delivery.on_mail_failed(doc, failed(at=NOW - timedelta(seconds=3), permanent=False, reason="451 x"))
    assert older.changes == {} and names(older) == ["mail_failed"]


def test_results_of_an_earlier_request_only_reach_the_timeline():
    resent = replace(AUTHORIZED_DOC, mail_status="pending", mail={"request_id": "r2", "recipients": ["b@y.ec"]})
    for out in (delivery.on_mailed(resent, mailed("auto")), delivery.on_mail_failed(resent, failed("auto"))):
        assert out.changes == {} and len(out.events) == 1
    sent = replace(resent, mail_status="sent", mail={"request_id": "r2", "at": NOW.isoformat()})
    assert delivery.on_mail_failed(sent, failed("auto", at=NOW + timedelta(seconds=9))).changes == {}


# --- POST /documents/{id}/email -----------------------------------------------------------------


def test_a_mail_request_of_an_authorized_invoice():
    out = delivery.on_mail_requested(Submission(COMPANY, AUTHORIZED, [LINE]), ["b@y.ec", "B@y.ec"], "r2")
    assert out.changes == {"mail_status": "pending", "mail": {"request_id": "r2", "recipients": ["b@y.ec"]},
                           "render_requested": True}
    assert names(out) == ["mail_requested"] and out.events[0].detail == {"request_id": "r2", "recipients": ["b@y.ec"]}
    [command] = out.commands
    assert (command.mail, command.request_id, command.recipients) == (True, "r2", ["b@y.ec"])
    assert command.authorization is not None and command.snapshot is not None


def test_a_mail_request_of_a_sales_order_goes_to_the_customer():
    [command] = delivery.on_mail_requested(Submission(COMPANY, ORDER, [LINE]), None, "r3").commands
    assert command.plain is not None and command.recipients == ["cliente@example.com"] and command.mail is True


def test_a_mail_request_refused():
    with pytest.raises(Conflict):
        delivery.on_mail_requested(Submission(COMPANY, {**AUTHORIZED, "sri_status": "received"}, [LINE]), None, "r")
    with pytest.raises(Unprocessable):
        delivery.on_mail_requested(Submission(COMPANY, {**ORDER, "customer": {**PERSON, "email": None}}, [LINE]),
                                   None, "r")
    with pytest.raises(Conflict):  # the company's data is missing: nothing can be rendered
        delivery.on_mail_requested(Submission(None, ORDER, [LINE]), ["a@x.ec"], "r")


# --- the mail step of the bounded wait --------------------------------------------------------------

RENDERING = replace(DONE, sri_status="authorized", render_requested=True)
PDF = {"pdf_path": "b.pdf"}


@pytest.mark.parametrize("doc,done", [
    (RENDERING, False),                                                    # nothing rendered yet
    (replace(RENDERING, files=PDF), False),                                # rendered, mail pending
    (replace(RENDERING, files=PDF, mail_status="sent"), True),
    (replace(RENDERING, files=PDF, mail_status="skipped"), True),          # skipped: only the render
    (replace(RENDERING, mail_status="skipped"), False),
    (replace(RENDERING, files=PDF, mail_status="failed", mail={"permanent": False}), False),  # being retried
    (replace(RENDERING, files=PDF, mail_status="failed", mail={"permanent": True}), True),
    (replace(DONE, sri_status="rejected"), True),                          # nothing to render
    (replace(DONE, sri_status="authorized", mail_status="failed"), True),  # render_error: nothing asked for
    (replace(DONE, type="sales_order", sri_submitted=False, render_requested=True, mail_status="skipped"), False),
    (replace(DONE, type="sales_order", sri_submitted=False, render_requested=True, mail_status="skipped",
             files=PDF), True),
])
def test_settled_at_the_mail_step(doc, done):
    assert settled(doc, "mail") is done
    assert settled(doc, "sri") is True
