"""Request bodies of the documents service's RPC methods (the gateway builds OpenAPI from them).

Customers (`customers.create` / `customers.update`) and sales documents (API.md Part A
`POST /documents/invoices`, Part B notes). Field errors come back as 422 with the field
path (`items.0.quantity`) and a Spanish reason. Cross-field and data-dependent rules
(identification check digits per type, product or description, discounts, due dates,
credit limits) are the service's business rules, checked after this.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from shared.contracts.payment_methods import check_method
from shared.contracts.sequencing import SERIES_PATTERN
from shared.contracts.text import MultilineText
from shared.contracts.text import Text as OneLine
from shared.rpc.params import RequestModel
from shared.sri.catalogues import FINAL_CONSUMER_ID
from shared.sri.identification import CEDULA_PATTERN, RUC_PATTERN

IdentificationType = Literal["ruc", "cedula", "pasaporte", "consumidor_final", "exterior"]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# the identification by type, as far as a pattern goes (services/documents/domain/customers.py;
# the cédula and RUC check digits are the service's)
IDENTIFICATION_PATTERNS = {
    "cedula": CEDULA_PATTERN,
    "ruc": RUC_PATTERN,
    "pasaporte": "^[A-Za-z0-9-]{3,20}$",
    "exterior": "^[A-Za-z0-9-]{3,20}$",
}


def trimmed(pattern: str) -> str:
    """An anchored pattern that also takes the blanks around the value (the model trims them)."""
    return f"^\\s*({pattern[1:-1]})\\s*$"


def identification_schema(create: bool) -> dict[str, Any]:
    """JSON Schema of the rules by `identification_type` (an if/then/else chain, not allOf, so that
    generated clients keep one model): the identification's shape; to create, also the identification
    and a name unless consumidor final (blank: the SRI's 9999999999999 and CONSUMIDOR FINAL)."""
    def when(kind: str) -> dict[str, Any]:
        return {"required": ["identification_type"], "properties": {"identification_type": {"const": kind}}}

    rule: dict[str, Any] = {"if": when("consumidor_final"), "then": {"properties": {"identification": {"anyOf": [
        {"type": "string", "pattern": f"^\\s*({FINAL_CONSUMER_ID})?\\s*$"}, {"type": "null"}]}}}}
    for kind, pattern in ((k, trimmed(p)) for k, p in IDENTIFICATION_PATTERNS.items()):
        then: dict[str, Any] = {"properties": {"identification": {"anyOf": [
            {"type": "string", "pattern": pattern}, {"type": "null"}]}}}
        if create:
            then = {"required": ["identification", "name"], "properties": {
                "identification": {"type": "string", "pattern": pattern},
                "name": {"type": "string", "pattern": "\\S"}}}
        rule = {"if": when(kind), "then": then, "else": rule}
    return rule


class CustomerFields(RequestModel):
    """Every customer field optional: the update body, and the base of the create body."""

    model_config = ConfigDict(json_schema_extra=identification_schema(create=False))

    identification_type: IdentificationType | None = None
    identification: OneLine | None = Field(None, max_length=20, description="checked per type by the service")
    name: OneLine | None = Field(None, max_length=300)
    email: OneLine | None = Field(None, max_length=254, pattern=EMAIL)
    phone: OneLine | None = Field(None, max_length=30)
    address: OneLine | None = Field(None, max_length=300)
    code: OneLine | None = Field(None, max_length=25, description="default: CLI-0001 style, per company")


class CustomerIn(CustomerFields):
    """Create body: identification_type is required; identification and name too,
    except for consumidor final (checked by the service)."""

    model_config = ConfigDict(json_schema_extra=identification_schema(create=True))

    identification_type: IdentificationType


Quantity = Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=6)]
Price = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=6)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]
Amount = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Text = Annotated[OneLine, Field(max_length=300)]  # one line, no control characters (shared.contracts.text)
Note = Annotated[MultilineText, Field(max_length=300)]
MAX_LINES = 500


def manual_number(value: Any) -> Any:
    """`"000000123"` or 123 -> 123; 1 to 9 digits, not zero."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip()
    if not text.isdigit() or len(text) > 9 or int(text) == 0:
        raise ValueError("El campo number debe tener de 1 a 9 dígitos (000000001 a 999999999).")
    return int(text)


def only_usd(value: Any) -> Any:
    """`USD`; every other currency is refused: the SRI's documents are in dollars."""
    if value == "USD":
        return value
    raise ValueError("Solo se admite la moneda USD (dólar estadounidense): el SRI no recibe otra moneda.")


