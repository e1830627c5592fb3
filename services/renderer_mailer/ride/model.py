"""The RIDE's input: the `sri.submit_document` snapshot plus what the SRI's authorization added."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.sri import SubmitDocument


class Ride(BaseModel):
    """Everything a RIDE prints; frozen. The authorization number is the access key
    (49 digits) since offline emission; it is kept apart because the SRI returns it."""

    model_config = ConfigDict(frozen=True)

    document: SubmitDocument = Field(description="the snapshot the SRI authorized")
    access_key: str = Field(pattern=r"^[0-9]{49}$", description="clave de acceso")
    authorization_number: str = Field(pattern=r"^[0-9]{10,49}$", description="número de autorización")
    authorized_at: datetime = Field(description="fecha y hora de autorización (Ecuador time)")
    logo: bytes | None = Field(None, description="the company's logo (PNG, JPEG or SVG), or None")
    guia_remision: str | None = Field(None, description="guía de remisión number, when any")
