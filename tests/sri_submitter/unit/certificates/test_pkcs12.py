"""Reading .p12 files (modern and legacy), picking the signing pair, RUC and date checks."""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from services.sri_submitter.certificates import devcert
from services.sri_submitter.certificates.errors import (CertificateExpired, CertificateNotYetValid,
                                                        NoSigningCertificate, RucMismatch, WrongPassword)
from services.sri_submitter.certificates.info import signing_usage
from services.sri_submitter.certificates.pkcs12 import load_certificate, private_keys, read_p12
from tests.sri_submitter.certs import generate_two_key_p12
from tests.sri_submitter.snapshots import RUC
from tests.sri_submitter.unit.conftest import PASSWORD

pytestmark = pytest.mark.unit

NOW = datetime.now(timezone.utc)


def test_modern_p12_gives_the_key_certificate_and_metadata(p12_bytes):
    cert = load_certificate(p12_bytes, PASSWORD, expected_ruc=RUC)
    assert cert.info.ruc == RUC
    assert cert.info.subject.startswith("SERIALNUMBER=1792146739001,CN=EMPRESA DEMO")
    assert cert.key.key_size == 2048
    public = cert.info.as_public(now=NOW)
    assert set(public) == {"subject", "issuer", "serial_number", "ruc", "valid_from", "valid_to", "days_left"}
    assert public["days_left"] in (364, 365) and public["valid_to"].endswith("-05:00")
    assert PASSWORD not in repr(cert) + str(public)


def test_legacy_3des_p12_is_read():
    p12 = devcert.generate_p12(RUC, PASSWORD, legacy=True)
    assert read_p12(p12, PASSWORD).info.ruc == RUC


def test_legacy_rc2_40_p12_from_openssl_is_read(tmp_path, p12_bytes):
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not installed")
    src, pem, out = tmp_path / "modern.p12", tmp_path / "all.pem", tmp_path / "legacy.p12"
    src.write_bytes(p12_bytes)
    env = {"P12PASS": PASSWORD, "PATH": "/usr/bin:/bin"}
    subprocess.run(["openssl", "pkcs12", "-in", str(src), "-nodes", "-passin", "env:P12PASS", "-out", str(pem)],
                   check=True, env=env, capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-legacy", "-certpbe", "PBE-SHA1-RC2-40", "-keypbe",
                    "PBE-SHA1-3DES", "-in", str(pem), "-passout", "env:P12PASS", "-out", str(out)],
                   check=True, env=env, capture_output=True)
    info = subprocess.run(["openssl", "pkcs12", "-legacy", "-info", "-noout", "-in", str(out), "-passin",
                           "env:P12PASS"], env=env, capture_output=True, text=True)
    assert "RC2-CBC" in info.stdout + info.stderr
    assert read_p12(out.read_bytes(), PASSWORD).info.ruc == RUC


def test_two_key_pairs_pick_the_digital_signature_one():
    p12 = generate_two_key_p12(RUC, PASSWORD)
    cert = read_p12(p12, PASSWORD)
    assert signing_usage(cert.certificate) == 2
    assert cert.key.public_key().public_numbers() == cert.certificate.public_key().public_numbers()


def test_every_key_of_the_file_is_found_not_only_the_first():
    p12 = generate_two_key_p12(RUC, PASSWORD)
    assert len(private_keys(p12, PASSWORD)) == 2
    assert private_keys(p12, "incorrecta") == [] and private_keys(b"\x30\x03garbage", PASSWORD) == []


def test_an_encryption_only_certificate_cannot_sign():
    p12 = devcert.generate_p12(RUC, PASSWORD, usage="encryption")
    with pytest.raises(NoSigningCertificate, match="firma digital"):
        read_p12(p12, PASSWORD)


@pytest.mark.parametrize("password", ["incorrecta", ""])
def test_wrong_password(p12_bytes, password):
    with pytest.raises(WrongPassword, match="contraseña") as caught:
        read_p12(p12_bytes, password)
    assert caught.value.code == "certificate_wrong_password"


def test_garbage_is_reported_like_a_wrong_password():
    with pytest.raises(WrongPassword):
        read_p12(b"not a p12 file", PASSWORD)


def test_expired_certificate():
    p12 = devcert.generate_p12(RUC, PASSWORD, not_before=NOW - timedelta(days=400), days=365)
    with pytest.raises(CertificateExpired, match="venció"):
        load_certificate(p12, PASSWORD, expected_ruc=RUC)
    assert read_p12(p12, PASSWORD).info.days_left() < 0


def test_certificate_not_yet_valid():
    p12 = devcert.generate_p12(RUC, PASSWORD, not_before=NOW + timedelta(days=2))
    with pytest.raises(CertificateNotYetValid, match="válido"):
        load_certificate(p12, PASSWORD)


def test_ruc_mismatch(p12_bytes):
    with pytest.raises(RucMismatch, match="0992339411001") as caught:
        load_certificate(p12_bytes, PASSWORD, expected_ruc="0992339411001")
    assert (caught.value.expected, caught.value.found) == ("0992339411001", RUC)


@pytest.mark.parametrize(("where", "identifier", "ruc"), [
    ("extension", RUC, RUC), ("serial_number", RUC, RUC), ("serial_number", "1710034065", "1710034065001"),
    ("none", RUC, None)])
def test_ruc_is_found_in_the_extension_or_the_serial_number(where, identifier, ruc):
    p12 = devcert.generate_p12(identifier, PASSWORD, ruc_in=where)
    assert read_p12(p12, PASSWORD).info.ruc == ruc


def test_a_certificate_without_ruc_does_not_match():
    p12 = devcert.generate_p12(RUC, PASSWORD, ruc_in="none")
    with pytest.raises(RucMismatch, match="no indica"):
        load_certificate(p12, PASSWORD, expected_ruc=RUC)


def test_devcert_command_writes_a_readable_file(tmp_path):
    out = tmp_path / "demo.p12"
    devcert.main(["--ruc", RUC, "--password", "demo", "--out", str(out), "--days", "30"])
    assert read_p12(out.read_bytes(), "demo").info.days_left() in (29, 30)
