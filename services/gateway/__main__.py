"""`python -m services.gateway [migrate | bootstrap-demo --ruc ... --name ... --email ... --password ...]`.

Without a command it serves the public API on HTTP_HOST:HTTP_PORT (default 58080).
"""
from __future__ import annotations

import asyncio
import logging
import sys

from services.gateway import bootstrap_demo
from services.gateway.app import migrate, serve
from services.gateway.settings import GatewaySettings
from shared.observability.logging import setup_logging
from shared.settings import load_settings


def main(argv: list[str]) -> None:
    settings = load_settings(GatewaySettings)
    command = argv[0] if argv else "serve"
    if command == "serve":
        setup_logging("gateway", settings.log_level)
        serve(settings)
        return
    # one-shot commands keep stdout for their result; logs go to stderr
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    if command == "migrate":
        print(f"gateway: {len(asyncio.run(migrate(settings)))} migration(s) applied")
    elif command == "bootstrap-demo":
        bootstrap_demo.main(settings, argv[1:])
    else:
        print(f"unknown command {command!r}; use migrate or bootstrap-demo", file=sys.stderr)
        raise SystemExit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
