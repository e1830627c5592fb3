"""Wait until every started service answers 200 on its ready URL.

Usage: wait_ready.py TIMEOUT NAME=URL,PID,LOGFILE ...   (URL smtp://host:port: a 220 greeting)
Fails at once when a process exits, and on timeout, naming the log to read.
Standard library only (it also runs before the venv has anything installed).
"""
from __future__ import annotations

import os
import socket
import sys
import time
import urllib.error
import urllib.request


def smtp_ready(url: str) -> bool:
    """smtp://host:port answers with its 220 greeting."""
    host, port = url.removeprefix("smtp://").rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=1) as s:
            greeting = s.recv(512)
            s.sendall(b"QUIT\r\n")
            return greeting.startswith(b"220")
    except OSError:
        return False


def ready(url: str) -> bool:
    if url.startswith("smtp://"):
        return smtp_ready(url)
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie has exited already
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def tail(path: str, lines: int = 15) -> str:
    try:
        with open(path, errors="replace") as f:
            return "".join("    " + line for line in f.readlines()[-lines:])
    except OSError:
        return "    (no log)\n"


def main(argv: list[str]) -> int:
    timeout = float(argv[0])
    pending = {}
    for arg in argv[1:]:
        name, rest = arg.split("=", 1)
        url, pid, logfile = rest.split(",", 2)
        pending[name] = (url, int(pid), logfile)
    start = time.monotonic()
    while pending:
        for name, (url, pid, logfile) in list(pending.items()):
            if ready(url):
                print(f"[up] {name} ready ({time.monotonic() - start:.1f}s)", file=sys.stderr)
                del pending[name]
            elif not alive(pid):
                print(f"[up] ERROR: {name} exited during start; see {logfile}:\n{tail(logfile)}", file=sys.stderr)
                return 1
        if pending and time.monotonic() - start > timeout:
            for name, (url, _pid, logfile) in pending.items():
                print(f"[up] ERROR: {name} not ready after {timeout:.0f}s ({url} did not answer 200); "
                      f"see {logfile}:\n{tail(logfile)}", file=sys.stderr)
            return 1
        if pending:
            time.sleep(0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
