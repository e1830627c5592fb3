"""SRI-correct content over RPC against the real documents process: IVA rates by issue date and the
decree rates a company enables, line IVA values that add up to the header, formaPago of a sale on
credit, `not_applicable` for documents that never go to the SRI, no control characters in text."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import aio_pika
import pytest

from shared.contracts.envelope import Envelope, routing_key_for
from shared.contracts.gateway import CompanyUpdated
from shared.contracts.sri import SubmitDocument
from shared.messaging.connection import confirm_channel
from shared.messaging.topology import EVENTS
from tests.documents.integration.helpers import SVC, customer, documents_of, invoice
from tests.harness import eventually

pytestmark = pytest.mark.integration
MIGRATION = Path(__file__).resolve().parents[3] / "services/documents/migrations/0005_sri_not_applicable.sql"


async def set_rates(amqp_docs, call, company: int, rates: list[int]) -> None:
    """The gateway announces the company with `enabled_iva_rates`; wait until documents has it."""
    event = CompanyUpdated(company_id=company, ruc="1792146739001", legal_name="Empresa Demo S.A.",
                           address="Av. Amazonas N24-03, Quito",
                           settings={"sri_environment": "test", "default_series": "001-001",
                                     "enabled_iva_rates": rates})
    env = Envelope.wrap(event, company_id=company)
    channel = await confirm_channel(amqp_docs)
    await (await channel.get_exchange(EVENTS)).publish(aio_pika.Message(env.model_dump_json().encode()),
                                                       routing_key=routing_key_for(env.type, env.version))
    await channel.close()

    async def known():
        got = await call(SVC, "companies.get", company_id=company)
        return got.body["settings"].get("enabled_iva_rates") == rates

    await eventually(known, timeout=10)


async def authorize(docs_pool, document_id: int) -> None:
    """As if the SRI authorized it (notes only modify authorized invoices)."""
    await docs_pool.execute("UPDATE documents SET sri_status = 'authorized' WHERE id = $1", document_id)


def free(rate, price="10", quantity=1) -> dict:
    return {"description": "Servicio", "quantity": quantity, "unit_price": price, "tax_rate": rate}


async def test_iva_rates_in_force_today_and_decree_rates_only_when_enabled(call, shop, amqp_docs):
    old = await invoice(call, shop, items=[free(15), free(12)])
    assert old.status == 422 and list(old.body["errors"]) == ["items.1.tax_rate"]
    assert "La tarifa de IVA 12% no está vigente" in old.body["errors"]["items.1.tax_rate"][0]
    tourism = await invoice(call, shop, items=[free(8)])
    assert tourism.status == 422 and "habilítela" in tourism.body["errors"]["items.0.tax_rate"][0]
    assert (await documents_of(call, shop["company"]))["total"] == 0
    await set_rates(amqp_docs, call, shop["company"], [8])
    assert (await invoice(call, shop, items=[free(8), free(5), free(0)])).status == 201
    assert (await invoice(call, shop, items=[free(13)])).status == 422


async def test_a_draft_is_checked_on_the_day_it_is_issued(call, shop, amqp_docs):
    await set_rates(amqp_docs, call, shop["company"], [8, 13])
    draft = (await invoice(call, shop, submit_mode="draft", items=[free(8)])).body["data"]
    await set_rates(amqp_docs, call, shop["company"], [])
    issued = await call(SVC, "documents.issue", company_id=shop["company"], path_params={"id": str(draft["id"])})
    assert issued.status == 422 and list(issued.body["errors"]) == ["items.0.tax_rate"]


async def test_notes_keep_the_rates_of_their_invoice(call, shop, amqp_docs, docs_pool, fakes):
    await set_rates(amqp_docs, call, shop["company"], [8])
    buyer = await customer(call, shop["company"])
    sold = (await invoice(call, shop, customer_id=buyer, items=[free(8, "100")])).body["data"]
    await authorize(docs_pool, sold["id"])
    await set_rates(amqp_docs, call, shop["company"], [])  # the decree is over: no new 8 % invoices
    line = (await call(SVC, "documents.get", company_id=shop["company"],
                       path_params={"id": str(sold["id"])})).body["items"][0]
    note = await call(SVC, "credit_notes.create", company_id=shop["company"], body={
        "source_document_id": sold["id"], "reason": "Descuento", "items": [{"source_line_id": line["id"]}]})
    assert note.status == 201, note.body
    [command] = await fakes[2].wait_for("sri.submit_document", note.body["data"]["id"])
    assert SubmitDocument.model_validate(command.payload).lines[0].taxes[0].rate == Decimal("8")
    debit = {"source_document_id": sold["id"], "reasons": [{"reason": "Intereses", "amount": "10"}]}
    refused = await call(SVC, "debit_notes.create", company_id=shop["company"], body={**debit, "tax_rate": 12})
    assert refused.status == 422 and list(refused.body["errors"]) == ["tax_rate"]
    charged = await call(SVC, "debit_notes.create", company_id=shop["company"], body=debit)
    assert charged.status == 201 and charged.body["data"]["total"] == 11.5  # the general rate on the invoice's date


async def test_line_iva_values_add_up_to_the_header(call, shop, fakes):
    created = (await invoice(call, shop, items=[free(15, "0.03")] * 20)).body["data"]
    [command] = await fakes[2].wait_for("sri.submit_document", created["id"])
    submit = SubmitDocument.model_validate(command.payload)
    line_taxes = [ln.taxes[0].amount for ln in submit.lines]
    assert sum(line_taxes) == Decimal("0.09") == submit.tax_totals[0].amount and line_taxes.count(Decimal("0.01")) == 9


async def test_a_sale_on_credit_is_not_a_credit_card_and_carries_its_plazo(call, shop, fakes):
    buyer = await customer(call, shop["company"])
    body = {"customer_id": buyer, "register_initial_payment": True, "initial_payment_method": "credito"}
    missing = await invoice(call, shop, **body)
    assert missing.status == 422 and list(missing.body["errors"]) == ["due_date"]
    created = (await invoice(call, shop, due_days=30, **body)).body["data"]
    [command] = await fakes[2].wait_for("sri.submit_document", created["id"])
    payments = SubmitDocument.model_validate(command.payload).payments
    assert [(p.method, p.amount, p.term_days) for p in payments] == [("01", Decimal("28.75"), 30)]
    [recorded] = fakes[2].for_document("documents.invoice_recorded", created["id"])
    assert recorded.payload["initial_payment"] is None  # nothing was paid
    card = (await invoice(call, shop, customer_id=buyer, register_initial_payment=True,
                          initial_payment_method="tarjeta de crédito")).body["data"]
    [command] = await fakes[2].wait_for("sri.submit_document", card["id"])
    assert [p.method for p in SubmitDocument.model_validate(command.payload).payments] == ["19"]


async def test_orders_and_quotations_are_not_applicable_everywhere(call, shop, docs_pool):
    body = {"items": [{"product_id": shop["pencil"], "quantity": 1}]}
    for method in ("sales_orders.create", "quotations.create"):
        created = await call(SVC, method, company_id=shop["company"], body=body)
        assert created.status == 201 and created.body["data"]["sri_status"] == "not_applicable"
        detail = await call(SVC, "documents.get", company_id=shop["company"],
                            path_params={"id": str(created.body["data"]["id"])})
        assert detail.body["sri_status"] == detail.body["sri_response"]["status"] == "not_applicable"
    listed = (await documents_of(call, shop["company"]))["data"]
    assert [d["sri_status"] for d in listed] == ["not_applicable"] * 2
    old = listed[0]["id"]  # a row recorded before the migration: `pending`
    await docs_pool.execute("UPDATE documents SET sri_status = 'pending' WHERE id = $1", old)
    await docs_pool.execute(MIGRATION.read_text())
    assert await docs_pool.fetchval("SELECT sri_status FROM documents WHERE id = $1", old) == "not_applicable"


async def test_control_characters_are_422_on_the_field_and_nothing_is_stored(call, shop):
    bad = await call(SVC, "customers.create", company_id=shop["company"], body={
        "identification_type": "cedula", "identification": "1710034065", "name": "Cliente\x00Demo"})
    assert bad.status == 422 and list(bad.body["errors"]) == ["name"]
    line = await invoice(call, shop, items=[{"description": "Lápiz\nHB", "quantity": 1, "unit_price": 1}],
                         reference="OC\x1b7")
    assert line.status == 422 and set(line.body["errors"]) == {"items.0.description", "reference"}
    assert (await documents_of(call, shop["company"]))["total"] == 0
    noted = await invoice(call, shop, notes="Entregar en bodega\n\tpiso 2")
    assert noted.status == 201
