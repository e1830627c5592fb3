"""Exactly once per request, in the service's own transaction (table of shared/db/sql/0003).

A request is known by its Idempotency-Key (`key:<k>`, when the client sent one) and by
its RPC call id (`call:<id>`: the same message delivered again), both scoped by
(company, caller). The service remembers them with the resource it created, in the
transaction that creates it; a later attempt finds them and answers with that resource.
The same key with another request (another fingerprint: method, path parameters, query
without `wait`, canonical JSON body) is a 409. Rows are kept IDEMPOTENCY_TTL_HOURS, at
least 24 h (`purge_request_keys`, a background task).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Awaitable, Callable

import asyncpg

from shared.contracts.rpc import Conflict, Identity, RpcRequest

log = logging.getLogger(__name__)
DIFFERENT_REQUEST = "La clave de idempotencia ya se usó con una solicitud distinta."
IN_PROGRESS = "Solicitud en proceso. Intente nuevamente en unos segundos."
MIN_TTL_HOURS = 24
PURGE_EVERY_SECONDS = 600.0
NOT_FINGERPRINTED = frozenset({"wait"})  # query parameters that change how we answer, not what is done


class KeyTaken(Conflict):
    """A concurrent attempt of the same request committed first; our transaction is aborted."""

    def __init__(self) -> None:
        super().__init__(IN_PROGRESS)


@dataclass(frozen=True)
class RequestKeys:
    """Who asks (company, caller), under which keys, for what (fingerprint)."""

    company_id: int
    caller: str
    keys: tuple[str, ...]
    fingerprint: str


def caller_of(identity: Identity) -> str:
    """`key:<id>` for an API key, `user:<id>` for a user (as the gateway names its principals)."""
    if identity.api_key_id is not None:
        return f"key:{identity.api_key_id}"
    return f"user:{identity.user_id}"


def fingerprint(req: RpcRequest) -> str:
    """What the request asks for: method, path parameters, query (without `wait`) and body, canonical."""
    query = {k: v for k, v in req.query.items() if k not in NOT_FINGERPRINTED}
    canonical = json.dumps([req.method, req.path_params, query, req.body], sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def of(req: RpcRequest) -> RequestKeys | None:
    """The request's keys (its Idempotency-Key, if any, then its call id); None without an identity."""
    if req.identity is None:
        return None
    keys = (f"key:{req.idempotency_key}",) if req.idempotency_key else ()
    return RequestKeys(req.identity.company_id, caller_of(req.identity), (*keys, f"call:{req.call_id}"),
                       fingerprint(req))


async def find(conn, request: RequestKeys | None) -> asyncpg.Record | None:
    """(resource_type, resource_id) an earlier attempt created, or None; 409 when one of the keys
    was used with another request."""
    if request is None:
        return None
    rows = await conn.fetch(
        "SELECT key, fingerprint, resource_type, resource_id FROM request_keys "
        "WHERE company_id = $1 AND caller = $2 AND key = ANY($3::text[])",
        request.company_id, request.caller, list(request.keys))
    if any(row["fingerprint"] != request.fingerprint for row in rows):
        raise Conflict(DIFFERENT_REQUEST)
    return rows[0] if rows else None


async def remember(conn, request: RequestKeys | None, resource_type: str, resource_id: int) -> None:
    """Record the keys in the transaction that creates the resource. A concurrent attempt still
    running makes this wait for it; when it commits, KeyTaken (and this transaction is aborted)."""
    if request is None:
        return
    try:
        await conn.execute(
            "INSERT INTO request_keys (company_id, caller, key, fingerprint, resource_type, resource_id) "
            "SELECT $1, $2, k, $4, $5, $6 FROM unnest($3::text[]) AS k",
            request.company_id, request.caller, list(request.keys), request.fingerprint, resource_type, resource_id)
    except asyncpg.UniqueViolationError:
        raise KeyTaken() from None


async def exactly_once(conn, request: RequestKeys | None, resource_type: str,
                       create: Callable[[], Awaitable[int]]) -> int:
    """In the caller's transaction: the id of what this request already created, else create()'s,
    remembered. Attempts of one request queue on a lock of its first key,
    so the later one finds what the first committed."""
    if request is not None:
        await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                           f"request_keys:{request.company_id}:{request.caller}:{request.keys[0]}")
    done = await find(conn, request)
    if done is not None:
        return done["resource_id"]
    resource_id = await create()
    await remember(conn, request, resource_type, resource_id)
    return resource_id


async def purge(conn, ttl_hours: int) -> int:
    """Drop keys older than ttl_hours (never younger than MIN_TTL_HOURS); how many."""
    done = await conn.execute("DELETE FROM request_keys WHERE created_at < now() - make_interval(hours => $1)",
                              max(MIN_TTL_HOURS, ttl_hours))
    return int(done.split()[-1])


async def purge_request_keys(*, pool, settings, stopping: asyncio.Event) -> None:
    """Background task of the services that remember keys: purge every PURGE_EVERY_SECONDS."""
    while not stopping.is_set():
        try:
            async with pool.acquire() as conn:
                dropped = await purge(conn, settings.idempotency_ttl_hours)
            if dropped:
                log.info("request keys purged", extra={"fields": {"count": dropped}})
        except Exception:  # the database may be away for a moment: next round
            log.exception("request keys purge failed")
        try:
            await asyncio.wait_for(stopping.wait(), PURGE_EVERY_SECONDS)
        except asyncio.TimeoutError:
            continue
