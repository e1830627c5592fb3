"""`python -m services.gateway bootstrap-demo`: an idempotent demo tenant.

Finds or creates the company (by RUC; an existing one without its dirección matriz gets
--address), the owner user (by email; the password is
reset to the one given when it does not match) and the membership; stores the
API key given with --api-key when no key has that secret (all scopes, write),
or creates a fresh key when --api-key is absent; writes `gateway.company_updated`
to the outbox (the gateway's relay publishes it). Prints one JSON line.
"""
from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from services.gateway.app import NAME, migrate
from services.gateway.db import api_keys, companies, memberships, users
from services.gateway.domain.access import all_write_scopes
from services.gateway.domain.company import DEFAULT_SETTINGS, company_updated
from services.gateway.domain.credentials import hash_secret, key_prefix, new_api_key
from services.gateway.domain.passwords import hash_password, verify_password
from services.gateway.settings import GatewaySettings
from shared.contracts.envelope import company_correlation
from shared.db.outbox import Outbox
from shared.db.pool import create_pool
from shared.sri.identification import ruc_errors

DEMO_ADDRESS = "Av. Amazonas N24-03 y Colón, Quito"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m services.gateway bootstrap-demo")
    p.add_argument("--ruc", required=True)
    p.add_argument("--name", required=True, help="razón social")
    p.add_argument("--address", default=DEMO_ADDRESS, help="dirección matriz (the SRI's dirMatriz)")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--api-key", default=None, help="fixed API key to store (at least 16 characters)")
    args = p.parse_args(argv)
    if ruc_errors(args.ruc):
        p.error(f"--ruc: {ruc_errors(args.ruc)[0]}")
    if args.api_key is not None and len(args.api_key) < 16:
        p.error("--api-key must have at least 16 characters")
    if len(args.password) < 8:
        p.error("--password must have at least 8 characters")
    return args


async def _company(conn, args: argparse.Namespace):
    row = await companies.find_company_by_ruc(conn, args.ruc)
    if row is None:
        row = await companies.insert_company(conn, args.ruc, args.name, args.name, args.address,
                                             dict(DEFAULT_SETTINGS))
    elif not row["address"]:  # required before the first SRI submission
        row = await companies.update_company(conn, row["id"], {**dict(row), "address": args.address})
    return row


async def _owner(conn, args: argparse.Namespace, company_id: int) -> None:
    user = await users.find_user_by_email(conn, args.email)
    if user is None:
        user = await users.insert_user(conn, args.email, "Usuario Demo", await hash_password(args.password))
    elif not await verify_password(user["password_hash"], args.password):
        await users.set_password(conn, user["id"], await hash_password(args.password))
    await memberships.add_membership(conn, user["id"], company_id, "owner")


async def _api_key(conn, key: str | None, company_id: int) -> str:
    if key is None:
        key, prefix = new_api_key()
    else:
        owner = await api_keys.api_key_company(conn, hash_secret(key))
        if owner is not None:
            if owner != company_id:
                raise SystemExit("bootstrap-demo: that --api-key belongs to another company")
            return key
        prefix = key_prefix(key)
    await api_keys.insert_api_key(conn, company_id, "demo", prefix, hash_secret(key), all_write_scopes())
    return key


async def bootstrap_demo(settings: GatewaySettings, args: argparse.Namespace) -> dict[str, Any]:
    await migrate(settings)
    pool = await create_pool(settings.database_url, NAME, min_size=1, max_size=2, application_name=NAME)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('gateway:bootstrap-demo'))")
            company = await _company(conn, args)
            await _owner(conn, args, company["id"])
            key = await _api_key(conn, args.api_key, company["id"])
            await Outbox(conn, correlation_id=company_correlation(company["id"])).add(
                company_updated(company), company_id=company["id"])
    finally:
        await pool.close()
    return {"company_id": company["id"], "api_key": key, "user_email": args.email.strip().lower(),
            "user_password": args.password}


def main(settings: GatewaySettings, argv: list[str]) -> None:
    args = parse_args(argv)
    print(json.dumps(asyncio.run(bootstrap_demo(settings, args))), flush=True)
