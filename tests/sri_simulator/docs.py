"""Minimal valid SRI documents built with lxml (factura 1.1.0 here; notes in notes.py)."""
from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import signxml
from lxml import etree

XSD_DIR = Path(__file__).resolve().parents[3] / "shared" / "sri" / "xsd"
ECUADOR = dt.timezone(dt.timedelta(hours=-5))
RUC = "1792146739001"
_secuenciales = itertools.count(random.randint(1, 9_000_000) * 100)


def next_secuencial() -> int:
    return next(_secuenciales)


def today() -> dt.date:
    return dt.datetime.now(ECUADOR).date()


def mod11(digits: str) -> int:
    weights = itertools.cycle(range(2, 8))
    r = 11 - sum(int(d) * w for d, w in zip(reversed(digits), weights)) % 11
    return {11: 0, 10: 1}.get(r, r)


def access_key(fecha: dt.date, cod_doc: str, ruc: str, ambiente: str, estab: str, pto_emi: str,
               secuencial: int, codigo: str = "12345678") -> str:
    first48 = f"{fecha:%d%m%Y}{cod_doc}{ruc}{ambiente}{estab}{pto_emi}{secuencial:09d}{codigo}1"
    return first48 + str(mod11(first48))


def money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def add(parent: etree._Element, tag: str, text: object = None, **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = str(text)
    return el


def add_all(parent: etree._Element, pairs: list[tuple[str, object]]) -> etree._Element:
    for tag, text in pairs:
        add(parent, tag, text)
    return parent


@dataclass
class Line:
    cantidad: str
    precio: str
    descuento: str = "0.00"
    codigo_porcentaje: str = "4"
    tarifa: str = "15"

    @property
    def base(self) -> Decimal:
        return (Decimal(self.cantidad) * Decimal(self.precio) - Decimal(self.descuento)).quantize(
            Decimal("0.01"), ROUND_HALF_UP)

    @property
    def iva(self) -> Decimal:
        return (self.base * Decimal(self.tarifa) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Doc:
    """What every document type shares: the infoTributaria and the access key."""
    secuencial: int = field(default_factory=next_secuencial)
    fecha: dt.date = field(default_factory=today)
    ruc: str = RUC
    ambiente: str = "1"
    estab: str = "001"
    pto_emi: str = "002"
    codigo: str = "12345678"    # código numérico of the key
    sim: str | None = None      # value of campoAdicional "SIM" (fault spec)
    key: str | None = None      # overrides the computed access key
    cod_doc = "01"

    @property
    def clave(self) -> str:
        return self.key or access_key(self.fecha, self.cod_doc, self.ruc, self.ambiente, self.estab,
                                      self.pto_emi, self.secuencial, self.codigo)

    def info_tributaria(self, root: etree._Element) -> None:
        add_all(add(root, "infoTributaria"), [
            ("ambiente", self.ambiente), ("tipoEmision", "1"), ("razonSocial", "PRUEBAS SERVICIO DE RENTAS INTERNAS"),
            ("ruc", self.ruc), ("claveAcceso", self.clave), ("codDoc", self.cod_doc), ("estab", self.estab),
            ("ptoEmi", self.pto_emi), ("secuencial", f"{self.secuencial:09d}"), ("dirMatriz", "Av. Amazonas 123")])

    def info_adicional(self, root: etree._Element) -> None:
        box = add(root, "infoAdicional")
        add(box, "campoAdicional", "cliente@example.com", nombre="email")
        if self.sim:
            add(box, "campoAdicional", self.sim, nombre="SIM")


def taxes_per_rate(lines: list[Line]) -> dict[str, list]:
    out: dict[str, list] = {}
    for line in lines:
        acc = out.setdefault(line.codigo_porcentaje, [Decimal(0), Decimal(0), line.tarifa])
        acc[0] += line.base
        acc[1] += line.iva
    return out


def detalles(root: etree._Element, lines: list[Line], code_tag: str = "codigoPrincipal") -> None:
    box = add(root, "detalles")
    for i, line in enumerate(lines, 1):
        det = add_all(add(box, "detalle"), [
            (code_tag, f"P{i:03d}"), ("descripcion", f"Producto {i}"), ("cantidad", line.cantidad),
            ("precioUnitario", line.precio), ("descuento", line.descuento),
            ("precioTotalSinImpuesto", money(line.base))])
        add_all(add(add(det, "impuestos"), "impuesto"), [
            ("codigo", "2"), ("codigoPorcentaje", line.codigo_porcentaje), ("tarifa", line.tarifa),
            ("baseImponible", money(line.base)), ("valor", money(line.iva))])


def default_lines() -> list[Line]:
    return [Line("2", "10.50"), Line("1.5", "3.333333", "0.50"), Line("1", "4.00", codigo_porcentaje="0", tarifa="0")]


@dataclass
class Factura(Doc):
    lines: list[Line] = field(default_factory=default_lines)
    total_delta: Decimal = Decimal(0)  # added to importeTotal, to break the arithmetic

    def build(self) -> etree._Element:
        root = etree.Element("factura", id="comprobante", version="1.1.0")
        self.info_tributaria(root)
        tsi = sum((line.base for line in self.lines), Decimal(0))
        info = add_all(add(root, "infoFactura"), [
            ("fechaEmision", f"{self.fecha:%d/%m/%Y}"), ("obligadoContabilidad", "NO"),
            ("tipoIdentificacionComprador", "05"), ("razonSocialComprador", "JUAN PEREZ"),
            ("identificacionComprador", "1710034065"), ("totalSinImpuestos", money(tsi)),
            ("totalDescuento", money(sum((Decimal(x.descuento) for x in self.lines), Decimal(0))))])
        box = add(info, "totalConImpuestos")
        for code, (base, valor, tarifa) in taxes_per_rate(self.lines).items():
            add_all(add(box, "totalImpuesto"), [("codigo", "2"), ("codigoPorcentaje", code),
                                                 ("baseImponible", money(base)), ("tarifa", tarifa),
                                                 ("valor", money(valor))])
        total = tsi + sum((v for _, v, _ in taxes_per_rate(self.lines).values()), Decimal(0)) + self.total_delta
        add_all(info, [("propina", "0.00"), ("importeTotal", money(total)), ("moneda", "DOLAR")])
        add_all(add(add(info, "pagos"), "pago"), [("formaPago", "01"), ("total", money(total))])
        detalles(root, self.lines)
        self.info_adicional(root)
        return root


class _DsigResolver(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url.endswith("xmldsig-core-schema.xsd"):
            return self.resolve_filename(str(Path(signxml.__file__).parent / "schemas" / Path(url).name), context)
        return None


def official_schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser()
    parser.resolvers.add(_DsigResolver())
    return etree.XMLSchema(etree.parse(str(XSD_DIR / name), parser))
