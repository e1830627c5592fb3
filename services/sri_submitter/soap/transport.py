"""zeep's transport for the SRI calls over aiohttp.

zeep builds the envelope and reads the answer (serialisation, WSDL types, faults); only the
HTTP POST goes through aiohttp instead of zeep's httpx-based AsyncTransport, which spent
about a third of the service's CPU per document in httpx/httpcore/anyio (the profile in
issue 12). The WSDLs are local files, read by the synchronous base class at start; nothing
is ever fetched over the network for them.
"""
from __future__ import annotations

import aiohttp
from requests import Response
from requests.structures import CaseInsensitiveDict
from zeep.transports import Transport
from zeep.wsdl.utils import etree_to_string


class AiohttpTransport(Transport):
    """`post_xml` as zeep's async proxies call it, on one aiohttp session (its connection pool)."""

    def __init__(self, session: aiohttp.ClientSession):
        super().__init__()
        self.http = session

    async def post_xml(self, address: str, envelope, headers: dict) -> Response:
        async with self.http.post(address, data=etree_to_string(envelope), headers=headers) as answer:
            body = await answer.read()
            return reply(answer.status, answer.headers, body, answer.charset)

    async def aclose(self) -> None:
        await self.http.close()


def reply(status: int, headers, body: bytes, charset: str | None) -> Response:
    """The `requests.Response` zeep's `process_reply` reads (status, headers, content, encoding)."""
    made = Response()
    made._content = body
    made.status_code = status
    made.headers = CaseInsensitiveDict(headers)
    made.encoding = charset
    return made
