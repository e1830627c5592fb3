"""The security package's platform: every service, the SRI simulator and an SMTP sink
(tests/e2e/stacks.py) on a database and vhost of their own, with two companies:

- the victim, with data behind every id the API takes (a shop with an authorized invoice, a draft,
  a payment, a stock movement, an extra API key, an extra user, a webhook with a delivery, the
  certificate), and
- the attacker, a company of its own with its API key and an owner's session.

The modules run in file order and the last one (test_secrets_at_rest.py) looks at the logs and a
pg_dump after everything else ran.
"""
from __future__ import annotations

import functools
import uuid

import httpx
import pytest

from shared.sri.timezone import today_ec
from tests.e2e.conftest import bootstrap
from tests.e2e.stacks import PASSWORD, RUC, created, start_stack, stop_stack
from tests.e2e.test_bad_bodies import shop
from tests import harness
from tests.harness import eventually
from tests.renderer_mailer.unit.test_ride import PNG
from tests.renderer_mailer.webhook_receiver import Receiver
from services.sri_submitter.certificates import devcert

VICTIM_KEY = "ek_victim00_" + "v" * 36
ATTACKER_KEY = "ek_attack00_" + "a" * 36
ATTACKER_RUC = "1790016919001"
DEMO_PASSWORD = "demo1234"  # tests/e2e/conftest.py bootstrap
MARKER = "VICTIMA" + uuid.uuid4().hex[:8].upper()  # in the victim's names: a leak shows it
# every secret this package handles (passwords, keys, tokens, webhook secrets): test_secrets_at_rest.py
# looks for each one in the logs and in a pg_dump
SECRETS: list[str] = [DEMO_PASSWORD, PASSWORD, VICTIM_KEY, ATTACKER_KEY]


def remember(*secrets: str) -> None:
    SECRETS.extend(s for s in secrets if s and s not in SECRETS)


P12 = devcert.generate_p12(RUC, PASSWORD)
BOOT_SECONDS = 120  # nine processes booting at once on a busy 2-core machine can take more than 30 s


@pytest.fixture(scope="package")
async def stack(infra, service_env, log_dir, tmp_path_factory):
    boot = functools.partial(harness.start_service, timeout=BOOT_SECONDS)

    def start(name: str, **extra: str) -> harness.ServiceProcess:  # stopped by stop_stack
        return boot(name, {**service_env, **extra}, log_dir=log_dir)

    with pytest.MonkeyPatch.context() as patch:  # the SRI simulator's start (tests/sri_submitter) too
        patch.setattr(harness, "start_service", boot)
        stack = await start_stack(infra, service_env, start, log_dir, tmp_path_factory.mktemp("security"),
                                  "security", VICTIM_KEY)
    yield stack
    await stop_stack(infra, stack)


@pytest.fixture(scope="package")
async def receiver():
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


def gateway_client(stack, **headers: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=stack.gateway.url, timeout=40, headers=headers)


async def login(stack, email: str, password: str = DEMO_PASSWORD) -> str:
    async with gateway_client(stack) as client:
        resp = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert resp.status_code == 200, resp.text
    remember(password, resp.json()["token"])
    return resp.json()["token"]


@pytest.fixture(scope="package")
async def http(stack):
    """One client on the gateway for the sweeps (headers per request; a client per call costs ~30 ms)."""
    async with gateway_client(stack) as client:
        yield client


@pytest.fixture(scope="package")
async def victim_api(stack):
    async with stack.client() as client:
        yield client


async def _victim_data(api: httpx.AsyncClient, receiver: Receiver) -> dict:
    resp = await api.put("/settings/certificate", data={"password": PASSWORD},
                         files={"certificate": ("firma.p12", P12)})
    assert resp.status_code == 200, resp.text
    resp = await api.put("/settings/company/logo", files={"logo": ("logo.png", PNG, "image/png")})
    assert resp.status_code == 200, resp.text
    hook = await created(api, "/settings/webhooks", {"url": receiver.url("victim"), "events": ["document.created"]})
    ids = await shop(api, "V")

    async def authorized():
        return (await api.get(f"/documents/{ids['invoice']}")).json()["sri_status"] == "authorized"
    await eventually(authorized, timeout=40, interval=0.2)
    await created(api, "/customers", {"identification_type": "pasaporte", "identification": "PAS-MARK",
                                      "name": f"Cliente {MARKER}", "email": "victima@example.com"})

    async def paid():
        resp = await api.post("/payments", json={"document_id": ids["invoice"], "payment_date": str(today_ec()),
                                                 "amount": "1.00", "notes": MARKER})
        return resp.json()["data"]["payment_id"] if resp.status_code == 201 else None
    payment = await eventually(paid, timeout=20, interval=0.2)
    key = await created(api, "/settings/api-keys", {"name": f"extra {MARKER}", "scopes": ["sales:read"]})
    user = await created(api, "/settings/users", {"email": "cajero-victima@example.com", "name": f"Cajero {MARKER}",
                                                  "password": "cajero-secreto-1", "role": "cashier"})
    draft = await created(api, "/documents/invoices?wait=0", {
        "warehouse_id": ids["warehouse"], "customer_id": ids["customer"], "submit_mode": "draft",
        "items": [{"product_id": ids["service"], "quantity": 1}]})

    async def delivered():
        listed = (await api.get(f"/settings/webhooks/{hook['id']}/deliveries")).json()["data"]
        return listed[0]["id"] if listed else None
    delivery = await eventually(delivered, timeout=30, interval=0.2)
    remember(key["api_key"], hook["secret"], "cajero-secreto-1")
    return {**ids, "payment": payment, "api_key": key["id"], "api_key_secret": key["api_key"], "user": user["id"],
            "draft": draft["id"], "webhook": hook["id"], "webhook_secret": hook["secret"], "delivery": delivery}


@pytest.fixture(scope="package")
async def victim(stack, victim_api, receiver):
    """The victim company: {company_id, api_key, token, email, ids: {resource: id}}."""
    ids = await _victim_data(victim_api, receiver)
    tenant = stack.tenant
    return {"company_id": tenant["company_id"], "api_key": tenant["api_key"], "email": tenant["user_email"],
            "token": await login(stack, tenant["user_email"]), "ids": ids, "ruc": RUC,
            "p12": P12, "secrets": [ids.pop("api_key_secret"), ids.pop("webhook_secret")]}


@pytest.fixture(scope="package")
async def attacker(stack, service_env):
    """Another company: {company_id, api_key, token, email}, with nothing of the victim's."""
    tenant = bootstrap({**service_env, **stack.env}, ruc=ATTACKER_RUC, key=ATTACKER_KEY)
    return {"company_id": tenant["company_id"], "api_key": tenant["api_key"], "email": tenant["user_email"],
            "token": await login(stack, tenant["user_email"])}


@pytest.fixture(scope="package")
async def spec(stack) -> dict:
    async with gateway_client(stack) as client:
        resp = await client.get("/openapi.json")
    assert resp.status_code == 200
    return resp.json()
