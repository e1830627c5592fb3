"""The answers of documents' customer calls (services/documents/views/customers.py)."""
from __future__ import annotations

from pydantic import Field

from shared.contracts.answers import Answer, IdentificationType, Timestamp, page_of, saved


class Customer(Answer):
    """A customer of the company (views/customers.py: customer)."""

    id: int
    code: str = Field(description="the company's code, `CLI-0001` when none was given")
    name: str
    identification_type: IdentificationType
    identification: str
    ruc: str | None = Field(description="the identification when its type is `ruc`, else null")
    cedula: str | None = Field(description="the identification when its type is `cedula`, else null")
    email: str | None
    phone: str | None
    address: str | None
    active: bool = Field(description="false once deleted (soft delete: its documents keep it)")
    created_at: Timestamp
    updated_at: Timestamp


CustomerPage = page_of(Customer)
CustomerSaved = saved(Customer)


class CustomerLookup(Answer):
    """An active customer for autocomplete (views/customers.py: customer_lookup)."""

    id: int
    name: str
    identification: str
    ruc: str | None = Field(description="the identification when its type is `ruc`, else null")
    cedula: str | None = Field(description="the identification when its type is `cedula`, else null")
    code: str


CustomerLookupPage = page_of(CustomerLookup, "CustomerLookupPage")
CustomerLookupPage.EXAMPLE = {
    "data": [{"id": 2, "name": "Cliente Demo", "identification": "0999999999", "ruc": None,
              "cedula": "0999999999", "code": "CLI-0002"}],
    "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1}}


ANSWERS: dict[str, type[Answer]] = {
    "lookups.customers": CustomerLookupPage,
    "customers.list": CustomerPage,
    "customers.create": CustomerSaved,
    "customers.get": Customer,
    "customers.update": CustomerSaved,
    "customers.delete": CustomerSaved,
}
