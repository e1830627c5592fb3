"""The whole platform as processes for an e2e module: gateway, sequencing, inventory, documents, payments,
sri_submitter, renderer_mailer, the SRI simulator and an SMTP sink (in this process), on a
database and vhost of their own; and a shop (certificate, series 001-001, a warehouse, a
service, a customer with an e-mail address) set up through the public API."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from services.smtp_sink.server import SmtpSink
from services.sri_submitter.certificates import devcert
from tests import harness
from tests.e2e.conftest import bootstrap
from tests.harness import drop_env, isolated_env
from tests.sri_submitter.integration.support import Simulator, submitter_env

RUC = "1792146739001"
PASSWORD = "demo-firma"
WORKERS = ("sequencing", "inventory", "documents", "sri_submitter", "renderer_mailer", "payments")


@dataclass
class Stack:
    name: str
    tenant: dict
    procs: dict[str, harness.ServiceProcess]
    sim: Simulator
    sink: SmtpSink
    files: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def gateway(self) -> harness.ServiceProcess:
        return self.procs["gateway"]

    def client(self, timeout: float = 40) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.gateway.url + "/api/v1/company", timeout=timeout,
                                 headers={"X-API-Key": self.tenant["api_key"]})


def renderer_env(sink: SmtpSink, files: Path, **extra: str) -> dict[str, str]:
    return {"FILE_STORE_DIR": str(files), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink.port),
            "SMTP_SECURITY": "none", "MAIL_FROM": "facturacion@empresa-demo.ec", "MAIL_RETRY_DELAYS": "0.3,0.6,1",
            **extra}


async def start_stack(infra, service_env, start_service, log_dir: Path, tmp: Path, prefix: str, key: str,
                      **per_service: dict[str, str]) -> Stack:
    """Boot everything in parallel (each process waits for its /readyz); `per_service` adds env vars."""
    name, env = await isolated_env(infra, prefix)
    files, sim = tmp / "files", Simulator(log_dir, harness.free_port())
    sink = SmtpSink(tmp / "mail").start()
    extra = {"sri_submitter": submitter_env(sim, files), "renderer_mailer": renderer_env(sink, files),
             "gateway": {"RATE_LIMIT_PER_MINUTE": "0", "FILE_STORE_DIR": str(files)},
             "documents": {"INVOICE_WAIT_SECONDS": "15"}}
    with ThreadPoolExecutor(8) as pool:
        tenant = pool.submit(bootstrap, {**service_env, **env}, ruc=RUC, key=key)
        simulator = pool.submit(sim.start)
        booting = {svc: pool.submit(start_service, svc, **env, **extra.get(svc, {}), **per_service.get(svc, {}))
                   for svc in WORKERS}
        tenant = tenant.result()  # the gateway's schema is migrated by then
        booting["gateway"] = pool.submit(start_service, "gateway", **env, **extra["gateway"],
                                         **per_service.get("gateway", {}))
        simulator.result()
        procs = {svc: job.result() for svc, job in booting.items()}
    return Stack(name, tenant, procs, sim, sink, files, env)


async def stop_stack(infra, stack: Stack) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda proc: proc.stop(), [*stack.procs.values(), stack.sim]))
    stack.sink.stop()
    await drop_env(infra, stack.name)


async def created(api: httpx.AsyncClient, path: str, body: dict) -> dict:
    resp = await api.post(path, json=body)
    assert resp.status_code == 201, (path, resp.text)
    return resp.json()["data"]


async def open_shop(api: httpx.AsyncClient) -> dict:
    """Certificate, establishment 001 + point of sale 001, warehouse, a service product, customers."""
    resp = await api.put("/settings/certificate", data={"password": PASSWORD},
                         files={"certificate": ("firma.p12", devcert.generate_p12(RUC, PASSWORD))})
    assert resp.status_code == 200 and resp.json()["data"]["ruc"] == RUC, resp.text
    est = await created(api, "/establishments", {"code": "001", "name": "Matriz", "address": "Av. Amazonas, Quito"})
    await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "001"})
    warehouse = (await created(api, "/warehouses", {"code": "BOD-01", "name": "Bodega"}))["id"]
    product = (await created(api, "/products", {"code": "SRV", "name": "Servicio de soporte", "price": "25",
                                                "tax_rate": 15, "tracks_stock": False}))["id"]
    customer = await created(api, "/customers", {"identification_type": "cedula", "identification": "1710034065",
                                                 "name": "Cliente Demo", "email": "cliente@example.com"})
    return {"warehouse": warehouse, "product": product, "customer": customer["id"]}
