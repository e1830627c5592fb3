"""Run wrk (closed loop, `--latency`) and read its report: requests/s, latency percentiles, errors.

Usage: .venv/bin/python bench/wrk.py URL [-t 2] [-c 32] [-d 10] [-H 'X-API-Key: ...']
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from dataclasses import dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
DURATION = re.compile(r"^([0-9.]+)(us|ms|s|m|h)$")


def to_ms(text: str) -> float:
    """wrk's duration text ("850.00us", "4.31ms", "1.02s", "1.50m") in milliseconds."""
    m = DURATION.match(text.strip())
    if not m:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * UNITS_MS[m.group(2)]


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rate: float                     # Requests/sec
    percentiles: dict[int, float]   # 50, 75, 90, 99 -> ms
    non_2xx: int = 0
    socket_errors: int = 0
    output: str = ""

    @property
    def p50(self) -> float:
        return self.percentiles.get(50, float("nan"))

    @property
    def p99(self) -> float:
        return self.percentiles.get(99, float("nan"))

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def parse(text: str) -> WrkResult:
    """wrk 4's report. The percentiles need `--latency`; a missing "Non-2xx" or "Socket errors"
    line means none."""
    total = re.search(r"^\s*(\d+) requests in ([0-9.]+\w+),", text, re.M)
    rate = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    if not (total and rate):
        raise ValueError(f"not a wrk report:\n{text[-500:]}")
    percentiles = {int(p): to_ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", text, re.M)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return WrkResult(requests=int(total.group(1)), seconds=to_ms(total.group(2)) / 1000, rate=float(rate.group(1)),
                     percentiles=percentiles, non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
                     socket_errors=sum(map(int, sock.groups())) if sock else 0, output=text)


def command(url: str, *, threads: int = 2, connections: int = 32, seconds: float = 10,
            headers: dict[str, str] | None = None) -> list[str]:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    return cmd + [url]


def run(url: str, **kwargs) -> WrkResult:
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: `make bench` installs it (apt-get install wrk)")
    done = subprocess.run(command(url, **kwargs), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("-t", "--threads", type=int, default=2)
    ap.add_argument("-c", "--connections", type=int, default=32)
    ap.add_argument("-d", "--seconds", type=float, default=10)
    ap.add_argument("-H", "--header", action="append", default=[])
    args = ap.parse_args()
    headers = dict(h.split(":", 1) for h in args.header)
    r = run(args.url, threads=args.threads, connections=args.connections, seconds=args.seconds,
            headers={k.strip(): v.strip() for k, v in headers.items()})
    print(f"{r.rate:.1f} req/s, p50 {r.p50:.2f} ms, p99 {r.p99:.2f} ms, {r.requests} requests, errors {r.errors}")


if __name__ == "__main__":
    main()
