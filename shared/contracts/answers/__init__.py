"""What the public API answers, field by field: one pydantic model per answer shape.

These models are the answers' contract. The OpenAPI document's response schemas are generated
from them (services/gateway/openapi/answers.py), and with `ANSWER_CHECK=true` (the tests) the
gateway validates every JSON answer against its model before sending it: a key the model does
not declare, a missing key or a value of another type is then a 500, so a view and its
model cannot drift apart unnoticed.

The views (services/<svc>/views/) still build plain dicts: nothing here runs on the hot path
in production. Extra keys are forbidden while checking; the published schemas leave objects
open, since new keys may be added within a version (API.md).

Each area module (inventory.py, documents.py, ...) defines its models and an `ANSWERS` table
from the call's key (a route's rpc, or the handler's name for the gateway's own endpoints)
to the model of its success answer; table.py merges them.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, create_model

from shared.contracts.sequencing import CODE_PATTERN, SERIES_PATTERN

# decimals as the views format them (shared.rpc.formatting): at least 4 (money, rates) or
# 3 (quantities) decimals, up to 6 when the stored value has them
Money = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{4,6}$", examples=["46.0000"])]
Quantity = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{3,6}$", examples=["2.000"])]
Rate = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]{4,6}$", examples=["15.0000"])]


def _json_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # a decimal string is Money's format
        raise ValueError("a JSON number is expected")
    return Decimal(str(value))


# money in create answers: a JSON number rounded to the cent (formatting.json_number); checked as a
# Decimal, never a float
Cents = Annotated[Decimal, BeforeValidator(_json_number), WithJsonSchema({"type": "number", "examples": [34.79]})]
Timestamp = Annotated[AwareDatetime, Field(examples=["2026-02-22T10:10:22-05:00"])]
Day = Annotated[date, Field(examples=["2026-02-22"])]
Code3 = Annotated[str, Field(pattern=CODE_PATTERN, examples=["001"])]
Series = Annotated[str, Field(pattern=SERIES_PATTERN, examples=["001-001"])]
Number9 = Annotated[str, Field(pattern=r"^[0-9]{9}$", examples=["000000321"])]
AccessKey = Annotated[str, Field(pattern=r"^[0-9]{49}$")]

# the vocabulary several areas answer with
DocumentType = Literal["invoice", "sales_order", "quotation", "credit_note", "debit_note"]
DocumentStatus = Literal["draft", "issued", "cancelled"]
SriStatus = Literal["pending", "sending", "received", "authorized", "rejected", "error", "not_applicable"]
MailStatus = Literal["pending", "sent", "failed", "skipped"]
PaymentStatus = Literal["pending", "partial", "paid"]
ProcessState = Literal["draft", "numbering", "numbered", "failed", "cancelled"]
IdentificationType = Literal["ruc", "cedula", "pasaporte", "consumidor_final", "exterior"]


class Answer(BaseModel):
    """Base of every answer model: strict types, no undeclared keys (while checking)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    EXAMPLE: ClassVar[dict[str, Any] | None] = None  # an example answer (API.md's, where it has one)


class PageMeta(Answer):
    current_page: int
    last_page: int
    per_page: int
    total: int


class Message(Answer):
    """A write that answers only a sentence (in Spanish) for the user."""

    message: str


def page_of(item: type[BaseModel], name: str | None = None) -> type[Answer]:
    """`{"data": [item, ...], "meta": PageMeta}`: a paginated list."""
    return create_model(name or f"{item.__name__}Page", __base__=Answer, __module__=item.__module__,
                        data=(list[item], ...), meta=(PageMeta, ...))


def list_of(item: type[BaseModel], name: str | None = None) -> type[Answer]:
    """`{"data": [item, ...]}`: every record at once, no pagination."""
    return create_model(name or f"{item.__name__}List", __base__=Answer, __module__=item.__module__,
                        data=(list[item], ...))


def saved(item: type[BaseModel], name: str | None = None) -> type[Answer]:
    """`{"message": "...", "data": item}`: what a create or update answers."""
    return create_model(name or f"{item.__name__}Saved", __base__=Answer, __module__=item.__module__,
                        message=(str, ...), data=(item, ...))
