"""Typed keys (aiohttp AppKey, RequestKey, ResponseKey) of what the gateway keeps on the application,
the request and the response. Not API keys: those are in domain/credentials.py and db/api_keys.py."""
from __future__ import annotations

import asyncpg
from aio_pika.abc import AbstractRobustConnection
from aiohttp import web

from services.gateway.db.credential_cache import CredentialCache
from services.gateway.domain.access import Principal
from services.gateway.domain.ratelimit import TokenBucketLimiter
from services.gateway.settings import GatewaySettings
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.rpc import RpcClient

SETTINGS = web.AppKey("settings", GatewaySettings)
POOL = web.AppKey("pool", asyncpg.Pool)
AMQP = web.AppKey("amqp", AbstractRobustConnection)
RPC = web.AppKey("rpc", RpcClient)
RELAY = web.AppKey("outbox_relay", OutboxRelay)
LIMITER = web.AppKey("limiter", TokenBucketLimiter)
ROUTE_ACCESS = web.AppKey("route_access", dict)  # AbstractRoute -> routes.Access
ROUTE_KEY = web.AppKey("route_key", dict)  # AbstractRoute -> the call's key (rpc, or own handler's name)
CREDENTIALS = web.AppKey("credentials", CredentialCache)  # credentials checked a moment ago
KEY_TOUCHED = web.AppKey("key_touched", dict)  # api key id -> monotonic time of last_used_at write

PRINCIPAL = web.RequestKey("principal", Principal)
REQUEST_ID = web.RequestKey("request_id", str)
IDEMPOTENCY_BODY = web.ResponseKey("idempotency_body", bytes)  # what a replay shows instead of the body
