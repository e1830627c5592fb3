"""Element builders shared by factura, nota de crédito and nota de débito.

Every function appends children in the order of the XSD sequence it documents;
optional elements are left out when their value is empty.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from lxml import etree

from services.sri_submitter.xml import codes
from services.sri_submitter.xml.text import clean, money, precise, sri_date
from shared.contracts.sri import SriBuyer, SriLine, SriNameValue, SriPayment, SriTax, SubmitDocument
from shared.sri.catalogues import (DOC_CODES, EMISSION_TYPE, ENVIRONMENTS, FINAL_CONSUMER_ID, FINAL_CONSUMER_NAME,
                                   IDENTIFICATION_TYPES)


class XmlBuildError(ValueError):
    """The snapshot cannot become a valid SRI document (message in Spanish)."""


def add(parent: etree._Element, tag: str, text: str) -> etree._Element:
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def add_text(parent: etree._Element, tag: str, value: str | None, max_length: int = 300,
             required: bool = True) -> None:
    """Cleaned free text; an empty optional value is left out, an empty required one fails."""
    text = clean(value, max_length)
    if text:
        add(parent, tag, text)
    elif required:
        raise XmlBuildError(f"El campo {tag} del comprobante está vacío.")


def new_root(snapshot: SubmitDocument) -> etree._Element:
    kind = snapshot.document_type
    return etree.Element(codes.ROOT_TAGS[kind], id="comprobante", version=codes.DOC_VERSIONS[kind])


def add_info_tributaria(root: etree._Element, snapshot: SubmitDocument, access_key: str) -> None:
    """ambiente, tipoEmision, razonSocial, nombreComercial?, ruc, claveAcceso, codDoc, estab,
    ptoEmi, secuencial, dirMatriz, agenteRetencion?, contribuyenteRimpe?"""
    issuer, info = snapshot.issuer, etree.SubElement(root, "infoTributaria")
    add(info, "ambiente", ENVIRONMENTS[snapshot.environment])
    add(info, "tipoEmision", EMISSION_TYPE)
    add_text(info, "razonSocial", issuer.legal_name)
    add_text(info, "nombreComercial", issuer.trade_name, required=False)
    add(info, "ruc", issuer.ruc)
    add(info, "claveAcceso", access_key)
    add(info, "codDoc", DOC_CODES[snapshot.document_type])
    add(info, "estab", snapshot.establishment)
    add(info, "ptoEmi", snapshot.emission_point)
    add(info, "secuencial", f"{snapshot.sequential:09d}")
    add_text(info, "dirMatriz", issuer.head_office_address)
    if issuer.agente_retencion:
        add(info, "agenteRetencion", issuer.agente_retencion)
    if issuer.rimpe_legend:
        add(info, "contribuyenteRimpe", issuer.rimpe_legend)


def add_issue_header(info: etree._Element, snapshot: SubmitDocument) -> None:
    """fechaEmision, dirEstablecimiento?"""
    add(info, "fechaEmision", sri_date(snapshot.issue_date))
    add_text(info, "dirEstablecimiento", snapshot.issuer.establishment_address, required=False)


def add_issuer_flags(info: etree._Element, snapshot: SubmitDocument) -> None:
    """contribuyenteEspecial?, obligadoContabilidad"""
    if snapshot.issuer.contribuyente_especial:
        add(info, "contribuyenteEspecial", snapshot.issuer.contribuyente_especial)
    add(info, "obligadoContabilidad", "SI" if snapshot.issuer.obligado_contabilidad else "NO")


def add_buyer(info: etree._Element, buyer: SriBuyer, with_address: bool) -> None:
    """tipoIdentificacionComprador, razonSocialComprador, identificacionComprador, direccionComprador?"""
    add(info, "tipoIdentificacionComprador", IDENTIFICATION_TYPES[buyer.identification_type])
    if buyer.identification_type == "consumidor_final":
        add(info, "razonSocialComprador", FINAL_CONSUMER_NAME)
        add(info, "identificacionComprador", FINAL_CONSUMER_ID)
    else:
        add_text(info, "razonSocialComprador", buyer.name)
        add_text(info, "identificacionComprador", buyer.identification, max_length=20)
    if with_address:
        add_text(info, "direccionComprador", buyer.address, required=False)


def add_modified_document(info: etree._Element, snapshot: SubmitDocument) -> None:
    """codDocModificado, numDocModificado, fechaEmisionDocSustento"""
    modified = snapshot.modified_document
    if modified is None:
        raise XmlBuildError("Falta el documento modificado.")
    add(info, "codDocModificado", modified.doc_code)
    add(info, "numDocModificado", modified.number)
    add(info, "fechaEmisionDocSustento", sri_date(modified.issue_date))


def grouped(taxes: Iterable[SriTax]) -> list[SriTax]:
    """One tax per (code, codigoPorcentaje), bases and amounts summed, first-seen order."""
    groups: dict[tuple[str, str], SriTax] = {}
    for tax in taxes:
        key = (tax.code, codes.percentage_code(tax))
        seen = groups.get(key)
        groups[key] = tax.model_copy(update={"percentage_code": key[1]}) if seen is None else seen.model_copy(
            update={"base": seen.base + tax.base, "amount": seen.amount + tax.amount})
    return list(groups.values())


def add_tax(parent: etree._Element, tag: str, tax: SriTax, shape: str) -> None:
    """shape "line": codigo, codigoPorcentaje, tarifa, baseImponible, valor;
    "total": ... baseImponible, tarifa, valor; "total_no_rate": ... baseImponible, valor."""
    node = etree.SubElement(parent, tag)
    add(node, "codigo", tax.code)
    add(node, "codigoPorcentaje", codes.percentage_code(tax))
    if shape == "line":
        add(node, "tarifa", money(tax.rate))
    add(node, "baseImponible", money(tax.base))
    if shape == "total":
        add(node, "tarifa", money(tax.rate))
    add(node, "valor", money(tax.amount))


def add_tax_totals(info: etree._Element, container: str, tag: str, snapshot: SubmitDocument, shape: str) -> None:
    """The document's tax totals, one per (code, codigoPorcentaje)."""
    node = etree.SubElement(info, container)
    for tax in grouped(snapshot.tax_totals):
        add_tax(node, tag, tax, shape)


