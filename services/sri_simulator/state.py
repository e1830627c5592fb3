"""In-memory state, keyed by access key (dev/test only: nothing survives a restart)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from services.sri_simulator.faults import Fault, FaultSpec
from services.sri_simulator.messages import Message

AUTHORIZED = "AUTORIZADO"
NOT_AUTHORIZED = "NO AUTORIZADO"


@dataclass
class Decision:
    estado: str
    fecha: datetime
    mensajes: list[Message]


@dataclass
class Submission:
    """One accepted (RECIBIDA) reception of a key."""
    key: str
    number: int
    text: str
    ambiente: str
    received_at: float
    faults: FaultSpec
    error: Message | None  # what the authorization step will reject it for
    polls: int = 0
    decision: Decision | None = None

    @property
    def state(self) -> str:
        return self.decision.estado if self.decision else "EN PROCESAMIENTO"


@dataclass
class KeyRecord:
    key: str
    receptions: int = 0  # every reception attempt, faulted or DEVUELTA included
    polls: int = 0
    submissions: list[Submission] = field(default_factory=list)

    @property
    def latest(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None

    def count(self, estado: str) -> int:
        return sum(1 for s in self.submissions if s.decision and s.decision.estado == estado)

    def summary(self) -> dict:
        latest = self.latest
        return {"estado": latest.state if latest else None, "receptions": self.receptions,
                "accepted": len(self.submissions), "polls": self.polls,
                "authorized": self.count(AUTHORIZED), "not_authorized": self.count(NOT_AUTHORIZED)}


class Store:
    def __init__(self, default_faults: FaultSpec):
        self.default_faults = default_faults
        self.reset()

    def reset(self) -> None:
        self.records: dict[str, KeyRecord] = {}
        self.by_sequence: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.totals: Counter[str] = Counter()
        self.calls: Counter[tuple[str, str]] = Counter()  # (operation, key) -> calls so far
        self.faults = self.default_faults

    def record(self, key: str) -> KeyRecord:
        if key not in self.records:
            self.records[key] = KeyRecord(key)
        return self.records[key]

    def draw(self, spec: FaultSpec, operation: str, key: str) -> Fault | None:
        """Count this call of `key` and draw the spec's rate fault for it (see faults.py)."""
        self.calls[(operation, key)] += 1
        fault = spec.drawn_fault(operation, key, self.calls[(operation, key)])
        if fault is not None:
            self.totals["rate_faults"] += 1
            self.totals[f"rate_{operation}_{fault.kind}"] += 1
        return fault

    def accept(self, record: KeyRecord, submission: Submission, sequence_id: tuple[str, ...]) -> None:
        record.submissions.append(submission)
        self.by_sequence[sequence_id].add(record.key)
        self.totals["accepted"] += 1

    def same_sequence(self, sequence_id: tuple[str, ...], key: str) -> list[KeyRecord]:
        return [self.records[k] for k in sorted(self.by_sequence.get(sequence_id, ())) if k != key]

    def snapshot(self, key: str | None = None) -> dict:
        records = {k: r for k, r in self.records.items() if key is None or k == key}
        return {"faults": str(self.faults), "totals": dict(self.totals),
                "documents": {k: r.summary() for k, r in records.items()}}
