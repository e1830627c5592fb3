"""sri_submitter configuration, from environment variables only (validated at start).

SRI endpoints (SRI.md §6): two pairs, and each document goes to the pair of its `ambiente`
(the company's `sri_environment`), so the environment and the endpoint always agree:
- test (ambiente 1, pruebas): `SRI_TEST_RECEPTION_URL` / `SRI_TEST_AUTHORIZATION_URL`, default
  `https://celcer.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline` and
  `.../AutorizacionComprobantesOffline`; `SRI_RECEPTION_URL` / `SRI_AUTHORIZATION_URL` (the
  older names) still set this pair when the new ones are absent;
- production (ambiente 2): `SRI_PRODUCTION_RECEPTION_URL` / `SRI_PRODUCTION_AUTHORIZATION_URL`,
  default the same paths on `https://cel.sri.gob.ec`;
- the local simulator (`make up`, the tests) serves both: `http://127.0.0.1:58190/comprobantes-electronicos-ws/...`.
A test pair on cel.sri.gob.ec, or a production pair on celcer, stops the service at start.
The WSDLs are the packaged pair in `shared/sri/wsdl/`; only the service address comes from here.

Retry/poll schedule: `SRI_POLL_DELAYS` is a comma-separated list of seconds; the n-th wait
uses the n-th value and the last one repeats (capped back-off), for as long as
`SRI_MAX_WAIT_HOURS` allows since the (re)submission started; then the document is an error.
A step may be 0 (e.g. `0,0.05,0.2,1,5,30,60,300`: ask for the authorization right after the
RECIBIDA, in the same worker task), but the last one, which repeats, must be > 0.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AliasChoices, BeforeValidator, DirectoryPath, Field, field_validator, model_validator
from pydantic_settings import NoDecode

from shared.settings import BaseServiceSettings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SRI_HOSTS = {"test": "celcer.sri.gob.ec", "production": "cel.sri.gob.ec"}  # SRI.md §6
RECEPTION, AUTHORIZATION = "RecepcionComprobantesOffline", "AutorizacionComprobantesOffline"


def sri_url(environment: str, service: str) -> str:
    return f"https://{SRI_HOSTS[environment]}/comprobantes-electronicos-ws/{service}"


DEFAULT_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0)


def _schedule(value: object) -> tuple[float, ...]:
    """The schedule of `0,0.05,1`: (0.0, 0.05, 1.0); steps >= 0, the last (repeating) one > 0 (nothing spins)."""
    try:
        delays = tuple(float(p) for p in value.split(",") if p.strip()) if isinstance(value, str) \
            else tuple(float(p) for p in value)
    except (TypeError, ValueError):
        raise ValueError("must be comma-separated seconds, e.g. 1,2,5,10,30") from None
    if not delays or any(d < 0 for d in delays) or delays[-1] <= 0:
        raise ValueError("needs at least one delay, none negative, the last one (it repeats) > 0")
    return delays


PollDelays = Annotated[tuple[float, ...], NoDecode, BeforeValidator(_schedule)]


class Settings(BaseServiceSettings):
    sri_test_reception_url: str = Field(
        sri_url("test", RECEPTION), validation_alias=AliasChoices("sri_test_reception_url", "sri_reception_url"),
        description="test (pruebas) RecepcionComprobantesOffline address; SRI_RECEPTION_URL is its older name")
    sri_test_authorization_url: str = Field(
        sri_url("test", AUTHORIZATION),
        validation_alias=AliasChoices("sri_test_authorization_url", "sri_authorization_url"),
        description="test (pruebas) AutorizacionComprobantesOffline address; SRI_AUTHORIZATION_URL is its older name")
    sri_production_reception_url: str = Field(sri_url("production", RECEPTION),
                                              description="production RecepcionComprobantesOffline address")
    sri_production_authorization_url: str = Field(sri_url("production", AUTHORIZATION),
                                                  description="production AutorizacionComprobantesOffline address")
    sri_timeout_seconds: float = Field(30.0, gt=0, le=300, description="timeout of one SOAP call")
    sri_poll_delays: PollDelays = Field(
        DEFAULT_DELAYS, description="back-off schedule in seconds, e.g. 1,2,5,10,30,60,300 (last one repeats, > 0; "
                                    "a first 0 polls right after the reception)")
    sri_max_wait_hours: float = Field(24.0, gt=0, description="give up (status error) after this long")
    sri_concurrency: int = Field(16, ge=1, le=256, description="documents in flight per worker process")
    sri_xsd_dir: DirectoryPath | None = Field(None, description="folder with the SRI's XSDs (default ../shared/sri/xsd)")
    secrets_key: str = Field(min_length=16, repr=False, description="secret that seals stored certificates")
    file_store_dir: Path = Field(PROJECT_ROOT / ".run" / "files", description="root of the stored files")
    signature_algorithm: str = Field("sha1", pattern="^(sha1|sha256)$", description="RSA-SHA1 (default) or SHA256")

    @field_validator("sri_test_reception_url", "sri_test_authorization_url", "sri_production_reception_url",
                     "sri_production_authorization_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value

    @model_validator(mode="after")
    def _hosts_match_environments(self) -> "Settings":
        """An SRI host of the other environment is a configuration error (ambiente and endpoint must agree)."""
        for environment, urls in self.endpoints.items():
            other, name = next(e for e in SRI_HOSTS if e != environment), f"SRI_{environment.upper()}"
            if any(urlsplit(url).hostname == SRI_HOSTS[other] for url in urls):
                raise ValueError(f"{name}_RECEPTION_URL / {name}_AUTHORIZATION_URL point at {SRI_HOSTS[other]}, "
                                 f"the SRI's {other} environment")
        return self

    @property
    def endpoints(self) -> dict[str, tuple[str, str]]:
        """environment (the document's ambiente) -> (reception URL, authorization URL)."""
        return {"test": (self.sri_test_reception_url, self.sri_test_authorization_url),
                "production": (self.sri_production_reception_url, self.sri_production_authorization_url)}

    @property
    def lease_seconds(self) -> float:
        """How long a worker owns a claimed submission: a query and a send, with room to spare."""
        return 3 * self.sri_timeout_seconds + 30
