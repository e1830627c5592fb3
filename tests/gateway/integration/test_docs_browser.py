"""/docs in headless Chromium (Debian's `chromium` package, driven by playwright) against a
gateway the harness started: the search box filters the endpoints, every endpoint has its
examples and snippets, and the page asks nothing of any host but the gateway.
"""
from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, Route, async_playwright

pytestmark = pytest.mark.integration
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # scripts/infra.sh install apt-installs it
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def matching_ids(spec: dict, word: str) -> set[str]:
    """The endpoints the search must show for one word, read from /openapi.json: the word in the
    verb, a path, the tag (area), the module or scope, the summary or the description."""
    ids = set()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            if op.get("x-context") not in ("user", "key"):
                continue  # the Operations rows (/healthz, ...) are not endpoints
            text = " ".join([method, path, *op["tags"], op.get("x-module") or "", op.get("x-scope") or "",
                             op["summary"], op.get("description", "")]).lower()
            if word in text:
                ids.add(op["operationId"].split("_", 1)[1])
    return ids


@pytest.fixture(scope="module")
async def browser_page(gateway):
    """(page, requests it made, requests refused): anything not for a local host is aborted."""
    requests: list[str] = []
    refused: list[str] = []

    async def only_local(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            await route.continue_()
        else:
            refused.append(url)
            await route.abort()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM)
        context = await browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
        await context.route("**/*", only_local)
        page = await context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("websocket", lambda ws: refused.append(ws.url))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        resp = await page.goto(gateway.url + "/docs", wait_until="load")
        assert resp is not None and resp.status == 200
        yield page, requests, refused
        assert errors == []
        await browser.close()


async def visible_ids(page: Page) -> set[str]:
    return set(await page.eval_on_selector_all("article[data-search]", "els => els.filter(e => !e.hidden)"
                                                                      ".map(e => e.id)"))


async def test_searching_payments_shows_only_the_matching_endpoints(browser_page, client):
    page, requests, refused = browser_page
    spec = (await client.get("/openapi.json")).json()
    everything = {op["operationId"].split("_", 1)[1] for ops in spec["paths"].values() for op in ops.values()
                  if op.get("x-context")}
    assert await visible_ids(page) == everything
    expected = matching_ids(spec, "payments")
    assert expected and expected != everything

    await page.fill("#search", "payments")
    assert await visible_ids(page) == expected
    assert await page.is_hidden("#conventions")
    assert await page.inner_text("#search-status") == f"{len(expected)} of {len(everything)} endpoints match"
    hidden_in_nav = await page.eval_on_selector_all("nav li[data-for]", "els => els.filter(e => !e.hidden)"
                                                                        ".map(e => e.dataset.for)")
    assert set(hidden_in_nav) == expected

    await page.fill("#search", "POST payments")  # every word must match: the verb too
    assert await visible_ids(page) == {i for i in expected if i.startswith("post_")} != set()
    await page.fill("#search", "no-such-endpoint")
    assert await visible_ids(page) == set() and await page.is_visible("#no-match")
    await page.fill("#search", "")
    assert await visible_ids(page) == everything
    assert refused == [] and all(urlsplit(u).hostname in LOCAL_HOSTS for u in requests), (refused, requests)


async def test_each_endpoint_has_snippets_pointed_at_this_gateway(browser_page, gateway):
    page, _, refused = browser_page
    article = page.locator("article#post_documents_invoices")
    curl = article.locator(".snippet[data-lang=curl] code")
    assert await curl.is_visible()
    text = await curl.inner_text()
    assert f"curl -X POST {gateway.url}/api/v1/company/documents/invoices" in text
    assert '-H "X-API-Key: $API_KEY"' in text and "Idempotency-Key" in text and "--data-raw" in text
    assert await article.locator("h4", has_text="Request example").count() == 1

    await article.locator("[role=tab][data-lang=python]").click()
    python = article.locator(".snippet[data-lang=python] code")
    assert await python.is_visible() and not await curl.is_visible()
    assert "httpx.post(" in await python.inner_text() and 'os.environ["API_KEY"]' in await python.inner_text()
    await article.locator("[role=tab][data-lang=javascript]").click()
    assert "await fetch(" in await article.locator(".snippet[data-lang=javascript] code").inner_text()
    counts = await page.eval_on_selector_all("article[data-search]", "els => els.map(e => e.querySelectorAll("
                                                                     "'code[data-snippet]').length)")
    assert set(counts) == {3}
    assert refused == []
