"""sri_submitter message and RPC handlers (thin): rules in domain.py, SQL in db.py, shapes in views.py."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from services.sri_submitter import db, domain, views
from shared.contracts.envelope import Envelope
from shared.rpc.params import tenant
from shared.contracts.registry import parse_payload
from shared.rpc.replies import found, with_message
from shared.contracts.rpc import Conflict, NotFound, RpcRequest
from shared.contracts.sri import SubmitDocument
from shared.contracts.sri_results import SubmissionProgressed
from shared.db.outbox import Outbox

log = logging.getLogger(__name__)
NOT_AUTHORIZED = "El comprobante no está autorizado; aún no hay XML autorizado."
RETRY_SCHEDULED = "Reenvío al SRI programado con la misma clave de acceso."
RETRY_NOW = "El comprobante ya está en proceso; se consultará al SRI de inmediato."


async def handle_submit_document(env: Envelope, *, conn) -> None:
    """sri.submit_document v1: one submission per document (a duplicate changes nothing)."""
    cmd = parse_payload(env, SubmitDocument)
    if env.company_id is not None and env.company_id != cmd.company_id:
        log.error("submit_document for another company, ignored", extra={"fields": {"document_id": cmd.document_id}})
        return
    if await db.insert(conn, cmd, domain.new_access_key(cmd)) is None:
        log.info("document already submitted", extra={"fields": {"document_id": cmd.document_id}})
        return
    await db.notify_due(conn)


def document_id(req: RpcRequest) -> int:
    """From the path (`/documents/{id}/...`) or the body (`document_id`); 404 if not a number."""
    body = req.body if isinstance(req.body, dict) else {}
    raw = str(req.path_params.get("id") or req.path_params.get("document_id") or body.get("document_id") or "")
    if not raw.strip().isdigit() or int(raw) > 2**63 - 1:
        raise NotFound()
    return int(raw)


async def get_submission(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = found(await db.by_document(conn, tenant(req), document_id(req)))
    return views.submission(row, await db.attempts_of(conn, row["id"]))


async def retry_submission(req: RpcRequest, *, conn, outbox: Outbox) -> dict[str, Any]:
    """Rejected or error: back to the pipeline with the same key; in progress: try now; authorized: 409."""
    row = found(await db.by_document(conn, tenant(req), document_id(req), for_update=True))
    if row["stage"] == "authorized":
        raise Conflict("El comprobante ya está autorizado.")
    if row["stage"] in domain.ACTIVE:
        row, message = await db.expedite(conn, row["id"]), RETRY_NOW
    else:
        row, message = await db.restart(conn, row["id"]), RETRY_SCHEDULED
        await outbox.add(SubmissionProgressed(
            document_id=row["document_id"], access_key=row["access_key"], step="retry_scheduled",
            sri_status="pending", at=datetime.now(timezone.utc), detail=message, sequence=row["event_seq"]),
            company_id=row["company_id"], correlation_id=f"document-{row['document_id']}")
    await db.notify_due(conn)
    return with_message(message, views.submission(row, await db.attempts_of(conn, row["id"])))


async def submission_xml(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = found(await db.by_document(conn, tenant(req), document_id(req)))
    if row["stage"] != "authorized":
        raise NotFound(NOT_AUTHORIZED)
    return views.authorized_xml(row)
