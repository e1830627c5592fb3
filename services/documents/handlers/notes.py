"""RPC handlers: credit and debit notes (Part B). The use case records, then waits (bounded)."""
from __future__ import annotations

from services.documents.domain.kinds import CREDIT_NOTE, DEBIT_NOTE
from services.documents.handlers.invoices import create_command
from services.documents.process import create
from shared.contracts.documents import CreditNoteIn, DebitNoteIn
from shared.contracts.rpc import RpcReply, RpcRequest


async def create_credit_note(req: RpcRequest, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/credit-notes: credits lines of an invoice, optionally returning stock."""
    cmd = create_command(req, CREDIT_NOTE, CreditNoteIn, settings)
    return await create.credit_note(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay)


async def create_debit_note(req: RpcRequest, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/debit-notes: reasons with amounts, charged on an invoice."""
    cmd = create_command(req, DEBIT_NOTE, DebitNoteIn, settings)
    return await create.debit_note(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay)
