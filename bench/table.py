"""The suite's one markdown table: rows, the cells' number formats, the CPU-per-unit cell."""
from __future__ import annotations

from dataclasses import dataclass, fields

HEADER = ("step", "here", "reference, same run", "ratio", "target", "CPU ms per unit, by process (/proc)")


@dataclass
class Row:
    step: str
    here: str
    reference: str = "—"
    ratio: str = "—"
    target: str = "—"
    cpu: str = "—"


def num(value: float, digits: int | None = None) -> str:
    """1234.5 -> "1,234"; 18.24 -> "18.2"; 0.4567 -> "0.46" (or `digits` decimals)."""
    if value != value:  # NaN
        return "n/a"
    if digits is None:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}"


def ms(value: float) -> str:
    """Milliseconds, or seconds from 10 s up."""
    return f"{num(value / 1000, 1)} s" if value >= 10_000 else f"{num(value)} ms"


def ratio(here: float, reference: float) -> str:
    return num(here / reference, 2) if reference else "n/a"


def cpu_cell(ms_by_process: dict[str, float], units: int, *, label: str = "total",
             also_without: tuple[str, ...] = ()) -> str:
    """"total 2.91: gateway 1.11, documents 1.00, ..." (each process's CPU ms divided by `units`,
    largest first, nothing shown for a process that used none); `also_without`: a second total
    leaving those processes out."""
    if units <= 0:
        return "n/a (nothing done)"
    gone = [name for name, v in ms_by_process.items() if v != v]  # NaN: the process ended meanwhile
    per = {name: v / units for name, v in ms_by_process.items() if v == v}
    parts = [f"{name} {v:.2f}" for name, v in sorted(per.items(), key=lambda kv: -kv[1]) if v >= 0.005]
    text = f"{label} {sum(per.values()):.2f}"
    if also_without:
        rest = sum(v for name, v in per.items() if name not in also_without)
        text += f" ({rest:.2f} without {', '.join(also_without)})"
    text = f"{text}: {', '.join(parts) or 'none'}"
    return text + (f" (restarted during the step, not counted: {', '.join(gone)})" if gone else "")


def cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        lines.append("| " + " | ".join(cell(getattr(row, f.name)) for f in fields(Row)) + " |")
    return "\n".join(lines)
