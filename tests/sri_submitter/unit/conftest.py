"""Fixtures of the sri_submitter unit tests: the official XSDs, a test certificate, xmlsec1."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from services.sri_submitter.certificates import devcert
from services.sri_submitter.certificates.info import SigningCertificate
from services.sri_submitter.certificates.pkcs12 import read_p12
from services.sri_submitter.xml import XsdValidator
from tests.sri_submitter.snapshots import RUC

XSD_DIR = (Path(__file__).resolve().parents[3] / ".." / "shared" / "sri" / "xsd").resolve()
PASSWORD = "clave-de-prueba-ñ"


@pytest.fixture(scope="session")
def validator() -> XsdValidator:
    if not (XSD_DIR / "factura_V1.1.0.xsd").is_file():
        pytest.skip(f"official SRI XSDs not found in {XSD_DIR} (team folder ../shared/sri/xsd)")
    return XsdValidator(XSD_DIR)


@pytest.fixture(scope="session")
def p12_bytes() -> bytes:
    return devcert.generate_p12(RUC, PASSWORD)


@pytest.fixture(scope="session")
def signing_cert(p12_bytes) -> SigningCertificate:
    return read_p12(p12_bytes, PASSWORD)


@pytest.fixture(scope="session")
def xmlsec_verify(tmp_path_factory, signing_cert):
    """xmlsec1 --verify of signed bytes, trusting the test certificate; returns (ok, output)."""
    if shutil.which("xmlsec1") is None:  # a failure, not a skip: it is the independent check of every signature
        pytest.fail("xmlsec1 is not installed: apt-get install xmlsec1 (scripts/infra.sh install does it; "
                    "make test runs that)")
    folder = tmp_path_factory.mktemp("xmlsec")
    cert_pem = folder / "cert.pem"
    cert_pem.write_bytes(signing_cert.certificate.public_bytes(Encoding.PEM))

    def verify(signed: bytes, root_tag: str, name: str = "doc") -> tuple[bool, str]:
        path = folder / f"{name}.xml"
        path.write_bytes(signed)
        cmd = ["xmlsec1", "--verify", "--trusted-pem", str(cert_pem), "--id-attr:id", root_tag,
               "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", str(path)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return done.returncode == 0 and "OK" in done.stdout + done.stderr, done.stdout + done.stderr

    return verify
