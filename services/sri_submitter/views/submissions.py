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


def document_xml(row, variant: str) -> dict[str, Any]:
    """`{access_key, variant, file_name, xml_path, xml}`. authorized: the `autorizacion` document (stored
    at xml_path); signed: the signed comprobante (kept in the database only: xml_path is null)."""
    key, signed = row["access_key"], variant == "signed"
    return {"access_key": key, "variant": variant, "file_name": f"{key}-firmado.xml" if signed else f"{key}.xml",
            "xml_path": None if signed else row["xml_path"], "xml": row["signed_xml" if signed else "authorized_xml"]}
