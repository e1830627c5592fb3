"""The `sri.submit_document` v1 contract: registry, JSON shape, per-type rules."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from shared.contracts import Envelope
from shared.contracts.registry import model_for, parse_payload
from shared.contracts.sri import SubmitDocument
from tests.sri_submitter.cases import CASES

pytestmark = pytest.mark.unit


def test_registered_as_a_command():
    assert model_for("sri.submit_document", 1) is SubmitDocument
    assert SubmitDocument.KIND == "command"


@pytest.mark.parametrize("name", sorted(CASES))
def test_round_trips_through_the_envelope(name):
    doc = CASES[name]()
    envelope = Envelope.wrap(doc, company_id=1, correlation_id=str(doc.document_id))
    again = parse_payload(Envelope.model_validate_json(envelope.model_dump_json()))
    assert again == doc


def test_money_travels_as_strings():
    payload = json.loads(CASES["six_decimals"]().model_dump_json())
    assert payload["totals"]["total"] == "50.46"
    assert payload["lines"][1]["quantity"] == "12.345678"
    assert payload["lines"][0]["taxes"][0]["rate"] == "15"


def test_every_field_is_described():
    def undescribed(model) -> list[str]:
        missing = [f"{model.__name__}.{n}" for n, f in model.model_fields.items() if not f.description]
        for field in model.model_fields.values():
            for arg in getattr(field.annotation, "__args__", ()) + (field.annotation,):
                if isinstance(arg, type) and hasattr(arg, "model_fields") and arg is not model:
                    missing += undescribed(arg)
        return missing
    assert undescribed(SubmitDocument) == []


def payload(name: str, **changes) -> dict:
    return {**CASES[name]().model_dump(mode="json"), **changes}


@pytest.mark.parametrize(("name", "changes", "message"), [
    ("cedula", {"payments": []}, "forma de pago"),
    ("credit_note", {"modified_document": None}, "documento modificado"),
    ("credit_note", {"reason": "  "}, "motivo"),
    ("debit_note", {"debit_reasons": []}, "motivo"),
    ("credit_note", {"buyer": {"identification_type": "consumidor_final", "identification": "", "name": ""}},
     "consumidor final"),
])
def test_rules_per_document_type(name, changes, message):
    with pytest.raises(ValidationError, match=message):
        SubmitDocument.model_validate(payload(name, **changes))


@pytest.mark.parametrize(("path", "value"), [(("totals", "total"), "1.005"), (("issuer", "ruc"), "179214673900"),
                                             (("establishment",), "1"), (("sequential",), 0)])
def test_field_constraints(path, value):
    data = payload("cedula")
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError):
        SubmitDocument.model_validate(data)


def test_number_property():
    assert CASES["cedula"]().number == "001-002-000000123"
    assert CASES["cedula"]().totals.tip == Decimal("0")
