"""Response shapes of sequencing (API.md Part A lookups and the preview, exact keys)."""
from services.sequencing.views import establishments, numbering, points_of_sale

__all__ = ["establishments", "numbering", "points_of_sale"]
