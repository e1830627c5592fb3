"""The API as the route table registers it, one Endpoint per row, and what the reference says
about each: its area (tag), summary and access rule."""
from __future__ import annotations

from dataclasses import dataclass

from services.gateway.domain.access import READ, ROLES, WRITE, role_allows
from services.gateway.openapi import catalog as cat
from services.gateway.routes import FORWARDS, KEY_PREFIX, OWN, USER_PREFIX, Access

LOGIN = ("POST", "/auth/login")  # registered by routes.setup_routes, user context only
PREFIXES = {"user": USER_PREFIX, "key": KEY_PREFIX}
UNPAGED = frozenset({"webhooks.list"})  # `.list` calls that answer every record, without `page`/`per_page`


@dataclass(frozen=True)
class Endpoint:
    """One row of the route table, in both contexts unless `contexts` says otherwise."""

    method: str
    path: str  # after the prefix
    key: str  # rpc of a forward, handler name of a gateway-owned endpoint
    service: str
    access: Access
    contexts: tuple[str, ...] = ("user", "key")

    @property
    def paths(self) -> dict[str, str]:
        return {c: PREFIXES[c] + self.path for c in self.contexts}

    @property
    def scope(self) -> str | None:
        return f"{self.access.module}:{self.access.verb}" if self.access.module else None

    @property
    def roles(self) -> list[str]:
        if self.access.module is None:
            return list(ROLES)
        return [r for r in ROLES if role_allows(r, self.access.module, self.access.verb)]

    @property
    def paginated(self) -> bool:
        listing = self.key.endswith(".list") and self.key not in UNPAGED
        return self.method == "GET" and (listing or self.key in cat.PAGINATED)

    @property
    def success(self) -> int:
        creates = self.key.endswith(".create") or self.key in ("create_api_key", "add_user")
        return 201 if self.method == "POST" and creates else 200


def endpoints() -> list[Endpoint]:
    """The API as routes.py registers it: login, then OWN, then FORWARDS."""
    out = [Endpoint(*LOGIN, "login", "gateway", Access(public=True), ("user",))]
    out += [Endpoint(method, path, handler.__name__, "gateway", rule) for method, path, handler, rule in OWN]
    out += [Endpoint(f.method, f.path, f.rpc, f.service, Access(f.module, f.verb)) for f in FORWARDS]
    return out


def area(path: str) -> str:
    """The tag of a path: the area with the longest matching prefix, else its first segment."""
    best, length = None, -1
    for tag, prefixes, _ in cat.AREAS:
        for prefix in prefixes:
            if (path == prefix or path.startswith(prefix + "/")) and len(prefix) > length:
                best, length = tag, len(prefix)
    return best or path.strip("/").split("/")[0].replace("-", " ").capitalize()


def summary(ep: Endpoint) -> str:
    if ep.key in cat.SUMMARIES:
        return cat.SUMMARIES[ep.key]
    name, _, op = ep.key.rpartition(".")
    if not name or op not in ("list", "create", "get", "update", "delete"):
        return f"{ep.method} {ep.path}"
    plural = name.replace("_", " ")
    if op == "list":
        return f"List {plural}"
    first, _, rest = plural.partition(" ")
    singular = " ".join(filter(None, (first.removesuffix("s"), rest)))
    return f"{op.capitalize()} {'an' if singular[0] in 'aeiou' else 'a'} {singular}"


def access_text(ep: Endpoint) -> str:
    a = ep.access
    if a.public:
        return "No credentials."
    if a.module is None:
        return "Any valid credentials (no module check)."
    return (f"Module `{a.module}`, verb `{a.verb}`: the company must have `{a.module}` enabled; an API key needs "
            f"the scope `{ep.scope}`" + (f" (or `{a.module}:{WRITE}`)" if a.verb == READ else "")
            + f"; a user needs one of the roles {', '.join(ep.roles)}.")

