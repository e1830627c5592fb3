"""Free-text types of the request bodies: no control characters, so nothing stored can break an
XML (the SRI's documents, which XML 1.0 cannot even carry) or a PDF later.

    Text            one line: names, descriptions, addresses, reasons, references, codes
    MultilineText   notes and additional information: tab, newline and carriage return allowed

Rejected: C0 and C1 control characters (U+0000-U+001F, U+007F-U+009F) but the ones a
MultilineText allows, lone surrogates (a JSON `\\ud800` escape), the non-characters U+FFFE and
U+FFFF, and in a Text also the line and paragraph separators U+2028/U+2029. A rejected value
is a 422 naming the field (shared.rpc.validation turns the error type into the Spanish reason).
Use them like `str`: `name: Text | None = Field(None, max_length=300)`.
"""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

__all__ = ["MultilineText", "Text"]

# the same characters as JSON Schema regex classes (the OpenAPI patterns; lone surrogates cannot be written
# in a JSON string's pattern and never reach one)
LINE_FORBIDDEN_CLASS = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff"
MULTILINE_FORBIDDEN_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff"
_MULTILINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _one_line(value: str) -> str:
    if _LINE_FORBIDDEN.search(value):
        raise PydanticCustomError("text_control_characters", "control characters in a one-line text")
    return value


def _multiline(value: str) -> str:
    if _MULTILINE_FORBIDDEN.search(value):
        raise PydanticCustomError("multiline_control_characters", "control characters in a text")
    return value


Text = Annotated[str, AfterValidator(_one_line)]
MultilineText = Annotated[str, AfterValidator(_multiline)]
