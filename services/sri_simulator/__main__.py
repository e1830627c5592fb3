"""python -m services.sri_simulator"""
from aiohttp import web

from services.sri_simulator.app import create_app
from services.sri_simulator.settings import Settings
from shared.observability.logging import setup_logging
from shared.runtime.loop import new_loop
from shared.settings import load_settings


def main() -> None:
    settings = load_settings(Settings)
    setup_logging("sri_simulator", settings.log_level)
    web.run_app(create_app(settings), host=settings.http_host, port=settings.http_port,
                 access_log=None, shutdown_timeout=1, print=None, loop=new_loop())


if __name__ == "__main__":
    main()
