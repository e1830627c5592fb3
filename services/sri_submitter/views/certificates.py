"""Reply shape of the stored certificate (`GET /settings/certificate`, uploads, the demo command)."""
from __future__ import annotations

from datetime import datetime, timezone

from services.sri_submitter.certificates.info import CertificateInfo


def certificate(row, now: datetime | None = None) -> dict:
    """`{subject, ruc, valid_from, valid_to, days_left, serial_number, issuer}` of a certificates row."""
    info = CertificateInfo(subject=row["subject"], issuer=row["issuer"], serial_number=int(row["serial_number"]),
                           ruc=row["ruc"], valid_from=row["valid_from"], valid_to=row["valid_to"])
    return info.as_public(now or datetime.now(timezone.utc))
