"""Reply shape of `renders.get` (for GET /documents/{id}/pdf)."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import timestamp


def render(row) -> dict[str, Any]:
    return {"document_id": row["document_id"], "pdf_path": row["pdf_path"], "file_name": row["file_name"],
            "content_type": "application/pdf", "rendered_at": timestamp(row["rendered_at"])}
