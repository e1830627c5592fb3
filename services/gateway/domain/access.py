"""Who may do what: modules, roles, API-key scopes, and the caller once authenticated."""
from __future__ import annotations

from dataclasses import dataclass, field

from shared.contracts.gateway import MODULES, ROLES, SCOPES, VERBS

__all__ = ["MODULES", "READ", "ROLES", "ROLE_PERMISSIONS", "VERBS", "WRITE", "Principal", "access_denial",
           "all_write_scopes", "last_owner_removed", "parse_scope", "role_allows", "role_scopes", "scopes_allow",
           "scopes_within"]

READ, WRITE = VERBS
_RW, _R = frozenset(VERBS), frozenset({READ})

ROLE_PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "owner": {m: _RW for m in MODULES},
    "admin": {m: _RW for m in MODULES},
    "seller": {"sales": _RW, "inventory": _R, "payments": _R, "reports": _R},
    "cashier": {"payments": _RW, "sales": _R, "reports": _R},
    "viewer": {m: _R for m in MODULES if m != "settings"},
}


@dataclass(frozen=True)
class Principal:
    """Who is calling, once authenticated. company_id is None for user-level calls."""

    kind: str  # "user" or "key"
    company_id: int | None
    user_id: int | None = None
    api_key_id: int | None = None
    role: str | None = None
    scopes: tuple[str, ...] = ()
    modules: tuple[str, ...] = field(default=MODULES)
    session_id: int | None = None

    @property
    def name(self) -> str:
        """`key:<id>` or `user:<id>`: the unit of rate limits and idempotency scopes."""
        return f"key:{self.api_key_id}" if self.kind == "key" else f"user:{self.user_id}"


def parse_scope(scope: str) -> tuple[str, str] | None:
    """`sales:write` -> ("sales", "write"); None when malformed or unknown."""
    if scope not in SCOPES:
        return None
    module, _, verb = scope.partition(":")
    return module, verb


def role_allows(role: str | None, module: str, verb: str) -> bool:
    return verb in ROLE_PERMISSIONS.get(role or "", {}).get(module, frozenset())


def scopes_allow(scopes: tuple[str, ...] | list[str], module: str, verb: str) -> bool:
    """A `module:write` scope also grants `module:read`."""
    wanted = {f"{module}:{verb}"} | ({f"{module}:{WRITE}"} if verb == READ else set())
    return any(s in wanted for s in scopes)


def role_scopes(role: str | None) -> tuple[str, ...]:
    """The role's permissions written as scopes (what services receive in Identity)."""
    perms = ROLE_PERMISSIONS.get(role or "", {})
    return tuple(f"{m}:{v}" for m in MODULES for v in VERBS if v in perms.get(m, ()))


def access_denial(principal: Principal, module: str, verb: str) -> str | None:
    """The Spanish reason a call is forbidden, or None when it is allowed."""
    if module not in principal.modules:
        return f"El módulo {module} no está habilitado para esta empresa."
    if principal.kind == "key":
        if not scopes_allow(principal.scopes, module, verb):
            return f"La clave API no tiene el permiso {module}:{verb}."
    elif not role_allows(principal.role, module, verb):
        return f"Su rol no permite la acción {verb} en el módulo {module}."
    return None


def scopes_within(requested: list[str], held: tuple[str, ...]) -> bool:
    """A key may only create keys whose scopes it holds itself."""
    for scope in requested:
        parsed = parse_scope(scope)
        if parsed is None or not scopes_allow(held, *parsed):
            return False
    return True


def all_write_scopes() -> list[str]:
    return [f"{m}:{WRITE}" for m in MODULES]


def last_owner_removed(roles: list[str], old_role: str, new_role: str | None) -> bool:
    """True when a change would leave the company without any owner."""
    return old_role == "owner" and new_role != "owner" and roles.count("owner") <= 1
