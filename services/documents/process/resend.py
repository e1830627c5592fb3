"""POST /documents/{id}/email: one more mail request of a document, once per request.

The request is the document's `mail_requested` timeline event (its id is what the request's
keys remember, shared/db/request_keys.exactly_once): a retry with the same Idempotency-Key,
or the same RPC message delivered again, answers with that request and sends nothing more.
"""
from __future__ import annotations

import uuid
from typing import Mapping, Sequence

from services.documents.db import documents as db
from services.documents.process import delivery, record
from shared.db import request_keys
from shared.db.outbox import Outbox
from shared.db.request_keys import RequestKeys
from shared.rpc.replies import found

RESOURCE = "document_mail"


async def request_mail(conn, outbox: Outbox, request: RequestKeys | None, company_id: int, document_id: int,
                       recipients: Sequence[str] | None) -> Mapping:
    """The `mail_requested` event of this request: recorded now (with its `renderer.render_and_mail`
    in the outbox), or the one an earlier attempt recorded."""
    async def ask() -> int:
        row = found(await db.get(conn, company_id, document_id, for_update=True))
        request_id = uuid.uuid4().hex
        outcome = delivery.on_mail_requested(await record.submission(conn, row), recipients, request_id)
        await record.save(conn, outbox, row, outcome)
        return await db.mail_request_event(conn, document_id, request_id)

    event_id = await request_keys.exactly_once(conn, request, RESOURCE, ask)
    return found(await db.event_of(conn, company_id, event_id))
