"""The `renderer.render_and_mail` command of a document (pure, no I/O).

An invoice or note carries the snapshot the SRI authorized (snapshot.build, the same
`sri.submit_document` it was sent with) and the authorization; a sales order or quotation
its PlainDocument, built from the stored document the way the snapshot is. Something
missing (the company's address, the authorization) is a SnapshotError (Spanish).
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from pydantic import ValidationError

from services.documents.domain import snapshot
from services.documents.domain.kinds import KINDS
from services.documents.domain.snapshot import SnapshotError, text
from shared.contracts.renderer import AUTO_REQUEST, Authorization, PlainDocument, RenderAndMail
from shared.contracts.sri import SriTotals
from shared.rpc.validation import reason_for

Row = Mapping[str, Any]
PLAIN_FIELDS = frozenset({"Referencia", "Vendedor", "Observaciones"})  # their own fields on a PlainDocument


def plain_document(company: Row | None, doc: Row, lines: Sequence[Row]) -> PlainDocument:
    """A numbered sales order or quotation for its plain layout."""
    if company is None:
        raise SnapshotError("No hay datos de la empresa (RUC, razón social, dirección) para generar el documento.")
    try:
        return PlainDocument(
            issuer=snapshot.issuer(company, doc["establishment"] or {}), establishment=doc["series"][:3],
            emission_point=doc["series"][4:], buyer=snapshot.buyer(doc["customer"]),
            lines=[snapshot.line(ln) for ln in lines],
            tax_totals=[snapshot.tax(t["code"], t["rate"], t["exemption"], t["base"], t["amount"])
                        for t in doc["tax_totals"]],
            totals=SriTotals(subtotal=doc["subtotal"], discount=doc["discount"], tax=doc["tax"], tip=doc["tip"],
                             total=doc["total"]),
            due_date=doc["due_date"], reference=text(doc["reference"]), seller_name=text(doc["seller_name"]),
            notes=(doc["notes"] or "").strip() or None,
            additional_info=[p for p in snapshot.additional_info(doc) if p.name not in PLAIN_FIELDS])
    except ValidationError as exc:
        raise SnapshotError(f"Datos incompletos para el documento: {reason_for(exc.errors()[0])}") from None


def authorization(doc: Row) -> Authorization:
    """What the SRI's authorization added, as stored on the authorized document."""
    try:
        return Authorization(access_key=doc["sri_access_key"], authorization_number=doc["sri_authorization_number"],
                             authorized_at=doc["sri_authorized_at"], xml_path=(doc["files"] or {}).get("xml_path"))
    except ValidationError as exc:
        raise SnapshotError(f"Falta la autorización del SRI: {reason_for(exc.errors()[0])}") from None


def display_number(doc: Row) -> str:
    return f"{doc['series']}-{doc['number']:09d}"


def render_command(company: Row | None, doc: Row, lines: Sequence[Row], source: Row | None = None, *,
                   mail: bool = False, recipients: Sequence[str] = (), request_id: str = AUTO_REQUEST
                   ) -> RenderAndMail:
    """Render the numbered (SRI kinds: authorized) document; with `mail`, send request `request_id`."""
    fields: dict[str, Any] = {
        "document_id": doc["id"], "company_id": doc["company_id"], "document_type": doc["type"],
        "display_number": display_number(doc), "issue_date": doc["issue_date"], "mail": mail,
        "request_id": request_id, "recipients": list(recipients)}
    if KINDS[doc["type"]].sri:
        fields.update(snapshot=snapshot.build(company, doc, lines, source), authorization=authorization(doc))
    else:
        fields["plain"] = plain_document(company, doc, lines)
    return RenderAndMail(**fields)
