"""The submitter's settings: defaults, the back-off list, what is refused."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.sri_submitter.settings import Settings

pytestmark = pytest.mark.unit
BASE = {"database_url": "postgresql://x", "amqp_url": "amqp://x", "secrets_key": "s" * 16}
CELCER = "https://celcer.sri.gob.ec/comprobantes-electronicos-ws"
CEL = "https://cel.sri.gob.ec/comprobantes-electronicos-ws"
SIM = "http://127.0.0.1:58190/comprobantes-electronicos-ws"


def test_settings_defaults_and_delays():
    settings = Settings(**BASE)
    assert settings.endpoints == {  # the SRI's own hosts by default (SRI.md §6)
        "test": (f"{CELCER}/RecepcionComprobantesOffline", f"{CELCER}/AutorizacionComprobantesOffline"),
        "production": (f"{CEL}/RecepcionComprobantesOffline", f"{CEL}/AutorizacionComprobantesOffline")}
    assert settings.sri_poll_delays == (1, 2, 5, 10, 30, 60, 300) and settings.sri_timeout_seconds == 30
    assert Settings(**BASE, sri_poll_delays="0.2, 0.5,1").sri_poll_delays == (0.2, 0.5, 1.0)
    # a step may be 0 (poll right after the reception); the last one repeats, so it must not be
    assert Settings(**BASE, sri_poll_delays="0,0.05,1").sri_poll_delays == (0.0, 0.05, 1.0)
    for bad in ({"sri_poll_delays": "1,x"}, {"sri_poll_delays": "0"}, {"sri_poll_delays": "1,0"},
                {"sri_poll_delays": "-1,2"}, {"sri_poll_delays": ""}, {"secrets_key": "short"},
                {"signature_algorithm": "md5"}, {"sri_reception_url": "ftp://sri"}):
        with pytest.raises(ValidationError):
            Settings(**{**BASE, **bad})


def test_each_environment_has_its_pair_and_the_older_names_set_the_test_one(monkeypatch):
    monkeypatch.setenv("SRI_RECEPTION_URL", f"{SIM}/R")
    monkeypatch.setenv("SRI_AUTHORIZATION_URL", f"{SIM}/A")
    monkeypatch.setenv("SRI_PRODUCTION_RECEPTION_URL", f"{SIM}/PR")
    monkeypatch.setenv("SRI_PRODUCTION_AUTHORIZATION_URL", f"{SIM}/PA")
    assert Settings(**BASE).endpoints == {"test": (f"{SIM}/R", f"{SIM}/A"), "production": (f"{SIM}/PR", f"{SIM}/PA")}
    monkeypatch.setenv("SRI_TEST_RECEPTION_URL", f"{SIM}/TR")  # the new name wins over the older one
    assert Settings(**BASE).endpoints["test"] == (f"{SIM}/TR", f"{SIM}/A")


@pytest.mark.parametrize("env", [{"SRI_TEST_AUTHORIZATION_URL": f"{CEL}/AutorizacionComprobantesOffline"},
                                 {"SRI_RECEPTION_URL": f"{CEL}/RecepcionComprobantesOffline"},
                                 {"SRI_PRODUCTION_RECEPTION_URL": f"{CELCER}/RecepcionComprobantesOffline"},
                                 {"SRI_PRODUCTION_AUTHORIZATION_URL": "ftp://sri"}])
def test_an_endpoint_of_the_other_environment_stops_the_service(monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings(**BASE)
