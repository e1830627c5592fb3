"""Contracts owned by sri-submitter: `sri.submit_document` v1 (command from documents), and the
request body of its RPC method `certificates.put` (`CertificateUpload`).

The command carries the full snapshot of a numbered document, so the submitter can
build the SRI XML without reading anyone else's data. Money travels as Decimal
(serialized as strings in JSON); amounts are already rounded by documents.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.contracts.envelope import Contract
from shared.contracts.registry import register
from shared.rpc.params import RequestModel
from shared.sri.catalogues import DOC_CODES, PAYMENT_FORMS
from shared.sri.identification import is_sociedad
from shared.sri.taxpayer import AGENTE_RETENCION_PATTERN, CONTRIBUYENTE_ESPECIAL_PATTERN

Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Precise = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=6)]
Text300 = Annotated[str, Field(min_length=1, max_length=300)]
DocumentType = Literal["invoice", "credit_note", "debit_note"]
IdentificationType = Literal["ruc", "cedula", "pasaporte", "consumidor_final", "exterior"]
RimpeLegend = Literal["CONTRIBUYENTE RÉGIMEN RIMPE", "CONTRIBUYENTE NEGOCIO POPULAR - RÉGIMEN RIMPE"]


class Part(BaseModel):
    """Base of the snapshot's parts: frozen, unknown fields ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class SriIssuer(Part):
    ruc: str = Field(pattern=r"^[0-9]{10}001$", description="issuer RUC, 13 digits ending in 001")
    legal_name: Text300 = Field(description="razón social")
    trade_name: str | None = Field(None, max_length=300, description="nombre comercial")
    head_office_address: Text300 = Field(description="dirección matriz")
    establishment_address: str | None = Field(None, max_length=300, description="dirección del establecimiento")
    contribuyente_especial: str | None = Field(
        None, pattern=CONTRIBUYENTE_ESPECIAL_PATTERN, description="resolution number when contribuyente especial")
    obligado_contabilidad: bool = Field(description="obligado a llevar contabilidad (SI/NO); always SI for a sociedad")
    agente_retencion: str | None = Field(
        None, pattern=AGENTE_RETENCION_PATTERN, description="agente de retención resolution number, digits only")
    rimpe_legend: RimpeLegend | None = Field(
        None, description="RIMPE legend exactly as the SRI spells it, when the issuer is in RIMPE")

    @model_validator(mode="before")
    @classmethod
    def _sociedad_keeps_accounts(cls, data: Any) -> Any:
        """A sociedad (RUC third digit 6 or 9) is always obligada a llevar contabilidad (shared.sri.taxpayer)."""
        if isinstance(data, dict) and is_sociedad(str(data.get("ruc") or "")):
            return {**data, "obligado_contabilidad": True}
        return data


class SriBuyer(Part):
    identification_type: IdentificationType = Field(description="buyer identification type")
    identification: str = Field(
        max_length=20, description="RUC, cédula, passport or foreign id (ignored for consumidor_final)")
    name: str = Field(max_length=300, description="razón social / name (ignored for consumidor_final)")
    address: str | None = Field(None, max_length=300, description="buyer address")
    email: str | None = Field(None, max_length=300, description="buyer email")


class SriTax(Part):
    """One tax of a line, or one tax total of the document (grouped by code and percentage code)."""

    code: Literal["2", "3", "5"] = Field("2", description="SRI tax code: 2 IVA, 3 ICE, 5 IRBPNR")
    rate: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2, description="tax rate in percent, e.g. 15")
    exemption: Literal["no_objeto", "exento"] | None = Field(
        None, description="IVA at 0% that is 'no objeto de impuesto' or 'exento' (codes 6 and 7)")
    percentage_code: str | None = Field(
        None, pattern=r"^[0-9]{1,4}$", description="SRI codigoPorcentaje; derived from rate for IVA when absent")
    base: Money = Field(description="taxable base (baseImponible)")
    amount: Money = Field(description="tax amount (valor)")


class SriNameValue(Part):
    name: Text300 = Field(description="label (nombre)")
    value: Text300 = Field(description="text (valor)")


class SriLine(Part):
    code: str | None = Field(None, max_length=25, description="main product code (codigoPrincipal/codigoInterno)")
    aux_code: str | None = Field(None, max_length=25, description="auxiliary code (codigoAuxiliar/codigoAdicional)")
    description: Text300 = Field(description="item description")
    unit_of_measure: str | None = Field(None, max_length=50, description="unidad de medida (invoice only)")
    quantity: Precise = Field(description="quantity, up to 6 decimals")
    unit_price: Precise = Field(description="unit price without taxes, up to 6 decimals")
    discount: Money = Field(Decimal("0"), description="discount amount of the line (not a percentage)")
    subtotal: Money = Field(description="quantity x unit price - discount, rounded to 2 decimals")
    taxes: list[SriTax] = Field(min_length=1, description="taxes of the line")
    additional_details: list[SriNameValue] = Field(
        default_factory=list, max_length=3, description="up to 3 detAdicional name/value pairs")


