"""An establishment as the API shows it."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import timestamp


def detail(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "address": row["address"],
            "document_types": list(row["document_types"]), "active": row["active"],
            "created_at": timestamp(row["created_at"])}


def lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"]}
