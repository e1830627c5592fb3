"""RIDE renders per second of one process, one thread: the standard factura sample (with and without
its logo), a 10-line and a 60-line invoice, and a quotation in the plain layout, next to two references
measured in the same run (a trivial HTML page through WeasyPrint, and a pure-Python loop): the
machine is noisy, the ratios to the references are what compares between runs.

Each figure renders the same document in a loop (jinja2 + barcode + WeasyPrint, the PDF bytes
in memory, no file written) after a warm-up. `render_rate(seconds)` is the standard sample's
figure, for bench/mail_flow.py (end-to-end invoices/s next to the render rate).

Usage: .venv/bin/python bench/ride.py [--seconds 5]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere
sys.path.insert(0, str(ROOT / "bench"))

from signing import machine  # noqa: E402
from weasyprint import HTML  # noqa: E402

from services.renderer_mailer.ride import render_pdf, render_plain_pdf  # noqa: E402
from tests.renderer_mailer.rides import (LOGO, PLAIN_DATE, PLAIN_NUMBER, long_invoice, quotation,  # noqa: E402
                                         ride_of, samples)

TRIVIAL = "<html><body><p>Factura 001-001-000000001</p></body></html>"


def rate(fn, seconds: float, warm_up: int = 3) -> tuple[float, float, int]:
    """(calls per wall-clock second, calls per CPU second of this process, calls) of `fn` for about
    `seconds` after `warm_up` calls, one call at a time. The CPU figure is what the process would
    do on a core of its own: on a shared, busy machine the two differ by the time spent waiting."""
    for _ in range(warm_up):
        fn()
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - start) < seconds:
        fn()
        count += 1
    return count / elapsed, count / max(time.process_time() - cpu, 1e-9), count


def standard():
    """The standard sample: the factura of `make ride-samples` (one line, the SVG logo)."""
    return samples()["factura"]


def render_rate(seconds: float = 10) -> float:
    """Renders per second of the standard factura sample in this process."""
    ride = standard()
    return rate(lambda: render_pdf(ride), seconds)[0]


def python_loop() -> int:
    """A fixed amount of pure-Python work (the interpreter's speed right now)."""
    return sum(i * i % 7 for i in range(100_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    seconds = parser.parse_args().seconds
    ten, sixty, plain = ride_of(long_invoice(10)), ride_of(long_invoice(60)), quotation()
    figures = {
        "reference: pure-Python loop (100k ops)/s": python_loop,
        "reference: trivial HTML page -> PDF/s": lambda: HTML(string=TRIVIAL).write_pdf(),
        "factura sample (1 line, SVG logo) renders/s": lambda ride=standard(): render_pdf(ride),
        "factura sample without the logo renders/s": lambda ride=ride_of(standard().document): render_pdf(ride),
        "factura 10 lines renders/s": lambda: render_pdf(ten),
        "factura 60 lines (2 pages) renders/s": lambda: render_pdf(sixty),
        "cotización (plain layout, 4 lines) renders/s": lambda: render_plain_pdf(
            plain, document_type="quotation", number=PLAIN_NUMBER, issue_date=PLAIN_DATE, logo=LOGO),
    }
    print(f"bench/ride.py: one process, one thread, {seconds:g}s per figure after a warm-up; {machine()}")
    width = max(map(len, figures))
    print(f"{'':<{width}}  {'wall/s':>8}  {'cpu/s':>8}  {'ms each':>8}  count")
    wall, cpu = {}, {}
    for name, fn in figures.items():
        wall[name], cpu[name], count = rate(fn, seconds)
        print(f"{name:<{width}}  {wall[name]:8.1f}  {cpu[name]:8.1f}  {1000 / wall[name]:8.1f}  {count}", flush=True)
    trivial, sample = "reference: trivial HTML page -> PDF/s", "factura sample (1 line, SVG logo) renders/s"
    print(f"factura sample / trivial page: {wall[sample] / wall[trivial]:.3f} wall, {cpu[sample] / cpu[trivial]:.3f} cpu "
          f"(the RIDE's own cost: {1000 / cpu[sample] - 1000 / cpu[trivial]:.0f} ms of CPU over WeasyPrint's floor)")
    print(f"PDF sizes: sample {len(render_pdf(standard()))} B, 60 lines {len(render_pdf(sixty))} B")


if __name__ == "__main__":
    main()
