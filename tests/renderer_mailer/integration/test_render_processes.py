"""The render processes of the real service (process/render_pool.py): one killed in the middle
of a RIDE leaves nothing half done; the render is retried through its lease and the document is
rendered once, its event published once and its mail sent once."""
from __future__ import annotations

import os
import signal

import pytest

from tests.harness import eventually
from tests.renderer_mailer.commands import command
from tests.renderer_mailer.integration.conftest import deliveries, mails_of, next_document, publish_all, store_xml
from tests.renderer_mailer.render_processes import busy_child, is_alive, render_children
from tests.renderer_mailer.rides import long_invoice

pytestmark = pytest.mark.integration
RENDERED, MAILED = "renderer.document_rendered", "renderer.document_mailed"


async def render_row(mail_db, company: int, document_id: int):
    async with mail_db.acquire() as conn:
        return await conn.fetchrow("SELECT * FROM renders WHERE company_id = $1 AND document_id = $2",
                                   company, document_id)


async def test_a_render_process_killed_mid_render_still_renders_and_mails_once(bus, mailer, sink, mail_db, company):
    warm = command(company_id=company, document_id=next_document())  # the render processes started and ready
    await publish_all(bus, mailer, company, [(warm, None)])
    await bus.wait_for(company, RENDERED, document_id=warm.document_id, timeout=60)

    cmd = command(long_invoice(300), company_id=company, document_id=next_document(), mail=True,
                  recipients=["cliente@example.com"])  # a few seconds of WeasyPrint
    store_xml(mailer, cmd)
    await publish_all(bus, mailer, company, [(cmd, None)])
    victim = await busy_child(mailer.proc.pid)
    os.kill(victim, signal.SIGKILL)

    [mailed] = await bus.wait_for(company, MAILED, document_id=cmd.document_id, timeout=120)
    row = await render_row(mail_db, company, cmd.document_id)
    assert (row["status"], row["tries"]) == ("rendered", 1)  # one failed attempt (the kill), then rendered
    assert len(bus.of(company, RENDERED, document_id=cmd.document_id)) == 1
    [mail] = mails_of(sink, cmd)
    assert mail["Message-ID"].strip() == mailed.payload["message_id"]
    pdf = {p.get_filename(): p.get_content() for p in mail.iter_attachments()}[row["file_name"]]
    assert pdf == (mailer.files / row["pdf_path"]).read_bytes() and pdf.startswith(b"%PDF")
    assert [(d["status"], d["tries"]) for d in await deliveries(mail_db, cmd)] == [("sent", 1)]
    await eventually(lambda: not is_alive(victim))
    assert victim not in render_children(mailer.proc.pid)
