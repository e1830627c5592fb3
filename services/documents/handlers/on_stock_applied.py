"""Inventory's result: load the document, apply the issuance transition, save."""
from __future__ import annotations

from services.documents.process import issuance, record
from services.documents.process.issuance import IssuanceState
from shared.contracts.inventory import StockApplied
from shared.db.inbox import Claim


async def on_stock_applied(msg: StockApplied, *, conn, inbox: Claim, company_id: int | None) -> None:
    """inventory.stock_applied v1: the reservation became a movement (or stock returned)."""
    row = await record.load(conn, inbox, StockApplied.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, issuance.on_stock_applied(IssuanceState.of(row), msg))
