"""Shared by the sri_submitter integration tests and the e2e SRI flow: an isolated database and
vhost, the simulator (restartable on its port), the submitter pointed at it, and documents."""
from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass
from types import SimpleNamespace
from pathlib import Path

import httpx

from shared.contracts.sri import SriNameValue, SubmitDocument
from tests import harness
from tests.harness import eventually
from shared.sri.timezone import today_ec
from tests.sri_submitter.cases import CASES

SIM_DELAY = "0.3"  # seconds between RECIBIDA and the decision
SIM_TIMEOUT = "3"  # how long the simulator's timeout fault sleeps
_numbers = itertools.count(random.randint(1, 9_000) * 10_000)


@dataclass
class Simulator:
    log_dir: Path
    port: int
    delay: str = SIM_DELAY
    process: harness.ServiceProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Simulator:
        env = {"SIM_PROCESSING_DELAY_SECONDS": self.delay, "SIM_TIMEOUT_SECONDS": SIM_TIMEOUT, "SIM_FAULTS": ""}
        self.process = harness.start_service("sri_simulator", env, log_dir=self.log_dir, port=self.port)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def state(self, key: str) -> dict:
        return httpx.get(f"{self.url}/_sim/state", params={"key": key}, timeout=5).json()["documents"].get(key, {})


def submitter_env(sim: Simulator, files: Path, *, production: Simulator | None = None, **extra: str) -> dict[str, str]:
    """The test pair on `sim` (by the older names SRI_RECEPTION_URL / SRI_AUTHORIZATION_URL, still honoured),
    the production pair on `production` (default: `sim` too, so no test ever reaches the real SRI)."""
    base = f"{sim.url}/comprobantes-electronicos-ws"
    prod = f"{(production or sim).url}/comprobantes-electronicos-ws"
    return {"SRI_RECEPTION_URL": f"{base}/RecepcionComprobantesOffline",
            "SRI_AUTHORIZATION_URL": f"{base}/AutorizacionComprobantesOffline",
            "SRI_PRODUCTION_RECEPTION_URL": f"{prod}/RecepcionComprobantesOffline",
            "SRI_PRODUCTION_AUTHORIZATION_URL": f"{prod}/AutorizacionComprobantesOffline",
            "SRI_POLL_DELAYS": "0.2,0.5,1", "SRI_TIMEOUT_SECONDS": "1", "FILE_STORE_DIR": str(files), **extra}


def document(case: str = "cedula", *, company_id: int, sim: str | None = None,
             issue_date: dt.date | None = None) -> SubmitDocument:
    """A valid snapshot from the library's table, with a fresh id and sequential (and a SIM fault)."""
    base = CASES[case]()
    number = next(_numbers)
    info = list(base.additional_info) + ([SriNameValue(name="SIM", value=sim)] if sim else [])
    return base.model_copy(update={"company_id": company_id, "document_id": number, "sequential": number,
                                   "issue_date": issue_date or today_ec(),
                                   "additional_info": info})


async def marker(bus, company_id: int) -> None:
    """Publish one more document and wait for its DocumentAuthorized: what was published before it
    has gone through the queue and the pipeline (instead of sleeping "long enough")."""
    doc = document(company_id=company_id)
    await bus.publish(doc, company_id=company_id)
    await bus.wait_for(company_id, "sri.document_authorized", document_id=doc.document_id)


async def final_state(call, company_id: int, document_id: int, timeout: float = 20) -> dict:
    """submissions.get once the submission reached authorized, rejected or error."""
    async def done():
        reply = await call("submissions.get", company_id=company_id, path_params={"id": str(document_id)})
        return reply.body if reply.status == 200 and reply.body["status"] in ("authorized", "rejected", "error") \
            else None
    return await eventually(done, timeout=timeout, interval=0.1)


PROGRESSED = "sri.submission_progressed"


def flattened(events) -> list:
    """Published events with the steps each one carries (`earlier`, the steps recorded in the same
    write) spelled out as the SubmissionProgressed they stand for, in sequence order."""
    out = []
    for e in events:
        out += [SimpleNamespace(type=PROGRESSED, payload=step) for step in e.payload.get("earlier", [])]
        out.append(e)
    return sorted(out, key=lambda e: e.payload["sequence"])

