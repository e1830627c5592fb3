"""The answers of sequencing's calls (services/sequencing/views/)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from shared.contracts.answers import Answer, Code3, Number9, Series, Timestamp, page_of, saved

# canonical types (shared.contracts.sequencing.DOCUMENT_TYPES; the alias sales_note is answered as sales_order)
DocumentType = Literal["invoice", "sales_order", "quotation", "credit_note", "debit_note"]
DisplayNumber = Annotated[str, Field(pattern=r"^[0-9]{3}-[0-9]{3}-[0-9]{9}$", examples=["001-002-000000217"])]


class EstablishmentLookupItem(Answer):
    """An active establishment enabled for the type (views/establishments.py: lookup)."""

    id: int
    code: Code3
    name: str


class EstablishmentLookup(Answer):
    """GET /documents/lookups/establishments (API.md Part A): every match, by code."""

    EXAMPLE = {"data": [{"id": 1, "code": "001", "name": "Establecimiento 001"}]}
    data: list[EstablishmentLookupItem]


class PointOfSaleLookupItem(Answer):
    """An active emission point of an active establishment (views/points_of_sale.py: lookup)."""

    id: int
    establishment_id: int
    name: str
    code: Code3 = Field(description="the emission point's code (PPP)")
    series: Series


class PointOfSaleLookup(Answer):
    """GET /documents/lookups/points-of-sale (API.md Part A): every match, by series."""

    EXAMPLE = {"data": [{"id": 2, "establishment_id": 1, "name": "Punto 001-002", "code": "002",
                         "series": "001-002"}]}
    data: list[PointOfSaleLookupItem]


class SequencePreview(Answer):
    """GET /documents/sequence-preview (API.md Part A): the next number, not consumed."""

    EXAMPLE = {"type": "invoice", "series": "001-002", "establishment": "001", "emission_point": "002",
               "next_number": "000000217", "display_number": "001-002-000000217"}
    type: DocumentType
    series: Series
    establishment: Code3 = Field(description="the series' establishment code (EEE)")
    emission_point: Code3 = Field(description="the series' emission point code (PPP)")
    next_number: Number9
    display_number: DisplayNumber = Field(description="EEE-PPP-NNNNNNNNN")


class Establishment(Answer):
    """An establishment (views/establishments.py: detail)."""

    id: int
    code: Code3
    name: str
    address: str | None
    document_types: list[DocumentType] = Field(description="the document types it may issue")
    active: bool
    created_at: Timestamp


EstablishmentPage = page_of(Establishment)
EstablishmentSaved = saved(Establishment)


class PointOfSale(Answer):
    """An emission point and its series (views/points_of_sale.py: detail)."""

    id: int
    establishment_id: int
    establishment_code: Code3
    code: Code3 = Field(description="the emission point's code (PPP)")
    name: str
    series: Series
    document_types: list[DocumentType] = Field(description="the document types its series numbers")
    active: bool
    manual_numbering: bool = Field(description="whether it accepts numbers chosen by the user")
    created_at: Timestamp


PointOfSalePage = page_of(PointOfSale)
PointOfSaleSaved = saved(PointOfSale)

ANSWERS: dict[str, type[Answer]] = {
    "lookups.establishments": EstablishmentLookup,
    "lookups.points_of_sale": PointOfSaleLookup,
    "sequence.preview": SequencePreview,
    "establishments.list": EstablishmentPage,
    "establishments.create": EstablishmentSaved,
    "establishments.get": Establishment,
    "points_of_sale.list": PointOfSalePage,
    "points_of_sale.create": PointOfSaleSaved,
    "points_of_sale.get": PointOfSale,
    "points_of_sale.update": PointOfSaleSaved,
}
