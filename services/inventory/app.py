"""The inventory service: its schema's migrations, the RPC methods it answers, the events it
consumes (queue `inventory.<handler name>`, binding from the handler's annotation) and its
background sweep."""
from pathlib import Path

from services.inventory.handlers import (movements, on_document_events, products, reports, reservations, stock,
                                         warehouses)
from services.inventory.process.expiry import expire_reservations
from shared.db.request_keys import purge_request_keys
from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(
    name="inventory",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "products.create": products.create_product,
        "products.list": products.list_products,
        "products.get": products.get_product,
        "products.update": products.update_product,
        "products.delete": products.delete_product,
        "products.resolve": products.resolve_products,
        "lookups.products": products.lookup_products,
        "warehouses.create": warehouses.create_warehouse,
        "warehouses.list": warehouses.list_warehouses,
        "warehouses.get": warehouses.get_warehouse,
        "warehouses.update": warehouses.update_warehouse,
        "movements.create": movements.create_movement,
        "movements.list": movements.list_movements,
        "movements.get": movements.get_movement,
        "stock.list": stock.list_stock,
        "reservations.create": reservations.create_reservation,
        "reservations.release": reservations.release_reservation,
        "kardex.get": reports.get_kardex,
        "reports.inventory": reports.inventory_report,
    },
    subscriptions=[
        on_document_events.on_invoice_recorded,
        on_document_events.on_credit_note_recorded,
        on_document_events.on_document_cancelled,
    ],
    background=[expire_reservations, purge_request_keys],
)
