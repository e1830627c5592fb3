"""Each document goes to the SRI endpoints of its own environment (test: SRI_RECEPTION_URL /
SRI_AUTHORIZATION_URL, the older names of the test pair; production: SRI_PRODUCTION_*), and
the ambiente the SRI answers with is checked; the issuer's tax standing is authorized as sent."""
from __future__ import annotations

import pytest

from services.sri_submitter.domain import access_key
from tests.sri_submitter.integration.support import document, final_state

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("environment", ["test", "production"])
async def test_a_document_reaches_only_its_environments_endpoints(bus, sri_call, company, simulator,
                                                                  production_simulator, environment):
    doc = document(company_id=company).model_copy(update={"environment": environment})
    await bus.publish(doc, company_id=company)
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "authorized", state
    key = state["access_key"]
    assert access_key.parse(key).environment == {"test": "1", "production": "2"}[environment]
    mine, other = (simulator, production_simulator) if environment == "test" else (production_simulator, simulator)
    assert mine.state(key)["authorized"] == 1 and other.state(key) == {}
    [event] = await bus.wait_for(company, "sri.document_authorized", document_id=doc.document_id)
    assert event.payload["environment"] == environment
    # warning 60 (ambiente de pruebas) only where it belongs
    assert [m["identificador"] for m in event.payload["messages"]] == (["60"] if environment == "test" else [])


async def test_the_issuers_tax_standing_is_authorized(bus, sri_call, company):
    """agenteRetencion, contribuyenteRimpe, contribuyenteEspecial and obligadoContabilidad SI (the "ruc" case)."""
    doc = document("ruc", company_id=company)
    assert (doc.issuer.agente_retencion, doc.issuer.rimpe_legend) == ("1", "CONTRIBUYENTE RÉGIMEN RIMPE")
    await bus.publish(doc, company_id=company)
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "authorized", state
    xml = (await sri_call("submissions.xml", company_id=company, path_params={"id": str(doc.document_id)})).body["xml"]
    for element in ("<agenteRetencion>1</agenteRetencion>", "<contribuyenteRimpe>CONTRIBUYENTE RÉGIMEN RIMPE<",
                    "<contribuyenteEspecial>5368</contribuyenteEspecial>", "<obligadoContabilidad>SI<",
                    "<moneda>DOLAR</moneda>", "<dirMatriz>Av. Amazonas N34-451"):
        assert element in xml, element
