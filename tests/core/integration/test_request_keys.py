"""Request keys on a real schema (shared/db/sql/0003): once per request, 409 on another request
under the same key, KeyTaken for the loser of a race, purge after the TTL (never before 24 h)."""
from __future__ import annotations

import asyncio
import itertools

import pytest

from shared.contracts.rpc import Conflict, Identity, RpcRequest
from shared.db import request_keys
from shared.db.request_keys import KeyTaken
from tests import harness

pytestmark = pytest.mark.integration


def keys_of(body, key: str | None = "k-1") -> request_keys.RequestKeys:
    return request_keys.of(RpcRequest(method="things.create", identity=Identity(company_id=1, user_id=2), body=body,
                                      idempotency_key=key))


async def test_exactly_once_creates_once_even_when_attempts_race(schema):
    _, pool = schema
    made = itertools.count(100)

    async def attempt(keys):
        async with pool.acquire() as conn, conn.transaction():
            async def create():
                await asyncio.sleep(0.05)  # the others queue meanwhile
                return next(made)
            return await request_keys.exactly_once(conn, keys, "thing", create)

    assert set(await asyncio.gather(*(attempt(keys_of({"a": 1})) for _ in range(5)))) == {100}
    with pytest.raises(Conflict) as refused:
        await attempt(keys_of({"a": 2}))
    assert refused.value.message == "La clave de idempotencia ya se usó con una solicitud distinta."
    assert await attempt(keys_of({"a": 1}, key="k-2")) == 101


async def waiting_on_a_lock(pool, pid: int) -> bool:
    async with pool.acquire() as conn:
        return await conn.fetchval("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid)


async def test_remember_after_a_committed_attempt_is_key_taken(schema):
    _, pool = schema
    keys = keys_of({"a": 1})
    async with pool.acquire() as first, pool.acquire() as second:
        async with first.transaction():
            await request_keys.remember(first, keys, "thing", 7)
            late = second.transaction()
            await late.start()
            racing = asyncio.create_task(request_keys.remember(second, keys, "thing", 8))
            await harness.eventually(lambda: waiting_on_a_lock(pool, second.get_server_pid()))
            assert not racing.done()  # it waits for the first attempt's outcome
        with pytest.raises(KeyTaken):
            await racing
        await late.rollback()
        assert (await request_keys.find(second, keys))["resource_id"] == 7


async def test_purge_keeps_keys_at_least_a_day(schema):
    _, pool = schema
    async with pool.acquire() as conn:
        await request_keys.remember(conn, keys_of({"a": 1}, key="old"), "thing", 1)
        await request_keys.remember(conn, keys_of({"a": 1}, key="recent"), "thing", 2)
        await conn.execute("UPDATE request_keys SET created_at = now() - interval '25 hours' WHERE resource_id = 1")
        await conn.execute("UPDATE request_keys SET created_at = now() - interval '23 hours' WHERE resource_id = 2")
        assert await request_keys.purge(conn, 1) == 2  # the old key and its call id; 1 h counts as 24 h
        assert await conn.fetchval("SELECT array_agg(DISTINCT resource_id) FROM request_keys") == [2]
