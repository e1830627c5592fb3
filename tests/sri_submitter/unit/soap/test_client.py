"""The SOAP client's reading of failures: whether the SRI may have received the request."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest
import zeep.exceptions

from services.sri_submitter.soap.client import unavailable

pytestmark = pytest.mark.unit


def connector_error() -> aiohttp.ClientConnectorError:
    return aiohttp.ClientConnectorError(aiohttp.client_reqrep.ConnectionKey(
        "sri", 443, True, True, None, None, None), ConnectionRefusedError(111, "refused"))


def test_what_may_have_reached_the_sri():
    assert unavailable(connector_error()).maybe_received is False
    assert unavailable(aiohttp.ConnectionTimeoutError("connect")).maybe_received is False
    assert unavailable(asyncio.TimeoutError()).maybe_received is True
    assert unavailable(aiohttp.SocketTimeoutError("read")).maybe_received is True
    assert unavailable(aiohttp.ServerDisconnectedError()).maybe_received is True
    assert unavailable(aiohttp.ClientPayloadError("cut")).maybe_received is True
    assert unavailable(zeep.exceptions.TransportError(status_code=500)).maybe_received is True
