"""`renderer.render_and_mail` commands for the tests: an authorized invoice (from rides.py) or a
quotation (plain layout), for a given company and document."""
from __future__ import annotations

from datetime import date

from shared.contracts.renderer import Authorization, PlainDocument, RenderAndMail
from shared.contracts.sri import SubmitDocument
from shared.storage import document_path
from tests.renderer_mailer.rides import ride_of
from tests.sri_submitter.cases import CASES


def command(doc: SubmitDocument | None = None, *, company_id: int = 5, document_id: int = 120,
            **extra) -> RenderAndMail:
    """An authorized SRI document (default: the `ruc` invoice) numbered after `document_id`."""
    doc = (doc or CASES["ruc"]()).model_copy(update={"company_id": company_id, "document_id": document_id,
                                                      "sequential": document_id})
    ride = ride_of(doc)
    auth = Authorization(access_key=ride.access_key, authorization_number=ride.authorization_number,
                         authorized_at=ride.authorized_at,
                         xml_path=document_path(company_id, "xml", doc.issue_date, f"{ride.access_key}.xml"))
    return RenderAndMail(document_id=document_id, company_id=company_id, document_type=doc.document_type,
                         display_number=doc.number, issue_date=doc.issue_date, snapshot=doc, authorization=auth,
                         **extra)


def plain_command(document_type: str = "quotation", *, company_id: int = 5, document_id: int = 121,
                  **extra) -> RenderAndMail:
    """A sales order or quotation: the plain layout, no SRI parts."""
    doc = CASES["cedula"]()
    plain = PlainDocument(issuer=doc.issuer, establishment="001", emission_point="001", buyer=doc.buyer,
                          lines=doc.lines, tax_totals=doc.tax_totals, totals=doc.totals,
                          valid_until=date(2025, 2, 14) if document_type == "quotation" else None)
    return RenderAndMail(document_id=document_id, company_id=company_id, document_type=document_type,
                         display_number=f"001-001-{document_id:09d}", issue_date=doc.issue_date, plain=plain, **extra)


def authorized_xml(cmd: RenderAndMail) -> str:
    """A stand-in for the SRI's authorized XML (the tests only check it travels unchanged)."""
    auth = cmd.authorization
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<autorizacion><estado>AUTORIZADO</estado>'
            f"<numeroAutorizacion>{auth.authorization_number}</numeroAutorizacion>"
            f"<fechaAutorizacion>{auth.authorized_at.isoformat()}</fechaAutorizacion><ambiente>PRUEBAS</ambiente>"
            f"<comprobante><![CDATA[<factura id=\"comprobante\"/>]]></comprobante></autorizacion>\n")
