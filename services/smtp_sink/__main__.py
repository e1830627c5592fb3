"""python -m services.smtp_sink [--dir DIR] [--host HOST] [--port PORT]

Runs the sink in the foreground until SIGTERM/SIGINT. Defaults come from the environment:
SMTP_SINK_DIR (else $RUN_DIR/mail, else .run/mail), SMTP_SINK_HOST (127.0.0.1),
SMTP_SINK_PORT (58025). SMTP_SINK_FAULT=451 (any 4xx/5xx code) starts refusing every message.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from services.smtp_sink.server import SmtpSink
from shared.observability.logging import setup_logging


def main(argv: list[str] | None = None) -> None:
    env = os.environ
    default_dir = env.get("SMTP_SINK_DIR") or str(Path(env.get("RUN_DIR", ".run")) / "mail")
    parser = argparse.ArgumentParser(prog="python -m services.smtp_sink", description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=default_dir, help="where the .eml files are kept")
    parser.add_argument("--host", default=env.get("SMTP_SINK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env.get("SMTP_SINK_PORT", "58025")))
    args = parser.parse_args(argv)
    setup_logging("smtp_sink", env.get("LOG_LEVEL", "INFO"))
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command

    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    sink = SmtpSink(Path(args.dir), host=args.host, port=args.port).start()
    if fault := env.get("SMTP_SINK_FAULT", "").strip():
        sink.fail(int(fault))
    refusing = f" (refusing with {fault})" if fault else ""
    sys.stdout.write(f"SMTP sink on {sink.host}:{sink.port}, messages kept in {sink.directory}/*.eml{refusing}\n")
    sys.stdout.flush()
    try:
        while not stopping.wait(1.0):
            pass
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
