"""Pure rules of the gateway: permissions, scopes, secrets, fingerprints, RUC.

No I/O here; everything is unit-tested without servers.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import string
from dataclasses import dataclass, field

MODULES = ("sales", "inventory", "payments", "reports", "settings")
READ, WRITE = "read", "write"
VERBS = (READ, WRITE)
ROLES = ("owner", "admin", "seller", "cashier", "viewer")
_RW, _R = frozenset(VERBS), frozenset({READ})

ROLE_PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "owner": {m: _RW for m in MODULES},
    "admin": {m: _RW for m in MODULES},
    "seller": {"sales": _RW, "inventory": _R, "payments": _R, "reports": _R},
    "cashier": {"payments": _RW, "sales": _R, "reports": _R},
    "viewer": {m: _R for m in MODULES if m != "settings"},
}

API_KEY_PREFIX = "ek"
_KEY_RE = re.compile(r"^ek_([a-z0-9]{8})_[A-Za-z0-9]{32,}$")
_ALPHABET = string.ascii_letters + string.digits


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
    module, sep, verb = scope.partition(":")
    if not sep or module not in MODULES or verb not in VERBS:
        return None
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


def hash_secret(secret: str) -> str:
    """sha256 hex of an API key or session token (high-entropy, so no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_api_key() -> tuple[str, str]:
    """A fresh key `ek_<prefix>_<secret>` and its prefix (shown in listings)."""
    prefix = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8))
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(40))
    return f"{API_KEY_PREFIX}_{prefix}_{secret}", prefix


def key_prefix(key: str) -> str:
    """The displayable prefix of a key; fixed demo keys of another shape show 6 chars."""
    m = _KEY_RE.match(key)
    return m.group(1) if m else key[:6]


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def canonical_body(body: bytes) -> bytes:
    """JSON bodies compare by content (key order, spacing); anything else by bytes."""
    if not body.strip():
        return b""
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse: compare the bytes
        return body


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256(f"{method.upper()}\n{path}\n".encode())
    digest.update(canonical_body(body))
    return digest.hexdigest()


def last_owner_removed(roles: list[str], old_role: str, new_role: str | None) -> bool:
    """True when a change would leave the company without any owner."""
    return old_role == "owner" and new_role != "owner" and roles.count("owner") <= 1


def ruc_errors(ruc: str) -> list[str]:
    """Ecuadorian RUC: 13 digits ending in 001, province, entity type and check digit.

    The same rule as the documents service applies to customers (services do not
    import each other, and shared/ holds no business rules).
    """
    if not re.fullmatch(r"\d{13}", ruc):
        return ["El RUC debe tener 13 dígitos."]
    if not ruc.endswith("001"):
        return ["El RUC debe terminar en 001."]
    province, third = int(ruc[:2]), int(ruc[2])
    if not (1 <= province <= 24 or province == 30):
        return ["El código de provincia del RUC no es válido."]
    if third == 6:
        ok = _mod11(ruc[:8], (3, 2, 7, 6, 5, 4, 3, 2)) == int(ruc[8]) and ruc[9:] == "0001"
    elif third == 9:
        ok = _mod11(ruc[:9], (4, 3, 2, 7, 6, 5, 4, 3, 2)) == int(ruc[9])
    elif third < 6:
        ok = _mod10(ruc[:9]) == int(ruc[9])
    else:
        return ["El tercer dígito del RUC no es válido."]
    return [] if ok else ["El dígito verificador del RUC no es válido."]


def _mod11(digits: str, weights: tuple[int, ...]) -> int:
    rest = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return 0 if rest == 0 else 11 - rest


def _mod10(digits: str) -> int:
    total = 0
    for i, d in enumerate(digits):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10
