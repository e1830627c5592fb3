"""Maps (type, version) to the contract model, with upcasting of old versions."""
from __future__ import annotations

from typing import Callable

from shared.contracts.envelope import Contract, Envelope

_MODELS: dict[tuple[str, int], type[Contract]] = {}
_UPCASTERS: dict[tuple[str, int], Callable[[dict], dict]] = {}


def register(model: type[Contract]) -> type[Contract]:
    key = (model.TYPE, model.VERSION)
    if key in _MODELS and _MODELS[key] is not model:
        raise ValueError(f"contract {key} registered twice")
    _MODELS[key] = model
    return model


def register_upcaster(type_: str, from_version: int, fn: Callable[[dict], dict]) -> None:
    """fn turns a payload of `from_version` into one of `from_version + 1`."""
    _UPCASTERS[(type_, from_version)] = fn


def model_for(type_: str, version: int) -> type[Contract]:
    try:
        return _MODELS[(type_, version)]
    except KeyError:
        raise LookupError(f"unknown contract {type_} v{version}") from None


def parse_payload(envelope: Envelope, target: type[Contract] | None = None) -> Contract:
    """Validate an envelope's payload, upcasting it to `target`'s version when older."""
    payload, version = dict(envelope.payload), envelope.version
    if target is not None:
        while version < target.VERSION:
            payload = _UPCASTERS[(envelope.type, version)](payload)
            version += 1
        return target.model_validate(payload)
    return model_for(envelope.type, version).model_validate(payload)
