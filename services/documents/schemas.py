"""Request bodies and consumed payloads of documents."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.rpc.params import RequestModel

IdentificationType = Literal["ruc", "cedula", "pasaporte", "consumidor_final", "exterior"]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class CustomerFields(RequestModel):
    """Every customer field optional: the update body, and the base of the create body."""

    identification_type: IdentificationType | None = None
    identification: str | None = Field(None, max_length=20, description="checked per type in domain.py")
    name: str | None = Field(None, max_length=300)
    email: str | None = Field(None, max_length=254, pattern=EMAIL)
    phone: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=300)
    code: str | None = Field(None, max_length=25, description="default: CLI-0001 style, per company")


class CustomerIn(CustomerFields):
    """Create body: identification_type is required; identification and name too,
    except for consumidor final (checked in domain.customer_errors)."""

    identification_type: IdentificationType


class CompanySnapshot(BaseModel):
    """Payload of `gateway.company_updated` v1 as this service reads it (tolerant reader:
    unknown fields are ignored, missing optional ones default)."""

    model_config = ConfigDict(extra="ignore")
    company_id: int
    ruc: str | None = None
    legal_name: str | None = None
    trade_name: str | None = None
    address: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    modules: list[str] = Field(default_factory=list)
