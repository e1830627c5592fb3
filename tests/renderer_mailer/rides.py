"""RIDE inputs for tests and `make ride-samples`: the sri_submitter snapshot cases plus an authorization."""
from __future__ import annotations

from datetime import datetime

from services.renderer_mailer.ride import Ride
from services.sri_submitter.domain import access_key
from shared.contracts.sri import SubmitDocument
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


def samples() -> dict[str, Ride]:
    """One RIDE per template plus a multi-page invoice, named as the sample files."""
    return {"factura": ride_of(CASES["ruc"](), logo=LOGO), "factura_varias_tarifas": ride_of(CASES["mixed_iva"]()),
            "nota_credito": ride_of(CASES["credit_note"]()), "nota_debito": ride_of(CASES["debit_note"]()),
            "factura_multipagina": ride_of(long_invoice())}
