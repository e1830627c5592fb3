"""Numbering results (sequencing's events): load the document, apply the issuance transition, save.

Each runs in the consumer's transaction with the inbox claim, so a redelivery changes
nothing twice; a message about a document already past that step is a no-op.
"""
from __future__ import annotations

from services.documents.process import issuance, record
from services.documents.process.issuance import IssuanceState
from shared.contracts.sequencing import NumberAllocated, NumberRejected
from shared.db.inbox import Claim
from shared.db.outbox import Outbox


async def on_number_allocated(msg: NumberAllocated, *, conn, inbox: Claim, outbox: Outbox,
                              company_id: int | None) -> None:
    """sequencing.number_allocated v1: store the number, then send the document to the SRI."""
    row = await record.load(conn, inbox, NumberAllocated.TYPE, msg.document_id, company_id)
    if row is not None:
        sri = await record.submission(conn, row)
        await record.save(conn, outbox, row, issuance.on_number_allocated(IssuanceState.of(row), msg, sri))


async def on_number_rejected(msg: NumberRejected, *, conn, inbox: Claim, company_id: int | None) -> None:
    """sequencing.number_rejected v1: the process stops; the reason goes to the timeline."""
    row = await record.load(conn, inbox, NumberRejected.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, issuance.on_number_rejected(IssuanceState.of(row), msg))
