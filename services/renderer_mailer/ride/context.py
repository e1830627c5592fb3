"""What the templates print, computed from a `Ride`: labels, money strings, the totals block.

Pure: no I/O. Money is Decimal, printed with 2 decimals (quantities and unit prices
keep up to 6, trailing zeros dropped down to 2).
"""
from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from services.renderer_mailer.ride.amounts import money
from services.renderer_mailer.ride.barcode import access_key_svg, data_uri
from services.renderer_mailer.ride.model import Ride
from shared.contracts.sri import SriBuyer, SriTax, SriTotals
from shared.sri.timezone import to_ec
from shared.sri.catalogues import (DOC_CODES, DOCUMENT_TYPES, ENVIRONMENT_NAMES, ENVIRONMENTS,
                                   FINAL_CONSUMER_ID, FINAL_CONSUMER_NAME, IVA, ICE, IRBPNR, PAYMENT_FORMS)

ID_LABELS = {"ruc": "RUC", "cedula": "Cédula", "pasaporte": "Pasaporte",
             "consumidor_final": "Consumidor final", "exterior": "Id. del exterior"}
TEMPLATES = {"invoice": "factura.html.j2", "credit_note": "nota_credito.html.j2", "debit_note": "nota_debito.html.j2"}
LOGO_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"<svg": "image/svg+xml", b"<?xm": "image/svg+xml"}


def rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


def subtotal_label(tax: SriTax) -> str:
    if tax.exemption == "no_objeto":
        return "SUBTOTAL NO OBJETO DE IVA"
    if tax.exemption == "exento":
        return "SUBTOTAL EXENTO DE IVA"
    special = " (TARIFA ESPECIAL)" if tax.rate == 8 else ""
    return f"SUBTOTAL {rate_text(tax.rate)}{special}"


def totals(tax_totals: list[SriTax], sums: SriTotals, *, tip: bool) -> list[tuple[str, str, bool]]:
    """The totals block as (label, amount, strong) rows: a subtotal per IVA rate, then the rest
    (PROPINA when `tip`: invoices)."""
    bases: dict[str, Decimal] = {}
    ivas: dict[str, Decimal] = {}
    for tax in sorted(tax_totals, key=lambda t: (t.code != IVA, t.exemption or "", -t.rate)):
        if tax.code == IVA:
            label = subtotal_label(tax)
            bases[label] = bases.get(label, Decimal(0)) + tax.base
            if tax.exemption is None and tax.rate > 0:
                key = f"IVA {rate_text(tax.rate)}"
                ivas[key] = ivas.get(key, Decimal(0)) + tax.amount
    rows = [(label, money(value), False) for label, value in bases.items()]
    rows += [("SUBTOTAL SIN IMPUESTOS", money(sums.subtotal), False),
             ("TOTAL DESCUENTO", money(sums.discount), False)]
    for code, name in ((ICE, "ICE"), (IRBPNR, "IRBPNR")):
        value = sum((t.amount for t in tax_totals if t.code == code), Decimal(0))
        if value:
            rows.append((name, money(value), False))
    rows += [(label, money(value), False) for label, value in ivas.items()]
    if tip:
        rows.append(("PROPINA", money(sums.tip), False))
    rows.append(("VALOR TOTAL", money(sums.total), True))
    return rows


def buyer(b: SriBuyer) -> dict[str, str]:
    if b.identification_type == "consumidor_final":
        return {"name": FINAL_CONSUMER_NAME, "id_label": "RUC / C.I.", "identification": FINAL_CONSUMER_ID,
                "address": b.address or ""}
    return {"name": b.name, "id_label": ID_LABELS[b.identification_type], "identification": b.identification,
            "address": b.address or ""}


def logo_uri(logo: bytes | None) -> str | None:
    if not logo:
        return None
    kind = next((t for magic, t in LOGO_TYPES.items() if logo.lstrip()[:len(magic)] == magic), "image/png")
    return f"data:{kind};base64," + base64.b64encode(logo).decode("ascii")


def context(ride: Ride) -> dict[str, Any]:
    doc = ride.document
    issuer = doc.issuer
    modified = doc.modified_document
    return {
        "doc": doc, "issuer": issuer, "buyer": buyer(doc.buyer), "logo": logo_uri(ride.logo),
        "title": DOCUMENT_TYPES[DOC_CODES[doc.document_type]].upper(), "number": doc.number,
        "access_key": ride.access_key, "authorization_number": ride.authorization_number,
        "authorized_at": to_ec(ride.authorized_at).strftime("%d/%m/%Y %H:%M:%S"),
        "environment": ENVIRONMENT_NAMES[ENVIRONMENTS[doc.environment]], "emission": "NORMAL",
        "barcode": data_uri(access_key_svg(ride.access_key)), "issue_date": doc.issue_date.strftime("%d/%m/%Y"),
        "guia_remision": ride.guia_remision,
        "modified": modified and {"name": DOCUMENT_TYPES.get(modified.doc_code, modified.doc_code).upper(),
                                  "number": modified.number, "date": modified.issue_date.strftime("%d/%m/%Y")},
        "payments": [{"name": PAYMENT_FORMS[p.method], "code": p.method, "amount": money(p.amount),
                      "term": p.term_days} for p in doc.payments],
        "totals": totals(doc.tax_totals, doc.totals, tip=doc.document_type == "invoice"),
    }
