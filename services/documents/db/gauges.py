"""documents_by_state{type, status, sri_status}: read when Prometheus scrapes, at most once a minute
(shared/observability/probes.py), never per request."""
from shared.observability.metrics import DOCUMENTS
from shared.observability.probes import sql_gauge

BY_STATE = "SELECT type, status, sri_status, count(*) FROM documents GROUP BY type, status, sri_status"
document_states = sql_gauge(DOCUMENTS, BY_STATE, every=60, name="documents")
