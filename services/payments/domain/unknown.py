"""Why a document payments has no receivable for cannot be collected (pure: documents' answer in,
our error out).

Decision: payments asks documents (`documents.get`, with the caller's identity) only on this
path. Unknown there (or another company's): 404. A draft: 409. Cancelled: 409. A quotation or
a credit note: 409 (they are never collected). Issued but not yet consumed by payments (its
`*_recorded` event is still on the way): 503 "aún se está registrando", retry in a moment; a 503
because the gateway never keeps a 5xx under the Idempotency-Key, so the same key retried later
applies the payment (a 409 would be replayed for 24 h). documents unreachable: 503.
"""
from __future__ import annotations

from typing import Any

from services.payments.domain.receivables import CANCELLED_MESSAGE
from shared.contracts.rpc import Conflict, NotFound, ServiceError, Unavailable

NOT_COLLECTED = {"quotation": "Las cotizaciones no admiten pagos.",
                 "credit_note": "Las notas de crédito no admiten pagos."}
DRAFT = "El documento está en borrador; emítalo antes de registrar pagos."
RECORDING = "El documento aún se está registrando; intente nuevamente en unos segundos."
UNREACHABLE = "No se pudo verificar el documento en este momento; intente nuevamente en unos segundos."


def unknown_document_error(status: int | None, body: Any) -> ServiceError:
    """The error for documents' reply to documents.get (status None: no reply at all)."""
    if status is None or status >= 500:
        return Unavailable(UNREACHABLE)
    if status == 404:
        return NotFound()
    if status >= 400 or not isinstance(body, dict):
        return Unavailable(UNREACHABLE)
    if body.get("type") in NOT_COLLECTED:
        return Conflict(NOT_COLLECTED[body["type"]])
    if body.get("status") == "draft":
        return Conflict(DRAFT)
    if body.get("status") == "cancelled":
        return Conflict(CANCELLED_MESSAGE)
    return Unavailable(RECORDING)
