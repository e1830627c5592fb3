"""The company's tax standing in PUT /settings/company and its event: agente de retención, RIMPE,
contribuyente especial (the XSD's rule), obligado a llevar contabilidad for a sociedad, and the
demo company's dirección matriz (required before its first SRI submission)."""
from __future__ import annotations

import pytest

from services.gateway.bootstrap_demo import DEMO_ADDRESS
from shared.contracts import Envelope
from shared.contracts.gateway import CompanyUpdated
from tests.gateway.integration.conftest import bootstrap_demo
from tests.gateway.integration.factories import make_company, user_headers

pytestmark = pytest.mark.integration
URL = "/api/v1/settings/company"


async def last_event(queue, company: int) -> CompanyUpdated:
    async with queue.iterator(timeout=10) as it:
        async for message in it:
            async with message.process():
                env = Envelope.model_validate_json(message.body)
            if env.company_id == company:
                return CompanyUpdated.model_validate(env.payload)


async def test_tax_standing_is_saved_shown_and_announced(client, gw_pool, events_queue):
    company = await make_company(gw_pool)  # a sociedad (RUC third digit 9)
    headers = await user_headers(gw_pool, client, company, "owner")
    resp = await client.put(URL, headers=headers, json={
        "agente_retencion": "12", "contribuyente_especial": " 5368 ", "regimen": "rimpe_negocio_popular"})
    assert resp.status_code == 200, resp.text
    settings = resp.json()["data"]["settings"]
    assert (settings["agente_retencion"], settings["contribuyente_especial"], settings["regimen"]) == \
        ("12", "5368", "rimpe_negocio_popular")
    assert settings["obligado_contabilidad"] is True  # stored false by default, a sociedad keeps accounts
    event = await last_event(events_queue, company)
    assert {k: event.settings[k] for k in ("agente_retencion", "contribuyente_especial", "regimen",
                                           "obligado_contabilidad")} == \
        {"agente_retencion": "12", "contribuyente_especial": "5368", "regimen": "rimpe_negocio_popular",
         "obligado_contabilidad": True}
    cleared = await client.put(URL, headers=headers, json={"agente_retencion": None})
    assert cleared.json()["data"]["settings"]["agente_retencion"] is None


@pytest.mark.parametrize("body, field", [({"obligado_contabilidad": False}, "obligado_contabilidad"),
                                         ({"agente_retencion": "00012"}, "agente_retencion"),
                                         ({"contribuyente_especial": "R-5368"}, "contribuyente_especial"),
                                         ({"regimen": "microempresa"}, "regimen")])
async def test_contradictions_and_values_the_xsd_refuses_are_422(client, gw_pool, body, field):
    company = await make_company(gw_pool)
    headers = await user_headers(gw_pool, client, company, "owner")
    resp = await client.put(URL, headers=headers, json=body)
    assert resp.status_code == 422 and list(resp.json()["errors"]) == [field], resp.text
    assert (await client.get(URL, headers=headers)).json()["data"]["settings"]["obligado_contabilidad"] is True


async def test_the_demo_company_has_its_head_office_address(gw_env, gw_pool, demo):
    address = "SELECT address FROM companies WHERE id = $1"
    assert await gw_pool.fetchval(address, demo["company_id"]) == DEMO_ADDRESS
    await gw_pool.execute("UPDATE companies SET address = NULL WHERE id = $1", demo["company_id"])  # an older one
    assert bootstrap_demo(gw_env) == demo
    assert await gw_pool.fetchval(address, demo["company_id"]) == DEMO_ADDRESS