class SriTotals(Part):
    subtotal: Money = Field(description="total without taxes (totalSinImpuestos)")
    discount: Money = Field(Decimal("0"), description="total discount (totalDescuento)")
    tax: Money = Field(description="sum of all taxes")
    tip: Money = Field(Decimal("0"), description="propina (invoice only)")
    total: Money = Field(description="grand total (importeTotal / valorModificacion / valorTotal)")


class SriPayment(Part):
    method: str = Field(description="SRI forma de pago code of FT Tabla 24 (PAYMENT_FORMS), e.g. 01, 19, 20")
    amount: Money = Field(description="amount paid with this method")
    term_days: int | None = Field(None, ge=0, le=36500, description="credit term in days (plazo, unidadTiempo dias)")

    @field_validator("method")
    @classmethod
    def _known_form(cls, value: str) -> str:
        if value not in PAYMENT_FORMS:
            raise ValueError(f"La forma de pago {value} no consta en la tabla 24 del SRI "
                             f"({', '.join(PAYMENT_FORMS)}).")
        return value


class SriModifiedDocument(Part):
    doc_code: str = Field(DOC_CODES["invoice"], pattern=r"^[0-9]{2}$",
                          description="codDocModificado, 01 for an invoice")
    number: str = Field(
        pattern=r"^[0-9]{3}-[0-9]{3}-[0-9]{9}$", description="modified document number 001-001-000000001")
    issue_date: date = Field(description="issue date of the modified (sustento) document")


class SriDebitReason(Part):
    reason: Text300 = Field(description="razón of the debit")
    amount: Money = Field(description="valor of the debit, without taxes")


@register
class SubmitDocument(Contract):
    """Command: build, sign and submit a numbered document to the SRI."""

    TYPE = "sri.submit_document"
    VERSION = 1
    KIND = "command"

    document_id: int = Field(gt=0, description="documents' id of the document")
    company_id: int = Field(gt=0, description="tenant; equals the envelope's company_id")
    document_type: DocumentType = Field(description="invoice, credit_note or debit_note")
    issue_date: date = Field(description="fecha de emisión (also the date in the access key)")
    environment: Literal["test", "production"] = Field(description="SRI environment (ambiente 1 or 2)")
    issuer: SriIssuer = Field(description="issuing company")
    establishment: str = Field(pattern=r"^[0-9]{3}$", description="establishment code, e.g. 001")
    emission_point: str = Field(pattern=r"^[0-9]{3}$", description="emission point code, e.g. 002")
    sequential: int = Field(ge=1, le=999_999_999, description="document number within the series")
    buyer: SriBuyer = Field(description="customer")
    lines: list[SriLine] = Field(default_factory=list, description="items (none for a debit note)")
    tax_totals: list[SriTax] = Field(min_length=1, description="tax totals per (code, percentage code)")
    totals: SriTotals = Field(description="document totals")
    payments: list[SriPayment] = Field(default_factory=list, description="payment forms (invoice, debit note)")
    additional_info: list[SriNameValue] = Field(
        default_factory=list, max_length=15, description="infoAdicional pairs: email, address, reference...")
    modified_document: SriModifiedDocument | None = Field(None, description="document modified by a credit/debit note")
    reason: str | None = Field(None, max_length=300, description="motivo of a credit note")
    debit_reasons: list[SriDebitReason] = Field(default_factory=list, description="motivos of a debit note")

    @model_validator(mode="after")
    def _check_by_type(self) -> "SubmitDocument":
        if self.document_type == "invoice":
            if not self.lines or not self.payments:
                raise ValueError("Una factura necesita al menos un ítem y una forma de pago.")
            return self
        if self.modified_document is None:
            raise ValueError("Una nota de crédito o débito necesita el documento modificado.")
        if self.buyer.identification_type == "consumidor_final":
            raise ValueError("Una nota de crédito o débito no puede emitirse a consumidor final.")
        if self.document_type == "credit_note" and (not self.lines or not (self.reason or "").strip()):
            raise ValueError("Una nota de crédito necesita ítems y un motivo.")
        if self.document_type == "debit_note" and not self.debit_reasons:
            raise ValueError("Una nota de débito necesita al menos un motivo con su valor.")
        return self

    @property
    def number(self) -> str:
        """`001-002-000000123`."""
        return f"{self.establishment}-{self.emission_point}-{self.sequential:09d}"


# --- Request bodies of sri_submitter's RPC methods (validated by its handlers; the gateway's OpenAPI) ---

class CertificateUpload(RequestModel):
    """`certificates.put`: the company's signing certificate (`PUT /settings/certificate`)."""

    p12_base64: str = Field(description="the .p12 file, base64")
    password: str = Field(description="its password (never stored in clear)")
    company_ruc: str = Field(pattern=r"^[0-9]{10}001$", description="the company's RUC, set by the gateway")
