"""Sales-document rules (pure, no I/O): buyer, dates, conversion, issue, cancellation, payment forms.

They raise the public errors directly (422 on the field, 409 for a state conflict).
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Mapping

from services.documents.domain import sri_checks
from services.documents.domain.kinds import CONVERSIONS, KINDS, Kind
from shared.contracts.payment_methods import ON_CREDIT, payment_form
from shared.contracts.rpc import Conflict, Unprocessable
from shared.sri.catalogues import FINAL_CONSUMER_ID, FINAL_CONSUMER_LIMIT, FINAL_CONSUMER_NAME

FINAL_CONSUMER = {"identification_type": "consumidor_final", "identification": FINAL_CONSUMER_ID,
                  "name": FINAL_CONSUMER_NAME, "email": None, "address": None, "phone": None}
CASH_LIMIT = Decimal("1000")  # above it a payment must go through the financial system
SRI_STATES_LOCKING_CANCEL = {"authorized": "el SRI ya lo autorizó", "received": "el SRI lo está autorizando",
                             "sending": "se está enviando al SRI"}


def customer_snapshot(row: Mapping[str, Any] | None) -> dict[str, Any]:
    """What the document keeps of its customer (consumidor final when there is none)."""
    if row is None:
        return dict(FINAL_CONSUMER)
    return {k: row[k] for k in ("identification_type", "identification", "name", "email", "address", "phone")}


def check_buyer(kind: Kind, buyer: Mapping[str, Any], total: Decimal, field: str = "customer_id",
                limit: Decimal = FINAL_CONSUMER_LIMIT) -> None:
    """Consumidor final: never on credit/debit notes; on an invoice only up to USD 50."""
    if buyer["identification_type"] != "consumidor_final":
        return
    if not kind.final_consumer:
        raise Unprocessable({field: [f"Una {kind.label.lower()} no puede emitirse a consumidor final."]})
    if kind.type == "invoice" and total > limit:
        raise Unprocessable({field: [f"Una factura de más de USD {limit} debe identificar al comprador; "
                                     "indique el cliente."]})


def due_date_of(issue: date, due: date | None, due_days: int | None) -> date | None:
    """`due_date`, else issue date + `due_days`; never before the issue date."""
    if due is None and due_days is not None:
        due = issue + timedelta(days=due_days)
    if due is not None and due < issue:
        raise Unprocessable({"due_date": ["La fecha de vencimiento no puede ser anterior a la fecha de emisión."]})
    return due


def check_conversion(source: Mapping[str, Any] | None, target: str) -> None:
    """A sales order or quotation converts once into the types CONVERSIONS allows."""
    if source is None:
        raise Unprocessable({"source_document_id": ["El documento de origen no existe."]})
    allowed = CONVERSIONS.get(source["type"], ())
    if target not in allowed:
        raise Unprocessable({"source_document_id": [
            f"Un documento de tipo {KINDS[source['type']].label.lower()} no puede convertirse en "
            f"{KINDS[target].label.lower()}."]})
    if source["status"] == "cancelled":
        raise Conflict("El documento de origen está anulado; no puede convertirse.")
    if source["converted_to_id"] is not None:
        raise Conflict(f"El documento de origen ya fue convertido (documento {source['converted_to_id']}).")


def check_note_source(source: Mapping[str, Any] | None, kind: Kind) -> None:
    """A credit or debit note modifies an issued, numbered invoice the SRI authorized."""
    field = "source_document_id"
    if source is None or source["type"] != "invoice":
        raise Unprocessable({field: ["La factura de origen no existe."]})
    if source["status"] != "issued":
        state = "anulada" if source["status"] == "cancelled" else "en borrador"
        raise Conflict(f"La factura de origen está {state}; no admite una {kind.label.lower()}.")
    if source["number"] is None:
        raise Conflict("La factura de origen aún no tiene número asignado; intente en unos segundos.")
    check_buyer(kind, source["customer"], Decimal("0"), field)
    sri_checks.check_authorized_source(source, kind)


def check_draft(doc: Mapping[str, Any]) -> None:
    """Only a draft is issued (POST /documents/{id}/issue)."""
    if doc["status"] != "draft":
        raise Conflict("Solo un documento en borrador puede emitirse.")


def check_cancel(doc: Mapping[str, Any]) -> None:
    """409 with the reason when the document cannot be cancelled here."""
    if doc["status"] == "cancelled":
        raise Conflict("El documento ya está anulado.")
    blocked = SRI_STATES_LOCKING_CANCEL.get(doc["sri_status"])
    if blocked:
        raise Conflict(f"El documento no puede anularse porque {blocked}; emita una nota de crédito.")
    if doc["credited_total"] > 0:
        raise Conflict("La factura tiene notas de crédito; anúlelas antes de anular la factura.")


def guarded_by_payments(doc: Mapping[str, Any]) -> bool:
    """Cancelling it needs payments' word (receivables.close): an issued invoice, sales order or debit
    note has a receivable; a draft, a quotation or a credit note has none."""
    return doc["status"] == "issued" and KINDS[doc["type"]].receivable


def initial_payment(body: Any, total: Decimal, issue: date) -> dict[str, Any] | None:
    """The payment registered at issue, when asked for; its amount cannot exceed the total.
    A sale on credit (`credito`) pays nothing: none is registered, and it needs its due date."""
    if not body.register_initial_payment:
        return None
    if payment_form(body.initial_payment_method) == ON_CREDIT:
        if body.due_date is None and body.due_days is None:
            raise Unprocessable({"due_date": ["Una venta a crédito necesita su fecha de vencimiento "
                                              "(due_date o due_days)."]})
        return None
    amount = body.initial_payment_amount if body.initial_payment_amount is not None else total
    if amount > total:
        raise Unprocessable({"initial_payment_amount": ["El pago inicial no puede superar el total del documento."]})
    if body.initial_payment_date is not None and body.initial_payment_date < issue:
        raise Unprocessable({"initial_payment_date": [  # as POST /payments says it (payments' allocation.py)
            f"La fecha de pago no puede ser anterior a la fecha de emisión del documento ({issue.isoformat()})."]})
    return {"amount": str(amount), "date": (body.initial_payment_date or issue).isoformat(),
            "method": body.initial_payment_method or "efectivo", "reference": body.initial_payment_reference,
            "notes": body.initial_payment_notes}


def initial_payment_redated(paid: Mapping[str, Any] | None, issue: date) -> dict[str, Any]:
    """A draft issued later: its initial payment moves to the new issue date when dated before it."""
    if paid is None or date.fromisoformat(paid["date"]) >= issue:
        return {}
    return {"initial_payment": {**paid, "date": issue.isoformat()}}


def sri_payment_code(method: str | None, amount: Decimal) -> str:
    """SRI formaPago of a payment method (shared.contracts.payment_methods, the one table); a sale on
    credit, or no method: the money that will pay it, cash up to USD 1000, else 20 (financial system)."""
    code = payment_form(method)
    if code is not None and code != ON_CREDIT:
        return code
    return "01" if amount <= CASH_LIMIT else "20"


def payment_forms(total: Decimal, paid: Mapping[str, Any] | None, term_days: int | None) -> list[dict[str, Any]]:
    """SRI `pagos`: the initial payment with its method, and what is left (on credit when due later)."""
    forms: list[dict[str, Any]] = []
    rest = total
    if paid is not None and Decimal(paid["amount"]) > 0 and payment_form(paid.get("method")) != ON_CREDIT:
        amount = Decimal(paid["amount"])
        forms.append({"method": sri_payment_code(paid.get("method"), amount), "amount": amount, "term_days": None})
        rest = total - amount
    if rest > 0 or not forms:
        forms.append({"method": sri_payment_code(None, rest), "amount": rest, "term_days": term_days or None})
    return forms
