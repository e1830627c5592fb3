"""Names of a document's files: `c5-Factura-001-001-000000120.pdf` under the company's pdf folder."""
from __future__ import annotations

from datetime import date

from shared.storage import document_path

FILE_NAMES = {"invoice": "Factura", "credit_note": "NotaCredito", "debit_note": "NotaDebito",
              "sales_order": "PedidoVenta", "quotation": "Cotizacion"}
PLAIN_TYPES = frozenset({"sales_order", "quotation"})


def pdf_file_name(company_id: int, document_type: str, display_number: str) -> str:
    """`c{company}-{Name}-{est}-{pt}-{number9}.pdf` (API.md sample)."""
    return f"c{company_id}-{FILE_NAMES[document_type]}-{display_number}.pdf"


def pdf_path(company_id: int, document_type: str, display_number: str, issue_date: date) -> str:
    """`companies/{c}/documents/sales/pdf/{yyyy}/{mm}/{file name}`."""
    return document_path(company_id, "pdf", issue_date, pdf_file_name(company_id, document_type, display_number))


def xml_file_name(access_key: str) -> str:
    """The authorized XML attached to a mail: `<access key>.xml`."""
    return f"{access_key}.xml"
