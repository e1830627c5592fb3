"""certificates.put / certificates.get: the company's signing certificate (.p12 + password).

The password only reaches the PKCS#12 decoder and the sealed blob: it is never logged,
stored in clear or returned. The company's RUC comes from the gateway (`company_ruc`).
"""
from __future__ import annotations

import asyncio
import base64
import binascii
from typing import Any

from pydantic import Field

from services.sri_submitter import cert_store, db_certificates
from services.sri_submitter.cert_errors import CertificateError, WrongPassword
from services.sri_submitter.certificates import SigningCertificate, load_certificate
from shared.rpc.params import RequestModel, tenant
from shared.rpc.replies import with_message
from shared.contracts.rpc import NotFound, RpcRequest, Unprocessable
from shared.rpc.validation import validate_body

MAX_P12_BYTES = 100 * 1024
NO_CERTIFICATE = "La empresa no tiene certificado de firma."


class CertificateUpload(RequestModel):
    p12_base64: str = Field(description="the .p12 file, base64")
    password: str = Field(description="its password (never stored in clear)")
    company_ruc: str = Field(pattern=r"^[0-9]{10}001$", description="the company's RUC, set by the gateway")


def p12_bytes(text: str) -> bytes:
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise Unprocessable({"certificate": ["El archivo del certificado no es válido."]}) from None
    if not data:
        raise Unprocessable({"certificate": ["El archivo del certificado está vacío."]})
    if len(data) > MAX_P12_BYTES:
        raise Unprocessable({"certificate": ["El certificado no puede superar 100 KB."]})
    return data


async def checked(p12: bytes, body: CertificateUpload) -> SigningCertificate:
    """The signing certificate of the file, valid today and for the company's RUC; else a 422."""
    try:
        return await asyncio.to_thread(load_certificate, p12, body.password, expected_ruc=body.company_ruc)
    except WrongPassword as exc:
        raise Unprocessable({"password": [exc.message]}) from None
    except CertificateError as exc:
        raise Unprocessable({"certificate": [exc.message]}) from None


async def put_certificate(req: RpcRequest, *, pool, settings) -> dict[str, Any]:
    company, body = tenant(req), validate_body(CertificateUpload, req.body)
    p12 = p12_bytes(body.p12_base64)
    cert = await checked(p12, body)
    async with pool.acquire() as conn, conn.transaction():
        row = await cert_store.save(conn, company, p12, body.password, settings.secrets_key, cert)
    return with_message("Certificado de firma electrónica cargado correctamente.", cert_store.public(row))


async def get_certificate(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = await db_certificates.active(conn, tenant(req))
    if row is None:
        raise NotFound(NO_CERTIFICATE)
    return {"data": cert_store.public(row)}
