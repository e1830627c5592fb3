"""Database errors a caller can answer: a unique constraint is a 422 on its field."""
from __future__ import annotations

from typing import Awaitable, TypeVar

import asyncpg

from shared.contracts.rpc import Unprocessable

T = TypeVar("T")


async def unique_or_422(pending: Awaitable[T], fields: dict[str, str]) -> T:
    """Await an INSERT/UPDATE; a violation of a constraint named in `fields`
    (constraint -> body field) becomes `{"errors": {field: ["... ya está registrado."]}}`.

    The failed statement aborts the transaction; the caller's request ends with
    the 422, so the whole transaction rolls back.
    """
    try:
        return await pending
    except asyncpg.UniqueViolationError as exc:
        field = fields.get(exc.constraint_name or "")
        if field is None:
            raise
        raise Unprocessable({field: [f"El valor del campo {field} ya está registrado."]}) from None
