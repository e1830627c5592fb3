"""Typed SRI errors: every identifier SRI.md §6 lists has its own stable code and a Spanish hint."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.sri_submitter.domain.messages import CATALOG, UNKNOWN, describe, local

pytestmark = pytest.mark.unit

SPEC = (Path(__file__).resolve().parents[4] / ".." / "shared" / "spec" / "SRI.md").resolve()
# SRI.md §6 "Error ids" (R/A), the issuer-side checks, the warnings, and ConsultaComprobante's 99
SPEC_IDS = ("2 10 26 27 28 35 36 37 39 40 43 45 46 47 48 49 50 52 56 57 58 63 65 67 70 80 82 92 "
            "34 42 64 69 59 60 62 68 99").split()
SPANISH = re.compile(r"[áéíóúñ]|\b(el|la|los|las|del|de|que|y)\b", re.IGNORECASE)


def ids_in_spec(text: str) -> set[str]:
    """The identifiers of §6's error list, issuer-side checks and warnings."""
    section = text.split("**Error ids**", 1)[1].split("Validation order", 1)[0]
    listed = re.findall(r"^- \**(\d+) [RA]:", section, re.MULTILINE)
    parenthesised = re.findall(r"\b(\d{2}) \(", section)
    return set(listed) | set(parenthesised)


@pytest.mark.parametrize("ident", SPEC_IDS)
def test_every_identifier_has_a_code_and_a_spanish_hint(ident):
    message = describe(ident, "MENSAJE DEL SRI")
    assert (message.code, message.hint) == CATALOG[ident]
    assert re.fullmatch(r"SRI_[A-Z0-9_]+", message.code) and message.code != UNKNOWN[0]
    assert message.hint.endswith(".") and SPANISH.search(message.hint), message.hint
    assert message.identificador == ident and message.mensaje == "MENSAJE DEL SRI"


def test_codes_are_unique():
    codes = [code for code, _ in CATALOG.values()]
    assert len(codes) == len(set(codes))


def test_the_list_above_is_the_specs():
    if not SPEC.is_file():
        pytest.skip(f"{SPEC} not found (team folder ../shared/spec)")
    assert ids_in_spec(SPEC.read_text(encoding="utf-8")) <= set(SPEC_IDS)


def test_unknown_identifier_and_local_problems():
    assert (describe(" 999 ", "NUEVO").code, describe("999", "x").hint) == UNKNOWN
    assert describe("35", "ARCHIVO NO CUMPLE", "cvc-complex-type.2.4.a").hint.endswith("cvc-complex-type.2.4.a")
    assert describe("60", "ok", tipo="ADVERTENCIA").tipo == "ADVERTENCIA"
    message = local("SRI_NO_ANSWER", "Sin respuesta.", "Reintente.")
    assert (message.identificador, message.code, message.hint) == ("LOCAL", "SRI_NO_ANSWER", "Reintente.")
