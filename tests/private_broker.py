"""A RabbitMQ node of the test run's own, on free ports (scripts/infra.sh), for the tests
that stop and restart a broker: the shared broker on the default port, which other tests
(and other engineers' runs) use, is never touched."""
from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests import harness


class PrivateBroker:
    def __init__(self, run_dir: Path):
        self.env = {**os.environ, "RUN_DIR": str(run_dir), "AMQP_PORT": str(harness.free_port()),
                    "EPMD_PORT": str(harness.free_port()), "DIST_PORT": str(harness.free_port()),
                    "RABBIT_NODE": f"{harness.unique('restart')}@localhost"}
        self.run_dir = run_dir
        self.url = ""  # vhost `einvoice` of this node, once started

    def ctl(self, *args: str) -> None:
        """scripts/infra.sh ARGS against this node (e.g. "rabbitmqctl", "stop_app")."""
        subprocess.run([str(harness.INFRA), *args], env=self.env, check=True, capture_output=True, timeout=120)

    def start(self) -> "PrivateBroker":
        self.ctl("rabbit-start")
        self.url = harness.read_env_file(self.run_dir / "infra.env")["AMQP_URL"]
        return self

    def stop(self) -> None:
        subprocess.run([str(harness.INFRA), "rabbit-stop"], env=self.env, capture_output=True, timeout=60)

    def stop_app(self) -> None:
        """The broker goes away: every connection drops, queues and messages stay."""
        self.ctl("rabbitmqctl", "stop_app")

    def start_app(self) -> None:
        self.ctl("rabbitmqctl", "start_app")

    @contextmanager
    def down(self) -> Iterator[None]:
        """The broker is stopped inside the block and started again after it (even on failure)."""
        self.stop_app()
        try:
            yield
        finally:
            self.start_app()
