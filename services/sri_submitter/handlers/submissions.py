"""submissions.get / submissions.retry / submissions.xml: a document's submission to the SRI."""
from __future__ import annotations

from typing import Any

from services.sri_submitter.db import submissions as db
from services.sri_submitter.process.retry import retry
from services.sri_submitter.views import submissions as views
from shared.contracts.rpc import NotFound, RpcRequest
from shared.db.outbox import Outbox
from shared.rpc.params import query_choice, tenant
from shared.rpc.replies import found, with_message

VARIANTS = {"authorized": "authorized", "signed": "signed"}
NOT_YET = {"authorized": "El comprobante aún no está autorizado por el SRI.",
           "signed": "El comprobante aún no está firmado."}


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
    row = found(await db.by_document(conn, tenant(req), document_id(req), for_update=True))
    row, message = await retry(conn, outbox, row)
    return with_message(message, views.submission(row, await db.attempts_of(conn, row["id"])))


async def submission_xml(req: RpcRequest, *, conn) -> dict[str, Any]:
    """`variant` authorized (default: the SRI's `autorizacion` document) or signed (the signed comprobante)."""
    variant = query_choice(req, "variant", VARIANTS, default="authorized")
    row = found(await db.by_document(conn, tenant(req), document_id(req)))
    ready = row["signed_xml"] is not None if variant == "signed" else (
        row["stage"] == "authorized" and row["authorized_xml"] is not None)
    if not ready:
        raise NotFound(NOT_YET[variant])
    return views.document_xml(row, variant)
