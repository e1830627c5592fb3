"""Typed application keys."""
from aiohttp import web

from services.sri_simulator.authorization import Authorizer
from services.sri_simulator.reception import Receiver
from services.sri_simulator.settings import Settings
from services.sri_simulator.state import Store

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
RECEIVER = web.AppKey("receiver", Receiver)
AUTHORIZER = web.AppKey("authorizer", Authorizer)
