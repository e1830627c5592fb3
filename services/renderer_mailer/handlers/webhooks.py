"""webhooks.*: a company's webhook endpoints (`/settings/webhooks`), their deliveries and replays.

The signing secret is made here, sealed with SECRETS_KEY and shown only in the create answer.
A replay of a delivery whose endpoint was disabled puts the endpoint back in service.
"""
from __future__ import annotations

from typing import Any

from services.renderer_mailer.db import webhook_deliveries as deliveries
from services.renderer_mailer.db import webhooks as db
from services.renderer_mailer.domain import webhooks as domain
from services.renderer_mailer.views import webhooks as views
from shared.contracts.rpc import NotFound, RpcReply, RpcRequest, Unprocessable
from shared.contracts.webhooks import WebhookIn
from shared.db.paging import paginate
from shared.rpc.params import path_id, query_choice, tenant
from shared.rpc.replies import created, with_message
from shared.rpc.validation import validate_body
from shared.runtime.due_worker import notify

CREATED = "Webhook creado correctamente. Guarde el secreto: no se volverá a mostrar."
DELETED = "Webhook eliminado correctamente."
REPLAYED = "Reenvío programado con el mismo webhook-id."
REENABLED = "Reenvío programado con el mismo webhook-id; el webhook se habilitó de nuevo."
NO_WEBHOOK = "El webhook no existe."
NO_DELIVERY = "La entrega no existe en este webhook."
TOO_MANY = f"La empresa ya tiene el máximo de {domain.MAX_ENDPOINTS} webhooks."
STATUSES = {s: s for s in ("pending", "succeeded", "failed")}


async def _endpoint(conn, req: RpcRequest, *, for_update: bool = False):
    row = await db.get(conn, tenant(req), path_id(req), for_update=for_update)
    if row is None:
        raise NotFound(NO_WEBHOOK)
    return row


async def list_webhooks(req: RpcRequest, *, conn) -> dict[str, Any]:
    return {"data": [views.endpoint(r) for r in await db.list_for(conn, tenant(req))]}


async def create_webhook(req: RpcRequest, *, conn, settings) -> RpcReply:
    company, body = tenant(req), validate_body(WebhookIn, req.body)
    if problem := domain.url_problem(body.url, settings.webhook_allow_http,
                                     settings.webhook_allow_private_urls):
        raise Unprocessable({"url": [problem]})
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"webhooks:{company}")
    if await db.count(conn, company) >= domain.MAX_ENDPOINTS:
        raise Unprocessable({"url": [TOO_MANY]}, TOO_MANY)
    secret, endpoint_id = domain.new_secret(), await db.next_id(conn)
    row = await db.insert(conn, endpoint_id, company, body.url, body.events, body.description,
                          domain.seal_secret(secret, settings.secrets_key, endpoint_id))
    return created(CREATED, {**views.endpoint(row), "secret": secret})


async def delete_webhook(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = await db.delete(conn, tenant(req), path_id(req))
    if row is None:
        raise NotFound(NO_WEBHOOK)
    return with_message(DELETED, views.endpoint(row))


async def list_deliveries(req: RpcRequest, *, conn) -> dict[str, Any]:
    endpoint = await _endpoint(conn, req)
    status = query_choice(req, "status", STATUSES)

    async def fetch(paging):
        rows, total = await deliveries.page(conn, endpoint["id"], status, paging)
        attempts = await deliveries.attempts_of(conn, [r["id"] for r in rows])
        return [(r, attempts[r["id"]]) for r in rows], total

    return await paginate(req, fetch, lambda pair: views.delivery(*pair))


async def replay_delivery(req: RpcRequest, *, conn) -> RpcReply:
    endpoint = await _endpoint(conn, req, for_update=True)
    delivery_id = (req.path_params.get("delivery_id") or "").strip()
    row = await deliveries.replay(conn, endpoint["id"], delivery_id) if delivery_id else None
    if row is None:
        raise NotFound(NO_DELIVERY)
    if not endpoint["enabled"]:
        await db.enable(conn, endpoint["id"])
    await notify(conn, deliveries.DUE_CHANNEL)
    attempts = (await deliveries.attempts_of(conn, [row["id"]]))[row["id"]]
    message = REPLAYED if endpoint["enabled"] else REENABLED
    return RpcReply(status=202, body=with_message(message, views.delivery(row, attempts)))


RPC = {
    "webhooks.list": list_webhooks,
    "webhooks.create": create_webhook,
    "webhooks.delete": delete_webhook,
    "webhooks.deliveries": list_deliveries,
    "webhooks.replay": replay_delivery,
}
