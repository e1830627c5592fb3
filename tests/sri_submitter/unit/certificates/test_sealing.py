"""Encryption at rest of the uploaded certificate and its password."""
from __future__ import annotations

import pytest

from services.sri_submitter.certificates.errors import SealError
from services.sri_submitter.certificates.pkcs12 import read_p12
from services.sri_submitter.certificates.sealing import seal, unseal
from tests.sri_submitter.unit.conftest import PASSWORD

pytestmark = pytest.mark.unit

SECRET = "test-secret-key-please-change-0123456789"


def test_round_trip_gives_back_a_usable_certificate(p12_bytes):
    blob = seal(p12_bytes, PASSWORD, SECRET, context=b"company:1")
    assert p12_bytes not in blob and PASSWORD.encode() not in blob
    opened = unseal(blob, SECRET, context=b"company:1")
    assert (opened.p12, opened.password) == (p12_bytes, PASSWORD)
    assert PASSWORD not in repr(opened)
    assert read_p12(opened.p12, opened.password).info.ruc


def test_each_seal_is_different(p12_bytes):
    assert seal(p12_bytes, PASSWORD, SECRET) != seal(p12_bytes, PASSWORD, SECRET)


@pytest.mark.parametrize("position", [0, 5, 20, 40, -1])
def test_any_changed_byte_is_detected(p12_bytes, position):
    blob = bytearray(seal(p12_bytes, PASSWORD, SECRET))
    blob[position] ^= 0x01
    with pytest.raises(SealError, match="descifrar"):
        unseal(bytes(blob), SECRET)


def test_another_secret_or_company_cannot_open_it(p12_bytes):
    blob = seal(p12_bytes, PASSWORD, SECRET, context=b"company:1")
    with pytest.raises(SealError):
        unseal(blob, SECRET + "x", context=b"company:1")
    with pytest.raises(SealError):
        unseal(blob, SECRET, context=b"company:2")
    with pytest.raises(SealError):
        unseal(blob[:20], SECRET)
