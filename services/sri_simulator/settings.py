"""sri_simulator configuration, from environment variables only."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.sri_simulator.faults import parse_spec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_XSD_DIR = PROJECT_ROOT.parent / "shared" / "sri" / "xsd"


def _default_xsd_dir() -> Path | None:
    return DEFAULT_XSD_DIR if DEFAULT_XSD_DIR.is_dir() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    http_host: str = Field("127.0.0.1", description="address to listen on")
    http_port: int = Field(58190, ge=0, le=65535, description="port to listen on")
    sri_xsd_dir: Path | None = Field(default_factory=_default_xsd_dir,
                                     description="folder with the SRI's XSDs (no schema check if unset)")
    sim_processing_delay_seconds: float = Field(
        1.0, ge=0, description="time between RECIBIDA and the authorization decision")
    sim_faults: str = Field("", description="default fault spec applied to every request")
    sim_timeout_seconds: float = Field(35.0, gt=0, description="how long a 'timeout' fault sleeps")
    log_level: str = Field("INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$")

    @field_validator("sri_xsd_dir")
    @classmethod
    def _xsd_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"{value} is not a directory")
        return value

    @field_validator("sim_faults")
    @classmethod
    def _faults_parse(cls, value: str) -> str:
        parse_spec(value)
        return value
