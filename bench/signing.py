"""XAdES-BES signatures/s against raw RSA-2048 signs/s of the same key, and XML build+validate docs/s.

Everything runs in one process, one thread, in the same run, so the ratio between
the signer and the bare RSA operation is meaningful even on a noisy machine.

Usage: .venv/bin/python bench/signing.py [--seconds 3]
Needs the official XSDs in ../shared/sri/xsd (or SRI_XSD_DIR).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from services.sri_submitter.certificates import devcert  # noqa: E402
from services.sri_submitter.domain import access_key  # noqa: E402
from services.sri_submitter.certificates.pkcs12 import read_p12  # noqa: E402
from services.sri_submitter.xml import XsdValidator, build_validated, signing  # noqa: E402
from tests.sri_submitter.cases import CASES  # noqa: E402


def rate(fn, seconds: float) -> float:
    """Calls per second of `fn`, measured for about `seconds` after a short warm-up."""
    for _ in range(20):
        fn()
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(20):
            fn()
        count += 20
    return count / elapsed


def key_of(doc) -> str:
    return access_key.build(issue_date=doc.issue_date, doc_type=doc.document_type, ruc=doc.issuer.ruc,
                            environment=doc.environment, establishment=doc.establishment,
                            emission_point=doc.emission_point, sequential=doc.sequential)


def fixture():
    """(certificate, XSD validator, a 6-line invoice, its access key, its validated XML)."""
    cert = read_p12(devcert.generate_p12("1792146739001", "bench"), "bench")
    validator = XsdValidator()
    doc = CASES["mixed_iva"]()  # a 6-line invoice
    key = key_of(doc)
    return cert, validator, doc, key, build_validated(doc, key, validator)


def cpu_ms(fn, seconds: float) -> float:
    """CPU milliseconds of this process per call of `fn`, over about `seconds` after a warm-up."""
    for _ in range(5):
        fn()
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        fn()
        count += 1
    return (time.process_time() - cpu) * 1000 / count


def invoice_work_ms(seconds: float = 2) -> dict[str, float]:
    """CPU ms per document of the submitter's own work, for bench/suite.py: XML build + XSD, XAdES sign."""
    cert, validator, doc, key, root = fixture()
    return {"xml": cpu_ms(lambda: build_validated(doc, key, validator), seconds),
            "sign": cpu_ms(lambda: signing.sign(root, cert.key, cert.certificate), seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    seconds = parser.parse_args().seconds
    cert, validator, doc, key, root = fixture()
    payload = b"x" * 600  # about the size of a canonical SignedInfo
    results = {
        "raw RSA-2048 PKCS#1 v1.5 SHA-1 signs/s": rate(lambda: cert.key.sign(payload, PKCS1v15(), hashes.SHA1()),
                                                       seconds),
        "raw RSA-2048 PKCS#1 v1.5 SHA-256 signs/s": rate(
            lambda: cert.key.sign(payload, PKCS1v15(), hashes.SHA256()), seconds),
        "XAdES-BES sign (RSA-SHA1) docs/s": rate(lambda: signing.sign(root, cert.key, cert.certificate), seconds),
        "XAdES-BES sign (RSA-SHA256) docs/s": rate(
            lambda: signing.sign(root, cert.key, cert.certificate, algorithm="sha256"), seconds),
        "XML build + XSD validate docs/s": rate(lambda: build_validated(doc, key, validator), seconds),
    }
    signed = signing.sign(root, cert.key, cert.certificate)
    results["XAdES verify (signxml) docs/s"] = rate(lambda: signing.verify(signed, cert.certificate), seconds)
    print(f"bench/signing.py: one thread, {seconds:g}s per figure; {machine()}")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value:10.1f}")
    for algo, label in (("SHA-1", "RSA-SHA1"), ("SHA-256", "RSA-SHA256")):
        raw = results[f"raw RSA-2048 PKCS#1 v1.5 {algo} signs/s"]
        xades = results[f"XAdES-BES sign ({label}) docs/s"]
        print(f"signer / raw RSA ({algo}): {xades / raw:.2f} "
              f"(overhead {1000 / xades - 1000 / raw:.2f} ms per document)")
    print(f"signed document size: {len(signed)} bytes")


def machine() -> str:
    """CPU count and load average, to judge how idle the machine was."""
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load}"


if __name__ == "__main__":
    main()
