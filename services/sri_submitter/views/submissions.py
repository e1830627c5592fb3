"""Reply shapes of the RPC methods (for GET /documents/{id}/sri and friends)."""
from __future__ import annotations

from typing import Any

from services.sri_submitter.domain.submission import REJECTION, STATUS
from shared.rpc.formatting import timestamp


def attempt(row) -> dict[str, Any]:
    return {"at": timestamp(row["at"]), "operation": row["operation"], "estado": row["estado"],
            "detail": row["detail"], "messages": list(row["messages"])}


def submission(row, attempts) -> dict[str, Any]:
    """`{document_id, access_key, status, environment, attempts, messages, authorized_at, authorization_number}`;
    status in documents' vocabulary (pending, sending, received, authorized, rejected, error)."""
    return {"document_id": row["document_id"], "access_key": row["access_key"], "status": STATUS[row["stage"]],
            "rejection": REJECTION.get(row["stage"]) if row["stage"] != "error" else None,
            "environment": row["environment"], "attempts": [attempt(a) for a in attempts],
            "messages": list(row["messages"]), "authorized_at": timestamp(row["authorized_at"]),
            "authorization_number": row["authorization_number"], "xml_path": row["xml_path"]}


def authorized_xml(row) -> dict[str, Any]:
    return {"access_key": row["access_key"], "file_name": f"{row['access_key']}.xml", "xml_path": row["xml_path"],
            "xml": row["authorized_xml"]}
