"""The submitter's pure rules (no servers): settings, back-off, which authorization counts, codes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from services.sri_submitter import domain
from services.sri_submitter.errors import describe
from services.sri_submitter.settings import Settings
from services.sri_submitter.soap import Authorization, Reception, unavailable

pytestmark = pytest.mark.unit
NOW = datetime(2026, 2, 22, 15, 0, tzinfo=timezone.utc)
BASE = {"database_url": "postgresql://x", "amqp_url": "amqp://x", "secrets_key": "s" * 16}


def auth(estado: str, minutes: int = 0) -> Authorization:
    return Authorization(estado, "1" * 49, NOW + timedelta(minutes=minutes), "PRUEBAS", "<x/>")


def test_settings_defaults_and_delays():
    settings = Settings(**BASE)
    assert settings.sri_reception_url.endswith(":58190/comprobantes-electronicos-ws/RecepcionComprobantesOffline")
    assert settings.sri_poll_delays == (1, 2, 5, 10, 30, 60, 300) and settings.sri_timeout_seconds == 30
    assert Settings(**BASE, sri_poll_delays="0.2, 0.5,1").sri_poll_delays == (0.2, 0.5, 1.0)
    for bad in ({"sri_poll_delays": "1,x"}, {"sri_poll_delays": "0"}, {"secrets_key": "short"},
                {"signature_algorithm": "md5"}, {"sri_reception_url": "ftp://sri"}):
        with pytest.raises(ValidationError):
            Settings(**{**BASE, **bad})


def test_backoff_is_capped_at_the_last_delay():
    assert [domain.backoff((1, 2, 5), n) for n in range(6)] == [1, 2, 5, 5, 5, 5]


def test_reception_43_and_70_mean_poll_other_devueltas_are_final():
    assert domain.reception_stage(Reception("RECIBIDA")) == "received"
    for ident, stage in (("43", "received"), ("70", "received"), ("35", "returned"), ("45", "returned")):
        assert domain.reception_stage(Reception("DEVUELTA", [describe(ident, "x")])) == stage


def test_autorizado_wins_and_old_rejections_do_not_count_after_a_retry():
    entries = [auth("NO AUTORIZADO", 5), auth("AUTORIZADO", 1), auth("NO AUTORIZADO")]
    assert domain.decision(entries, 1, NOW).estado == "AUTORIZADO"
    old = [auth("NO AUTORIZADO", -10)]
    assert domain.decision(old, 1, NOW).estado == "NO AUTORIZADO"
    assert domain.decision(old, 2, NOW) is None  # decided before this cycle began
    assert domain.decision(old + [auth("NO AUTORIZADO", 1)], 2, NOW).authorized_at == NOW + timedelta(minutes=1)
    assert domain.decision([], 1, NOW) is None


def test_codes_and_hints():
    schema = describe("35", "ARCHIVO NO CUMPLE ESTRUCTURA XML", "cvc-complex-type.2.4.a: ...")
    assert schema.code == "SRI_SCHEMA_INVALID" and schema.hint == "Revise la estructura del comprobante: " \
        "cvc-complex-type.2.4.a: ..."
    assert [describe(i, "").code for i in ("39", "43", "45", "52", "58", "60", "65", "70")] == [
        "SRI_SIGNATURE_INVALID", "SRI_KEY_REGISTERED", "SRI_SEQUENTIAL_REGISTERED", "SRI_ARITHMETIC",
        "SRI_KEY_MISMATCH", "SRI_TEST_ENVIRONMENT", "SRI_DATE_OUT_OF_RANGE", "SRI_IN_PROCESS"]
    assert describe("999", "NUEVO").code == "SRI_ERROR"


def test_what_may_have_reached_the_sri():
    import httpx
    assert unavailable(httpx.ConnectError("refused")).maybe_received is False
    assert unavailable(httpx.ReadTimeout("slow")).maybe_received is True
    assert unavailable(httpx.RemoteProtocolError("dropped")).maybe_received is True


def test_xml_path():
    assert domain.xml_path(5, NOW.date(), "K") == "companies/5/documents/sales/xml/2026/02/K.xml"
