"""The submitter's settings: defaults, the back-off list, what is refused."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.sri_submitter.settings import Settings

pytestmark = pytest.mark.unit
BASE = {"database_url": "postgresql://x", "amqp_url": "amqp://x", "secrets_key": "s" * 16}


def test_settings_defaults_and_delays():
    settings = Settings(**BASE)
    assert settings.sri_reception_url.endswith(":58190/comprobantes-electronicos-ws/RecepcionComprobantesOffline")
    assert settings.sri_poll_delays == (1, 2, 5, 10, 30, 60, 300) and settings.sri_timeout_seconds == 30
    assert Settings(**BASE, sri_poll_delays="0.2, 0.5,1").sri_poll_delays == (0.2, 0.5, 1.0)
    for bad in ({"sri_poll_delays": "1,x"}, {"sri_poll_delays": "0"}, {"secrets_key": "short"},
                {"signature_algorithm": "md5"}, {"sri_reception_url": "ftp://sri"}):
        with pytest.raises(ValidationError):
            Settings(**{**BASE, **bad})
