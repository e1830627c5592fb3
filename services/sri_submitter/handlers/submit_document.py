"""The `sri.submit_document` command (queue `sri_submitter.submit_document`): one submission per
document, with its access key built once; a duplicate changes nothing."""
from __future__ import annotations

import logging

from services.sri_submitter.db import submissions as db
from services.sri_submitter.domain.submission import new_access_key
from shared.contracts.sri import SubmitDocument

log = logging.getLogger(__name__)


async def submit_document(msg: SubmitDocument, *, conn, company_id: int | None) -> None:
    fields = {"fields": {"document_id": msg.document_id}}
    if company_id is not None and company_id != msg.company_id:
        log.error("submit_document for another company, ignored", extra=fields)
        return
    if await db.insert(conn, msg, new_access_key(msg)) is None:  # inserted: the worker is woken at commit
        log.info("document already submitted", extra=fields)
