"""What the SRI's web services answered, as plain values (the SOAP client builds them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.contracts.sri_results import SriMessage


@dataclass(frozen=True)
class Reception:
    estado: str  # RECIBIDA | DEVUELTA
    messages: list[SriMessage] = field(default_factory=list)


@dataclass(frozen=True)
class Authorization:
    estado: str  # AUTORIZADO | NO AUTORIZADO | RECHAZADA (malformed key)
    number: str | None
    authorized_at: datetime | None
    environment: str | None
    xml: str | None
    messages: list[SriMessage] = field(default_factory=list)
