"""The authorization side: when a received document is decided, and what a query answers."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from services.sri_simulator import accesskey
from services.sri_simulator.messages import Message, message
from services.sri_simulator.state import AUTHORIZED, NOT_AUTHORIZED, Decision, Store, Submission

log = logging.getLogger(__name__)
ECUADOR = timezone(timedelta(hours=-5))
TEST_ENVIRONMENT = "1"
AMBIENTES = {"1": "PRUEBAS", "2": "PRODUCCIÓN"}


@dataclass
class AuthorizationAnswer:
    key: str
    entries: list[Submission] = field(default_factory=list)  # decided, newest first
    malformed: Message | None = None


def is_due(sub: Submission, now: float, delay: float) -> bool:
    after = sub.faults.authorize_after()
    if after is not None:
        return sub.polls >= after
    return now - sub.received_at >= delay


def decide(sub: Submission) -> Decision:
    forced = sub.faults.rejection(sub.number)
    error = message(forced.arg, "Falla simulada (SIM)") if forced else sub.error
    mensajes = [error] if error else []
    if sub.ambiente == TEST_ENVIRONMENT:
        mensajes.append(message(60))
    return Decision(NOT_AUTHORIZED if error else AUTHORIZED, datetime.now(ECUADOR), mensajes)


class Authorizer:
    def __init__(self, store: Store, delay: float):
        self.store, self.delay = store, delay

    def settle(self, sub: Submission | None) -> Submission | None:
        """Decide `sub` if its processing time is over; returns it for chaining."""
        if sub is not None and sub.decision is None and is_due(sub, time.monotonic(), self.delay):
            sub.decision = decide(sub)
            self.store.totals["authorized" if sub.decision.estado == AUTHORIZED else "not_authorized"] += 1
            log.info("decided", extra={"fields": {
                "clave": sub.key, "estado": sub.decision.estado, "submission": sub.number,
                "mensajes": [m.identificador for m in sub.decision.mensajes]}})
        return sub

    def query(self, key: str) -> AuthorizationAnswer:
        key = (key or "").strip()
        self.store.totals["authorization_queries"] += 1
        record = self.store.records.get(key)
        if record is None or not record.submissions:
            if not accesskey.has_valid_check_digit(key):
                return AuthorizationAnswer(key, malformed=message(80, "; ".join(
                    accesskey.structure_errors(key)) or None))
            return AuthorizationAnswer(key)
        record.polls += 1
        record.latest.polls += 1
        if self.settle(record.latest).decision is None:
            return AuthorizationAnswer(key)
        decided = [s for s in record.submissions if s.decision]
        return AuthorizationAnswer(key, entries=decided[::-1])
