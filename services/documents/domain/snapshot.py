"""The `sri.submit_document` snapshot of a numbered document (pure, no I/O).

Built from the company read model (RUC, razón social, dirección matriz, settings),
the establishment stored at creation (series.resolve), the buyer snapshot, the lines
and totals as recorded, the payment forms and the additional info. The submitter
builds the SRI XML from it alone. An incomplete company is a SnapshotError (Spanish).
`dirMatriz` is always the company's dirección matriz (creates are refused without it,
domain/sri_checks.py); `dirEstablecimiento` the establishment's address (sequencing).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Mapping, Sequence

from pydantic import ValidationError

from services.documents.domain import rules, sri_checks
from services.documents.domain.totals import CENT
from shared.contracts.sri import (SriBuyer, SriDebitReason, SriIssuer, SriLine, SriModifiedDocument, SriNameValue,
                                  SriPayment, SriTax, SriTotals, SubmitDocument)
from shared.rpc.validation import reason_for
from shared.sri.catalogues import IVA
from shared.sri.taxpayer import RIMPE_LEGENDS

Row = Mapping[str, Any]
INFO = (("Email", "email"), ("Direccion", "address"), ("Telefono", "phone"))
DOC_INFO = (("Referencia", "reference"), ("Orden de compra", "order_reference"), ("Vendedor", "seller_name"),
            ("Observaciones", "notes"))


class SnapshotError(ValueError):
    """The document cannot be described to the SRI yet (e.g. the company lacks its address)."""


def text(value: Any, limit: int = 300) -> str | None:
    """One line, no stray whitespace, at most `limit` characters; empty -> None."""
    if value is None:
        return None
    cleaned = re.sub(r"\s+", " ", str(value)).strip()[:limit]
    return cleaned or None


def issuer(company: Row, establishment: Row) -> SriIssuer:
    """The issuer; settings the XSD would refuse are a SnapshotError (the contract applies shared.sri.taxpayer)."""
    conf = company["settings"] or {}
    if not sri_checks.head_office(company):
        raise SnapshotError(sri_checks.HEAD_OFFICE_MISSING)
    return SriIssuer(
        ruc=company["ruc"], legal_name=text(company["legal_name"]), trade_name=text(company["trade_name"]),
        head_office_address=text(company["address"]),
        establishment_address=text(establishment.get("establishment_address")),
        contribuyente_especial=text(conf.get("contribuyente_especial")),
        obligado_contabilidad=bool(conf.get("obligado_contabilidad")),
        agente_retencion=text(conf.get("agente_retencion")), rimpe_legend=RIMPE_LEGENDS.get(conf.get("regimen") or ""))


def buyer(customer: Row) -> SriBuyer:
    return SriBuyer(identification_type=customer["identification_type"], identification=customer["identification"],
                    name=text(customer["name"]) or rules.FINAL_CONSUMER["name"], address=text(customer.get("address")),
                    email=text(customer.get("email")))


def tax(code: str, rate: Any, exemption: str | None, base: Any, amount: Any) -> SriTax:
    return SriTax(code=IVA, rate=Decimal(str(rate)).quantize(CENT), exemption=exemption, percentage_code=code,
                  base=Decimal(str(base)), amount=Decimal(str(amount)))


def line(ln: Row) -> SriLine:
    return SriLine(code=text(ln["product_code"], 25), description=text(ln["description"]),
                   unit_of_measure=text(ln["unit"], 50), quantity=ln["quantity"], unit_price=ln["unit_price"],
                   discount=ln["discount_amount"], subtotal=ln["base"],
                   taxes=[tax(ln["tax_code"], ln["tax_rate"], ln["tax_exemption"], ln["base"], ln["tax_amount"])])


def payments(doc: Row) -> list[SriPayment]:
    if doc["type"] == "credit_note":
        return []
    due: date | None = doc["due_date"]
    term = (due - doc["issue_date"]).days if due is not None else None
    return [SriPayment(**p) for p in rules.payment_forms(doc["total"], doc["initial_payment"], term)]


def additional_info(doc: Row) -> list[SriNameValue]:
    pairs = [(n, doc["customer"].get(k)) for n, k in INFO] + [(n, doc[k]) for n, k in DOC_INFO]
    return [SriNameValue(name=n, value=text(v)) for n, v in pairs if text(v)][:15]


def modified(source: Row | None) -> SriModifiedDocument | None:
    if source is None:
        return None
    return SriModifiedDocument(number=f"{source['series']}-{source['number']:09d}", issue_date=source["issue_date"])


def _fields(company: Row, doc: Row, lines: Sequence[Row], source: Row | None) -> dict[str, Any]:
    conf, est = company["settings"] or {}, doc["establishment"] or {}
    debit = doc["type"] == "debit_note"
    return {
        "document_id": doc["id"], "company_id": doc["company_id"], "document_type": doc["type"],
        "issue_date": doc["issue_date"], "environment": conf.get("sri_environment") or "test",
        "issuer": issuer(company, est), "establishment": doc["series"][:3], "emission_point": doc["series"][4:],
        "sequential": doc["number"], "buyer": buyer(doc["customer"]),
        "lines": [] if debit else [line(ln) for ln in lines],
        "tax_totals": [tax(t["code"], t["rate"], t["exemption"], t["base"], t["amount"]) for t in doc["tax_totals"]],
        "totals": SriTotals(subtotal=doc["subtotal"], discount=doc["discount"], tax=doc["tax"], tip=doc["tip"],
                            total=doc["total"]),
        "payments": payments(doc), "additional_info": additional_info(doc), "modified_document": modified(source),
        "reason": text(doc["reason"]),
        "debit_reasons": [SriDebitReason(reason=text(ln["description"]), amount=ln["base"]) for ln in lines]
        if debit else []}


def build(company: Row | None, doc: Row, lines: Sequence[Row], source: Row | None = None) -> SubmitDocument:
    """The command for a numbered invoice, credit note or debit note; SnapshotError if incomplete."""
    if company is None:
        raise SnapshotError("No hay datos de la empresa (RUC, razón social, dirección) para enviar al SRI.")
    try:
        return SubmitDocument(**_fields(company, doc, lines, source))
    except ValidationError as exc:
        raise SnapshotError(f"Datos incompletos para el SRI: {reason_for(exc.errors()[0])}") from None
