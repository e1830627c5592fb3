"""Envelope, registry, validation messages and settings errors (no servers)."""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from shared.contracts import Contract, Envelope, routing_key_for
from shared.contracts.registry import model_for, parse_payload, register, register_upcaster
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body
from shared.settings import BaseServiceSettings, load_settings

pytestmark = pytest.mark.unit


@register
class WidgetMade(Contract):
    TYPE = "tests.widget_made"
    VERSION = 1
    name: str


@register
class WidgetMadeV2(Contract):
    TYPE = "tests.widget_made"
    VERSION = 2
    name: str
    size: int


register_upcaster("tests.widget_made", 1, lambda p: {**p, "size": 0})


def test_envelope_wraps_contract_and_round_trips():
    env = Envelope.wrap(WidgetMade(name="a"), company_id=5, correlation_id="doc-1")
    again = Envelope.model_validate_json(env.model_dump_json())
    assert again == env
    assert (again.type, again.version, again.payload) == ("tests.widget_made", 1, {"name": "a"})
    assert routing_key_for(env.type, env.version) == "tests.widget_made.v1"


def test_consumers_ignore_unknown_fields():
    env = Envelope.model_validate({"type": "tests.widget_made", "payload": {"name": "x", "new": 1}, "extra": True})
    assert parse_payload(env) == WidgetMade(name="x")


def test_old_payload_is_upcast_to_the_version_asked_for():
    env = Envelope.wrap(WidgetMade(name="old"))
    assert parse_payload(env, WidgetMadeV2) == WidgetMadeV2(name="old", size=0)
    assert model_for("tests.widget_made", 2) is WidgetMadeV2


def test_registering_another_model_under_the_same_key_fails():
    class Clash(Contract):
        TYPE = "tests.widget_made"
        VERSION = 1
    with pytest.raises(ValueError):
        register(Clash)


class Item(BaseModel):
    quantity: Decimal = Field(gt=0)


class Body(BaseModel):
    items: list[Item] = Field(min_length=1)
    mode: Literal["issued", "draft"] = "issued"


def test_validation_errors_have_field_paths_and_spanish_reasons():
    with pytest.raises(Unprocessable) as exc:
        validate_body(Body, {"items": [{"quantity": "1"}, {"quantity": "0"}], "mode": "x"})
    errors = exc.value.errors
    assert errors["items.1.quantity"] == ["El campo items.1.quantity debe ser mayor que 0."]
    assert "mode" in errors and "issued" in errors["mode"][0]
    assert exc.value.status == 422


def test_missing_field_message_is_the_published_one():
    with pytest.raises(Unprocessable) as exc:
        validate_body(Body, {})
    assert exc.value.body() == {"message": "El campo items es obligatorio.",
                                "errors": {"items": ["El campo items es obligatorio."]}}


def test_non_object_body_is_422():
    with pytest.raises(Unprocessable) as exc:
        validate_body(Body, [1, 2])
    assert "body" in exc.value.errors


def test_settings_error_names_the_variable(monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("AMQP_URL", "amqp://x")
    monkeypatch.setenv("HTTP_PORT", "not-a-port")
    with pytest.raises(SystemExit) as exc:
        load_settings(BaseServiceSettings)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("configuration error:") and "DATABASE_URL is required" in err and "HTTP_PORT" in err
    assert "\n" not in err
