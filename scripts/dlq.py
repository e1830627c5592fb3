"""`make dlq ARGS="list | list QUEUE | show QUEUE ID | replay QUEUE ID... | replay QUEUE --all"`: the
dead-letter command (shared/ops/dlq.py) over the consumer queues of every service, on the local
broker of `make up` (AMQP_URL from the environment, else $RUN_DIR/infra.env). In a container the
same command runs per service: `python -m services.<service> dlq ...`.
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.ops.dlq import main  # noqa: E402


def consumer_queues() -> list[str]:
    """Every service's consumer queues, as each ServiceSpec declares them."""
    queues: list[str] = []
    for app in sorted((ROOT / "services").glob("*/app.py")):
        spec = getattr(importlib.import_module(f"services.{app.parent.name}.app"), "SPEC", None)
        queues += [sub.queue.name for sub in spec.consumed()] if spec is not None else []
    return queues


def amqp_url() -> str:
    if url := os.environ.get("AMQP_URL"):
        return url
    env = Path(os.environ.get("RUN_DIR", ROOT / ".run")) / "infra.env"
    for line in env.read_text().splitlines() if env.exists() else []:
        if line.startswith("AMQP_URL="):
            return line.split("=", 1)[1]
    sys.exit(f"AMQP_URL not set and {env} not found: run `make up` (or `make infra`) first")


if __name__ == "__main__":
    sys.exit(main(consumer_queues(), amqp_url(), sys.argv[1:]))
