"""Root builders: factura 1.1.0, nota de crédito 1.1.0 and nota de débito 1.0.0 (SRI.md §3-4)."""
from __future__ import annotations

from decimal import Decimal

from lxml import etree

from services.sri_submitter.xml import common
from services.sri_submitter.xml.common import XmlBuildError, add, add_text
from services.sri_submitter.xml.text import money
from shared.contracts.sri import SubmitDocument
from shared.sri.catalogues import FINAL_CONSUMER_LIMIT  # FT 9.10 since v2.23; OCA's configurable default


def build_invoice(snapshot: SubmitDocument, access_key: str,
                  final_consumer_limit: Decimal = FINAL_CONSUMER_LIMIT) -> etree._Element:
    if snapshot.buyer.identification_type == "consumidor_final" and snapshot.totals.total > final_consumer_limit:
        raise XmlBuildError(f"Una factura a consumidor final no puede superar USD {money(final_consumer_limit)}; "
                            "identifique al comprador.")
    root, info = _begin(snapshot, access_key, "infoFactura")
    common.add_issue_header(info, snapshot)
    common.add_issuer_flags(info, snapshot)
    common.add_buyer(info, snapshot.buyer, with_address=True)
    add(info, "totalSinImpuestos", money(snapshot.totals.subtotal))
    add(info, "totalDescuento", money(snapshot.totals.discount))
    common.add_tax_totals(info, "totalConImpuestos", "totalImpuesto", snapshot, "total")
    add(info, "propina", money(snapshot.totals.tip))
    add(info, "importeTotal", money(snapshot.totals.total))
    add(info, "moneda", "DOLAR")
    common.add_payments(info, snapshot.payments)
    return _finish(root, snapshot, invoice=True)


def build_credit_note(snapshot: SubmitDocument, access_key: str) -> etree._Element:
    root, info = _begin(snapshot, access_key, "infoNotaCredito")
    _add_note_header(info, snapshot)
    add(info, "valorModificacion", money(snapshot.totals.total))
    add(info, "moneda", "DOLAR")
    common.add_tax_totals(info, "totalConImpuestos", "totalImpuesto", snapshot, "total_no_rate")
    add_text(info, "motivo", snapshot.reason)
    return _finish(root, snapshot, invoice=False)


def build_debit_note(snapshot: SubmitDocument, access_key: str) -> etree._Element:
    root, info = _begin(snapshot, access_key, "infoNotaDebito")
    _add_note_header(info, snapshot)
    common.add_tax_totals(info, "impuestos", "impuesto", snapshot, "line")
    add(info, "valorTotal", money(snapshot.totals.total))
    common.add_payments(info, snapshot.payments)
    reasons = etree.SubElement(root, "motivos")
    for item in snapshot.debit_reasons:
        motivo = etree.SubElement(reasons, "motivo")
        add_text(motivo, "razon", item.reason)
        add(motivo, "valor", money(item.amount))
    common.add_additional_info(root, snapshot.additional_info)
    return root


def _add_note_header(info: etree._Element, snapshot: SubmitDocument) -> None:
    """NC/ND: fechaEmision, dirEstablecimiento?, buyer, contribuyenteEspecial?, obligadoContabilidad,
    codDocModificado, numDocModificado, fechaEmisionDocSustento, totalSinImpuestos."""
    common.add_issue_header(info, snapshot)
    common.add_buyer(info, snapshot.buyer, with_address=False)
    common.add_issuer_flags(info, snapshot)
    common.add_modified_document(info, snapshot)
    add(info, "totalSinImpuestos", money(snapshot.totals.subtotal))


def _begin(snapshot: SubmitDocument, access_key: str, info_tag: str) -> tuple[etree._Element, etree._Element]:
    """The root with its infoTributaria, and the empty info block that follows it."""
    root = common.new_root(snapshot)
    common.add_info_tributaria(root, snapshot, access_key)
    return root, etree.SubElement(root, info_tag)


def _finish(root: etree._Element, snapshot: SubmitDocument, invoice: bool) -> etree._Element:
    """detalles, then infoAdicional."""
    details = etree.SubElement(root, "detalles")
    for line in snapshot.lines:
        common.add_detail(details, line, invoice=invoice)
    common.add_additional_info(root, snapshot.additional_info)
    return root
