"""sequencing numbering: the allocate_number command and series.resolve (thin)."""
from __future__ import annotations

import logging
from typing import Any

from services.sequencing import numbering, series, views
from services.sequencing.schemas import SeriesQuery
from shared.contracts.envelope import Envelope
from shared.rpc.params import tenant
from shared.contracts.registry import parse_payload
from shared.contracts.rpc import RpcRequest
from shared.contracts.sequencing import AllocateNumber, NumberRejected
from shared.rpc.validation import validate_body
from shared.db.outbox import Outbox

log = logging.getLogger(__name__)


async def handle_allocate_number(env: Envelope, *, conn, outbox: Outbox) -> None:
    """sequencing.allocate_number v1 -> NumberAllocated (also again, same number, for a numbered
    document) or NumberRejected with the Spanish reason (never retried)."""
    if env.company_id is None:
        log.error("allocate_number without company_id, ignored", extra={"fields": {"message_id": str(env.message_id)}})
        return
    cmd = parse_payload(env, AllocateNumber)
    outcome = await numbering.allocate(conn, env.company_id, cmd)
    if outcome.allocation is None:
        await outbox.add(NumberRejected(document_id=cmd.document_id, reason=outcome.reason), company_id=env.company_id)
    else:
        await outbox.add(views.number_allocated(outcome.allocation), company_id=env.company_id)


async def resolve_series(req: RpcRequest, *, conn) -> dict[str, Any]:
    point = await series.resolve(conn, tenant(req), validate_body(SeriesQuery, req.body))
    return views.resolved_series(point)
