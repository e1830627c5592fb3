"""The payment requests: POST /payments (exactly once per Idempotency-Key) and its reversal.

A create runs in one transaction: the request's keys (shared/db/request_keys: an advisory
lock on the first key, then the lookup) are remembered with the payment, so a retry of the
same request answers with the same payment and never applies it twice.
"""
from __future__ import annotations

from services.payments.db import advances, payments, receivables
from services.payments.domain.allocation import Collection, ZERO
from services.payments.domain.receivables import figures
from services.payments.domain.reversal import check_reversible
from services.payments.process import notices
from services.payments.process.collect import Details, register
from shared.contracts.payments import PaymentIn
from shared.contracts.rpc import NotFound
from shared.db import request_keys
from shared.db.outbox import Outbox
from shared.db.request_keys import RequestKeys
from shared.db.rows import Row

RESOURCE = "payment"


class UnknownDocument(Exception):
    """payments has no receivable for the document (yet): documents must tell why."""

    def __init__(self, document_id: int):
        super().__init__(document_id)
        self.document_id = document_id


def collection_of(body: PaymentIn) -> Collection:
    return Collection(payment_date=body.payment_date, amount=body.amount or ZERO,
                      advance=body.apply_advance_amount or ZERO, mode=body.overpayment_mode)


async def create(conn, outbox: Outbox, company_id: int, body: PaymentIn, request: RequestKeys | None) -> int:
    """The id of the payment this request registered (now, or by an earlier attempt)."""
    async def apply() -> int:
        receivable = await receivables.lock(conn, company_id, body.document_id)
        if receivable is None or not (receivable["recorded"] or receivable["status"] == "closed"):
            raise UnknownDocument(body.document_id)
        details = Details(method=body.payment_method or "efectivo", reference=body.reference, notes=body.notes,
                          created_by=request.caller if request else None)
        payment, _ = await register(conn, outbox, receivable, collection_of(body), details)
        return payment["id"]

    return await request_keys.exactly_once(conn, request, RESOURCE, apply)


async def reverse_once(conn, outbox: Outbox, company_id: int, payment_id: int, reason: str | None,
                       request: RequestKeys | None) -> Row:
    """reverse(), exactly once per Idempotency-Key: a retry of a reversal that committed answers with
    the reversed payment (200 again), not with "already reversed"."""
    async def apply() -> int:
        return (await reverse(conn, outbox, company_id, payment_id, reason))["id"]

    await request_keys.exactly_once(conn, request, "payment_reversal", apply)
    return await payments.get(conn, company_id, payment_id)


async def reverse(conn, outbox: Outbox, company_id: int, payment_id: int, reason: str | None) -> Row:
    """Undo an applied payment: the balance back, the advances it used returned, the advance it created
    removed (409 when that one was used, or when the payment is already reversed)."""
    found = await payments.get(conn, company_id, payment_id)
    if found is None:
        raise NotFound()
    receivable = await receivables.lock(conn, company_id, found["document_id"])  # lock order: receivable first
    payment = await payments.get(conn, company_id, payment_id, for_update=True)
    if payment["receivable_id"] != receivable["id"]:  # moved meanwhile to its invoice: that receivable, then
        return await reverse(conn, outbox, company_id, payment_id, reason)
    await advances.lock_of_payment(conn, payment_id)
    created = await advances.created_by_payment(conn, payment_id)
    check_reversible(payment, created)
    await advances.give_back(conn, payment_id)
    for advance in created:
        await advances.void(conn, advance["id"])
    reversed_ = await payments.reverse(conn, payment, reason)
    after = await receivables.save_figures(conn, receivable, figures(
        receivable["total"], receivable["paid_amount"] - payment["applied_amount"], receivable["credited_amount"]))
    await notices.receivable_updated(outbox, after, "payment_reversed", payment_id)
    return reversed_
