"""sequencing SQL (asyncpg), one module per aggregate; every statement is scoped by company_id."""
from services.sequencing.db import establishments, numbering, points_of_sale

__all__ = ["establishments", "numbering", "points_of_sale"]