def add_payments(info: etree._Element, payments: list[SriPayment]) -> None:
    """pagos/pago+: formaPago, total, plazo?, unidadTiempo?"""
    if not payments:
        return
    node = etree.SubElement(info, "pagos")
    for payment in payments:
        pago = etree.SubElement(node, "pago")
        add(pago, "formaPago", payment.method)
        add(pago, "total", money(payment.amount))
        if payment.term_days is not None:
            add(pago, "plazo", money(Decimal(payment.term_days)))
            add(pago, "unidadTiempo", "dias")


def add_detail(parent: etree._Element, line: SriLine, *, invoice: bool) -> None:
    """detalle: codes?, descripcion, unidadMedida? (factura), cantidad, precioUnitario, descuento,
    precioTotalSinImpuesto, detallesAdicionales?, impuestos/impuesto+"""
    detail = etree.SubElement(parent, "detalle")
    main_tag, aux_tag = ("codigoPrincipal", "codigoAuxiliar") if invoice else ("codigoInterno", "codigoAdicional")
    add_text(detail, main_tag, line.code, 25, required=False)
    add_text(detail, aux_tag, line.aux_code, 25, required=False)
    add_text(detail, "descripcion", line.description)
    if invoice:
        add_text(detail, "unidadMedida", line.unit_of_measure, 50, required=False)
    add(detail, "cantidad", precise(line.quantity))
    add(detail, "precioUnitario", precise(line.unit_price))
    add(detail, "descuento", money(line.discount))
    add(detail, "precioTotalSinImpuesto", money(line.subtotal))
    if line.additional_details:
        extra = etree.SubElement(detail, "detallesAdicionales")
        for pair in line.additional_details:
            etree.SubElement(extra, "detAdicional", nombre=clean(pair.name) or "-", valor=clean(pair.value) or "-")
    taxes = etree.SubElement(detail, "impuestos")
    for tax in line.taxes:
        add_tax(taxes, "impuesto", tax, "line")


def add_additional_info(root: etree._Element, pairs: list[SriNameValue]) -> None:
    """infoAdicional/campoAdicional (1 to 15, attribute nombre); left out when empty."""
    cleaned = [(clean(p.name), clean(p.value)) for p in pairs]
    cleaned = [(name, value) for name, value in cleaned if name and value][:15]
    if not cleaned:
        return
    info = etree.SubElement(root, "infoAdicional")
    for name, value in cleaned:
        etree.SubElement(info, "campoAdicional", nombre=name).text = value
