"""The company read model: `gateway.company_updated` events in, `companies.get` out."""
from __future__ import annotations

from typing import Any

from services.documents.db import companies as db
from services.documents.views import companies as views
from shared.contracts.envelope import Envelope
from shared.contracts.gateway import CompanyUpdated
from shared.contracts.rpc import RpcRequest
from shared.rpc.params import tenant
from shared.rpc.replies import found


async def get_company(req: RpcRequest, *, conn) -> dict[str, Any]:
    """The company as documents knows it (404 before its first event)."""
    return views.company(found(await db.get(conn, tenant(req))))


async def on_company_updated(msg: CompanyUpdated, *, conn, envelope: Envelope) -> None:
    """gateway.company_updated v1 -> local read model; an older snapshot never wins."""
    await db.upsert(conn, msg.model_dump(), envelope.occurred_at)
