"""sri_submitter configuration, from environment variables only (validated at start).

SRI endpoints (SRI.md §6); set BOTH urls and the companies' `ambiente` together:
- local simulator (default): `http://127.0.0.1:58190/comprobantes-electronicos-ws/RecepcionComprobantesOffline`
  and `.../AutorizacionComprobantesOffline`;
- SRI test (pruebas): `https://celcer.sri.gob.ec/comprobantes-electronicos-ws/RecepcionComprobantesOffline`
  and `https://celcer.sri.gob.ec/comprobantes-electronicos-ws/AutorizacionComprobantesOffline`;
- SRI production: the same paths on `https://cel.sri.gob.ec`.
The WSDLs are the packaged pair in `shared/sri/wsdl/`; only the service address comes from here.

Retry/poll schedule: `SRI_POLL_DELAYS` is a comma-separated list of seconds; the n-th wait
uses the n-th value and the last one repeats (capped back-off), for as long as
`SRI_MAX_WAIT_HOURS` allows since the (re)submission started; then the document is an error.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import DirectoryPath, Field, field_validator
from pydantic_settings import NoDecode

from shared.settings import BaseServiceSettings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SIMULATOR = "http://127.0.0.1:58190/comprobantes-electronicos-ws"
DEFAULT_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0)


class Settings(BaseServiceSettings):
    sri_reception_url: str = Field(f"{SIMULATOR}/RecepcionComprobantesOffline",
                                   description="RecepcionComprobantesOffline address (simulator, celcer or cel)")
    sri_authorization_url: str = Field(f"{SIMULATOR}/AutorizacionComprobantesOffline",
                                       description="AutorizacionComprobantesOffline address")
    sri_timeout_seconds: float = Field(30.0, gt=0, le=300, description="timeout of one SOAP call")
    sri_poll_delays: Annotated[tuple[float, ...], NoDecode] = Field(
        DEFAULT_DELAYS, description="back-off schedule in seconds, e.g. 1,2,5,10,30,60,300 (last one repeats)")
    sri_max_wait_hours: float = Field(24.0, gt=0, description="give up (status error) after this long")
    sri_concurrency: int = Field(16, ge=1, le=256, description="documents in flight per worker process")
    sri_xsd_dir: DirectoryPath | None = Field(None, description="folder with the SRI's XSDs (default ../shared/sri/xsd)")
    secrets_key: str = Field(min_length=16, repr=False, description="secret that seals stored certificates")
    file_store_dir: Path = Field(PROJECT_ROOT / ".run" / "files", description="root of the stored files")
    signature_algorithm: str = Field("sha1", pattern="^(sha1|sha256)$", description="RSA-SHA1 (default) or SHA256")

    @field_validator("sri_poll_delays", mode="before")
    @classmethod
    def _parse_delays(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                value = tuple(float(part) for part in value.split(",") if part.strip())
            except ValueError:
                raise ValueError("must be comma-separated seconds, e.g. 1,2,5,10,30,60,300") from None
        return value

    @field_validator("sri_poll_delays")
    @classmethod
    def _delays_positive(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if not value or any(d <= 0 for d in value):
            raise ValueError("needs at least one delay, every one > 0")
        return value

    @field_validator("sri_reception_url", "sri_authorization_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value

    @property
    def lease_seconds(self) -> float:
        """How long a worker owns a claimed submission: a query and a send, with room to spare."""
        return 3 * self.sri_timeout_seconds + 30
