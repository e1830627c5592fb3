"""The RIDE and the e-mail of a document: transitions of the issuance process (pure, no I/O).

`render`: once per document, `renderer.render_and_mail` when it is ready for its RIDE: an
invoice or note once the SRI authorized it (with the automatic mail when `mail_status` is
`pending`, request `auto`), a sales order or quotation once numbered (never mailed by
itself). `on_mail_requested` (POST /documents/{id}/email) asks for one more mail request
with a fresh id; it is also how sales orders and quotations are sent.

Results (renderer-mailer's events), and the ordering rule: the `mail` column holds the
latest request (`request_id`, implicitly `auto`) and `mail_status` is that request's state.
The result of an earlier request only goes to the timeline. For the latest request `sent`
is final (a failure reported after it, or a second `sent`, changes nothing), and a failure
applies only when it is not older (`failed_at`) than the result applied before it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from services.documents.domain import mailing, rendering
from services.documents.domain.kinds import KINDS
from services.documents.domain.snapshot import SnapshotError
from services.documents.process.state import NOTHING, Event, IssuanceState, Outcome, Submission
from shared.contracts.renderer import AUTO_REQUEST, DocumentMailed, DocumentRendered, MailFailed
from shared.contracts.rpc import Conflict


def render(doc: IssuanceState, sri: Submission) -> Outcome:
    """The RIDE of an issued document that is ready for it (`sri.document`: the row with the changes
    of the transition that made it ready); NOTHING when not ready or already asked for."""
    row = sri.document
    kind = KINDS[row["type"]]
    if doc.render_requested or row["status"] != "issued" or row["number"] is None:
        return NOTHING
    if kind.sri and row["sri_status"] != "authorized":
        return NOTHING
    auto = kind.sri and doc.mail_status == "pending"
    recipients = mailing.customer_recipients(row["customer"]) if auto else []
    try:
        command = rendering.render_command(sri.company, row, sri.lines, sri.source, mail=bool(recipients),
                                           recipients=recipients)
    except SnapshotError as exc:
        failed = {"mail_status": "failed", "mail": {"reason": str(exc), "permanent": True}} if auto else {}
        return Outcome(failed, (Event("render_error", {"reason": str(exc)}),))
    if auto and not recipients:  # checked when recorded: only a customer snapshot without one gets here
        return Outcome({"render_requested": True, "mail_status": "skipped", "mail": {"reason": mailing.NO_ADDRESS}},
                       (Event("mail_skipped", {"reason": mailing.NO_ADDRESS}),), (command,))
    mail = {"mail": {"request_id": AUTO_REQUEST, "recipients": recipients}} if auto else {}
    return Outcome({"render_requested": True, **mail}, (), (command,))


def on_mail_requested(sri: Submission, asked: Sequence[str] | None, request_id: str) -> Outcome:
    """POST /documents/{id}/email on the locked document: a new mail request (409 when it cannot be
    mailed yet, 422 without recipients); it renders the RIDE too when that was never asked for."""
    row = sri.document
    mailing.check_mailable(row, KINDS[row["type"]].sri)
    recipients = mailing.resend_recipients(row["customer"], asked)
    try:
        command = rendering.render_command(sri.company, row, sri.lines, sri.source, mail=True,
                                           recipients=recipients, request_id=request_id)
    except SnapshotError as exc:
        raise Conflict(str(exc)) from None
    request = {"request_id": request_id, "recipients": recipients}
    return Outcome({"mail_status": "pending", "mail": request, "render_requested": True},
                   (Event("mail_requested", request),), (command,))


def on_rendered(doc: IssuanceState, msg: DocumentRendered) -> Outcome:
    """renderer.document_rendered: the PDF's path among the files; once."""
    if (doc.files or {}).get("pdf_path"):
        return NOTHING
    return Outcome({"files": {**(doc.files or {}), "pdf_path": msg.pdf_path}},
                   (Event("rendered", {"pdf_path": msg.pdf_path, "rendered_at": msg.rendered_at.isoformat()}),))


def on_mailed(doc: IssuanceState, msg: DocumentMailed) -> Outcome:
    """renderer.document_mailed: the latest request becomes `sent` (final for it)."""
    sent_at = msg.sent_at.isoformat()
    event = Event("mailed", {"request_id": msg.request_id, "recipients": msg.recipients, "sent_at": sent_at,
                             "message_id": msg.message_id, "smtp_reply": msg.smtp_reply})
    if not _latest(doc, msg.request_id):
        return Outcome(events=(event,))
    if doc.mail_status == "sent":
        return NOTHING
    mail = {**_mail(doc), "request_id": msg.request_id, "recipients": msg.recipients, "sent_at": sent_at,
            "at": sent_at, "message_id": msg.message_id, "smtp_reply": msg.smtp_reply, "reason": None,
            "permanent": None}
    return Outcome({"mail_status": "sent", "mail": mail}, (event,))


def on_mail_failed(doc: IssuanceState, msg: MailFailed) -> Outcome:
    """renderer.mail_failed: the latest request becomes `failed` with the reason, unless it was sent or
    a newer result was applied; always on the timeline (`permanent`: it will not be retried)."""
    failed_at = msg.failed_at.isoformat()
    event = Event("mail_failed", {"request_id": msg.request_id, "recipients": msg.recipients, "reason": msg.reason,
                                  "smtp_code": msg.smtp_code, "permanent": msg.permanent, "failed_at": failed_at})
    mail = _mail(doc)
    if not _latest(doc, msg.request_id) or doc.mail_status == "sent" or _older(msg.failed_at, mail.get("at")):
        return Outcome(events=(event,))
    mail = {**mail, "request_id": msg.request_id, "recipients": msg.recipients, "at": failed_at,
            "reason": msg.reason, "smtp_code": msg.smtp_code, "permanent": msg.permanent}
    return Outcome({"mail_status": "failed", "mail": mail}, (event,))


def delivered(doc: IssuanceState) -> bool:
    """The mail step of the bounded wait (WAIT_UNTIL=mail): when a render was asked for, its PDF is
    stored and the mail is no longer on its way (`sent`, `skipped`, or failed for good)."""
    if not doc.render_requested:
        return True
    if not (doc.files or {}).get("pdf_path") or doc.mail_status == "pending":
        return False
    return not (doc.mail_status == "failed" and _mail(doc).get("permanent") is False)


def _mail(doc: IssuanceState) -> dict[str, Any]:
    return dict(doc.mail or {})


def _latest(doc: IssuanceState, request_id: str) -> bool:
    return _mail(doc).get("request_id", AUTO_REQUEST) == request_id


def _older(at: datetime, applied: str | None) -> bool:
    if not applied:
        return False
    before = datetime.fromisoformat(applied)
    if (at.tzinfo is None) != (before.tzinfo is None):
        return False
    return at < before
