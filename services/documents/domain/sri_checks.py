"""What a document sent to the SRI must meet before it is recorded (pure, no I/O).

- `issue_date`: never after today in Ecuador (the SRI's day, shared/sri/timezone.py) and
  within the SRI's window: error 65 "fecha de emisión extemporánea" comes after 129,600
  minutes (90 days, SRI.md §6) counted from the issue day, so the date must be one of the
  last `window_days` days counting today (ISSUE_DATE_WINDOW_DAYS, default 90). 422.
- The company's dirección matriz (`dirMatriz`, required by every XSD) must be in its
  settings before a document goes to the SRI: the create (or the issue of a draft) is
  refused with a 409 naming the setting, rather than recording a document that can
  only end in `sri_status: error`. Drafts may be recorded without it.
- A credit or debit note modifies an invoice the SRI authorized (409 otherwise).
- Issuing a draft dates it on the day it is issued; a due date keeps its term.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Mapping

from services.documents.domain.kinds import Kind
from shared.contracts.rpc import Conflict, Unprocessable

ISSUE_DATE_WINDOW_DAYS = 90  # SRI error 65: 129,600 minutes
HEAD_OFFICE_MISSING = ("La empresa no tiene registrada su dirección matriz (campo address de PUT /settings/company); "
                       "el SRI la exige en cada comprobante. Regístrela antes de emitir.")


def check_issue_date(kind: Kind, issue: date | None, today: date, window_days: int = ISSUE_DATE_WINDOW_DAYS) -> None:
    """422 on `issue_date` when a document for the SRI is dated after today or before the window."""
    if issue is None or not kind.sri:
        return
    if issue > today:
        raise Unprocessable({"issue_date": [
            f"La fecha de emisión no puede ser posterior a hoy ({today.isoformat()}, hora de Ecuador)."]})
    earliest = today - timedelta(days=window_days - 1)
    if issue < earliest:
        raise Unprocessable({"issue_date": [
            f"La fecha de emisión no puede ser anterior al {earliest.isoformat()}: el SRI rechaza los comprobantes "
            f"emitidos hace más de {window_days} días (error 65, fecha de emisión extemporánea)."]})


def check_head_office(kind: Kind, issued: bool, company: Mapping[str, Any] | None) -> None:
    """409 when a document on its way to the SRI belongs to a company without its dirección matriz."""
    if kind.sri and issued and not head_office(company):
        raise Conflict(HEAD_OFFICE_MISSING)


def head_office(company: Mapping[str, Any] | None) -> str | None:
    """The company's dirección matriz, stripped; None when it has none."""
    return ((company or {}).get("address") or "").strip() or None


def check_authorized_source(source: Mapping[str, Any], kind: Kind) -> None:
    """409 unless the SRI authorized the invoice a note modifies."""
    if source["sri_status"] != "authorized":
        raise Conflict(f"La factura de origen aún no está autorizada por el SRI; una {kind.label.lower()} solo "
                       "puede emitirse sobre una factura autorizada.")


def redated(row: Mapping[str, Any], today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """A draft issued `today`: its new dates (the due date keeps its term) and the timeline's detail."""
    previous: date = row["issue_date"]
    changes: dict[str, Any] = {"issue_date": today}
    if row.get("due_date") is not None:
        changes["due_date"] = today + (row["due_date"] - previous)
    return changes, {"issue_date": today.isoformat(), "previous_issue_date": previous.isoformat()}
