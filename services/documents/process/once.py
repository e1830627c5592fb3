"""Exactly once per request (shared/db/request_keys.py): a create or an issue that finds its
Idempotency-Key, or its RPC call id (a redelivered message), answers with the document it
recorded the first time, whatever happened to the gateway, the reply or that attempt; the
same key with another request is a 409.

The keys are looked up before anything is reserved, and remembered first in the
transaction that records the document (record.transaction): of two attempts racing, the
later one waits for the first's commit, is rolled back (its reservation released) and
answers with the first one's document.
"""
from __future__ import annotations

from typing import Awaitable, Callable

from shared.contracts.rpc import ServiceError
from shared.db import request_keys
from shared.db.request_keys import RequestKeys

RESOURCE = "document"


async def previous(pool, request: RequestKeys | None) -> int | None:
    """The document an earlier attempt of this request recorded (409 when its key served another request)."""
    if request is None:
        return None
    async with pool.acquire() as conn:
        row = await request_keys.find(conn, request)
    return None if row is None else row["resource_id"]


async def recorded_once(pool, request: RequestKeys | None, record: Callable[[], Awaitable[int]]) -> int:
    """The id of the document this request records: an earlier attempt's, else the one `record()` records.

    A 4xx from `record()` (KeyTaken, or e.g. the stock or the draft a concurrent attempt of the
    same request took) answers with that attempt's document when it committed meanwhile."""
    earlier = await previous(pool, request)
    if earlier is not None:
        return earlier
    try:
        return await record()
    except ServiceError:
        earlier = await previous(pool, request)
        if earlier is None:
            raise
        return earlier


async def remember(conn, request: RequestKeys | None, document_id: int) -> None:
    """In the document's transaction, before anything else is written (KeyTaken when an attempt won)."""
    await request_keys.remember(conn, request, RESOURCE, document_id)
