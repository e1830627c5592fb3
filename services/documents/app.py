"""The documents service: migrations, RPC methods and consumed events."""
from pathlib import Path

from services.documents import handlers
from shared.contracts.envelope import routing_key_for
from shared.messaging.topology import EVENTS, QueueSpec
from shared.runtime.runner import ServiceSpec

COMPANY_UPDATED = QueueSpec(name="documents.on_company_updated",
                            bindings=((EVENTS, routing_key_for("gateway.company_updated", 1)),))

SPEC = ServiceSpec(
    name="documents",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "customers.create": handlers.create_customer,
        "customers.list": handlers.list_customers,
        "customers.get": handlers.get_customer,
        "customers.update": handlers.update_customer,
        "customers.delete": handlers.delete_customer,
        "lookups.customers": handlers.lookup_customers,
        "companies.get": handlers.get_company,
    },
    subscriptions=[(COMPANY_UPDATED, handlers.handle_company_updated)],
)
