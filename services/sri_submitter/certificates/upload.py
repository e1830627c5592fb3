"""An uploaded certificate (`certificates.put`): decode the file, read and check it, store it sealed.

The password only reaches the PKCS#12 decoder and the sealed blob: it is never logged,
stored in clear or returned. The company's RUC comes from the gateway (`company_ruc`).
Problems are 422s on the field the user can fix (`certificate` or `password`).
"""
from __future__ import annotations

import asyncio
import base64
import binascii

from services.sri_submitter.certificates import store
from services.sri_submitter.certificates.errors import CertificateError, WrongPassword
from services.sri_submitter.certificates.info import SigningCertificate
from services.sri_submitter.certificates.pkcs12 import load_certificate
from shared.contracts.rpc import Unprocessable
from shared.contracts.sri import CertificateUpload

MAX_P12_BYTES = 100 * 1024


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


async def checked(p12: bytes, upload: CertificateUpload) -> SigningCertificate:
    """The signing certificate of the file, valid today and for the company's RUC; else a 422."""
    try:
        return await asyncio.to_thread(load_certificate, p12, upload.password, expected_ruc=upload.company_ruc)
    except WrongPassword as exc:
        raise Unprocessable({"password": [exc.message]}) from None
    except CertificateError as exc:
        raise Unprocessable({"certificate": [exc.message]}) from None


async def install(pool, company_id: int, upload: CertificateUpload, secret: str):
    """Check the upload, then make it the company's active certificate; returns the row (metadata)."""
    p12 = p12_bytes(upload.p12_base64)
    cert = await checked(p12, upload)
    async with pool.acquire() as conn, conn.transaction():
        return await store.save(conn, company_id, p12, upload.password, secret, cert)
