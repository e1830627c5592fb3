"""The chaos suite (issue 9): invoices posted by concurrent clients with Idempotency-Keys and
retries, about half of them then paid in 1-3 payments (some at once on one document; issue 11),
while service processes are SIGKILLed and restarted every 1-2 s, RabbitMQ is restarted once, the SRI simulator fails 30% of the calls and the SMTP sink refuses a few
mails with 451; after quiescence every invariant holds (no ghost, contiguous numbers, stock,
one SRI submission per key, final states, every authorized invoice rendered once and mailed
(duplicates only within the renderer_mailer kills), dead letters explained, every payment
applied once and no other (paid amounts, balances, documents' payment_status, advances)).

`make test` runs it with 100 invoices, `make chaos` with 1,000 (CHAOS_INVOICES); the seed
is printed with the figures and replays the run's fault draws and kill choices (CHAOS_SEED).
"""
from __future__ import annotations

import pytest

from tests.chaos import report
from tests.chaos.run import ChaosConfig, run_chaos

pytestmark = pytest.mark.chaos


async def test_invariants_hold_under_chaos(chaos_stack, chaos_config: ChaosConfig, chaos_logs):
    stack, setup_seconds = chaos_stack
    figures, checks = await run_chaos(stack, chaos_config, setup_seconds)
    text = report.render(figures, checks)
    report.publish(text, chaos_logs / "figures.txt")
    assert all(check.ok for check in checks), text
