"""JSON Schemas of the request models that say what the services accept, no more and no less.

pydantic's own schema is looser than the validation in ways a schema can say:
- a decimal is `number | string` with no digits or bounds on the string: here the number is an
  integer within the bounds and the string a pattern with at most `max_digits - decimal_places`
  integer digits and `decimal_places` decimals (a fraction given as a JSON number may carry
  binary noise, `0.30000000000000004`, so the document asks for it as a string);
- a Text / MultilineText (shared.contracts.text) refuses control characters; every string
  refuses NUL (the gateway: domain/payload.py), and so does every property name;
- RequestModel turns a blank string into null (Laravel's ConvertEmptyStringsToNull), so a
  string that cannot be null must hold a non-blank character, and one that can may be blank.
"""
from __future__ import annotations

from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from shared.contracts import text

_LINE_BAD = text.LINE_FORBIDDEN_CLASS
_MULTI_BAD = text.MULTILINE_FORBIDDEN_CLASS
_PLAIN_BAD = r"\u0000"
_KINDS = {"line": _LINE_BAD, "multi": _MULTI_BAD, "plain": _PLAIN_BAD}
MARK = "x-text"  # set while generating, replaced by a pattern in finish()
NAME_PATTERN = f"^[^{_PLAIN_BAD}]*$"


def text_pattern(kind: str, blank: bool) -> str:
    """Any allowed characters (blank: also none or only spaces); else at least one non-space."""
    bad = _KINDS[kind]
    return f"^[^{bad}]*$" if blank else f"^[^{bad}]*[^\\s{bad}][^{bad}]*$"


def decimal_pattern(places: int | None, digits: int | None, *, negative: bool, positive: bool,
                    hundred: bool) -> str:
    """A decimal as a string: at most `digits - places` integer digits and `places` decimals."""
    places, whole = places or 0, (digits or 18) - (places or 0)
    frac = f"(\\.[0-9]{{1,{places}}})?" if places else ""
    if hundred:  # 0..100 (a percent)
        return f"^(100(\\.0{{1,{places or 1}}})?|[0-9]{{1,2}}{frac})$"
    if positive:  # > 0: a non-zero integer part, or 0.<decimals, one of them not 0>
        small = f"|0\\.[0-9]{{0,{places - 1}}}[1-9]" if places else ""
        return f"^([1-9][0-9]{{0,{whole - 1}}}{frac}{small})$"
    return f"^{'-?' if negative else ''}[0-9]{{1,{whole}}}{frac}$"


class StrictJsonSchema(GenerateJsonSchema):
    def decimal_schema(self, schema: core_schema.DecimalSchema) -> dict[str, Any]:
        places, digits = schema.get("decimal_places"), schema.get("max_digits")
        ge, gt, le, lt = (schema.get(k) for k in ("ge", "gt", "le", "lt"))
        lower = gt is not None or ge is not None
        hundred = le is not None and float(le) == 100
        integer: dict[str, Any] = {"type": "number", "multipleOf": 1}  # a whole number (docs: number or string)
        if gt is not None:
            integer["exclusiveMinimum"] = int(gt)
        elif ge is not None:
            integer["minimum"] = int(ge)
        if le is not None or lt is not None:
            integer["maximum"] = int(le) if le is not None else int(lt) - 1
        elif digits:
            integer["maximum"] = 10 ** (digits - (places or 0)) - 1
            if not lower:
                integer["minimum"] = -integer["maximum"]
        string = {"type": "string", "pattern": decimal_pattern(
            places, digits, negative=not lower, positive=gt is not None and float(gt) == 0, hundred=hundred)}
        return {"anyOf": [integer, string]}

    def str_schema(self, schema: core_schema.StringSchema) -> dict[str, Any]:
        out = super().str_schema(schema)
        out.setdefault(MARK, "plain")
        return out

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> dict[str, Any]:
        out = super().function_after_schema(schema)
        kind = {text._one_line: "line", text._multiline: "multi"}.get(schema["function"].get("function"))
        if kind and out.get("type") == "string":
            out[MARK] = kind
        return out


def finish(node: Any, blank: bool = False) -> Any:
    """Replace the marks by patterns (blank allowed where null is), forbid NUL in property names."""
    if isinstance(node, list):
        return [finish(n, blank) for n in node]
    if not isinstance(node, dict):
        return node
    nullable = any(isinstance(b, dict) and b.get("type") == "null" for b in node.get("anyOf", ()))
    out = {k: finish(v, blank or nullable if k == "anyOf" else False) for k, v in node.items()}
    kind = out.pop(MARK, None)
    if kind is not None:
        if "pattern" in out:
            out["pattern"] = f"(^\\s*$)|({out['pattern']})" if blank else out["pattern"]
            if "enum" not in out and not blank and _KINDS[kind] not in out["pattern"]:  # else it says so itself
                out["allOf"] = [{"pattern": text_pattern(kind, False)}]
        elif "enum" not in out:
            out["pattern"] = text_pattern(kind, blank)
    if out.get("type") == "object" and "properties" in out:
        out["propertyNames"] = {"pattern": NAME_PATTERN}
    return out
