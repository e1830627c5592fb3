"""RIDE inputs for tests and `make ride-samples`: the sri_submitter snapshot cases plus an authorization."""
from __future__ import annotations

from datetime import date, datetime

from services.renderer_mailer.ride import Ride
from services.sri_submitter.domain import access_key
from shared.contracts.renderer import PlainDocument
from shared.contracts.sri import SriNameValue, SubmitDocument
from shared.sri.timezone import ECUADOR
from tests.sri_submitter.cases import CASES, INFO
from tests.sri_submitter.snapshots import line, snapshot

LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
        b'<rect x="2" y="2" width="76" height="76" rx="12" fill="#1f5f8b"/><text x="40" y="54" font-size="40" '
        b'text-anchor="middle" fill="#fff" font-family="DejaVu Sans" font-weight="bold">D</text>'
        b'<text x="90" y="50" font-size="26" fill="#1f5f8b" font-family="DejaVu Sans">Demo S.A.</text></svg>')
AUTHORIZED_AT = datetime(2025, 1, 15, 10, 42, 7, tzinfo=ECUADOR)


def ride_of(doc: SubmitDocument, logo: bytes | None = None) -> Ride:
    key = access_key.build(issue_date=doc.issue_date, doc_type=doc.document_type, ruc=doc.issuer.ruc,
                           environment=doc.environment, establishment=doc.establishment,
                           emission_point=doc.emission_point, sequential=doc.sequential, numeric_code="12345678")
    return Ride(document=doc, access_key=key, authorization_number=key, authorized_at=AUTHORIZED_AT, logo=logo)


def long_invoice(count: int = 60) -> SubmitDocument:
    """An invoice of `count` lines, mixed rates and discounts: several pages."""
    lines = [line(f"Producto de prueba número {i:03d}", str(1 + i % 7), f"{3 + i % 11}.25",
                  rate="0" if i % 5 == 0 else "15", discount="0.50" if i % 4 == 0 else "0", code=f"P-{i:04d}")
             for i in range(1, count + 1)]
    return snapshot(lines, buyer="ruc", additional_info=INFO, sequential=4567)


def long_fields() -> SubmitDocument:
    """The widest values the contract allows: 300-character texts, 25-character codes, three
    additional details, six-decimal quantities and prices, totals in the millions."""
    words = "Servicio de mantenimiento preventivo y correctivo de equipos de climatización industrial "
    detail = [SriNameValue(name=f"Detalle {i}", value=f"Valor adicional número {i} del ítem") for i in (1, 2, 3)]
    lines = [line((words * 4)[:300].strip(), "1234.567891", "8765.432198", code="C" * 25, aux_code="A-" + "9" * 23,
                  unit_of_measure="unidad", additional_details=detail),
             line("Tornillo", "1000", "0.012345", discount="0.35", code="TOR-1")]
    doc = snapshot(lines, buyer="ruc", additional_info=INFO, sequential=999_999_999)
    buyer = doc.buyer.model_copy(update={"name": ("Distribuidora Internacional de Productos y Servicios "
                                                  "Generales del Litoral Ecuatoriano Cía. Ltda. " * 3)[:300],
                                         "address": ("Km 4,5 vía a la costa, urbanización Puerto Azul, "
                                                     "manzana 12, solar 7, ") * 3})
    return doc.model_copy(update={"buyer": buyer})


def plain_of(doc: SubmitDocument, **extra) -> PlainDocument:
    """A sales order or quotation with the lines, buyer and totals of a snapshot."""
    return PlainDocument(issuer=doc.issuer, establishment="001", emission_point="001", buyer=doc.buyer, lines=doc.lines, tax_totals=doc.tax_totals, totals=doc.totals, **extra)


def quotation() -> PlainDocument:
    """A quotation with discounts, two IVA rates, symbols and an emoji in the descriptions, and notes."""
    lines = [line("Café orgánico de Loja ☕ 500 g", "12", "8.40", discount="5.04", code="CAF-500"),
             line("Taza térmica «Ñandú» 350 ml ✓", "6", "12.90", code="TAZ-350"),
             line("Harina de maíz (exenta) ½ kg", "20", "1.15", rate="0", code="HAR-05"),
             line("Envío Quito → Guayaquil 🚚, 2–3 días", "1", "15.00", rate="5", code="ENV-UIO")]
    doc = snapshot(lines, buyer="ruc", sequential=12)
    return plain_of(doc, valid_until=date(2025, 2, 14), reference="Solicitud #A-17 (correo del 14/01)",
                    seller_name="María José Añazco", additional_info=[SriNameValue(name="Email",
                                                                                   value="compras@example.com")],
                    notes="Precios en dólares (US$). Validez 30 días; entrega sujeta a disponibilidad.\n"
                          "Forma de pago: 50 % anticipo, saldo contra entrega. Garantía © Demo Ñandú™ 12 meses.")


def sales_order() -> PlainDocument:
    doc = snapshot([line("Silla ergonómica", "4", "85.00", discount="17.00", code="SIL-01"),
                    line("Escritorio en L, 1,60 m", "1", "240", code="ESC-02")], buyer="cedula", sequential=12)
    return plain_of(doc, due_date=date(2025, 1, 31), seller_name="Pedro Ortiz")


PLAIN_NUMBER, PLAIN_DATE = "001-001-000000012", date(2025, 1, 15)


def plain_samples() -> dict[str, tuple[str, PlainDocument]]:
    """(document type, document) of each plain sample, named as the sample files."""
    return {"cotizacion": ("quotation", quotation()), "pedido_venta": ("sales_order", sales_order())}


def samples() -> dict[str, Ride]:
    """One RIDE per template plus a multi-page invoice, named as the sample files."""
    return {"factura": ride_of(CASES["ruc"](), logo=LOGO), "factura_varias_tarifas": ride_of(CASES["mixed_iva"]()),
            "nota_credito": ride_of(CASES["credit_note"]()), "nota_debito": ride_of(CASES["debit_note"]()),
            "factura_multipagina": ride_of(long_invoice()), "factura_campos_largos": ride_of(long_fields())}
