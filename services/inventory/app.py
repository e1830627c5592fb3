"""The inventory service: its schema's migrations and the RPC methods it answers."""
from pathlib import Path

from services.inventory import consumers, expiry, handlers, handlers_documents, handlers_reports, handlers_stock
from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(
    name="inventory",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "products.create": handlers.create_product,
        "products.list": handlers.list_products,
        "products.get": handlers.get_product,
        "products.update": handlers.update_product,
        "products.delete": handlers.delete_product,
        "lookups.products": handlers.lookup_products,
        "warehouses.create": handlers.create_warehouse,
        "warehouses.list": handlers.list_warehouses,
        "warehouses.get": handlers.get_warehouse,
        "warehouses.update": handlers.update_warehouse,
        "movements.create": handlers_stock.create_movement,
        "movements.list": handlers_stock.list_movements,
        "movements.get": handlers_stock.get_movement,
        "stock.list": handlers_stock.list_stock,
        "products.resolve": handlers_documents.resolve_products,
        "reservations.create": handlers_documents.create_reservation,
        "reservations.release": handlers_documents.release_reservation,
        "kardex.get": handlers_reports.get_kardex,
        "reports.inventory": handlers_reports.inventory_report,
    },
    subscriptions=consumers.SUBSCRIPTIONS,
    background=[expiry.expire_reservations],
)
