"""One webhook attempt over HTTP (aiohttp): POST the stored body with freshly signed headers,
no redirects followed, WEBHOOK_TIMEOUT_SECONDS for the whole exchange; the answer as an Outcome.

Unless WEBHOOK_ALLOW_PRIVATE_URLS, only public addresses are reached (domain/webhook_addresses.py):
an IP literal is checked before connecting, and a name through PublicResolver, which checks every
address the lookup returns; the connection then uses exactly those addresses (no second lookup a
changed DNS answer could slip through)."""
from __future__ import annotations

import asyncio
import socket
import time
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from services.renderer_mailer.domain import webhook_addresses as addresses
from services.renderer_mailer.domain import webhooks as domain
from services.renderer_mailer.domain.webhooks import Outcome

EXCERPT_BYTES = 4 * domain.EXCERPT_CHARS  # enough bytes for 500 characters of UTF-8


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


class RefusedAddress(OSError):
    """A webhook host resolved to an address that is not public."""

    def __init__(self, address: str):
        super().__init__(address)
        self.address = address


class PublicResolver(AbstractResolver):
    """The default resolver, refusing a name when any address it resolves to is refused."""

    def __init__(self) -> None:
        self.inner = DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        hosts = await self.inner.resolve(host, port, family)
        for resolved in hosts:
            if addresses.refused_ip(resolved["host"]):
                raise RefusedAddress(resolved["host"])
        return hosts

    async def close(self) -> None:
        await self.inner.close()


def refused(address: str, started: float) -> Outcome:
    return Outcome(None, _ms(started), addresses.REFUSED_DELIVERY.format(address=address), refused=True)


class WebhookSender:
    def __init__(self, timeout: float, connections: int, allow_private: bool = False):
        self.timeout, self.connections, self.allow_private = timeout, connections, allow_private
        self.session: aiohttp.ClientSession | None = None
        self.resolver: PublicResolver | None = None

    async def start(self) -> "WebhookSender":
        self.resolver = None if self.allow_private else PublicResolver()
        self.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            connector=aiohttp.TCPConnector(limit=self.connections, resolver=self.resolver))
        return self

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self.resolver is not None:  # a resolver passed in is not closed by the connector
            await self.resolver.close()

    async def post(self, url: str, secret: str, message_id: str, body: str) -> Outcome:
        headers = domain.signed_headers(secret, message_id, body, time.time())
        started = time.perf_counter()
        host = urlsplit(url).hostname
        if not self.allow_private and addresses.host_refused(host):
            return refused(host or "?", started)
        try:
            async with self.session.post(url, data=body.encode(), headers=headers, allow_redirects=False) as resp:
                raw = await resp.content.read(EXCERPT_BYTES)
                return Outcome(resp.status, _ms(started), domain.answer_error(resp.status), domain.excerpt(raw),
                               domain.parse_retry_after(resp.headers.get("Retry-After")))
        except asyncio.TimeoutError:
            return Outcome(None, _ms(started), f"Sin respuesta del receptor en {self.timeout:g} s.")
        except aiohttp.ClientError as exc:
            if isinstance(cause := getattr(exc, "os_error", None), RefusedAddress):  # PublicResolver
                return refused(cause.address, started)
            return Outcome(None, _ms(started), f"No se pudo conectar con el receptor: {exc}"[:domain.EXCERPT_CHARS])
