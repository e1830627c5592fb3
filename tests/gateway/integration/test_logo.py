"""`PUT|GET /settings/company/logo` through the gateway, against the real renderer_mailer:
the multipart upload, the 422s on `logo`, and the settings:write permission."""
from __future__ import annotations

import pytest

from tests.gateway.integration.factories import user_headers
from tests.renderer_mailer.rides import LOGO
from tests.renderer_mailer.unit.test_ride import PNG

pytestmark = pytest.mark.integration
PATH = "/api/v1/company/settings/company/logo"


@pytest.fixture(scope="module")
def renderer(gw_env, start_service, tmp_path_factory):
    env = {"FILE_STORE_DIR": str(tmp_path_factory.mktemp("gw-logo")), **gw_env}  # gw_env's own store if it has one
    svc = start_service("renderer_mailer", **env)
    yield svc
    svc.stop()  # before gw_env's database and vhost go away


@pytest.fixture(scope="module")
def key_headers(demo, renderer) -> dict[str, str]:
    return {"X-API-Key": demo["api_key"]}


async def test_upload_then_read_the_logo(client, key_headers):
    resp = await client.put(PATH, headers=key_headers, files={"logo": ("logo.svg", LOGO, "image/svg+xml")})
    assert resp.status_code == 200, resp.text
    assert resp.json()["data"]["content_type"] == "image/svg+xml" and resp.json()["data"]["size"] == len(LOGO)
    resp = await client.put(PATH, headers=key_headers, files={"file": ("logo.png", PNG, "image/png")})
    assert resp.status_code == 200 and resp.json()["data"]["content_type"] == "image/png"
    got = await client.get(PATH, headers=key_headers)
    assert got.status_code == 200 and got.json() == {"data": resp.json()["data"]}


@pytest.mark.parametrize(("kwargs", "text"), [
    ({"files": {"logo": ("a.gif", b"GIF89a\x01\x00", "image/gif")}}, "PNG, JPEG o SVG"),
    ({"files": {"logo": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "image/png")}}, "1 MB"),
    ({"files": {"otro": ("a.png", PNG, "image/png")}}, "obligatorio"),
    ({"json": {"logo": "x"}}, "multipart/form-data"),
])
async def test_bad_uploads_are_422(client, key_headers, kwargs, text):
    resp = await client.put(PATH, headers=key_headers, **kwargs)
    assert resp.status_code == 422, resp.text
    assert list(resp.json()["errors"]) == ["logo"] and text in resp.json()["errors"]["logo"][0]


async def test_settings_write_is_needed_to_upload(client, gw_pool, demo, renderer):
    headers = await user_headers(gw_pool, client, demo["company_id"], "viewer")
    resp = await client.put("/api/v1/settings/company/logo", headers=headers,
                            files={"logo": ("logo.png", PNG, "image/png")})
    assert resp.status_code == 403
