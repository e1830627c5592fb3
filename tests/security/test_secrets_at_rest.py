"""Secrets at rest, after everything else of the run (this module comes last in the package):

- no log of this test session (every service the harness started, e2e's stacks included when
  they ran in the same session) shows a password, an API key, a session token, a webhook secret
  or the certificate's password: neither the ones this package handled nor anything shaped
  like a full API key or webhook secret;
- a pg_dump of the platform's database shows no API key, session token, webhook secret,
  certificate (the PKCS#12 bytes, its private key, any PEM) or certificate password in clear,
  while the data around them is there (so the right database was dumped).
"""
from __future__ import annotations

import base64
import glob
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

from tests.e2e.conftest import DEMO_KEY, FULL_KEY
from tests.e2e.stacks import PASSWORD
from tests.e2e.test_bad_bodies import KEY_A, KEY_B
from tests.security.conftest import MARKER, P12, SECRETS

pytestmark = [pytest.mark.e2e, pytest.mark.security]
SHAPES = [re.compile(rb"ek_[a-z0-9]{6,8}_[A-Za-z0-9]{32,}"), re.compile(rb"whsec_[A-Za-z0-9+/=]{16,}"),
          re.compile(rb"-----BEGIN [A-Z ]+-----")]


def pg_dump_binary() -> str:
    """pg_dump of the PostgreSQL the harness runs (scripts/infra.sh: the newest /usr/lib/postgresql/*/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    binary = found[-1] if found else shutil.which("pg_dump")
    assert binary, "pg_dump not found (Debian package postgresql-client; scripts/infra.sh installs it)"
    return binary


def certificate_fragments() -> list[bytes]:
    """The PKCS#12 file whole, and slices of its private key, as they could sit in a dump: raw, hex
    (bytea) or base64. (Not slices of the file: it carries the public certificate in clear, which every
    signed XML shows too.)"""
    key, _, _ = pkcs12.load_key_and_certificates(P12, PASSWORD.encode())
    der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    start = 2 * len(der) // 3  # in the primes and exponents: the modulus at the start is public (KeyValue)
    private = der[start:start + 48]
    return [P12.hex().encode(), base64.b64encode(P12), private, private.hex().encode(),
            *(base64.b64encode(der[start + shift:start + shift + 48]) for shift in range(3))]


def secrets() -> list[bytes]:
    known = {*SECRETS, DEMO_KEY, FULL_KEY, KEY_A, KEY_B, PASSWORD}
    return [s.encode() for s in sorted(known)]


def _where(text: bytes, at: int) -> str:
    """The dump's COPY (table) or the log line around position `at`."""
    copy = text.rfind(b"\nCOPY ", 0, at)
    start = copy + 1 if copy >= 0 else max(0, text.rfind(b"\n", 0, at) + 1)
    return text[start:text.find(b"\n", start)].decode(errors="replace")[:160]


def findings(text: bytes, needles: list[bytes]) -> list[str]:
    found = [(n, text.find(n)) for n in needles if n in text]
    found += [(m.group(0), m.start()) for shape in SHAPES for m in shape.finditer(text)]
    return [f"{n.decode(errors='replace')[:12]}... in {_where(text, at)}" for n, at in found]


def test_no_secret_in_any_log(stack, victim, attacker, log_dir):
    logs = sorted(Path(log_dir).rglob("*.log"))
    assert any(p.name.startswith("gateway") for p in logs), logs
    problems = {}
    for path in logs:
        if found := findings(path.read_bytes(), secrets() + certificate_fragments()):
            problems[path.name] = found
    assert not problems, problems
    print(f"\nlogs: {len(logs)} files, {sum(p.stat().st_size for p in logs) // 1024} KB, "
          f"{len(secrets())} secrets and {len(SHAPES)} shapes looked for")


def test_no_secret_in_a_database_dump(stack, victim):
    done = subprocess.run([pg_dump_binary(), "--no-owner", "--dbname", stack.env["DATABASE_URL"]],
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    dump = done.stdout
    # the right database: the victim's data and its key's hash are in it
    assert MARKER.encode() in dump and hashlib.sha256(victim["api_key"].encode()).hexdigest().encode() in dump
    assert b"CREATE TABLE gateway.sessions" in dump and b"sealed" in dump
    found = findings(dump, secrets() + certificate_fragments())
    assert not found, found
    print(f"\npg_dump: {len(dump) // 1024} KB, {len(secrets())} secrets, "
          f"{len(certificate_fragments())} certificate fragments and {len(SHAPES)} shapes looked for")


def test_the_scanner_finds_what_is_planted():
    key, token = b"ek_abcdefgh_" + b"Z" * 40, SECRETS[-1].encode()
    for planted in (key, b"whsec_" + b"Q" * 32, b"-----BEGIN PRIVATE KEY-----", token, P12.hex().encode(),
                    base64.b64encode(P12), *certificate_fragments()[2:]):
        assert findings(b"COPY x (a) FROM stdin;\n1\t" + planted + b"\n", secrets() + certificate_fragments()), planted
