"""sequencing's use cases: each loads rows, applies the domain's rules and writes, in the
caller's transaction (one per message or request)."""
from services.sequencing.process import allocation, points_of_sale, series

__all__ = ["allocation", "points_of_sale", "series"]
