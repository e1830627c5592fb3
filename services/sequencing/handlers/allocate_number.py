"""Command sequencing.allocate_number (queue `sequencing.allocate_number`)."""
from __future__ import annotations

import logging

from services.sequencing import process, views
from shared.contracts.sequencing import AllocateNumber, NumberRejected
from shared.db.inbox import Claim
from shared.db.outbox import Outbox

log = logging.getLogger(__name__)


async def allocate_number(msg: AllocateNumber, *, conn, inbox: Claim, outbox: Outbox, company_id: int | None) -> None:
    """-> NumberAllocated (also again, same number, for a numbered document) or NumberRejected
    with the Spanish reason (never retried)."""
    if company_id is None:
        if await inbox.make(conn):
            log.error("allocate_number without company_id, ignored", extra={"fields": {"document_id": msg.document_id}})
        return
    outcome = await process.allocation.allocate(conn, inbox, company_id, msg)
    if outcome is None:
        return
    if outcome.allocation is None:
        await outbox.add(NumberRejected(document_id=msg.document_id, reason=outcome.reason), company_id=company_id)
    else:
        await outbox.add(views.numbering.number_allocated(outcome.allocation), company_id=company_id)
