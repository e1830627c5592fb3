"""The sequencing service: its schema's migrations and the RPC methods it answers."""
from pathlib import Path

from services.sequencing import handlers, handlers_numbering
from shared.contracts.envelope import routing_key_for
from shared.contracts.sequencing import AllocateNumber
from shared.messaging.topology import COMMANDS, QueueSpec
from shared.runtime.runner import ServiceSpec

ALLOCATE_NUMBER = QueueSpec(name="sequencing.allocate_number",
                            bindings=((COMMANDS, routing_key_for(AllocateNumber.TYPE, AllocateNumber.VERSION)),))

SPEC = ServiceSpec(
    name="sequencing",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "establishments.create": handlers.create_establishment,
        "establishments.list": handlers.list_establishments,
        "establishments.get": handlers.get_establishment,
        "points_of_sale.create": handlers.create_point_of_sale,
        "points_of_sale.list": handlers.list_points_of_sale,
        "points_of_sale.get": handlers.get_point_of_sale,
        "points_of_sale.update": handlers.update_point_of_sale,
        "lookups.establishments": handlers.lookup_establishments,
        "lookups.points_of_sale": handlers.lookup_points_of_sale,
        "sequence.preview": handlers.preview_sequence,
        "series.resolve": handlers_numbering.resolve_series,
    },
    subscriptions=[(ALLOCATE_NUMBER, handlers_numbering.handle_allocate_number)],
)
