"""Invoices to the SRI end to end through the gateway: the real gateway, documents, inventory,
sequencing, sri_submitter and the SRI simulator as processes, on a database and vhost of their own.

The certificate is uploaded through the gateway (multipart); an invoice is issued with
POST /documents/invoices and reaches `authorized` (documents applies sri_submitter's events).
Each fault the simulator can play (its global spec, for every new key) ends in the right
state, and once the fault is gone the document is authorized exactly once: one access key
carrying the document's sequential, one authorization at the simulator, one `authorized`
on the document's timeline. DEVUELTA and NO AUTORIZADO end `rejected`, and
POST /documents/{id}/sri/retry then authorizes with the same key. "SRI down" stops the
simulator and starts it again on the same port.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from lxml import etree

from services.sri_submitter.domain import access_key
from services.sri_submitter.xml.authorization import comprobante_of
from tests import harness
from tests.e2e.conftest import bootstrap
from tests.e2e.stacks import created, open_shop
from tests.harness import drop_env, isolated_env
from tests.sri_submitter.integration.support import Simulator, submitter_env

pytestmark = pytest.mark.e2e
KEY = "ek_sriflow0_" + "s" * 36
RUC = "1792146739001"
FINAL = ("authorized", "rejected", "error")


@pytest.fixture(scope="module")
async def stack(infra, service_env, start_service, log_dir, tmp_path_factory):
    name, env = await isolated_env(infra, "e2esri")
    sim = Simulator(log_dir, harness.free_port())
    files = tmp_path_factory.mktemp("e2e-files")
    with ThreadPoolExecutor(6) as pool:  # the processes boot in parallel (each waits for its /readyz)
        tenant = pool.submit(bootstrap, {**service_env, **env}, ruc=RUC, key=KEY)
        booting = [pool.submit(start_service, svc, **env) for svc in ("sequencing", "inventory")]
        booting.append(pool.submit(start_service, "documents", **env, WAIT_UNTIL="sri"))  # no renderer_mailer here
        booting.append(pool.submit(start_service, "sri_submitter", **env, **submitter_env(sim, files)))
        simulator = pool.submit(sim.start)
        tenant = tenant.result()  # the gateway's schema is migrated by then
        booting.append(pool.submit(start_service, "gateway", **env, RATE_LIMIT_PER_MINUTE="0",
                                   FILE_STORE_DIR=str(files)))
        simulator.result()
        procs = [job.result() for job in booting]
    yield {"tenant": tenant, "gateway": procs[-1], "sim": sim, "files": files}
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda proc: proc.stop(), [*procs, sim]))
    await drop_env(infra, name)


@pytest.fixture(scope="module")
async def api(stack):
    async with httpx.AsyncClient(base_url=stack["gateway"].url + "/api/v1/company", timeout=40,
                                 headers={"X-API-Key": stack["tenant"]["api_key"]}) as client:
        yield client


@pytest.fixture(scope="module")
async def shop(api):
    """A signing certificate uploaded through the gateway, series 001-001, a service, a customer."""
    return await open_shop(api)


async def issue(api, shop) -> dict:
    return await created(api, "/documents/invoices", {
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
        "items": [{"product_id": shop["product"], "quantity": 2}]})


async def settled(api, doc_id: int, expected: str | None = None) -> dict:
    """GET /documents/{id} once it shows a final SRI status (`expected`, when given: after a
    retry the document still shows the earlier `rejected` until documents applies the events)."""
    async def final():
        body = (await api.get(f"/documents/{doc_id}")).json()
        return body if body.get("sri_status") in ((expected,) if expected else FINAL) else None
    return await harness.eventually(final, timeout=25, interval=0.1)


async def sri_of(api, doc_id: int) -> dict:
    resp = await api.get(f"/documents/{doc_id}/sri")
    assert resp.status_code == 200, resp.text
    return resp.json()


def faults(stack, spec: str) -> None:
    httpx.post(f"{stack['sim'].url}/_sim/faults", json={"spec": spec}, timeout=5).raise_for_status()


async def issued_under(api, shop, stack, spec: str) -> tuple[int, dict]:
    """An invoice issued while the simulator plays `spec` for every new key; its settled detail."""
    faults(stack, spec)
    try:
        data = await issue(api, shop)
        return data["id"], await settled(api, data["id"])
    finally:
        faults(stack, "")


async def authorized_once(api, stack, doc_id: int, *, accepted: int = 1, not_authorized: int = 0) -> dict:
    """The document is authorized exactly once: one key (the one the document shows, holding its
    sequential), one AUTORIZADO at the simulator, one `authorized` on the timeline."""
    doc = await settled(api, doc_id, "authorized")
    sri = await sri_of(api, doc_id)
    key = sri["access_key"]
    assert sri["status"] == "authorized" and sri["authorization_number"] == key
    assert doc["sri_response"]["access_key"] == key
    assert access_key.parse(key).sequential == int(doc["number"])
    state = stack["sim"].state(key)
    assert (state["accepted"], state["authorized"], state["not_authorized"]) == (accepted, 1, not_authorized), state
    await asyncio.sleep(0.3)  # room for a second (wrong) authorization to show up
    timeline = (await api.get(f"/documents/{doc_id}/events", params={"per_page": 100})).json()["data"]
    assert [e["event"] for e in timeline].count("authorized") == 1, timeline
    assert (await api.post(f"/documents/{doc_id}/sri/retry")).status_code == 409
    return sri


async def test_invoice_is_authorized_through_the_gateway(api, shop, stack):
    doc_id, doc = await issued_under(api, shop, stack, "")
    assert doc["sri_status"] == "authorized", doc
    sri = await authorized_once(api, stack, doc_id)
    key = sri["access_key"]
    assert [m["code"] for m in sri["messages"]] == ["SRI_TEST_ENVIRONMENT"]
    xml = await api.get(f"/documents/{doc_id}/xml")
    assert xml.status_code == 200 and xml.headers["Content-Type"].startswith("application/xml")
    assert f"<claveAcceso>{key}</claveAcceso>" in xml.text and "<ds:Signature" in xml.text
    assert (stack["files"] / sri["xml_path"]).read_text() == xml.text
    assert stack["sim"].state(key)["receptions"] == 1
    autorizacion = etree.fromstring(xml.content)  # the SRI's document, what buyers import
    assert (autorizacion.findtext("estado"), autorizacion.findtext("numeroAutorizacion")) == ("AUTORIZADO", key)
    assert xml.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert xml.headers["Content-Disposition"] == f'attachment; filename="{key}.xml"'
    signed = await api.get(f"/documents/{doc_id}/xml", params={"variant": "signed"})
    assert signed.status_code == 200 and signed.text == comprobante_of(xml.content)
    assert etree.fromstring(signed.content).findtext("infoTributaria/claveAcceso") == key
    assert signed.headers["Content-Disposition"] == f'attachment; filename="{key}-firmado.xml"'


@pytest.mark.parametrize("spec", ["timeout_once", "http500_once", "drop_once", "lost_once"])
async def test_no_answer_then_authorized_exactly_once(api, shop, stack, spec):
    doc_id, doc = await issued_under(api, shop, stack, spec)
    assert doc["sri_status"] == "authorized", doc
    sri = await authorized_once(api, stack, doc_id)
    estados = [(a["operation"], a["estado"]) for a in sri["attempts"]]
    first_error = estados.index(("reception", "ERROR"))
    assert estados[first_error + 1][0] == "authorization", estados  # it may be there: asked before any resend
    receptions = stack["sim"].state(sri["access_key"])["receptions"]
    # timeout/http500/drop stored nothing: sent once more; a lost one is found by that query (or, still
    # in process, sent again and answered 70: then polled)
    assert receptions in ((1, 2) if spec == "lost_once" else (2,)), estados


async def test_authorized_after_several_polls(api, shop, stack):
    doc_id, doc = await issued_under(api, shop, stack, "authorize_after:3")
    assert doc["sri_status"] == "authorized", doc
    sri = await authorized_once(api, stack, doc_id)
    polls = [a["estado"] for a in sri["attempts"] if a["operation"] == "authorization"]
    assert polls == ["EN PROCESAMIENTO", "EN PROCESAMIENTO", "AUTORIZADO"]
    assert stack["sim"].state(sri["access_key"])["polls"] == 3


async def retried(api, doc_id: int, key: str) -> None:
    retry = await api.post(f"/documents/{doc_id}/sri/retry")
    assert retry.status_code == 200, retry.text
    assert retry.json()["data"]["access_key"] == key


async def test_devuelta_then_retry_with_the_same_key(api, shop, stack):
    doc_id, doc = await issued_under(api, shop, stack, "devuelta_once:52")
    assert doc["sri_status"] == "rejected", doc
    sri = await sri_of(api, doc_id)
    assert sri["rejection"] == "returned" and sri["messages"][0]["code"] == "SRI_ARITHMETIC"
    assert sri["messages"][0]["hint"]
    # no step on the way showed a final status other than the result (it once said "error" first)
    timeline = (await api.get(f"/documents/{doc_id}/events", params={"per_page": 100})).json()["data"]
    assert [e["detail"].get("sri_status") for e in timeline if e["event"] == "returned"] == ["sending"], timeline
    await retried(api, doc_id, sri["access_key"])
    again = await authorized_once(api, stack, doc_id)  # a DEVUELTA is not stored by the SRI: one acceptance
    assert again["access_key"] == sri["access_key"]
    assert stack["sim"].state(sri["access_key"])["receptions"] == 2


async def test_no_autorizado_then_retry_with_the_same_key(api, shop, stack):
    doc_id, doc = await issued_under(api, shop, stack, "no_autorizado_once:39")
    assert doc["sri_status"] == "rejected", doc
    sri = await sri_of(api, doc_id)
    assert sri["rejection"] == "not_authorized"
    assert [m["code"] for m in sri["messages"]] == ["SRI_SIGNATURE_INVALID", "SRI_TEST_ENVIRONMENT"]
    assert (await api.get(f"/documents/{doc_id}/xml")).status_code == 404
    await retried(api, doc_id, sri["access_key"])
    # the SRI keeps the NO AUTORIZADO submission and lists it next to the new AUTORIZADO one
    again = await authorized_once(api, stack, doc_id, accepted=2, not_authorized=1)
    assert again["access_key"] == sri["access_key"]


async def test_sri_down_then_back(api, shop, stack):
    sim = stack["sim"]
    await asyncio.to_thread(sim.stop)
    try:
        doc_id = (await issue(api, shop))["id"]

        async def refused_twice():
            resp = await api.get(f"/documents/{doc_id}/sri")  # 404 until the submitter has the document
            attempts = resp.json()["attempts"] if resp.status_code == 200 else []
            return sum(1 for a in attempts if a["operation"] == "reception" and a["estado"] == "ERROR") >= 2
        await harness.eventually(refused_twice, timeout=15, interval=0.2)
        sri = await sri_of(api, doc_id)
        assert sri["status"] == "sending" and "No se pudo conectar con el SRI" in sri["attempts"][-1]["detail"]

        async def sending():  # documents applies the submitter's events a moment later
            return (await api.get(f"/documents/{doc_id}")).json()["sri_status"] == "sending"
        await harness.eventually(sending, timeout=10, interval=0.1)
    finally:
        await asyncio.to_thread(sim.start)
    sri = await authorized_once(api, stack, doc_id)
    assert sim.state(sri["access_key"])["receptions"] == 1  # nothing reached the SRI while it was down


async def test_waiting_creates_never_stall_other_calls(api, shop, stack):
    """60 creates waiting on an SRI that holds its answer must leave documents free to answer
    everything else: 20 reads all return while every create is still waiting."""
    first = await issue(api, shop)
    before = (await api.get("/documents", params={"per_page": 1})).json()["total"]
    faults(stack, "authorize_after:40")  # EN PROCESAMIENTO for ~30 s of polls: longer than the wait
    body = {"warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
            "items": [{"product_id": shop["product"], "quantity": 1}]}
    try:
        creates = [asyncio.create_task(api.post("/documents/invoices", params={"wait": 20}, json=body))
                   for _ in range(60)]

        async def all_recorded():
            listed = (await api.get("/documents", params={"per_page": 1})).json()
            return listed["total"] >= before + 60 or None
        await harness.eventually(all_recorded, timeout=15, interval=0.2)
        reads = await asyncio.gather(*(api.get(f"/documents/{first['id']}") for _ in range(20)))
        assert [r.status_code for r in reads] == [200] * 20
        assert not any(task.done() for task in creates), "a create returned before the reads"
        answers = await asyncio.gather(*creates)
    finally:
        faults(stack, "")
    assert {r.status_code for r in answers} == {201}
    assert "authorized" not in {r.json()["data"]["sri_status"] for r in answers}  # answered at the wait's end
