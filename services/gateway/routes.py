"""The route table: gateway-owned endpoints and the calls forwarded by RPC.

Every endpoint exists twice: `/api/v1/<path>` (Bearer token + X-Company-Id) and
`/api/v1/company/<path>` (X-API-Key). To forward a new endpoint add one row to
FORWARDS (or a `resource(...)` for a CRUD set); specific paths go before
generic ones (`/documents/lookups/x` before `/documents/{id}`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from aiohttp import web

from services.gateway.appkeys import ROUTE_ACCESS, ROUTE_KEY
from services.gateway.domain.access import READ, WRITE
from services.gateway.views import auth, certificate as vc, files as vf, logo as vl, settings as vs
from services.gateway.views.csv_export import csv_or_json
from services.gateway.views.forward import forward_to

USER_PREFIX, KEY_PREFIX = "/api/v1", "/api/v1/company"
R, W = READ, WRITE


@dataclass(frozen=True)
class Access:
    module: str | None = None  # None: no module check (the auth endpoints)
    verb: str = READ
    public: bool = False  # no credentials at all (login)
    company: bool = True  # the user context needs X-Company-Id
    context: str = "user"  # "user" (Bearer) or "key" (X-API-Key); set at registration


@dataclass(frozen=True)
class Forward:
    method: str
    path: str
    service: str
    rpc: str
    module: str
    verb: str
    timeout: float | None = None  # seconds; None: RPC_TIMEOUT_SECONDS (longer for flows that wait)
    shown_once: tuple[str, ...] = ()  # fields of `data` a replay of the POST must not show again (secrets)
    csv: bool = False  # also answers CSV (?format=csv or Accept: text/csv): views/csv_export.py


_CRUD = {"list": ("GET", ""), "create": ("POST", ""), "get": ("GET", "/{id}"),
         "update": ("PUT", "/{id}"), "delete": ("DELETE", "/{id}")}


def resource(path: str, service: str, name: str, module: str,
             ops: tuple[str, ...] = ("list", "create", "get", "update", "delete")) -> list[Forward]:
    """CRUD rows: GET is a read, everything else a write, all in one module."""
    return [Forward(_CRUD[op][0], path + _CRUD[op][1], service, f"{name}.{op}", module,
                    R if _CRUD[op][0] == "GET" else W) for op in ops]


FORWARDS: list[Forward] = [
    # sequencing
    Forward("GET", "/documents/lookups/establishments", "sequencing", "lookups.establishments", "sales", R),
    Forward("GET", "/documents/lookups/points-of-sale", "sequencing", "lookups.points_of_sale", "sales", R),
    Forward("GET", "/documents/sequence-preview", "sequencing", "sequence.preview", "sales", R),
    Forward("GET", "/establishments", "sequencing", "establishments.list", "sales", R),
    Forward("POST", "/establishments", "sequencing", "establishments.create", "settings", W),
    Forward("GET", "/establishments/{id}", "sequencing", "establishments.get", "sales", R),
    Forward("GET", "/points-of-sale", "sequencing", "points_of_sale.list", "sales", R),
    Forward("POST", "/points-of-sale", "sequencing", "points_of_sale.create", "settings", W),
    Forward("GET", "/points-of-sale/{id}", "sequencing", "points_of_sale.get", "sales", R),
    Forward("PUT", "/points-of-sale/{id}", "sequencing", "points_of_sale.update", "settings", W),
    # documents
    Forward("GET", "/documents/lookups/customers", "documents", "lookups.customers", "sales", R),
    *resource("/customers", "documents", "customers", "sales"),
    # documents: sales documents. Creates and issue answer after a bounded wait for the flow
    # (?wait=, capped by documents' INVOICE_WAIT_MAX_SECONDS, 20 s, counted from the call's
    # arrival), so their timeout is that cap plus a margin.
    Forward("GET", "/documents", "documents", "documents.list", "sales", R),
    Forward("POST", "/documents/invoices", "documents", "invoices.create", "sales", W, timeout=30),
    Forward("POST", "/documents/sales-orders", "documents", "sales_orders.create", "sales", W, timeout=30),
    Forward("POST", "/documents/quotations", "documents", "quotations.create", "sales", W, timeout=30),
    Forward("POST", "/documents/credit-notes", "documents", "credit_notes.create", "sales", W, timeout=30),
    Forward("POST", "/documents/debit-notes", "documents", "debit_notes.create", "sales", W, timeout=30),
    Forward("GET", "/documents/{id}/events", "documents", "documents.events", "sales", R),
    Forward("POST", "/documents/{id}/issue", "documents", "documents.issue", "sales", W, timeout=30),
    Forward("POST", "/documents/{id}/cancel", "documents", "documents.cancel", "sales", W),
    Forward("POST", "/documents/{id}/email", "documents", "documents.email", "sales", W),
    Forward("GET", "/documents/{id}", "documents", "documents.get", "sales", R),
    # sri_submitter (PUT /settings/certificate and GET /documents/{id}/xml are in OWN: multipart, XML;
    # so is renderer_mailer's GET /documents/{id}/pdf: a file from the store)
    Forward("GET", "/settings/certificate", "sri_submitter", "certificates.get", "settings", R),
    Forward("GET", "/documents/{id}/sri", "sri_submitter", "submissions.get", "sales", R),
    Forward("POST", "/documents/{id}/sri/retry", "sri_submitter", "submissions.retry", "sales", W),
    # renderer_mailer (PUT /settings/company/logo is in OWN: multipart)
    Forward("GET", "/settings/company/logo", "renderer_mailer", "logo.get", "settings", R),
    Forward("GET", "/settings/webhooks", "renderer_mailer", "webhooks.list", "settings", R),
    Forward("POST", "/settings/webhooks", "renderer_mailer", "webhooks.create", "settings", W, shown_once=("secret",)),
    Forward("DELETE", "/settings/webhooks/{id}", "renderer_mailer", "webhooks.delete", "settings", W),
    Forward("GET", "/settings/webhooks/{id}/deliveries", "renderer_mailer", "webhooks.deliveries", "settings", R),
    Forward("POST", "/settings/webhooks/{id}/deliveries/{delivery_id}/replay", "renderer_mailer", "webhooks.replay",
            "settings", W),
    # inventory
    Forward("GET", "/documents/lookups/products", "inventory", "lookups.products", "sales", R),
    *resource("/products", "inventory", "products", "inventory"),
    *resource("/warehouses", "inventory", "warehouses", "inventory", ("list", "create", "get", "update")),
    Forward("GET", "/inventory/stock", "inventory", "stock.list", "inventory", R),
    Forward("GET", "/inventory/movements", "inventory", "movements.list", "inventory", R),
    Forward("POST", "/inventory/movements", "inventory", "movements.create", "inventory", W),
    Forward("GET", "/inventory/movements/{id}", "inventory", "movements.get", "inventory", R),
    Forward("GET", "/inventory/kardex/{product_id}", "inventory", "kardex.get", "inventory", R),
    Forward("GET", "/reports/inventory", "inventory", "reports.inventory", "reports", R),
    # documents: the accountant's reports (JSON, or CSV: views/csv_export.py)
    Forward("GET", "/reports/sales", "documents", "reports.sales", "reports", R, csv=True),
    Forward("GET", "/reports/taxes", "documents", "reports.taxes", "reports", R, csv=True),
    # payments: collections (list, lookup), their reversal, customer advances, the receivables aging
    # (`/payments/<word>` rows before /payments/{id})
    Forward("GET", "/payments", "payments", "payments.list", "payments", R),
    Forward("POST", "/payments", "payments", "payments.create", "payments", W),
    Forward("GET", "/payments/lookups/documents", "payments", "lookups.documents", "payments", R),
    Forward("GET", "/payments/{id}", "payments", "payments.get", "payments", R),
    Forward("POST", "/payments/{id}/reverse", "payments", "payments.reverse", "payments", W),
    Forward("GET", "/customers/{id}/advances", "payments", "customers.advances", "payments", R),
    Forward("GET", "/reports/receivables", "payments", "reports.receivables", "reports", R, csv=True),
]

OWN = [
    ("POST", "/auth/logout", auth.logout, Access(company=False)),
    ("GET", "/auth/me", auth.me, Access(company=False)),
    ("GET", "/settings/company", vs.get_company, Access("settings", R)),
    ("PUT", "/settings/company", vs.put_company, Access("settings", W)),
    ("GET", "/settings/api-keys", vs.list_api_keys, Access("settings", R)),
    ("POST", "/settings/api-keys", vs.create_api_key, Access("settings", W)),
    ("DELETE", "/settings/api-keys/{id}", vs.revoke_api_key, Access("settings", W)),
    ("GET", "/settings/users", vs.list_users, Access("settings", R)),
    ("POST", "/settings/users", vs.add_user, Access("settings", W)),
    ("PUT", "/settings/users/{id}", vs.update_user, Access("settings", W)),
    ("DELETE", "/settings/users/{id}", vs.remove_user, Access("settings", W)),
    ("PUT", "/settings/certificate", vc.put_certificate, Access("settings", W)),
    ("PUT", "/settings/company/logo", vl.put_logo, Access("settings", W)),
    ("GET", "/documents/{id}/xml", vf.get_document_xml, Access("sales", R)),
    ("GET", "/documents/{id}/pdf", vf.get_document_pdf, Access("sales", R)),
]


# path parameters that are text, with their pattern (the rest are ids: digits); a webhook delivery's id
# is its webhook-id header. openapi/paths.py declares them from here.
TEXT_PARAMS = {"delivery_id": "^msg_[0-9a-f]{32}$"}


def numeric_ids(path: str) -> str:
    """`{id}` matches digits only, so `/documents/sales-orders` is not also `/documents/{id}` (a 405's
    `Allow` then lists only the methods of the path itself); a non-numeric id is a 404 either way.
    TEXT_PARAMS stay as they are."""
    return re.sub(r"\{(\w+)\}", lambda m: m.group(0) if m.group(1) in TEXT_PARAMS else f"{{{m.group(1)}:[0-9]+}}",
                  path)


def setup_routes(app: web.Application, health: list[web.RouteDef]) -> None:
    app.add_routes(health)
    access: dict[web.AbstractRoute, Access] = {}
    keys: dict[web.AbstractRoute, str] = {}
    route = app.router.add_post(USER_PREFIX + "/auth/login", auth.login)
    access[route], keys[route] = Access(public=True), "login"
    for prefix, context in ((USER_PREFIX, "user"), (KEY_PREFIX, "key")):
        for method, path, handler, rule in OWN:
            route = app.router.add_route(method, numeric_ids(prefix + path), handler)
            access[route], keys[route] = replace(rule, context=context), handler.__name__
        for fwd in FORWARDS:
            route = app.router.add_route(fwd.method, numeric_ids(prefix + fwd.path),
                                         (csv_or_json if fwd.csv else forward_to)(fwd))
            access[route], keys[route] = Access(fwd.module, fwd.verb, context=context), fwd.rpc
    app[ROUTE_ACCESS], app[ROUTE_KEY] = access, keys
