"""create_app(settings): the simulator's aiohttp application, all state in memory."""
from __future__ import annotations

from aiohttp import web

from services.sri_simulator.authorization import Authorizer
from services.sri_simulator.faults import parse_spec
from services.sri_simulator.appkeys import AUTHORIZER, RECEIVER, SETTINGS, STORE
from services.sri_simulator.reception import Receiver
from services.sri_simulator.settings import Settings
from services.sri_simulator.state import Store
from services.sri_simulator.views import routes
from services.sri_simulator.xsd import SchemaRegistry

MAX_REQUEST_BYTES = 2 * 1024 * 1024  # base64 of a 320 KB document, with room to answer 26


def create_app(settings: Settings) -> web.Application:
    store = Store(parse_spec(settings.sim_faults))
    authorizer = Authorizer(store, settings.sim_processing_delay_seconds)
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[SETTINGS] = settings
    app[STORE] = store
    app[AUTHORIZER] = authorizer
    app[RECEIVER] = Receiver(store, SchemaRegistry(settings.sri_xsd_dir), authorizer)
    app.add_routes(routes())
    return app
