"""RPC receivables.close: the cancel guard documents calls before it cancels a document.

200 when the document has no applied payments (its receivable is closed from then on, or born
closed if payments has not consumed its recorded event yet); 409 with the reason otherwise.
Idempotent: asking again answers 200 again.
"""
from __future__ import annotations

from typing import Any

from services.payments.process import closing
from shared.contracts.payments import ReceivableCloseIn
from shared.contracts.rpc import RpcRequest
from shared.db.outbox import Outbox
from shared.rpc.params import tenant
from shared.rpc.replies import with_message
from shared.rpc.validation import validate_body


async def close_receivable(req: RpcRequest, *, conn, outbox: Outbox) -> dict[str, Any]:
    company_id = tenant(req)
    body = validate_body(ReceivableCloseIn, req.body)
    await closing.close(conn, outbox, company_id, body.document_id, body.document_type)
    return with_message("Cuenta por cobrar cerrada.", {"document_id": body.document_id, "closed": True})
