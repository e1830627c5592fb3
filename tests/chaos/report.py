"""The figures of a chaos run as text: what was done to the platform, then each invariant.

`LAST` keeps the latest report so the pytest terminal summary (conftest.py) prints it
whatever the outcome and whatever `-q`/`-s` say; it is also written to a file."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.chaos.clients import ClientStats, PaymentStats
from tests.chaos.invariants import Check, plain
from tests.chaos.killer import BrokerRestart

LAST: list[str] = []  # the text of the latest report, for the terminal summary


@dataclass
class RunFigures:
    seed: int
    invoices: int
    clients: int
    client_stats: ClientStats
    kills: Counter
    failed_starts: Counter
    broker: BrokerRestart
    sri_totals: dict
    seconds: dict[str, float] = field(default_factory=dict)  # setup, run, quiescence, total
    pending_after_quiescence: dict[str, int] = field(default_factory=dict)
    restarts_given_up: list[str] = field(default_factory=list)
    kill_ticks_skipped: str = ""  # e.g. "3 (4 down already)"
    smtp_refusals_planned: int = 0  # times the SMTP sink was told to refuse its next 1-3 mails with 451


def counts(counter: dict, prefix: str = "") -> str:
    items = sorted((k.removeprefix(prefix), v) for k, v in counter.items() if k.startswith(prefix) and v)
    return ", ".join(f"{k} {v}" for k, v in items) or "none"


def recovery(b: BrokerRestart) -> str:
    if not b.restarts:
        return "not restarted"
    if b.gateway_restarted:
        return "the gateway was restarted meanwhile (its recovery not measured)"
    if b.recovered_after is None:
        return f"the gateway did NOT answer within {b.recovery_window:g} s without a restart (last: {b.last_answer})"
    return f"the gateway answered {b.recovered_after:.1f} s after, without a restart"


def run_lines(f: RunFigures) -> list[str]:
    c, t = f.client_stats, f.sri_totals
    return [
        f"chaos run: seed {f.seed} (replay: CHAOS_SEED={f.seed} CHAOS_INVOICES={f.invoices})",
        f"invoices {c.created} of {f.invoices} by {f.clients} clients; elapsed {f.seconds.get('total', 0):.1f} s "
        f"(setup {f.seconds.get('setup', 0):.1f}, under faults {f.seconds.get('run', 0):.1f}, "
        f"quiescence {f.seconds.get('quiescence', 0):.1f})",
        f"kills {sum(f.kills.values())}: {counts(f.kills)}; kill ticks skipped {f.kill_ticks_skipped or 0}; "
        f"failed starts {sum(f.failed_starts.values())} "
        f"({counts(f.failed_starts)}); restarts given up {len(f.restarts_given_up)}",
        f"broker restarts {f.broker.restarts} ({f.broker.steps}); "
        f"{recovery(f.broker)}",
        f"SRI faults injected {t.get('rate_faults', 0)} in {t.get('receptions', 0)} receptions and "
        f"{t.get('authorization_queries', 0)} authorization queries; reception: "
        f"{counts(t, 'rate_reception_')}; authorization: {counts(t, 'rate_authorization_')}",
        f"SMTP sink told {f.smtp_refusals_planned} times to refuse its next 1-3 mails with 451 (each time replaces "
        f"the last; refused: 'failed SMTP attempts' below)",
        f"client requests {c.requests}, retries {sum(c.retries.values())}: {counts(c.retries)}; "
        f"unexpected answers {len(c.errors)}, given up {len(c.given_up)}",
        payment_line(c.payments),
        f"left after quiescence: {counts(f.pending_after_quiescence)}",
    ]


def payment_line(p: PaymentStats) -> str:
    return (f"payments: {p.planned} planned on {p.invoices} invoices ({p.together} posted 2-3 at once on one "
            f"document), 201s {len(p.received)} applying ${plain(p.applied)}, refused (no advance left) "
            f"{len(p.refused)}; requests {p.requests}, retries {sum(p.retries.values())}: {counts(p.retries)}; "
            f"unexpected answers {len(p.errors)}, given up {len(p.given_up)}")


def payment_check(f: RunFigures) -> Check:
    p = f.client_stats.payments
    details = tuple(p.errors[:10]) + tuple(f"no 201 in time for {key}" for key in p.given_up[:10])
    return Check("every payment registered", len(p.received) + len(p.refused) == p.planned and not details,
                 f"201s {len(p.received)} + refused {len(p.refused)} of {p.planned}", details)


def client_check(f: RunFigures) -> Check:
    c = f.client_stats
    details = tuple(c.errors[:10]) + tuple(f"no 201 in time for {key}" for key in c.given_up[:10])
    return Check("every invoice created", c.created == f.invoices and not details,
                 f"201s {c.created} of {f.invoices}", details)


def restart_check(f: RunFigures) -> Check:
    return Check("every killed process came back", not f.restarts_given_up,
                 f"restarts given up {len(f.restarts_given_up)} of {sum(f.kills.values())}",
                 tuple(f.restarts_given_up[:10]))


def recovery_check(f: RunFigures) -> Check:
    b = f.broker
    ok = b.restarts == 1 and (b.gateway_restarted or b.recovered_after is not None)
    return Check("recovery from the broker restart", ok, recovery(b))


def render(figures: RunFigures, checks: list[Check]) -> str:
    lines = run_lines(figures)
    for check in checks:
        lines.append(f"[{'ok' if check.ok else 'VIOLATION'}] {check.name}: {check.figure}")
        lines += [f"      {detail}" for detail in check.details]
    violated = [c.name for c in checks if not c.ok]
    lines.append(f"violations: {', '.join(violated) if violated else 'none'}")
    return "\n".join(lines)


def publish(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    LAST[:] = [text, f"(figures also in {path}; service logs beside them)"]
