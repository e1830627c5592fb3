"""The sequencing service: its schema's migrations, the RPC methods it answers, the queue it consumes."""
from pathlib import Path

from services.sequencing.handlers import establishments, lookups, points_of_sale, series
from services.sequencing.handlers.allocate_number import allocate_number
from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(
    name="sequencing",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "establishments.create": establishments.create_establishment,
        "establishments.list": establishments.list_establishments,
        "establishments.get": establishments.get_establishment,
        "points_of_sale.create": points_of_sale.create_point_of_sale,
        "points_of_sale.list": points_of_sale.list_points_of_sale,
        "points_of_sale.get": points_of_sale.get_point_of_sale,
        "points_of_sale.update": points_of_sale.update_point_of_sale,
        "lookups.establishments": lookups.lookup_establishments,
        "lookups.points_of_sale": lookups.lookup_points_of_sale,
        "sequence.preview": series.preview_sequence,
        "series.resolve": series.resolve_series,
    },
    subscriptions=[allocate_number],  # queue sequencing.allocate_number
)
