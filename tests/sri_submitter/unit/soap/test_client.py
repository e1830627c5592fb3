"""The SOAP client's reading of failures: whether the SRI may have received the request."""
from __future__ import annotations

import httpx
import pytest

from services.sri_submitter.soap.client import unavailable

pytestmark = pytest.mark.unit


def test_what_may_have_reached_the_sri():
    assert unavailable(httpx.ConnectError("refused")).maybe_received is False
    assert unavailable(httpx.ReadTimeout("slow")).maybe_received is True
    assert unavailable(httpx.RemoteProtocolError("dropped")).maybe_received is True
