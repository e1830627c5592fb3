"""Fault specs: deterministic failures chosen per document (campoAdicional SIM) or globally.

Syntax: comma-separated items `kind[_once][:N]`, plus `rate:P` and `seed:S`.
- reception faults: `timeout`, `http500`, `drop` (close without answering), `lost` (accept the
  document, then close without answering), `processing` (accept the document, answer DEVUELTA
  70 "clave en procesamiento"), `devuelta:N` (DEVUELTA with message N);
  with `_once` they hit only the first reception attempt of a key.
- authorization faults: `no_autorizado:N` (NO AUTORIZADO with message N; `_once`: only the
  first accepted submission of the key), `authorize_after:N` (the decision appears on the
  N-th authorization query instead of after the processing delay).
- `rate:P` (0 <= P <= 1) and `seed:S` (an integer >= 0, default 0): each reception and
  authorization call fails with probability P, the kind drawn among `timeout`, `http500`,
  `drop`, `lost` and `processing` (at authorization: `lost` answers the query, then closes;
  `processing` answers that nothing is decided yet). The draw of a call comes from
  `random.Random(f"{S}:{document}:{operation}:{attempt}")`: `document` is the access key
  without its date and its random código numérico (type, RUC, environment, series and
  sequential: the same invoice number draws the same on another day or with another
  code), operation `reception` or `authorization`, attempt the key's 1-based call count
  there. It depends on nothing else: a run replays exactly whatever the interleaving of
  its documents. E.g. `rate:0.3,seed:42`. A fault named explicitly for a call wins over
  the draw.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

RECEPTION_KINDS = ("timeout", "http500", "drop", "lost", "processing", "devuelta")
NETWORK_KINDS = ("timeout", "http500", "drop")
RATE_KINDS = ("timeout", "http500", "drop", "lost", "processing")
OPERATIONS = ("reception", "authorization")
NEEDS_ARG = ("devuelta", "no_autorizado", "authorize_after")
ALL_KINDS = RECEPTION_KINDS + ("no_autorizado", "authorize_after")


def document_of(key: str) -> str:
    """What a 49-digit access key says about its document, without the date (digits 1-8) and the
    código numérico, tipo de emisión and check digit (40-49); any other key as it is."""
    return key[8:39] if len(key) == 49 and key.isdigit() else key


@dataclass(frozen=True)
class Fault:
    kind: str
    once: bool = False
    arg: int | None = None


@dataclass(frozen=True)
class FaultSpec:
    faults: tuple[Fault, ...] = ()
    rate: float = 0.0
    seed: int | None = None

    def __bool__(self) -> bool:
        return bool(self.faults) or self.rate > 0

    def __add__(self, other: FaultSpec) -> FaultSpec:
        return FaultSpec(self.faults + other.faults, self.rate or other.rate,
                         self.seed if self.seed is not None else other.seed)

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

    def drawn_fault(self, operation: str, key: str, attempt: int) -> Fault | None:
        """The rate's fault for the `attempt`-th `operation` call of `key` (None: no fault)."""
        if self.rate <= 0:
            return None
        rng = random.Random(f"{self.seed or 0}:{document_of(key)}:{operation}:{attempt}")
        if rng.random() >= self.rate:
            return None
        return Fault(rng.choice(RATE_KINDS))

    def _first(self, kinds: tuple[str, ...], attempt: int) -> Fault | None:
        return next((f for f in self.faults
                     if f.kind in kinds and (not f.once or attempt == 1)), None)

    def __str__(self) -> str:
        items = [f"{f.kind}{'_once' if f.once else ''}{'' if f.arg is None else f':{f.arg}'}" for f in self.faults]
        if self.rate:
            items.append(f"rate:{self.rate:g}")
        if self.seed is not None:
            items.append(f"seed:{self.seed}")
        return ",".join(items)


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


def parse_rate(arg: str) -> float:
    try:
        rate = float(arg)
    except ValueError:
        rate = math.nan
    if not 0 <= rate <= 1:
        raise ValueError(f"rate {arg.strip()!r}: must be a number between 0 and 1")
    return rate


def parse_seed(arg: str) -> int:
    if not arg.strip().isdigit():
        raise ValueError(f"seed {arg.strip()!r}: must be an integer >= 0")
    return int(arg)


def parse_spec(text: str | None) -> FaultSpec:
    """Parse a fault spec; raises ValueError naming the bad item."""
    faults: list[Fault] = []
    draw: dict[str, float | int] = {}
    for item in (i for i in (text or "").split(",") if i.strip()):
        name, _, arg = item.partition(":")
        name = name.strip().lower()
        if name not in ("rate", "seed"):
            faults.append(parse_item(item))
        elif name in draw:
            raise ValueError(f"{name!r} given twice")
        else:
            draw[name] = parse_rate(arg) if name == "rate" else parse_seed(arg)
    return FaultSpec(tuple(faults), float(draw.get("rate", 0.0)), draw.get("seed"))  # type: ignore[arg-type]
