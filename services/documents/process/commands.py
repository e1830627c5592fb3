"""What the RPC handlers ask the process for: a request read once into a typed command.

The handler validates the body, reads the tenant, the caller and the `?wait=` deadline
from the RpcRequest; nothing below it sees the request.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.documents.domain.kinds import Kind
from shared.contracts.rpc import Identity
from shared.db.request_keys import RequestKeys


@dataclass(frozen=True)
class CreateDocument:
    """POST /documents/invoices, /sales-orders, /quotations, /credit-notes, /debit-notes."""

    caller: Identity   # the company and who creates (forwarded on the calls to inventory and sequencing)
    kind: Kind
    body: Any          # the validated SalesDocumentIn / InvoiceIn / CreditNoteIn / DebitNoteIn
    deadline: float    # time.monotonic() when the answer is due (wait.deadline)
    request: RequestKeys | None = None  # its Idempotency-Key and call id: recorded once (process/once.py)

    @property
    def company_id(self) -> int:
        return self.caller.company_id


@dataclass(frozen=True)
class IssueDraft:
    """POST /documents/{id}/issue."""

    caller: Identity
    document_id: int
    deadline: float
    request: RequestKeys | None = None

    @property
    def company_id(self) -> int:
        return self.caller.company_id


def created_by(caller: Identity) -> dict[str, Any]:
    """documents.created_by of a document the caller creates."""
    return {"user_id": caller.user_id, "api_key_id": caller.api_key_id}
