"""Reply shape of the company's logo (`logo.put`, `logo.get`)."""
from __future__ import annotations

from shared.rpc.formatting import timestamp


def logo(row) -> dict:
    """`{content_type, size, sha256, updated_at}` of a company_logos row."""
    return {"content_type": row["content_type"], "size": row["size"], "sha256": row["sha256"],
            "updated_at": timestamp(row["updated_at"])}
