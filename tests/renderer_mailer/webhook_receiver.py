"""A webhook receiver for the tests: an aiohttp server on 127.0.0.1 that keeps every request per
path (`/hook/<name>`) and answers each path's scripted statuses in turn (then 200)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from aiohttp import web
from standardwebhooks import Webhook

from tests.harness import eventually, free_port


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    def verified(self, secret: str) -> dict:
        """The payload, after `standardwebhooks` checked the signature (raises if it does not match)."""
        return Webhook(secret).verify(self.body, self.headers)


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.requests: dict[str, list[Received]] = defaultdict(list)
        self.script: dict[str, list[int]] = defaultdict(list)

    async def start(self) -> "Receiver":
        app = web.Application()
        app.router.add_post("/hook/{name}", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        await self.runner.cleanup()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/hook/{name}"

    def answer(self, name: str, *statuses: int) -> None:
        """The next answers of `/hook/<name>` (afterwards 200)."""
        self.script[name].extend(statuses)

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.requests[name].append(Received({k.lower(): v for k, v in request.headers.items()}, await request.read()))
        status = self.script[name].pop(0) if self.script[name] else 200
        headers = {"Location": "/elsewhere"} if 300 <= status < 400 else None
        return web.Response(status=status, text=f"respuesta {status} " + "x" * 600, headers=headers)

    async def received(self, name: str, count: int = 1, timeout: float = 15) -> list[Received]:
        await eventually(lambda: len(self.requests[name]) >= count, timeout=timeout)
        return self.requests[name]
