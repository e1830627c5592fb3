"""The submission's pure rules: back-off, reception outcome, which authorization counts, codes, paths."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services.sri_submitter.domain import submission as domain
from services.sri_submitter.domain.answers import Authorization, Reception
from services.sri_submitter.domain.messages import describe

pytestmark = pytest.mark.unit
NOW = datetime(2026, 2, 22, 15, 0, tzinfo=timezone.utc)


def auth(estado: str, minutes: int = 0) -> Authorization:
    return Authorization(estado, "1" * 49, NOW + timedelta(minutes=minutes), "PRUEBAS", "<x/>")


def test_backoff_is_capped_at_the_last_delay():
    assert [domain.backoff((1, 2, 5), n) for n in range(6)] == [1, 2, 5, 5, 5, 5]


def test_after_a_failure_the_wait_is_the_first_step_above_zero():
    assert [domain.after_failure((0, 0.05, 1), n) for n in range(4)] == [0.05, 0.05, 1, 1]
    assert [domain.after_failure((0, 0, 2), n) for n in range(3)] == [2, 2, 2]


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


def test_xml_path():
    assert domain.xml_path(5, NOW.date(), "K") == "companies/5/documents/sales/xml/2026/02/K.xml"
