"""Fault specs: deterministic failures chosen per document (campoAdicional SIM) or globally.

Syntax: comma-separated items `kind[_once][:N]`.
- reception faults: `timeout`, `http500`, `drop` (close without answering), `lost` (accept the
  document, then close without answering), `devuelta:N` (DEVUELTA with message N);
  with `_once` they hit only the first reception attempt of a key.
- authorization faults: `no_autorizado:N` (NO AUTORIZADO with message N; `_once`: only the
  first accepted submission of the key), `authorize_after:N` (the decision appears on the
  N-th authorization query instead of after the processing delay).
"""
from __future__ import annotations

from dataclasses import dataclass

RECEPTION_KINDS = ("timeout", "http500", "drop", "lost", "devuelta")
NETWORK_KINDS = ("timeout", "http500", "drop")
NEEDS_ARG = ("devuelta", "no_autorizado", "authorize_after")
ALL_KINDS = RECEPTION_KINDS + ("no_autorizado", "authorize_after")


@dataclass(frozen=True)
class Fault:
    kind: str
    once: bool = False
    arg: int | None = None


@dataclass(frozen=True)
class FaultSpec:
    faults: tuple[Fault, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.faults)

    def __add__(self, other: FaultSpec) -> FaultSpec:
        return FaultSpec(self.faults + other.faults)

    def reception_fault(self, attempt: int) -> Fault | None:
        """The reception fault for the `attempt`-th reception of a key (1-based)."""
        return self._first(RECEPTION_KINDS, attempt)

    def network_fault(self) -> Fault | None:
        """A fault that takes a whole endpoint down (not tied to one key)."""
        return next((f for f in self.faults if f.kind in NETWORK_KINDS and not f.once), None)

    def rejection(self, submission: int) -> Fault | None:
        return self._first(("no_autorizado",), submission)

    def authorize_after(self) -> int | None:
        fault = self._first(("authorize_after",), 1)
        return fault.arg if fault else None

    def _first(self, kinds: tuple[str, ...], attempt: int) -> Fault | None:
        return next((f for f in self.faults
                     if f.kind in kinds and (not f.once or attempt == 1)), None)

    def __str__(self) -> str:
        return ",".join(f"{f.kind}{'_once' if f.once else ''}{'' if f.arg is None else f':{f.arg}'}"
                        for f in self.faults)


def parse_item(item: str) -> Fault:
    name, _, arg = item.partition(":")
    name = name.strip().lower()
    once = name.endswith("_once")
    kind = name.removesuffix("_once")
    if kind not in ALL_KINDS or (once and kind == "authorize_after"):
        raise ValueError(f"unknown fault {name!r}")
    if (kind in NEEDS_ARG) != bool(arg.strip()):
        raise ValueError(f"fault {name!r} {'needs' if kind in NEEDS_ARG else 'takes no'} ':N'")
    if not arg.strip():
        return Fault(kind, once)
    if not arg.strip().isdigit() or int(arg) < 1:
        raise ValueError(f"fault {name!r}: N must be a positive integer")
    return Fault(kind, once, int(arg))


def parse_spec(text: str | None) -> FaultSpec:
    """Parse a fault spec; raises ValueError naming the bad item."""
    items = [i for i in (text or "").split(",") if i.strip()]
    return FaultSpec(tuple(parse_item(i) for i in items))
