"""`python -m services.sri_submitter install-demo-certificate --company-id N --ruc R`.

Gives the demo company a self-signed test certificate (certificates/devcert.py), sealed like an upload.
Idempotent: when the company already has a valid certificate for that RUC, nothing
changes. Never for production: the SRI rejects self-signed certificates (error 39).
Prints one JSON line with the certificate's metadata.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import secrets
from datetime import datetime, timezone

from services.sri_submitter.app import SPEC
from services.sri_submitter.certificates import devcert, store
from services.sri_submitter.certificates.pkcs12 import read_p12
from services.sri_submitter.db import certificates as db_certificates
from services.sri_submitter.settings import Settings
from services.sri_submitter.views.certificates import certificate
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.settings import load_settings
from shared.sri.identification import ruc_errors


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m services.sri_submitter install-demo-certificate")
    parser.add_argument("--company-id", type=int, required=True)
    parser.add_argument("--ruc", required=True, help="the company's RUC (13 digits ending in 001, valid check digit)")
    parser.add_argument("--days", type=int, default=365, help="validity of a new certificate")
    args = parser.parse_args(argv)
    if problems := ruc_errors(args.ruc):
        parser.error(f"--ruc {args.ruc}: {problems[0]}")
    return args


def still_good(row, ruc: str) -> bool:
    return row is not None and row["ruc"] == ruc and row["valid_to"] > datetime.now(timezone.utc)


async def install(settings: Settings, args: argparse.Namespace) -> dict:
    await apply_migrations(settings.database_url, SPEC.db_schema, SPEC.migrations)
    pool = await create_pool(settings.database_url, SPEC.db_schema, min_size=1, max_size=2)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('sri_submitter:demo-certificate'))")
            row = await db_certificates.active(conn, args.company_id)
            if not still_good(row, args.ruc):
                password = secrets.token_urlsafe(16)
                p12 = devcert.generate_p12(args.ruc, password, common_name="EMPRESA DEMO (PRUEBAS)", days=args.days)
                row = await store.save(conn, args.company_id, p12, password, settings.secrets_key,
                                            read_p12(p12, password))
        return {"company_id": args.company_id, **certificate(row)}
    finally:
        await pool.close()


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    settings = load_settings(Settings)
    print(json.dumps(asyncio.run(install(settings, args)), ensure_ascii=False))
