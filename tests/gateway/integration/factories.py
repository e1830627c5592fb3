"""Test data straight into the gateway's tables (unique values per call)."""
from __future__ import annotations

import random
import uuid

import httpx

from services.gateway.domain.access import MODULES
from services.gateway.domain.credentials import hash_secret, new_api_key
from services.gateway.domain.passwords import hash_password
from shared.sri.identification import ruc_errors

PASSWORD = "secreto-123"
_hash: list[str] = []


async def password_hash() -> str:
    """One argon2 hash of PASSWORD for every test user (hashing is slow on purpose)."""
    if not _hash:
        _hash.append(await hash_password(PASSWORD))
    return _hash[0]


def random_ruc() -> str:
    """A valid private-company RUC (province 17, third digit 9)."""
    while True:
        body = "179" + "".join(random.choice("0123456789") for _ in range(6))
        for check in "0123456789":
            if not ruc_errors(body + check + "001"):
                return body + check + "001"


async def make_company(pool, modules: tuple[str, ...] = MODULES) -> int:
    return await pool.fetchval(
        "INSERT INTO companies (ruc, legal_name, modules) VALUES ($1, $2, $3) RETURNING id",
        random_ruc(), "Empresa " + uuid.uuid4().hex[:6], list(modules))


async def make_user(pool, company_id: int | None = None, role: str = "owner") -> tuple[int, str]:
    email = f"u{uuid.uuid4().hex[:10]}@example.com"
    user_id = await pool.fetchval("INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id",
                                  email, "Usuario " + email[:6], await password_hash())
    if company_id is not None:
        await pool.execute("INSERT INTO memberships (user_id, company_id, role) VALUES ($1, $2, $3)",
                           user_id, company_id, role)
    return user_id, email


async def make_key(pool, company_id: int, scopes: list[str]) -> tuple[int, str]:
    key, prefix = new_api_key()
    key_id = await pool.fetchval(
        "INSERT INTO api_keys (company_id, name, prefix, key_hash, scopes) VALUES ($1, 'test', $2, $3, $4) "
        "RETURNING id", company_id, prefix, hash_secret(key), scopes)
    return key_id, key


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    resp = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert resp.status_code == 200, resp.text
    return resp.json()["token"]


async def user_headers(pool, client, company_id: int, role: str = "owner") -> dict[str, str]:
    """Bearer + X-Company-Id headers of a fresh user with `role` in the company."""
    _, email = await make_user(pool, company_id, role)
    return {"Authorization": f"Bearer {await login(client, email)}", "X-Company-Id": str(company_id)}
