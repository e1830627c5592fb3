"""logo.put / logo.get against the real renderer_mailer (own database and vhost): the file lands
in the file store, the row describes it, bad files are a 422 on `logo`, and load_logo reads it back."""
from __future__ import annotations

import base64
import hashlib
import random

import pytest

from services.renderer_mailer.process.logos import load_logo
from shared.db.pool import create_pool
from shared.storage import LocalFileStore
from tests.renderer_mailer.rides import LOGO
from tests.renderer_mailer.unit.test_ride import PNG

pytestmark = pytest.mark.integration


def new_company() -> int:
    return random.randint(10**6, 2**31 - 1)


def body(data: bytes, file_name: str = "logo.png", content_type: str = "image/png") -> dict:
    return {"content_base64": base64.b64encode(data).decode(), "file_name": file_name, "content_type": content_type}


async def test_upload_read_back_and_replace(mail_call, mailer, mail_env):
    company = new_company()
    missing = await mail_call("logo.get", company_id=company)
    assert missing.status == 404 and missing.body["message"] == "La empresa no tiene logo."
    reply = await mail_call("logo.put", company_id=company, body=body(PNG))
    assert reply.status == 200, reply.body
    assert reply.body["message"] == "Logo de la empresa actualizado correctamente."
    data = reply.body["data"]
    assert data["content_type"] == "image/png" and data["size"] == len(PNG)
    assert data["sha256"] == hashlib.sha256(PNG).hexdigest() and data["updated_at"].endswith("-05:00")
    assert (mailer.files / f"companies/{company}/logo/logo.png").read_bytes() == PNG
    got = await mail_call("logo.get", company_id=company)
    assert got.status == 200 and got.body == {"data": data}

    # an SVG declared as PNG is stored as what it is, and load_logo returns it
    again = await mail_call("logo.put", company_id=company, body=body(LOGO, "logo.png", "image/png"))
    assert again.status == 200 and again.body["data"]["content_type"] == "image/svg+xml"
    assert (mailer.files / f"companies/{company}/logo/logo.svg").read_bytes() == LOGO
    pool = await create_pool(mail_env["DATABASE_URL"], "renderer_mailer", max_size=1)
    try:
        async with pool.acquire() as conn:
            assert await load_logo(conn, LocalFileStore(mailer.files), company) == LOGO
            assert await load_logo(conn, LocalFileStore(mailer.files), new_company()) is None
    finally:
        await pool.close()


@pytest.mark.parametrize(("sent", "text"), [
    (body(b"GIF89a\x01\x00\x01\x00", "a.gif", "image/gif"), "PNG, JPEG o SVG"),
    (body(b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024)), "1 MB"),
    (body(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "a.svg"), "scripts"),
    (body(b"<svg><rect></svg>", "a.svg"), "XML válido"),
    ({"content_base64": "no es base64!", "file_name": "a.png"}, "base64"),
    ({"file_name": "a.png"}, "obligatorio"),
])
async def test_bad_files_are_422_on_logo(mail_call, sent, text):
    company = new_company()
    reply = await mail_call("logo.put", company_id=company, body=sent)
    assert reply.status == 422, reply.body
    field = "content_base64" if "content_base64" not in sent else "logo"
    assert list(reply.body["errors"]) == [field] and text in reply.body["errors"][field][0]
    assert (await mail_call("logo.get", company_id=company)).status == 404
