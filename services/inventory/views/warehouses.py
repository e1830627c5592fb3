"""Warehouses as answered."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import timestamp


def warehouse(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "address": row["address"],
            "active": row["active"], "created_at": timestamp(row["created_at"]),
            "updated_at": timestamp(row["updated_at"])}
