"""inventory configuration: the common settings (DATABASE_URL, AMQP_URL, HTTP_PORT, ...)."""
from shared.settings import BaseServiceSettings


class Settings(BaseServiceSettings):
    pass
