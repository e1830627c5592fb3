"""Reading an RPC request: tenant, path ids, query values; and the request-model base.

Errors follow the public format: a bad query value is a 422 naming the parameter,
a path id that is not a number is a 404 (it cannot exist in any company).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from shared.contracts.rpc import Forbidden, NotFound, RpcRequest, Unprocessable

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class RequestModel(BaseModel):
    """Base of request bodies: trims strings, ignores unknown fields.

    As Laravel's ConvertEmptyStringsToNull: a blank string is null; null on a
    required field counts as missing ("El campo name es obligatorio.").
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _blank_to_none(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, str) and not value.strip():
                value = None
            field = cls.model_fields.get(key)
            if value is None and field is not None and field.is_required():
                continue
            out[key] = value
        return out


def tenant(req: RpcRequest) -> int:
    """The caller's company id, as set by the gateway. Every query is scoped by it."""
    if req.identity is None:
        raise Forbidden("Acceso no permitido.")
    return req.identity.company_id


def path_id(req: RpcRequest, name: str = "id") -> int:
    raw = (req.path_params.get(name) or "").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 2**63 - 1:  # ids start at 1 (the schema's minimum)
        raise NotFound()
    return int(raw)


def query_str(req: RpcRequest, name: str) -> str | None:
    """A query value, trimmed; empty means absent."""
    value = (req.query.get(name) or "").strip()
    return value or None


def query_int(req: RpcRequest, name: str, *, minimum: int = 1, maximum: int = 2**63 - 1) -> int | None:
    """An optional integer query value within [minimum, maximum], else 422 on `name`."""
    raw = query_str(req, name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Unprocessable({name: [f"El campo {name} debe ser un número entero."]}) from None
    if not minimum <= value <= maximum:
        raise Unprocessable({name: [f"El campo {name} debe estar entre {minimum} y {maximum}."]})
    return value


def query_date(req: RpcRequest, name: str) -> date | None:
    """An optional `YYYY-MM-DD` query value, else 422 on `name`."""
    raw = query_str(req, name)
    if raw is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise Unprocessable({name: [f"El campo {name} debe ser una fecha válida (AAAA-MM-DD)."]}) from None


def query_date_range(req: RpcRequest, first: str = "from", last: str = "to") -> tuple[date | None, date | None]:
    """Two optional dates bounding a range (both inclusive); `last` before `first` is a 422 on `last`."""
    start, end = query_date(req, first), query_date(req, last)
    if start is not None and end is not None and end < start:
        raise Unprocessable({last: [f"El campo {last} debe ser una fecha posterior o igual a {first}."]})
    return start, end


def query_choice(req: RpcRequest, name: str, choices: dict[str, str], default: str | None = None) -> str | None:
    """A query value from `choices` (accepted spelling -> canonical value), else 422 on `name`."""
    raw = query_str(req, name)
    if raw is None:
        return default
    if raw not in choices:
        allowed = ", ".join(sorted(set(choices)))
        raise Unprocessable({name: [f"El valor del campo {name} no es válido. Valores permitidos: {allowed}."]})
    return choices[raw]


ACTIVE_FILTER = {"active": True, "inactive": False, "all": None}


def query_active(req: RpcRequest, name: str = "status") -> bool | None:
    """`status` = active (default) | inactive | all, as the `active` value to filter on (None: all)."""
    return ACTIVE_FILTER[query_choice(req, name, {k: k for k in ACTIVE_FILTER}, default="active")]
