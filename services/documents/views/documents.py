"""Response shapes of the sales documents: API.md Part A keys exactly (list, detail, create).

List and detail carry decimals as strings (4 decimals for money and rates, 3 for
quantities); the create response carries JSON numbers rounded to 2, as published.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from shared.rpc.formatting import json_number, money, quantity, rate, timestamp
from shared.db.paging import Paging, meta

Row = Mapping[str, Any]
EVENT_MESSAGES = {
    "created": "Documento registrado.", "issued": "Borrador emitido.", "converted": "Documento convertido.",
    "stock_applied": "Movimiento de inventario aplicado.", "numbered": "Número asignado.",
    "number_rejected": "La numeración fue rechazada.", "sri_submitted": "Enviado al SRI.",
    "sri_error": "No se pudo preparar el envío al SRI.", "cancelled": "Documento anulado.",
    "credited": "Nota de crédito registrada.", "debited": "Nota de débito registrada.",
    "link_cancelled": "Se anuló un documento relacionado.", "signed": "Comprobante firmado.",
    "sent": "Enviado a recepción del SRI.", "received": "Recibido por el SRI.", "returned": "Devuelto por el SRI.",
    "polled": "Autorización consultada.", "retry_scheduled": "Reintento programado.", "error": "Error en el envío.",
    "authorized": "Autorizado por el SRI.", "rejected": "No autorizado por el SRI.",
    "rendered": "RIDE generado.", "render_error": "No se pudo generar el RIDE.",
    "mail_skipped": "Sin envío automático por correo.", "mail_requested": "Envío por correo solicitado.",
    "mailed": "Enviado por correo.", "mail_failed": "No se pudo enviar el correo.",
    "payment_registered": "Pago registrado.", "paid": "Documento pagado.", "payment_reversed": "Pago reversado.",
    "credit_applied": "Nota de crédito aplicada al saldo.", "debit_applied": "Nota de débito sumada al saldo.",
    "payments_moved": "Pagos trasladados.",
}
MAIL_QUEUED = "Correo en cola de envío."
MAIL_KEYS = ("request_id", "recipients", "sent_at", "reason")


def number_text(row: Row) -> str | None:
    return None if row["number"] is None else f"{row['number']:09d}"


def display_number(row: Row) -> str | None:
    return None if row["number"] is None else f"{row['series']}-{row['number']:09d}"


def list_item(row: Row) -> dict[str, Any]:
    return {"id": row["id"], "type": row["type"], "series": row["series"], "number": number_text(row),
            "status": row["status"], "sri_status": row["sri_status"], "payment_status": row["payment_status"],
            "total": money(row["total"])}


def page(rows: Sequence[Row], total: int, paging: Paging) -> dict[str, Any]:
    """Laravel's paginator keys beside `data` (GET /documents)."""
    m = meta(total, paging)
    return {"current_page": m["current_page"], "data": [list_item(r) for r in rows], "per_page": m["per_page"],
            "last_page": m["last_page"], "total": m["total"]}


def item(line: Row) -> dict[str, Any]:
    return {"id": line["id"], "product_id": line["product_id"], "description": line["description"],
            "quantity": quantity(line["quantity"]), "unit_price": money(line["unit_price"]),
            "tax_rate": rate(line["tax_rate"]), "discount": money(line["discount_amount"]),
            "subtotal": money(line["base"]), "tax": money(line["tax_amount"]),
            "credited_quantity": quantity(line["credited_quantity"]), "source_line_id": line["source_line_id"]}


def customer(row: Row) -> dict[str, Any]:
    c = row["customer"]
    return {"id": row["customer_id"], "name": c["name"], "identification": c["identification"],
            "identification_type": c["identification_type"], "email": c.get("email"), "address": c.get("address")}


def files(row: Row) -> dict[str, Any]:
    f = row["files"] or {}
    return {"xml_path": f.get("xml_path"), "pdf_path": f.get("pdf_path")}


def mail(row: Row) -> dict[str, Any]:
    """`sri_response.mail`: the status (Part A's `{"status": "sent"}`) and what is known of the latest
    mail request: request_id, recipients, sent_at, or the reason it was skipped or failed."""
    latest = row["mail"] or {}
    return {"status": row["mail_status"], **{k: latest[k] for k in MAIL_KEYS if latest.get(k) is not None}}


def mail_request(event: Row) -> dict[str, Any]:
    """`data` of the 202 of POST /documents/{id}/email (its `mail_requested` event)."""
    return {"id": event["document_id"], "mail_status": "pending", "request_id": event["detail"]["request_id"],
            "recipients": event["detail"]["recipients"]}


def detail(row: Row, lines: Sequence[Row]) -> dict[str, Any]:
    return {**list_item(row), "issue_date": row["issue_date"].isoformat(), "customer": customer(row),
            "items": [item(ln) for ln in lines],
            "sri_response": {"status": row["sri_status"], "mail": mail(row),
                             "access_key": row["sri_access_key"],
                             "authorization_number": row["sri_authorization_number"],
                             "authorized_at": timestamp(row["sri_authorized_at"])},
            **_detail_extras(row)}


def _detail_extras(row: Row) -> dict[str, Any]:
    return {"display_number": display_number(row), "due_date": _date(row["due_date"]), "currency": row["currency"],
            "subtotal": money(row["subtotal"]), "discount": money(row["discount"]), "tax": money(row["tax"]),
            "credited_total": money(row["credited_total"]), "warehouse_id": row["warehouse_id"],
            "source_document_id": row["source_document_id"], "converted": row["converted_to_id"] is not None,
            "converted_to_id": row["converted_to_id"], "process_state": row["process_state"],
            "mail_status": row["mail_status"], "stock_movement_id": row["stock_movement_id"],
            "stock_applied_at": timestamp(row["stock_applied_at"]), "files": files(row), "reason": row["reason"],
            "reference": row["reference"], "seller_name": row["seller_name"],
            "order_reference": row["order_reference"], "notes": row["notes"], "delivered": row["delivered"],
            "created_at": timestamp(row["created_at"]), "updated_at": timestamp(row["updated_at"])}


def created(row: Row) -> dict[str, Any]:
    """`data` of the 201 of POST /documents/invoices (and the other creates), Part A keys."""
    return {"id": row["id"], "type": row["type"], "series": row["series"], "number": number_text(row),
            "status": row["status"], "issue_date": row["issue_date"].isoformat(), "total": json_number(row["total"]),
            "sri_status": row["sri_status"], "sri_access_key": row["sri_access_key"],
            "sri_authorization_number": row["sri_authorization_number"],
            "sri_authorized_at": timestamp(row["sri_authorized_at"]), "mail_status": row["mail_status"],
            "files": files(row), "stock_movement_id": row["stock_movement_id"],
            "stock_applied_at": timestamp(row["stock_applied_at"])}


def event(row: Row) -> dict[str, Any]:
    return {"id": row["id"], "event": row["event"], "message": EVENT_MESSAGES.get(row["event"], row["event"]),
            "detail": row["detail"], "occurred_at": timestamp(row["occurred_at"])}


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None
