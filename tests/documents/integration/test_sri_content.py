"""SRI-correct content over RPC (issue 9, part 4): the issue date window, a draft dated when it is
issued, only USD, notes only on an authorized invoice, the dirección matriz required before a
document goes to the SRI, and the company's tax standing in the `sri.submit_document` snapshot."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared.contracts.sri import SubmitDocument
from shared.sri.timezone import today_ec
from tests.documents.integration.helpers import SVC, announce_company, authorize, customer, invoice

pytestmark = pytest.mark.integration


async def test_issue_date_is_today_or_within_the_sris_window(call, shop):
    today = today_ec()
    for issue in (today + timedelta(days=1), today - timedelta(days=90)):
        refused = await invoice(call, shop, issue_date=issue.isoformat())
        assert refused.status == 422 and list(refused.body["errors"]) == ["issue_date"], refused.body
    oldest = await invoice(call, shop, issue_date=(today - timedelta(days=89)).isoformat())
    assert oldest.status == 201 and oldest.body["data"]["issue_date"] == (today - timedelta(days=89)).isoformat()
    default = await invoice(call, shop)
    assert default.status == 201 and default.body["data"]["issue_date"] == today.isoformat()
    order = await call(SVC, "sales_orders.create", company_id=shop["company"], body={
        "issue_date": (today - timedelta(days=400)).isoformat(), "items": [{"product_id": shop["pencil"],
                                                                             "quantity": 1}]})
    assert order.status == 201, order.body  # a sales order never goes to the SRI


async def test_only_usd(call, shop):
    refused = await invoice(call, shop, currency="EUR")
    assert refused.status == 422 and list(refused.body["errors"]) == ["currency"]


async def test_an_issued_draft_is_dated_the_day_it_is_issued_and_the_timeline_says_so(call, shop, fakes):
    today, earlier = today_ec(), today_ec() - timedelta(days=10)
    buyer = await customer(call, shop["company"])
    draft = (await invoice(call, shop, customer_id=buyer, submit_mode="draft", issue_date=earlier.isoformat(),
                           due_days=15)).body["data"]
    assert draft["issue_date"] == earlier.isoformat()
    path = {"id": str(draft["id"])}
    issued = await call(SVC, "documents.issue", company_id=shop["company"], path_params=path)
    assert issued.status == 200 and issued.body["data"]["issue_date"] == today.isoformat(), issued.body
    detail = (await call(SVC, "documents.get", company_id=shop["company"], path_params=path)).body
    assert detail["due_date"] == (today + timedelta(days=15)).isoformat()  # the term is kept
    timeline = (await call(SVC, "documents.events", company_id=shop["company"], path_params=path)).body["data"]
    [event] = [e for e in timeline if e["event"] == "issued"]
    assert event["detail"] == {"issue_date": today.isoformat(), "previous_issue_date": earlier.isoformat()}
    [command] = await fakes[2].wait_for("sri.submit_document", draft["id"])
    assert SubmitDocument.model_validate(command.payload).issue_date == today


async def test_notes_need_an_invoice_the_sri_authorized(call, shop, fakes):
    buyer = await customer(call, shop["company"])
    sale = (await invoice(call, shop, customer_id=buyer)).body["data"]
    lines = (await call(SVC, "documents.get", company_id=shop["company"],
                        path_params={"id": str(sale["id"])})).body["items"]
    credit = {"source_document_id": sale["id"], "reason": "Devolución", "items": [{"source_line_id": lines[0]["id"]}]}
    debit = {"source_document_id": sale["id"], "reasons": [{"reason": "Interés", "amount": "1"}]}
    for method, body in (("credit_notes.create", credit), ("debit_notes.create", debit)):
        refused = await call(SVC, method, company_id=shop["company"], body=body)
        assert refused.status == 409 and "autorizada por el SRI" in refused.body["message"], refused.body
    await authorize(call, fakes[2], shop["company"], sale["id"])
    for method, body in (("credit_notes.create", credit), ("debit_notes.create", debit)):
        assert (await call(SVC, method, company_id=shop["company"], body=body)).status == 201


async def test_no_document_goes_to_the_sri_without_the_head_office_address(call, shop, amqp_docs):
    company = shop["company"]
    await announce_company(amqp_docs, call, company, address=None)
    refused = await invoice(call, shop)
    assert refused.status == 409 and "dirección matriz" in refused.body["message"], refused.body
    assert "PUT /settings/company" in refused.body["message"]
    draft = await invoice(call, shop, submit_mode="draft")
    assert draft.status == 201  # a draft may wait for it
    path = {"id": str(draft.body["data"]["id"])}
    assert (await call(SVC, "documents.issue", company_id=company, path_params=path)).status == 409
    await announce_company(amqp_docs, call, company, address="Av. 10 de Agosto, Quito")
    assert (await call(SVC, "documents.issue", company_id=company, path_params=path)).status == 200


async def test_the_snapshot_carries_the_companys_tax_standing(call, shop, fakes, amqp_docs):
    await announce_company(amqp_docs, call, shop["company"], settings={
        "sri_environment": "production", "obligado_contabilidad": False, "contribuyente_especial": "5368",
        "agente_retencion": "1", "regimen": "rimpe_negocio_popular", "default_series": "001-001"})
    sale = (await invoice(call, shop)).body["data"]
    [command] = await fakes[2].wait_for("sri.submit_document", sale["id"])
    submit = SubmitDocument.model_validate(command.payload)
    assert submit.environment == "production"
    assert (submit.issuer.head_office_address, submit.issuer.establishment_address) == \
        ("Av. Amazonas N24-03, Quito", "Av. Amazonas, Quito")  # the company's, then the branch's (sequencing)
    assert submit.issuer.obligado_contabilidad is True  # RUC 1792146739001 is a sociedad
    assert (submit.issuer.contribuyente_especial, submit.issuer.agente_retencion, submit.issuer.rimpe_legend) == \
        ("5368", "1", "CONTRIBUYENTE NEGOCIO POPULAR - RÉGIMEN RIMPE")
