"""certificates.put / certificates.get: the company's signing certificate (.p12 + password)."""
from __future__ import annotations

from typing import Any

from services.sri_submitter.certificates import upload
from services.sri_submitter.db import certificates as db_certificates
from services.sri_submitter.views.certificates import certificate
from shared.contracts.rpc import NotFound, RpcRequest
from shared.contracts.sri import CertificateUpload
from shared.rpc.params import tenant
from shared.rpc.replies import with_message
from shared.rpc.validation import validate_body

UPLOADED = "Certificado de firma electrónica cargado correctamente."
NO_CERTIFICATE = "La empresa no tiene certificado de firma."


async def put_certificate(req: RpcRequest, *, pool, settings) -> dict[str, Any]:
    company, body = tenant(req), validate_body(CertificateUpload, req.body)
    row = await upload.install(pool, company, body, settings.secrets_key)
    return with_message(UPLOADED, certificate(row))


async def get_certificate(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = await db_certificates.active(conn, tenant(req))
    if row is None:
        raise NotFound(NO_CERTIFICATE)
    return {"data": certificate(row)}
