"""Pydantic validation errors in the public error format, with Spanish reasons.

`{"message": "El campo items es obligatorio.", "errors": {"items": ["El campo items es obligatorio."]}}`
"""
from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from shared.contracts.rpc import Unprocessable

M = TypeVar("M", bound=BaseModel)

_REASONS = {
    "missing": "El campo {f} es obligatorio.",
    "int_type": "El campo {f} debe ser un número entero.",
    "int_parsing": "El campo {f} debe ser un número entero.",
    "int_from_float": "El campo {f} debe ser un número entero.",
    "float_type": "El campo {f} debe ser un número.",
    "float_parsing": "El campo {f} debe ser un número.",
    "decimal_type": "El campo {f} debe ser un número.",
    "decimal_parsing": "El campo {f} debe ser un número.",
    "decimal_max_places": "El campo {f} tiene demasiados decimales.",
    "decimal_max_digits": "El campo {f} tiene demasiados dígitos.",
    "decimal_whole_digits": "El campo {f} tiene demasiados dígitos.",
    "string_type": "El campo {f} debe ser una cadena de texto.",
    "string_too_short": "El campo {f} es demasiado corto.",
    "string_too_long": "El campo {f} es demasiado largo.",
    "string_pattern_mismatch": "El formato del campo {f} no es válido.",
    "bool_type": "El campo {f} debe ser verdadero o falso.",
    "bool_parsing": "El campo {f} debe ser verdadero o falso.",
    "date_type": "El campo {f} debe ser una fecha válida (AAAA-MM-DD).",
    "date_parsing": "El campo {f} debe ser una fecha válida (AAAA-MM-DD).",
    "date_from_datetime_parsing": "El campo {f} debe ser una fecha válida (AAAA-MM-DD).",
    "datetime_parsing": "El campo {f} debe ser una fecha y hora válida.",
    "list_type": "El campo {f} debe ser una lista.",
    "dict_type": "El campo {f} debe ser un objeto.",
    "model_type": "El campo {f} debe ser un objeto.",
    "too_short": "El campo {f} debe tener al menos {min_length} elemento(s).",
    "too_long": "El campo {f} debe tener como máximo {max_length} elementos.",
    "greater_than": "El campo {f} debe ser mayor que {gt}.",
    "greater_than_equal": "El campo {f} debe ser mayor o igual que {ge}.",
    "less_than": "El campo {f} debe ser menor que {lt}.",
    "less_than_equal": "El campo {f} debe ser menor o igual que {le}.",
    "literal_error": "El valor del campo {f} no es válido. Valores permitidos: {expected}.",
    "enum": "El valor del campo {f} no es válido. Valores permitidos: {expected}.",
    "extra_forbidden": "El campo {f} no está permitido.",
    "email": "El campo {f} debe ser un correo electrónico válido.",
    "text_control_characters": "El campo {f} no puede contener caracteres de control (saltos de línea, "
                               "tabuladores u otros caracteres no imprimibles).",
    "multiline_control_characters": "El campo {f} no puede contener caracteres de control (solo se permiten "
                                    "saltos de línea y tabuladores).",
}


def field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "body"


def reason_for(err: dict[str, Any]) -> str:
    path = field_path(err["loc"])
    if err["type"] == "value_error":
        # raised by our own validators: the message is already Spanish
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return msg
    template = _REASONS.get(err["type"])
    if template is None:
        return f"El valor del campo {path} no es válido."
    ctx = {k: v for k, v in (err.get("ctx") or {}).items()}
    if isinstance(ctx.get("expected"), str):  # pydantic writes "'a', 'b' or 'c'"
        ctx["expected"] = ctx["expected"].replace("' or '", "' o '")
    try:
        return template.format(f=path, **ctx)
    except (KeyError, IndexError):
        return f"El valor del campo {path} no es válido."


def to_unprocessable(exc: ValidationError) -> Unprocessable:
    errors: dict[str, list[str]] = {}
    for err in exc.errors():
        errors.setdefault(field_path(err["loc"]), []).append(reason_for(err))
    return Unprocessable(errors)


def validate_body(model: type[M], body: Any) -> M:
    """Validate a request body or raise a 422 with field paths and Spanish reasons."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise Unprocessable({"body": ["El cuerpo de la solicitud debe ser un objeto JSON."]})
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise to_unprocessable(exc) from None
