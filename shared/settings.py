"""Settings from environment variables, validated at start (12-factor)."""
from __future__ import annotations

import sys
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

S = TypeVar("S", bound="BaseServiceSettings")


def _seconds_list(value: object) -> object:
    if isinstance(value, str):
        try:
            return tuple(float(part) for part in value.split(",") if part.strip())
        except ValueError:
            raise ValueError("must be comma-separated seconds, e.g. 1,2,5,10,30") from None
    return value


def _positive(value: tuple[float, ...]) -> tuple[float, ...]:
    if not value or any(d <= 0 for d in value):
        raise ValueError("needs at least one delay, every one > 0")
    return value


# A back-off schedule from an environment variable: "1,2,5,10" -> (1.0, 2.0, 5.0, 10.0), every delay > 0
Delays = Annotated[tuple[float, ...], NoDecode, BeforeValidator(_seconds_list), AfterValidator(_positive)]


class BaseServiceSettings(BaseSettings):
    """What every service needs; services subclass it and add their own fields."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    database_url: str = Field(description="PostgreSQL DSN, e.g. postgresql://u:p@host:5432/db")
    amqp_url: str = Field(description="RabbitMQ URL, e.g. amqp://u:p@host:5672/vhost")
    http_host: str = Field("127.0.0.1", description="address of the side HTTP port")
    http_port: int = Field(0, ge=0, le=65535, description="side HTTP port (health, metrics); 0 = any")
    log_level: str = Field("INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$")
    db_pool_min: int = Field(1, ge=0)
    db_pool_max: int = Field(10, ge=1)
    prefetch: int = Field(32, ge=1, le=1000, description="AMQP prefetch per consumer")
    rpc_timeout_seconds: float = Field(5.0, gt=0, description="RPC calls to other services")
    shutdown_grace_seconds: float = Field(20.0, gt=0)
    idempotency_ttl_hours: int = Field(24, ge=1, description="how long an Idempotency-Key is remembered "
                                       "(services that record keys keep them at least 24 h)")


def describe_error(exc: ValidationError, prefix: str = "") -> str:
    """One line naming every variable that is missing or wrong."""
    parts = []
    for err in exc.errors():
        name = (prefix + "_".join(str(p) for p in err["loc"])).upper()
        reason = "is required" if err["type"] == "missing" else err["msg"]
        parts.append(f"{name} {reason}")
    return "configuration error: " + "; ".join(parts)


def load_settings(cls: type[S], **overrides) -> S:
    """Build settings or exit with a clear one-line message (exit code 2)."""
    try:
        return cls(**overrides)
    except ValidationError as exc:
        prefix = cls.model_config.get("env_prefix", "") or ""
        print(describe_error(exc, prefix), file=sys.stderr)
        raise SystemExit(2) from None
