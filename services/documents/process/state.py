"""The issuance process' state and what a transition returns (pure data, no I/O).

issuance.py (numbering, stock, SRI) and delivery.py (RIDE and e-mail) are the transitions;
both read an IssuanceState and return an Outcome.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, Sequence

from shared.contracts.envelope import Contract

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Event:  # a timeline entry (document_events)
    name: str
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What a transition does: columns to change, timeline events to append, messages to send."""
    changes: Mapping[str, Any] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    commands: tuple[Contract, ...] = ()

    def then(self, other: "Outcome") -> "Outcome":
        return Outcome({**self.changes, **other.changes}, self.events + other.events, self.commands + other.commands)


NOTHING = Outcome()


@dataclass(frozen=True)
class IssuanceState:
    """The process columns of a document row."""
    document_id: int = 0
    type: str = "invoice"
    status: str = "issued"
    process_state: str = "numbering"  # draft | numbering | numbered | failed | cancelled
    number: int | None = None
    stock_expected: bool = False
    stock_applied_at: datetime | None = None
    sri_submitted: bool = False
    sri_status: str = "pending"
    sri_sequence: int = 0
    mail_status: str = "pending"
    files: Mapping[str, Any] | None = None
    render_requested: bool = False  # renderer.render_and_mail sent
    mail: Mapping[str, Any] | None = None  # the latest mail request and its result (migration 0006)

    @classmethod
    def of(cls, row: Row) -> "IssuanceState":
        return cls(document_id=row["id"], **{f: row[f] for f in cls.__dataclass_fields__ if f != "document_id"})


@dataclass(frozen=True)
class Submission:  # what the SRI snapshot and the RIDE are built from (company read model, document, lines, source)
    company: Row | None
    document: Row
    lines: Sequence[Row]
    source: Row | None = None
