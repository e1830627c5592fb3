"""inventory configuration: the common settings (DATABASE_URL, AMQP_URL, HTTP_PORT, ...) and its own."""
from pydantic import Field

from shared.settings import BaseServiceSettings


class Settings(BaseServiceSettings):
    reservation_sweep_seconds: float = Field(2.0, gt=0, description="how often expired reservations are swept")
