"""Message handlers of the SRI results (step 7, sri-submitter's events): sri_status,
access key, authorization and the timeline. An event older than the last one applied
(its `sequence`) changes nothing, and an authorized document stays authorized."""
from __future__ import annotations

from typing import Any

from services.documents import db_documents as ddb
from services.documents.handlers_process import document_of
from shared.contracts.envelope import Envelope
from shared.contracts.registry import parse_payload
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, SubmissionProgressed

REJECTED = {"returned": "rejected", "not_authorized": "rejected", "error": "error"}


def _messages(msg) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in msg.messages]


async def _applicable(conn, env: Envelope, msg):
    """The document, when this event is newer than what it shows (else None)."""
    doc = await document_of(conn, env, msg.document_id)
    if doc is None or doc["sri_status"] == "authorized":
        return None
    if msg.sequence is not None and msg.sequence <= doc["sri_sequence"]:
        return None
    return doc


async def _apply(conn, doc, msg, values: dict[str, Any], event: str, detail: dict[str, Any]) -> None:
    sequence = msg.sequence if msg.sequence is not None else doc["sri_sequence"]
    await ddb.update(conn, doc["company_id"], doc["id"],
                     {**values, "sri_access_key": msg.access_key, "sri_sequence": sequence})
    await ddb.add_event(conn, doc["company_id"], doc["id"], event, detail)


async def handle_submission_progressed(env: Envelope, *, conn) -> None:
    """sri.submission_progressed v1: signed, sent, received, returned, polled, retry_scheduled, error."""
    msg = parse_payload(env, SubmissionProgressed)
    doc = await _applicable(conn, env, msg)
    if doc is not None:
        await _apply(conn, doc, msg, {"sri_status": msg.sri_status}, msg.step,
                     {"sri_status": msg.sri_status, "detail": msg.detail, "messages": _messages(msg)})


async def handle_document_authorized(env: Envelope, *, conn) -> None:
    """sri.document_authorized v1: authorization number and time, the authorized XML's path."""
    msg = parse_payload(env, DocumentAuthorized)
    doc = await _applicable(conn, env, msg)
    if doc is not None:
        files = {**(doc["files"] or {}), "xml_path": msg.xml_path}
        await _apply(conn, doc, msg, {"sri_status": "authorized", "sri_authorization_number": msg.authorization_number,
                                      "sri_authorized_at": msg.authorized_at, "files": files}, "authorized",
                     {"authorization_number": msg.authorization_number, "messages": _messages(msg)})


async def handle_document_rejected(env: Envelope, *, conn) -> None:
    """sri.document_rejected v1: DEVUELTA / NO AUTORIZADO (rejected) or an error, with the SRI's messages."""
    msg = parse_payload(env, DocumentRejected)
    doc = await _applicable(conn, env, msg)
    if doc is not None:
        status = REJECTED[msg.status]
        await _apply(conn, doc, msg, {"sri_status": status}, "rejected",
                     {"sri_status": status, "status": msg.status, "messages": _messages(msg)})
