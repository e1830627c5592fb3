"""SQL of `renders`: one row per document, claimed by the render worker until it is rendered."""
from __future__ import annotations

import asyncpg

from shared.contracts.renderer import RenderAndMail
from shared.db.leases import LeasedRows

Row = asyncpg.Record
DUE_CHANNEL = "renderer_mailer_render_due"  # NOTIFY when a document waits to be rendered (sent on commit)


async def insert(conn, cmd: RenderAndMail, pdf_path: str, file_name: str) -> Row | None:
    """The new render row, or None when the document already has one (rendered once)."""
    return await conn.fetchrow(
        "INSERT INTO renders (company_id, document_id, document_type, command, pdf_path, file_name) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (company_id, document_id) DO NOTHING RETURNING *",
        cmd.company_id, cmd.document_id, cmd.document_type, cmd.model_dump(mode="json"), pdf_path, file_name)


async def by_document(conn, company_id: int, document_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM renders WHERE company_id = $1 AND document_id = $2",
                               company_id, document_id)


DUE_ROWS = LeasedRows("renders", "d.status = 'pending'")


async def mark_rendered(conn, render_id: int, token) -> Row | None:
    """pending -> rendered if the lease is still ours (None: another worker took it over)."""
    return await conn.fetchrow(
        "UPDATE renders SET status = 'rendered', rendered_at = now(), last_error = NULL, lease_token = NULL, "
        "lease_until = NULL WHERE id = $1 AND lease_token = $2 AND status = 'pending' RETURNING *", render_id, token)


async def reschedule(conn, render_id: int, token, delay: float, error: str) -> None:
    """A failed render: due again after `delay` seconds, with the error kept."""
    await conn.execute(
        "UPDATE renders SET tries = tries + 1, last_error = $3, lease_token = NULL, lease_until = NULL, "
        "next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1 AND lease_token = $2",
        render_id, token, error, delay)
