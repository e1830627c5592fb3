"""Query parameters of documents' list calls whose allowed values the gateway publishes too
(GET /documents: services/documents/domain/search.py reads them, the API reference lists them)."""
from __future__ import annotations

# `sri_status` and `payment_status` filters: the values a document carries (API.md)
SRI_STATUSES = ("pending", "sending", "received", "authorized", "rejected", "error", "not_applicable")
PAYMENT_STATUSES = ("pending", "partial", "paid")
MAX_SEARCH_LENGTH = 100  # characters of `search`
