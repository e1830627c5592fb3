"""The sequencing service: its schema's migrations and the RPC methods it answers."""
from pathlib import Path

from services.sequencing import handlers
from shared.runtime.runner import ServiceSpec

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
        "lookups.establishments": handlers.lookup_establishments,
        "lookups.points_of_sale": handlers.lookup_points_of_sale,
        "sequence.preview": handlers.preview_sequence,
    },
)