class HeaderIn(RequestModel):
    """Fields every sales document takes."""

    series: str | None = Field(None, pattern=SERIES_PATTERN, examples=["001-001"],
                               description="EEE-PPP (001 to 999); default series")
    number: int | None = Field(None, description="manual number, where the series allows it")
    issue_date: date | None = Field(None, description="default: today in the company's time zone")
    submit_mode: Literal["issued", "draft"] = "issued"
    reference: Text | None = None
    notes: MultilineText | None = Field(None, max_length=1000)

    _number = field_validator("number", mode="before")(manual_number)


class ItemIn(RequestModel):
    product_id: Id | None = None
    description: OneLine | None = Field(None, max_length=300)
    quantity: Quantity
    unit_price: Price | None = None
    tax_rate: Percent | None = None
    discount_mode: Literal["percent", "amount"] | None = None
    discount_value: Price | None = None
    discount_rate: Percent | None = Field(None, description="legacy percent discount")


class SalesDocumentIn(HeaderIn):
    """Invoice, sales order and quotation body (the published invoice fields)."""

    warehouse_id: Id | None = None
    customer_id: Id | None = None
    source_document_id: Id | None = None
    due_date: date | None = None
    due_days: int | None = Field(None, ge=0, le=3650)
    seller_name: Text | None = None
    order_reference: Text | None = None
    currency: str = Field("USD", description="only USD, Ecuador's currency (moneda DOLAR in the SRI XML)")
    delivered: bool = False
    register_initial_payment: bool = False
    initial_payment_amount: Amount | None = None
    initial_payment_date: date | None = None
    initial_payment_method: OneLine | None = Field(
        None, max_length=50, description="efectivo, transferencia, tarjeta_credito, ... or credito (a sale on "
        "credit: nothing is paid, the balance goes to the SRI with its plazo); shared.contracts.payment_methods")
    initial_payment_reference: Text | None = None
    initial_payment_notes: Note | None = None
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_LINES)

    _method = field_validator("initial_payment_method")(check_method)
    _currency = field_validator("currency", mode="before")(only_usd)


class InvoiceIn(SalesDocumentIn):
    warehouse_id: Id


class CreditItemIn(RequestModel):
    source_line_id: Id = Field(description="the invoice line (`items[].id` of GET /documents/{id})")
    quantity: Quantity | None = Field(None, description="default: all that is left to credit")
    unit_price: Price | None = Field(None, description="default: the invoice line's price")


class CreditNoteIn(HeaderIn):
    source_document_id: Id
    reason: OneLine = Field(min_length=1, max_length=300)
    items: list[CreditItemIn] = Field(min_length=1, max_length=MAX_LINES)
    return_stock: bool = False
    warehouse_id: Id | None = Field(None, description="where stock returns; default the invoice's")


class DebitReasonIn(RequestModel):
    reason: OneLine = Field(min_length=1, max_length=300)
    amount: Amount


class DebitNoteIn(HeaderIn):
    source_document_id: Id
    reasons: list[DebitReasonIn] = Field(min_length=1, max_length=MAX_LINES)
    tax_rate: Percent | None = Field(
        None, description="IVA % of the debited amounts; default: the general rate on the invoice's date")
    due_date: date | None = None
    due_days: int | None = Field(None, ge=0, le=3650)


MAX_RECIPIENTS = 10


def email_address(value: str) -> str:
    """One e-mail address (the customer's pattern); the error names the field: `recipients.0`."""
    if not re.match(EMAIL, value):
        raise PydanticCustomError("email", "not an e-mail address")
    return value


Recipient = Annotated[OneLine, Field(max_length=254, examples=["cliente@example.com"],
                                     json_schema_extra={"pattern": trimmed(EMAIL)}), AfterValidator(email_address)]


class EmailIn(RequestModel):
    """POST /documents/{id}/email: (re)send the document; without `recipients`, to its customer's address(es)."""

    recipients: list[Recipient] | None = Field(
        None, min_length=1, max_length=MAX_RECIPIENTS, description="1 to 10 e-mail addresses; default: the customer's")
