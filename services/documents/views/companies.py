"""Response shape of the company read model (`companies.get`)."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import timestamp


def company(row) -> dict[str, Any]:
    return {"company_id": row["company_id"], "ruc": row["ruc"], "legal_name": row["legal_name"],
            "trade_name": row["trade_name"], "address": row["address"], "settings": row["settings"],
            "modules": list(row["modules"]), "updated_at": timestamp(row["occurred_at"])}
