"""RPC: payments.create (POST /payments), payments.get (GET /payments/{id}),
payments.reverse (POST /payments/{id}/reverse)."""
from __future__ import annotations

from typing import Any

from services.payments.db import advances, payments as db, receivables
from services.payments.process import payments as process
from services.payments.process.documents import why_unknown
from services.payments.views import payments as views
from shared.contracts.payments import PaymentIn, PaymentReverseIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.db import request_keys
from shared.db.outbox import Outbox
from shared.rpc.params import path_id, tenant
from shared.rpc.replies import found, with_message
from shared.rpc.validation import validate_body


async def create_payment(req: RpcRequest, *, pool, rpc) -> RpcReply:
    """201 with the published body; exactly once per Idempotency-Key. Its own transaction, so that a
    document payments does not know yet is explained by documents after it (no RPC inside it)."""
    company_id = tenant(req)
    body = validate_body(PaymentIn, req.body)
    try:
        async with pool.acquire() as conn, conn.transaction():
            outbox = Outbox(conn, correlation_id=req.identity.request_id)
            payment_id = await process.create(conn, outbox, company_id, body, request_keys.of(req))
            payment = await db.get(conn, company_id, payment_id)
            receivable = await receivables.get(conn, company_id, payment["document_id"])
    except process.UnknownDocument as unknown:
        raise await why_unknown(rpc, req.identity, unknown.document_id) from None
    return RpcReply(status=201, body=views.created(payment, receivable))


async def _detail(conn, payment) -> dict[str, Any]:
    receivable = await receivables.get(conn, payment["company_id"], payment["document_id"])
    return views.detail(payment, receivable, await advances.applications_of(conn, payment["id"]),
                        await advances.created_by_payment(conn, payment["id"]))


async def get_payment(req: RpcRequest, *, conn) -> dict[str, Any]:
    payment = found(await db.get(conn, tenant(req), path_id(req)))
    return await _detail(conn, payment)


async def reverse_payment(req: RpcRequest, *, conn, outbox: Outbox) -> dict[str, Any]:
    """200 with the reversed payment; 409 when already reversed or its advance was used."""
    company_id, payment_id = tenant(req), path_id(req)
    body = validate_body(PaymentReverseIn, req.body)
    payment = await process.reverse_once(conn, outbox, company_id, payment_id, body.reason, request_keys.of(req))
    return with_message("Pago revertido correctamente.", await _detail(conn, payment))
