"""The issuance process of a sales document: its states and every transition (pure, no I/O).

Recorded `draft` or issued (`numbering`); issued, it sends its `documents.*_recorded` event
and `sequencing.allocate_number`. Then, in any order: `numbered` (a rejected number: `failed`),
stock applied (when it moves stock), and once numbered `sri.submit_document` and the SRI's
results by `sequence`; `cancelled` ends it. A transition returns an Outcome (column changes,
timeline events, messages to send), NOTHING for a duplicate or out-of-order message.
Once authorized (a sales order or quotation: once numbered) the RIDE is asked for (delivery.py).
`settled` ends the bounded wait of a create. Handlers load the row, apply one, save the Outcome.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Literal, Mapping, Sequence

from services.documents.domain import mailing, rules, snapshot, sri_checks
from services.documents.domain.kinds import KINDS
from services.documents.domain.recorded import moving_lines, recorded_event
from services.documents.process import delivery
from services.documents.process.state import NOTHING, Event, IssuanceState, Outcome, Row, Submission
from shared.contracts.documents import DocumentCancelled
from shared.contracts.envelope import Contract
from shared.contracts.inventory import StockApplied
from shared.contracts.sequencing import AllocateNumber, NumberAllocated, NumberRejected
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, ProgressStep, SubmissionProgressed

WaitUntil = Literal["numbered", "sri", "mail"]
STOPPED = frozenset({"draft", "failed", "cancelled"})  # process states where nothing more happens
SRI_FINAL = frozenset({"authorized", "rejected", "error"})
REJECTED = {"returned": "rejected", "not_authorized": "rejected", "error": "error"}  # DocumentRejected -> sri_status


def opening(kind_sri: bool, issued: bool, company_settings: Mapping[str, Any], customer: Row) -> dict[str, Any]:
    """Process columns of a document being recorded (draft, or issued and waiting for its number): its
    mail is `pending` (sent once the SRI authorizes it) or `skipped` with the reason (mailing.skip_reason)."""
    skipped = mailing.skip_reason(kind_sri, company_settings, customer)
    return {"process_state": "numbering" if issued else "draft", "mail_status": "skipped" if skipped else "pending",
            "mail": {"reason": skipped} if skipped else {}, "sri_status": "pending" if kind_sri else "not_applicable"}


def issued_commands(row: Row, lines: Sequence[Row], source_type: str | None = None) -> tuple[Contract, ...]:
    """What an issued document sends: its recorded event (when its kind has one; `source_type`: the type
    of the document it converts), then the numbering command."""
    kind = KINDS[row["type"]]
    recorded = (recorded_event(kind, row, lines, source_type),) if kind.recorded is not None else ()
    return recorded + (AllocateNumber(document_id=row["id"], document_type=row["type"], series=row["series"],
                                      manual_number=row["manual_number"]),)


def on_issued(row: Row, lines: Sequence[Row], today: date, source_type: str | None = None) -> Outcome:
    """POST /documents/{id}/issue on the locked row: a draft starts the process dated `today` (409 otherwise);
    its initial payment is never dated before the new issue date."""
    rules.check_draft(row)
    moves = bool(moving_lines(KINDS[row["type"]], row["return_stock"], lines))
    dated, detail = sri_checks.redated(row, today)
    changes = {"status": "issued", "process_state": "numbering", "stock_expected": moves, **dated,
               **rules.initial_payment_redated(row["initial_payment"], today)}
    return Outcome(changes, (Event("issued", detail),), issued_commands({**row, **changes}, lines, source_type))


def on_cancelled(row: Row) -> Outcome:
    """POST /documents/{id}/cancel on the locked row (409 with the reason when it cannot be)."""
    rules.check_cancel(row)
    released = (DocumentCancelled(document_id=row["id"], document_type=row["type"]),) \
        if row["status"] == "issued" else ()
    return Outcome({"status": "cancelled", "process_state": "cancelled"},
                   (Event("cancelled", {"previous_status": row["status"]}),), released)


def on_number_allocated(doc: IssuanceState, msg: NumberAllocated, sri: Submission) -> Outcome:
    """Store the number (a failed document becomes numbered too), then submit to the SRI."""
    if doc.number is not None:
        return NOTHING
    state = "numbered" if doc.process_state in ("numbering", "failed") else doc.process_state
    numbered = Outcome({"series": msg.series, "number": msg.number, "numbered_at": msg.allocated_at,
                        "process_state": state}, (Event("numbered", {"number": msg.display_number}),))
    sri = replace(sri, document={**sri.document, **numbered.changes})
    return numbered.then(submission(doc, sri)).then(delivery.render(doc, sri))  # a sales order's PDF


def submission(doc: IssuanceState, sri: Submission) -> Outcome:
    """`sri.submit_document` with the full snapshot, unless the kind skips the SRI, the document is not
    issued or the company turned auto_sri_submit off; an incomplete snapshot is an `sri_error`."""
    if not KINDS[doc.type].sri or doc.status != "issued":
        return NOTHING
    if sri.company is not None and (sri.company["settings"] or {}).get("auto_sri_submit") is False:
        return NOTHING
    try:
        command = snapshot.build(sri.company, sri.document, sri.lines, sri.source)
    except snapshot.SnapshotError as exc:
        return Outcome({"sri_status": "error"}, (Event("sri_error", {"reason": str(exc)}),))
    return Outcome({"sri_submitted": True}, (Event("sri_submitted", {"environment": command.environment}),),
                   (command,))


def on_number_rejected(doc: IssuanceState, msg: NumberRejected) -> Outcome:
    """The reason goes to the timeline; only a document waiting for its number fails."""
    if doc.number is not None:
        return NOTHING
    state = "failed" if doc.process_state == "numbering" else doc.process_state
    return Outcome({"process_state": state}, (Event("number_rejected", {"reason": msg.reason}),))


def on_stock_applied(doc: IssuanceState, msg: StockApplied) -> Outcome:
    """The reservation became a movement (or a credit note's stock returned); once."""
    if doc.stock_applied_at is not None:
        return NOTHING
    return Outcome({"stock_movement_id": msg.movement_id, "stock_applied_at": msg.applied_at},
                   (Event("stock_applied", {"movement_id": msg.movement_id, "warehouse_id": msg.warehouse_id}),))


def on_sri_progressed(doc: IssuanceState, msg: SubmissionProgressed) -> Outcome:
    """signed, sent, received, returned, polled, retry_scheduled, error: the step is the timeline event."""
    return _sri(doc, msg, {"sri_status": msg.sri_status}, _step_event(msg))


def _step_event(step: SubmissionProgressed | ProgressStep) -> Event:
    return Event(step.step, {"sri_status": step.sri_status, "detail": step.detail, "messages": _messages(step)})


def on_sri_authorized(doc: IssuanceState, msg: DocumentAuthorized, sri: Submission) -> Outcome:
    """Authorization number and time, and the authorized XML's path among the files; then, once,
    `renderer.render_and_mail` with the snapshot the SRI authorized (and the automatic mail when pending)."""
    files = {**(doc.files or {}), "xml_path": msg.xml_path}
    authorized = _sri(doc, msg, {"sri_status": "authorized", "sri_authorization_number": msg.authorization_number,
                                 "sri_authorized_at": msg.authorized_at, "files": files},
                      Event("authorized", {"authorization_number": msg.authorization_number,
                                           "messages": _messages(msg)}))
    if authorized is NOTHING:
        return NOTHING
    return authorized.then(delivery.render(doc, replace(sri, document={**sri.document, **authorized.changes})))


def on_sri_rejected(doc: IssuanceState, msg: DocumentRejected) -> Outcome:
    """DEVUELTA / NO AUTORIZADO (rejected) or an error, with the SRI's messages."""
    status = REJECTED[msg.status]
    return _sri(doc, msg, {"sri_status": status}, Event("rejected", {
        "sri_status": status, "status": msg.status, "messages": _messages(msg)}))


def _sri(doc: IssuanceState, msg: Any, values: dict[str, Any], event: Event) -> Outcome:
    """An SRI result applies unless the document is authorized or the event is not newer (`sequence`)."""
    if doc.sri_status == "authorized" or (msg.sequence is not None and msg.sequence <= doc.sri_sequence):
        return NOTHING
    sequence = msg.sequence if msg.sequence is not None else doc.sri_sequence
    earlier = tuple(_step_event(s) for s in msg.earlier if s.sequence is None or s.sequence > doc.sri_sequence)
    return Outcome({**values, "sri_access_key": msg.access_key, "sri_sequence": sequence}, earlier + (event,))


def _messages(msg: Any) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in msg.messages]


def settled(doc: IssuanceState, until: WaitUntil) -> bool:
    """The bounded wait is over: `numbered` = numbered and, when it moves stock, stock applied;
    `sri` = also a final SRI answer (when it was sent to the SRI); `mail` = also rendered and
    mailed when a render was asked for (delivery.delivered). A document whose process stopped
    (draft, failed, cancelled) is settled at once."""
    if doc.process_state in STOPPED:
        return True
    if doc.process_state != "numbered":
        return False
    if doc.stock_expected and doc.stock_applied_at is None:
        return False
    if until == "numbered":
        return True
    if doc.sri_submitted and doc.sri_status not in SRI_FINAL:
        return False
    return until == "sri" or delivery.delivered(doc)
