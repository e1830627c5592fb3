"""One webhook attempt over HTTP (aiohttp): POST the stored body with freshly signed headers,
no redirects followed, WEBHOOK_TIMEOUT_SECONDS for the whole exchange; the answer as an Outcome."""
from __future__ import annotations

import asyncio
import time

import aiohttp

from services.renderer_mailer.domain import webhooks as domain
from services.renderer_mailer.domain.webhooks import Outcome

EXCERPT_BYTES = 4 * domain.EXCERPT_CHARS  # enough bytes for 500 characters of UTF-8


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


class WebhookSender:
    def __init__(self, timeout: float, connections: int):
        self.timeout, self.connections = timeout, connections
        self.session: aiohttp.ClientSession | None = None

    async def start(self) -> "WebhookSender":
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout),
                                             connector=aiohttp.TCPConnector(limit=self.connections))
        return self

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()

    async def post(self, url: str, secret: str, message_id: str, body: str) -> Outcome:
        headers = domain.signed_headers(secret, message_id, body, time.time())
        started = time.perf_counter()
        try:
            async with self.session.post(url, data=body.encode(), headers=headers, allow_redirects=False) as resp:
                raw = await resp.content.read(EXCERPT_BYTES)
                return Outcome(resp.status, _ms(started), domain.answer_error(resp.status), domain.excerpt(raw),
                               domain.parse_retry_after(resp.headers.get("Retry-After")))
        except asyncio.TimeoutError:
            return Outcome(None, _ms(started), f"Sin respuesta del receptor en {self.timeout:g} s.")
        except aiohttp.ClientError as exc:
            return Outcome(None, _ms(started), f"No se pudo conectar con el receptor: {exc}"[:domain.EXCERPT_CHARS])
