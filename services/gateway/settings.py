"""Gateway configuration from environment variables."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field

from shared.settings import BaseServiceSettings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class GatewaySettings(BaseServiceSettings):
    http_port: int = Field(58080, ge=0, le=65535, description="the public HTTP port (API, health, metrics)")
    token_ttl_seconds: int = Field(43200, ge=60, description="lifetime of a login token")
    auth_cache_seconds: float = Field(5.0, ge=0, le=300, description="how long a checked API key, session or "
                                      "membership is reused without a query; 0 disables (dropped at once on revocation)")
    rate_limit_per_minute: int = Field(600, ge=0, description="calls per minute per key/user; 0 disables")
    rate_limit_burst: int | None = Field(None, ge=1, description="bucket size; default RATE_LIMIT_PER_MINUTE")
    idempotency_ttl_hours: int = Field(24, ge=1, description="how long an Idempotency-Key is remembered")
    idempotency_lock_seconds: int = Field(120, ge=1,
                                          description="after this, a request still 'running' is taken as lost")
    answer_check: bool = Field(False, description=(
        "validate every JSON success answer against its model (shared.contracts.answers) and answer 500 "
        "on a mismatch: for tests and development, not production"))
    file_store_dir: Path = Field(PROJECT_ROOT / ".run" / "files",
                                 description="root of the stored files (read: GET /documents/{id}/pdf)")
