"""The route table, resolved by aiohttp's router: paths, handlers and access rules."""
from __future__ import annotations

import pytest
from aiohttp.test_utils import make_mocked_request

from services.gateway.app import create_app
from services.gateway.appkeys import ROUTE_ACCESS
from services.gateway.domain.access import MODULES, VERBS
from services.gateway.routes import FORWARDS, resource
from services.gateway.settings import GatewaySettings

pytestmark = pytest.mark.unit


def test_resource_rows_and_the_table_are_consistent():
    rows = resource("/things", "svc", "things", "sales", ("list", "update"))
    assert [(r.method, r.path, r.rpc, r.verb) for r in rows] == [
        ("GET", "/things", "things.list", "read"), ("PUT", "/things/{id}", "things.update", "write")]
    assert len({(f.method, f.path) for f in FORWARDS}) == len(FORWARDS)
    assert all(f.module in MODULES and f.verb in VERBS for f in FORWARDS)


@pytest.fixture(scope="module")
def app():
    return create_app(GatewaySettings(database_url="postgresql://unused", amqp_url="amqp://unused"))


@pytest.mark.parametrize("method, path, name, module, verb, context", [
    ("GET", "/api/v1/documents/lookups/customers", "forward_lookups_customers", "sales", "read", "user"),
    ("GET", "/api/v1/company/documents/lookups/products", "forward_lookups_products", "sales", "read", "key"),
    ("POST", "/api/v1/establishments", "forward_establishments_create", "settings", "write", "user"),
    ("DELETE", "/api/v1/company/customers/7", "forward_customers_delete", "sales", "write", "key"),
    ("GET", "/api/v1/company/settings/users", "list_users", "settings", "read", "key"),
    ("POST", "/api/v1/inventory/movements", "forward_movements_create", "inventory", "write", "user"),
])
async def test_paths_resolve_to_their_route_and_access(app, method, path, name, module, verb, context):
    match = await app.router.resolve(make_mocked_request(method, path))
    access = app[ROUTE_ACCESS][match.route]
    assert match.handler.__name__ == name
    assert (access.module, access.verb, access.context) == (module, verb, context)


async def test_login_is_public_and_only_in_the_user_context(app):
    match = await app.router.resolve(make_mocked_request("POST", "/api/v1/auth/login"))
    assert app[ROUTE_ACCESS][match.route].public
    missing = await app.router.resolve(make_mocked_request("POST", "/api/v1/company/auth/login"))
    assert missing.http_exception.status == 404


# Every API.md Part A row and Part B Customers/catalogue/Documents/Inventory row of issue 3:
# (method, path, rpc, module, verb); each must exist in both contexts.
SALES_ROUTES = [
    ("GET", "/documents", "documents.list", "sales", "read"),
    ("GET", "/documents/7", "documents.get", "sales", "read"),
    ("GET", "/documents/lookups/customers", "lookups.customers", "sales", "read"),
    ("GET", "/documents/lookups/establishments", "lookups.establishments", "sales", "read"),
    ("GET", "/documents/lookups/points-of-sale", "lookups.points_of_sale", "sales", "read"),
    ("GET", "/documents/lookups/products", "lookups.products", "sales", "read"),
    ("GET", "/documents/sequence-preview", "sequence.preview", "sales", "read"),
    ("POST", "/documents/invoices", "invoices.create", "sales", "write"),
    ("POST", "/documents/sales-orders", "sales_orders.create", "sales", "write"),
    ("POST", "/documents/quotations", "quotations.create", "sales", "write"),
    ("POST", "/documents/credit-notes", "credit_notes.create", "sales", "write"),
    ("POST", "/documents/debit-notes", "debit_notes.create", "sales", "write"),
    ("POST", "/documents/7/issue", "documents.issue", "sales", "write"),
    ("POST", "/documents/7/cancel", "documents.cancel", "sales", "write"),
    ("GET", "/documents/7/events", "documents.events", "sales", "read"),
    ("GET", "/customers", "customers.list", "sales", "read"),
    ("POST", "/customers", "customers.create", "sales", "write"),
    ("GET", "/customers/7", "customers.get", "sales", "read"),
    ("PUT", "/customers/7", "customers.update", "sales", "write"),
    ("DELETE", "/customers/7", "customers.delete", "sales", "write"),
    ("GET", "/products", "products.list", "inventory", "read"),
    ("POST", "/products", "products.create", "inventory", "write"),
    ("GET", "/products/7", "products.get", "inventory", "read"),
    ("PUT", "/products/7", "products.update", "inventory", "write"),
    ("DELETE", "/products/7", "products.delete", "inventory", "write"),
    ("GET", "/establishments", "establishments.list", "sales", "read"),
    ("POST", "/establishments", "establishments.create", "settings", "write"),
    ("GET", "/establishments/7", "establishments.get", "sales", "read"),
    ("GET", "/points-of-sale", "points_of_sale.list", "sales", "read"),
    ("POST", "/points-of-sale", "points_of_sale.create", "settings", "write"),
    ("GET", "/points-of-sale/7", "points_of_sale.get", "sales", "read"),
    ("PUT", "/points-of-sale/7", "points_of_sale.update", "settings", "write"),
    ("GET", "/warehouses", "warehouses.list", "inventory", "read"),
    ("POST", "/warehouses", "warehouses.create", "inventory", "write"),
    ("GET", "/warehouses/7", "warehouses.get", "inventory", "read"),
    ("PUT", "/warehouses/7", "warehouses.update", "inventory", "write"),
    ("GET", "/inventory/stock", "stock.list", "inventory", "read"),
    ("GET", "/inventory/movements", "movements.list", "inventory", "read"),
    ("POST", "/inventory/movements", "movements.create", "inventory", "write"),
    ("GET", "/inventory/movements/7", "movements.get", "inventory", "read"),
    ("GET", "/inventory/kardex/7", "kardex.get", "inventory", "read"),
    ("GET", "/reports/inventory", "reports.inventory", "reports", "read"),
]


@pytest.mark.parametrize("method, path, rpc, module, verb", SALES_ROUTES, ids=[f"{r[0]} {r[1]}" for r in SALES_ROUTES])
async def test_sales_catalogue_and_inventory_rows_exist_in_both_contexts(app, method, path, rpc, module, verb):
    for prefix, context in (("/api/v1", "user"), ("/api/v1/company", "key")):
        match = await app.router.resolve(make_mocked_request(method, prefix + path))
        assert match.handler.__name__ == f"forward_{rpc.replace('.', '_')}", (prefix, path)
        access = app[ROUTE_ACCESS][match.route]
        assert (access.module, access.verb, access.context) == (module, verb, context)


async def test_kardex_path_parameter_is_the_product_id(app):
    match = await app.router.resolve(make_mocked_request("GET", "/api/v1/company/inventory/kardex/12"))
    assert dict(match) == {"product_id": "12"}
