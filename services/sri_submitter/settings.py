"""sri_submitter configuration: the common settings for now."""
from shared.settings import BaseServiceSettings


class Settings(BaseServiceSettings):
    pass
