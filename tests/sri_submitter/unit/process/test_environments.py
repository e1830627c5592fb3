"""The document's ambiente picks the endpoints, and the ambiente of the SRI's answer is checked:
an AUTORIZADO from the other environment is an error, never recorded as authorized."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.sri_submitter.domain import submission as domain
from services.sri_submitter.domain.answers import Authorization, Reception
from services.sri_submitter.process.pipeline import Pipeline
from services.sri_submitter.settings import Settings

pytestmark = pytest.mark.unit
KEY = "2202202601179214673900120010010000000011234567815"
NOW = datetime(2026, 2, 22, 15, 0, tzinfo=timezone.utc)


def authorized(ambiente: str | None) -> Authorization:
    return Authorization("AUTORIZADO", KEY, NOW, ambiente, "<factura/>")


@pytest.mark.parametrize("environment, ambiente", [("test", "PRUEBAS"), ("production", "PRODUCCIÓN"),
                                                   ("production", "produccion"), ("test", " Pruebas ")])
def test_the_answer_of_the_documents_environment_is_accepted(environment, ambiente):
    assert domain.environment_mismatch(authorized(ambiente), environment) is None


@pytest.mark.parametrize("environment, ambiente", [("test", "PRODUCCIÓN"), ("production", "PRUEBAS"),
                                                   ("production", None), ("test", "")])
def test_any_other_ambiente_is_a_mismatch_with_a_clear_message(environment, ambiente):
    reason = domain.environment_mismatch(authorized(ambiente), environment)
    assert reason is not None and "no se registra como autorizado" in reason


class FakeSri:
    """Records the environment of every call; answers RECIBIDA and one AUTORIZADO from `ambiente`."""

    def __init__(self, ambiente: str):
        self.ambiente, self.calls = ambiente, []

    async def send(self, signed_xml: bytes, environment: str) -> Reception:
        self.calls.append(("send", environment))
        return Reception("RECIBIDA")

    async def query(self, access_key: str, environment: str) -> list[Authorization]:
        self.calls.append(("query", environment))
        return [authorized(self.ambiente)]


class FakeRecorder:
    def __init__(self):
        self.records = []

    async def record(self, row, exchange, change, before=None):
        self.records.append((exchange, change))
        return {**row, **change.values}


def pipeline(sri: FakeSri, tmp_path) -> Pipeline:
    settings = Settings(database_url="postgresql://x", amqp_url="amqp://x", secrets_key="s" * 16,
                        file_store_dir=tmp_path, sri_poll_delays="0.1")
    made = Pipeline(None, sri, None, settings)
    made.recorder = FakeRecorder()
    return made


def row(environment: str, stage: str) -> dict:
    return {"id": 1, "company_id": 5, "document_id": 9, "access_key": KEY, "environment": environment,
            "stage": stage, "signed_xml": "<factura/>", "issue_date": NOW.date(), "cycle": 1,
            "cycle_started_at": NOW, "tries": 0, "lease_token": "t", "ever_sent": False}


@pytest.mark.parametrize("environment", ["test", "production"])
async def test_each_call_goes_to_the_documents_environment(environment, tmp_path):
    sri = FakeSri("PRUEBAS" if environment == "test" else "PRODUCCIÓN")
    flow = pipeline(sri, tmp_path)
    await flow._send(row(environment, "signed"))
    await flow._poll(row(environment, "received"))
    assert sri.calls == [("send", environment), ("query", environment)]
    exchange, change = flow.recorder.records[-1]
    assert (change.values["stage"], change.final) == ("authorized", "authorized")


@pytest.mark.parametrize("environment, ambiente", [("production", "PRUEBAS"), ("test", "PRODUCCIÓN")])
async def test_an_autorizado_from_the_other_environment_is_an_error(environment, ambiente, tmp_path):
    flow = pipeline(FakeSri(ambiente), tmp_path)
    await flow._poll(row(environment, "received"))
    [(exchange, change)] = flow.recorder.records
    assert (change.values["stage"], change.final, exchange.sri_status) == ("error", "error", "error")
    [message] = change.values["messages"]
    assert message["code"] == "SRI_ENVIRONMENT_MISMATCH" and ambiente in message["mensaje"]
    assert "authorized_xml" not in change.values and not list(tmp_path.iterdir())  # nothing stored as authorized
