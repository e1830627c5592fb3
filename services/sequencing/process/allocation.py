"""Allocating a document's number: exactly once per document, no gaps, no duplicates.

Everything runs in the consumer's transaction (one per message):
1. an advisory lock on (company, document) serializes two commands for the same
   document, even on two replicas; the first one's allocation is then found;
2. the series must exist and be enabled for the type, else a Spanish reason;
3. automatic: `UPDATE counters ... RETURNING next_number - 1` (the counter row stays
   locked until commit, so replicas queue on it; a rollback undoes the increment:
   no gaps); manual: the counter row is locked too, the number must be free;
4. the allocation row (unique per document and per number in the series) is written
   and the counter skips numbers already taken manually.

Decision (manual numbers): a manual number never moves the counter past it; the
counter keeps handing out the numbers below it and skips it when it gets there,
so the series stays contiguous and no number is ever given twice.
"""
from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from services.sequencing.db import numbering as dbn
from services.sequencing.db import points_of_sale
from services.sequencing.domain import numbering
from shared.contracts.sequencing import AllocateNumber, normalize_type
from shared.db.inbox import Claim


@dataclass(frozen=True)
class Outcome:
    """Either the document's allocation (also when it was numbered before) or a refusal."""

    allocation: asyncpg.Record | None = None
    reason: str | None = None


async def allocate(conn, inbox: Claim, company_id: int, cmd: AllocateNumber) -> Outcome | None:
    """The command's outcome; None when the inbox already has it (nothing to do)."""
    if not await dbn.lock_document(conn, inbox, company_id, cmd.document_id):
        return None
    found = await dbn.get_allocation(conn, company_id, cmd.document_id)
    if found is not None:
        return Outcome(found)
    document_type = normalize_type(cmd.document_type)
    if document_type is None:
        return Outcome(reason=f"El tipo de documento {cmd.document_type} no es válido.")
    point = await points_of_sale.series_point(conn, company_id, cmd.series)
    reason = numbering.allocation_refusal(point, cmd.series, document_type, cmd.manual_number is not None)
    if reason is not None:
        return Outcome(reason=reason)
    if cmd.manual_number is not None:
        await dbn.ensure_counter(conn, company_id, cmd.series, document_type, point["point_of_sale_id"])
        return await _manual(conn, company_id, cmd, document_type)
    return await _automatic(conn, company_id, cmd, document_type, point["point_of_sale_id"])


async def _automatic(conn, company_id: int, cmd: AllocateNumber, document_type: str, point_id: int) -> Outcome:
    number = await dbn.take_next(conn, company_id, cmd.series, document_type)
    if number is None:  # no counter yet (a type enabled after its point was created), or the series is used up
        await dbn.ensure_counter(conn, company_id, cmd.series, document_type, point_id)
        number = await dbn.take_next(conn, company_id, cmd.series, document_type)
    if number is None:
        return Outcome(reason=numbering.series_exhausted(cmd.series, document_type))
    return Outcome(await dbn.insert_taken(conn, company_id, cmd.document_id, document_type, cmd.series, number))


async def _manual(conn, company_id: int, cmd: AllocateNumber, document_type: str) -> Outcome:
    await dbn.lock_counter(conn, company_id, cmd.series, document_type)
    if await dbn.number_used(conn, company_id, cmd.series, document_type, cmd.manual_number):
        return Outcome(reason=numbering.number_used(cmd.series, cmd.manual_number))
    return await _record(conn, company_id, cmd, document_type, cmd.manual_number, manual=True)


async def _record(conn, company_id: int, cmd: AllocateNumber, document_type: str, number: int,
                  manual: bool) -> Outcome:
    row = await dbn.insert_allocation(conn, company_id, cmd.document_id, document_type, cmd.series, number, manual)
    await dbn.skip_used_numbers(conn, company_id, cmd.series, document_type)
    return Outcome(row)
