"""Response shapes of customers (the lookup exactly as API.md Part A)."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import timestamp


def _typed_ids(row) -> dict[str, str | None]:
    kind, value = row["identification_type"], row["identification"]
    return {"ruc": value if kind == "ruc" else None, "cedula": value if kind == "cedula" else None}


def customer(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"],
            "identification_type": row["identification_type"], "identification": row["identification"],
            **_typed_ids(row), "email": row["email"], "phone": row["phone"], "address": row["address"],
            "active": row["active"], "created_at": timestamp(row["created_at"]),
            "updated_at": timestamp(row["updated_at"])}


def customer_lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "identification": row["identification"],
            **_typed_ids(row), "code": row["code"]}

