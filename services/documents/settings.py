"""documents configuration: the common settings (DATABASE_URL, AMQP_URL, HTTP_PORT, ...)
and the issuance flow's own (all from the environment)."""
from decimal import Decimal
from typing import Literal

from pydantic import Field

from services.documents.domain.sri_checks import ISSUE_DATE_WINDOW_DAYS
from shared.settings import BaseServiceSettings
from shared.sri.catalogues import FINAL_CONSUMER_LIMIT


class Settings(BaseServiceSettings):
    invoice_wait_seconds: float = Field(5.0, ge=0, description="default bounded wait of POST /documents/* (?wait=)")
    invoice_wait_max_seconds: float = Field(20.0, ge=0, description="largest ?wait= honoured; the gateway's "
                                            "timeout for these routes must exceed it")
    wait_until: Literal["numbered", "sri", "mail"] = Field(
        "mail", description="flow step a create waits for: numbered (+ stock), sri (+ final SRI answer, when "
                            "sent to the SRI), mail (+ the RIDE rendered and the automatic mail sent, skipped "
                            "or failed for good, as renderer-mailer reports them)")
    reservation_ttl_seconds: int = Field(900, ge=10, description="a stock reservation never confirmed expires")
    final_consumer_limit: Decimal = Field(FINAL_CONSUMER_LIMIT, ge=0,
                                          description="SRI: an invoice above it must identify the buyer (USD)")
    issue_date_window_days: int = Field(ISSUE_DATE_WINDOW_DAYS, ge=1, le=3650, description=(
        "SRI error 65: an invoice or note may be dated at most this many days back, counting today"))
