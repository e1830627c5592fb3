"""Company certificates at rest: sealed with SECRETS_KEY (bound to the company), one active per
company, opened once per process and cached (reading a .p12 costs ~150 ms)."""
from __future__ import annotations

import asyncio
from collections import OrderedDict

from services.sri_submitter.certificates.errors import CertificateMissing
from services.sri_submitter.certificates.info import SigningCertificate
from services.sri_submitter.certificates.pkcs12 import read_p12
from services.sri_submitter.certificates.sealing import seal, unseal
from services.sri_submitter.db import certificates as db_certificates


def context(company_id: int) -> bytes:
    """Associated data of the seal: a blob copied to another company does not open."""
    return f"company:{company_id}".encode()


async def save(conn, company_id: int, p12: bytes, password: str, secret: str, cert: SigningCertificate):
    """Seal and store as the company's active certificate; returns the row (metadata only)."""
    return await db_certificates.replace(conn, company_id, seal(p12, password, secret, context(company_id)),
                                         cert.info)


class CertificateCache:
    """The signing certificate of each company, by certificate row id (a new upload is a new id)."""

    def __init__(self, secret: str, size: int = 128):
        self.secret, self.size = secret, size
        self._opened: OrderedDict[int, SigningCertificate] = OrderedDict()

    async def signing_for(self, conn, company_id: int, expected_ruc: str) -> SigningCertificate:
        """Raises CertificateMissing, SealError, CertificateExpired/NotYetValid or RucMismatch."""
        signing = await self._active(conn, company_id)
        signing.check(expected_ruc)
        return signing

    async def _active(self, conn, company_id: int, tries: int = 2) -> SigningCertificate:
        """The active certificate; its sealed blob is read only when it is not open here yet."""
        row = await db_certificates.active(conn, company_id)
        if row is None:
            raise CertificateMissing()
        signing = self._opened.get(row["id"])
        if signing is not None:
            return signing
        sealed = await db_certificates.sealed(conn, row["id"])
        if sealed is None:  # replaced in between: read the new one
            if tries <= 1:
                raise CertificateMissing()
            return await self._active(conn, company_id, tries - 1)
        opened = unseal(sealed, self.secret, context(company_id))
        signing = await asyncio.to_thread(read_p12, opened.p12, opened.password)
        self._opened[row["id"]] = signing
        while len(self._opened) > self.size:
            self._opened.popitem(last=False)
        return signing
