"""The envelope every message travels in, and the base of versioned contracts."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Contract(BaseModel):
    """A message payload. Subclasses set TYPE (`<owner>.<name>`) and VERSION.

    Consumers ignore fields they do not know; within a version only optional
    fields are added. A breaking change is a new class with VERSION + 1.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")
    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    KIND: ClassVar[str] = "event"  # "event" (topic exchange) or "command" (direct exchange)


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    message_id: UUID = Field(default_factory=uuid4, description="unique per message; the inbox key")
    type: str = Field(description="contract type, e.g. documents.invoice_recorded")
    version: int = Field(1, description="contract version")
    occurred_at: datetime = Field(default_factory=utcnow)
    company_id: int | None = Field(None, description="tenant the message belongs to")
    correlation_id: str | None = Field(None, description="the document or request this is about")
    causation_id: str | None = Field(None, description="message_id of the message that caused this one")
    payload: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def wrap(cls, contract: Contract, *, company_id: int | None = None,
             correlation_id: str | None = None, causation_id: str | None = None) -> "Envelope":
        return cls(type=contract.TYPE, version=contract.VERSION, company_id=company_id,
                   correlation_id=correlation_id, causation_id=causation_id,
                   payload=contract.model_dump(mode="json"))


def routing_key_for(type_: str, version: int) -> str:
    """`documents.invoice_recorded` v1 -> `documents.invoice_recorded.v1`."""
    return f"{type_}.v{version}"


def document_correlation(document_id: int) -> str:
    """The correlation id of every message about a document (its whole issuance)."""
    return f"document-{document_id}"


def company_correlation(company_id: int) -> str:
    """The correlation id of messages about a company's settings."""
    return f"company-{company_id}"
