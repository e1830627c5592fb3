"""Pure rules of the submission flow (SRI.md §6 "Recommended flow"); no I/O here.

- Stages: pending (to sign) -> signed (to send) -> received (polling) -> a final stage.
- Reception RECIBIDA, or DEVUELTA with 43/70 (key registered / in process): poll the
  authorization, never resend with a new key. DEVUELTA with anything else: returned.
- No answer (unreachable, timeout, HTTP 5xx, dropped): wait by the back-off schedule
  and try again; if the SRI may have received the document, query before resending.
- Authorization: AUTORIZADO wins whatever else is listed; NO AUTORIZADO is final only
  when it belongs to the current cycle (after a retry, the SRI still lists the older
  decisions); nothing listed means still processing.
- An AUTORIZADO counts only from the document's own environment: its `ambiente`
  (PRUEBAS / PRODUCCIÓN) must be the document's; otherwise the submission is an error.
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

from services.sri_submitter.domain import access_key
from services.sri_submitter.domain.answers import Authorization, Reception
from services.sri_submitter.domain.messages import POLL_INSTEAD
from shared.contracts.sri import SubmitDocument
from shared.sri.catalogues import ENVIRONMENT_NAMES, ENVIRONMENTS

ACTIVE = ("pending", "signed", "received")
FINAL = ("authorized", "returned", "not_authorized", "error")
RECEIVED, RETURNED = "RECIBIDA", "DEVUELTA"
AUTHORIZED, NOT_AUTHORIZED = "AUTORIZADO", "NO AUTORIZADO"
IN_PROCESS = "EN PROCESAMIENTO"
# the document's sri_status (documents' vocabulary) for each stage
STATUS = {"pending": "pending", "signed": "sending", "received": "received", "authorized": "authorized",
          "returned": "rejected", "not_authorized": "rejected", "error": "error"}
REJECTION = {"returned": "returned", "not_authorized": "not_authorized", "error": "error"}


def new_access_key(cmd: SubmitDocument) -> str:
    """The document's key (random código numérico); built once, stored, never rebuilt."""
    return access_key.build(issue_date=cmd.issue_date, doc_type=cmd.document_type, ruc=cmd.issuer.ruc,
                            environment=cmd.environment, establishment=cmd.establishment,
                            emission_point=cmd.emission_point, sequential=cmd.sequential)


def backoff(delays: tuple[float, ...], tries: int) -> float:
    """The wait before try number `tries` + 1: the schedule's value, the last one repeating."""
    return delays[min(max(tries, 0), len(delays) - 1)]


def after_failure(delays: tuple[float, ...], tries: int) -> float:
    """The wait after an unexpected failure: the schedule's first step > 0 from `tries` on (the
    settings keep the last one > 0), so a submission that keeps failing never spins."""
    return next(d for d in delays[min(max(tries, 0), len(delays) - 1):] if d > 0)


def deadline(cycle_started_at: datetime, max_wait_hours: float) -> datetime:
    return cycle_started_at + timedelta(hours=max_wait_hours)


def reception_stage(reception: Reception) -> str:
    """`received` (poll the authorization) or `returned` (the SRI refused the document)."""
    if reception.estado == RECEIVED:
        return "received"
    if reception.estado == RETURNED and any(m.identificador in POLL_INSTEAD for m in reception.messages):
        return "received"
    return "returned"


def current(entries: list[Authorization], cycle: int, cycle_started_at: datetime) -> list[Authorization]:
    """The decisions that belong to this cycle; in the first one every decision does."""
    if cycle <= 1:
        return entries
    return [a for a in entries if _not_older(a.authorized_at, cycle_started_at)]


def _not_older(at: object, started: datetime) -> bool:
    """Undated (or without offset) decisions are taken as current."""
    return not isinstance(at, datetime) or at.tzinfo is None or at >= started


def decision(entries: list[Authorization], cycle: int, cycle_started_at: datetime) -> Authorization | None:
    """The AUTORIZADO entry if any; else the newest NO AUTORIZADO of this cycle; else None (processing).

    An AUTORIZADO from an earlier cycle still counts: the document is authorized.
    """
    authorized = [a for a in entries if a.estado == AUTHORIZED]
    if authorized:
        return authorized[0]
    rejected = [a for a in current(entries, cycle, cycle_started_at) if a.estado == NOT_AUTHORIZED]
    return rejected[0] if rejected else None


def _plain(text: str | None) -> str:
    """`Producción ` -> `PRODUCCION` (the SRI's spelling of the ambiente varies in accents and case)."""
    return unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().strip().upper()


def environment_mismatch(found: Authorization, environment: str) -> str | None:
    """Why an authorization does not belong to the document's environment (None when it does)."""
    expected = ENVIRONMENT_NAMES[ENVIRONMENTS[environment]]
    if _plain(found.environment) == _plain(expected):
        return None
    return (f"El SRI respondió desde el ambiente {found.environment or '(sin ambiente)'}, pero el comprobante es del "
            f"ambiente {expected}; no se registra como autorizado.")


def malformed(entries: list[Authorization]) -> Authorization | None:
    """A RECHAZADA answer (the SRI could not read the key): nothing will ever be decided."""
    return next((a for a in entries if a.estado not in (AUTHORIZED, NOT_AUTHORIZED)), None)


def xml_path(company_id: int, issued: date, access_key: str) -> str:
    """Relative path of the authorized XML: companies/{c}/documents/sales/xml/{YYYY}/{MM}/{key}.xml."""
    return f"companies/{company_id}/documents/sales/xml/{issued:%Y}/{issued:%m}/{access_key}.xml"
