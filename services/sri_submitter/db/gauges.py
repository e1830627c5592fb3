"""sri_certificate_expiry_seconds{company_id}: seconds until each company's active signing certificate
expires (its notAfter, kept as `valid_to` at upload), read when Prometheus scrapes, at most once a minute
(shared/observability/probes.py)."""
from shared.observability.metrics import CERTIFICATE_EXPIRY
from shared.observability.probes import sql_gauge

EXPIRY = "SELECT company_id, extract(epoch FROM valid_to - now())::float8 FROM certificates WHERE active"
certificate_expiry = sql_gauge(CERTIFICATE_EXPIRY, EXPIRY, every=60, name="certificates")
