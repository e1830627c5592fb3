"""The cancel guard without servers: which documents need payments' `receivables.close`, what its
answer means, and that it is asked only once the document's own checks passed and before anything
is written."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from services.documents.domain import rules
from services.documents.process import cancel, record, remote
from shared.contracts.rpc import Conflict, Identity, RpcReply, ServiceError
from shared.messaging.rpc import RpcTimeout, RpcUnavailable

pytestmark = pytest.mark.unit
CALLER = Identity(company_id=5, user_id=3)
HAS_PAYMENTS = "El documento tiene pagos aplicados; revierta los pagos antes de anularlo."


def doc(**over):
    return {"id": 7, "company_id": 5, "type": "invoice", "status": "issued", "sri_status": "pending",
            "credited_total": D("0"), "source_document_id": None, **over}


class Rpc:
    """payments answering receivables.close with `answer` (an RpcReply, or an exception to raise)."""

    def __init__(self, answer=None):
        self.answer, self.calls = answer or RpcReply(status=200, body={"closed": True}), []

    async def call(self, service, req, timeout=None):
        self.calls.append((service, req))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("type_,status,guarded", [
    ("invoice", "issued", True), ("sales_order", "issued", True), ("debit_note", "issued", True),
    ("quotation", "issued", False), ("credit_note", "issued", False),
    ("invoice", "draft", False), ("sales_order", "draft", False), ("invoice", "cancelled", False)])
def test_only_issued_documents_with_a_receivable_ask_payments(type_, status, guarded):
    assert rules.guarded_by_payments(doc(type=type_, status=status)) is guarded


async def test_close_asks_payments_with_the_callers_identity():
    rpc = Rpc()
    await remote.close_receivable(rpc, CALLER, 7, "invoice")
    [(service, req)] = rpc.calls
    assert (service, req.method, req.body, req.identity) == (
        "payments", "receivables.close", {"document_id": 7, "document_type": "invoice"}, CALLER)


async def test_applied_payments_are_paymentss_409_with_its_reason():
    with pytest.raises(ServiceError) as exc:
        await remote.close_receivable(Rpc(RpcReply(status=409, body={"message": HAS_PAYMENTS})), CALLER, 7, "invoice")
    assert exc.value.status == 409 and exc.value.body() == {"message": HAS_PAYMENTS}


@pytest.mark.parametrize("answer", [RpcReply(status=500, body={"message": "Error interno del servidor."}),
                                    RpcReply(status=404, body={"message": "Recurso no encontrado."}),
                                    RpcReply(status=422, body={"message": "x"}), RpcTimeout("slow"),
                                    RpcUnavailable("down")])
async def test_anything_but_closed_or_refused_is_a_503_and_not_cancelled(answer):
    with pytest.raises(ServiceError) as exc:
        await remote.close_receivable(Rpc(answer), CALLER, 7, "invoice")
    assert exc.value.status == 503 and "pagos" in exc.value.message and "no se anuló" in exc.value.message


async def test_a_document_that_cannot_be_cancelled_never_closes_its_receivable():
    rpc = Rpc()
    for refused in (doc(sri_status="authorized"), doc(status="cancelled"), doc(credited_total=D("1"))):
        with pytest.raises(Conflict):
            await cancel.cancel(None, None, refused, rpc=rpc, caller=CALLER)
    assert rpc.calls == []


async def test_refused_by_payments_nothing_is_written():
    """conn is None: had the cancel written anything (links, columns, timeline, outbox) it would fail otherwise."""
    rpc = Rpc(RpcReply(status=409, body={"message": HAS_PAYMENTS}))
    with pytest.raises(ServiceError) as exc:
        await cancel.cancel(None, None, doc(source_document_id=4), rpc=rpc, caller=CALLER)
    assert exc.value.status == 409 and len(rpc.calls) == 1


@pytest.mark.parametrize("over,asked", [({}, True), ({"type": "sales_order"}, True), ({"status": "draft"}, False),
                                        ({"type": "quotation"}, False)])
async def test_closed_or_unguarded_the_cancel_is_written(monkeypatch, over, asked):
    saved = []

    async def save(conn, outbox, row, outcome):
        saved.append(outcome)
        return {**row, **outcome.changes}

    monkeypatch.setattr(record, "save", save)
    rpc = Rpc()
    row = await cancel.cancel(None, None, doc(**over), rpc=rpc, caller=CALLER)
    assert row["status"] == "cancelled" and len(saved) == 1
    assert bool(rpc.calls) is asked
