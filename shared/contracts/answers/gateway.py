"""The answers of the gateway's own endpoints (services/gateway/views/): login, who am I, the
company's settings, API keys and users. The certificate and logo uploads answer what
sri_submitter and renderer_mailer answer (sri.py, renderer.py)."""
from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, RootModel

from shared.contracts.answers import Answer, Message, Series, Timestamp, list_of, saved
from shared.contracts.gateway import Module, Role

Regimen = Literal["general", "rimpe_emprendedor", "rimpe_negocio_popular"]


class UserRef(Answer):
    id: int
    name: str
    email: str


class Membership(Answer):
    """A company the user belongs to, with their role there (send its id as X-Company-Id)."""

    id: int
    name: str = Field(description="the trade name, else the legal name")
    ruc: str
    role: Role


class Login(Answer):
    EXAMPLE = {"token": "<64 characters, shown once>", "expires_at": "2026-02-22T22:10:22-05:00",
               "user": {"id": 1, "name": "Demo", "email": "demo@example.com"},
               "companies": [{"id": 1, "name": "Empresa Demo", "ruc": "0992877878001", "role": "owner"}]}

    token: str = Field(description="the session token: `Authorization: Bearer <token>`")
    expires_at: Timestamp
    user: UserRef
    companies: list[Membership]


class KeyRef(Answer):
    id: int
    name: str
    prefix: str = Field(description="the key's first characters, to tell keys apart")
    scopes: list[str] = Field(description="`module:read` or `module:write`")


class CompanyRef(Answer):
    id: int
    name: str = Field(description="the trade name, else the legal name")
    ruc: str
    modules: list[Module]


class MeAsUser(Answer):
    """A user's token: who they are and their companies."""

    user: UserRef
    companies: list[Membership]


class MeAsKey(Answer):
    """An API key: the key itself and its company."""

    api_key: KeyRef
    company: CompanyRef


class Me(RootModel[MeAsUser | MeAsKey]):
    """`GET /auth/me`: by the credentials, the user and their companies or the key and its company."""

    EXAMPLE: ClassVar[dict[str, Any] | None] = None
    model_config = ConfigDict(strict=True)


class CompanySettings(Answer):
    obligado_contabilidad: bool = Field(description="always true for a sociedad (third RUC digit 6 or 9)")
    contribuyente_especial: str | None = Field(description="resolution number, when it is one")
    agente_retencion: str | None = Field(description="resolution number of an agente de retención")
    regimen: Regimen
    sri_environment: Literal["test", "production"]
    default_series: Series
    auto_sri_submit: bool
    auto_email: bool
    timezone: str = Field(examples=["America/Guayaquil"])
    enabled_iva_rates: list[int] = Field(description="decree IVA rates the company applies: 8, 13")


class Company(Answer):
    id: int
    ruc: str
    legal_name: str = Field(description="razón social")
    trade_name: str | None = Field(description="nombre comercial")
    address: str | None = Field(description="dirección matriz")
    settings: CompanySettings
    modules: list[Module] = Field(description="enabled modules")


class CompanyData(Answer):
    data: Company


class ApiKey(Answer):
    id: int
    name: str
    prefix: str = Field(description="the key's first characters, to tell keys apart")
    scopes: list[str] = Field(description="`module:read` or `module:write`")
    created_at: Timestamp
    last_used_at: Timestamp | None
    revoked_at: Timestamp | None


class ApiKeyCreated(ApiKey):
    api_key: str | None = Field(description="the secret, shown in this answer only (null in an Idempotency-Key "
                                            "replay); send it as X-API-Key")


class Member(Answer):
    id: int
    name: str
    email: str
    role: Role
    active: bool
    member_since: Timestamp


ANSWERS: dict[str, type[Answer]] = {
    "login": Login,
    "logout": Message,
    "me": Me,  # type: ignore[dict-item]
    "get_company": CompanyData,
    "put_company": saved(Company),
    "list_api_keys": list_of(ApiKey),
    "create_api_key": saved(ApiKeyCreated),
    "revoke_api_key": Message,
    "list_users": list_of(Member),
    "add_user": saved(Member),
    "update_user": saved(Member),
    "remove_user": Message,
}
