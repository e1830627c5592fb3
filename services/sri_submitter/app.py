"""The sri_submitter service: its schema's migrations, the command it consumes, its RPC methods
and the background worker that talks to the SRI."""
from pathlib import Path

from services.sri_submitter.db.gauges import certificate_expiry
from services.sri_submitter.handlers import certificates, submissions
from services.sri_submitter.handlers.submit_document import submit_document
from services.sri_submitter.process.worker import submission_worker
from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(
    name="sri_submitter",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "certificates.put": certificates.put_certificate,
        "certificates.get": certificates.get_certificate,
        "submissions.get": submissions.get_submission,
        "submissions.retry": submissions.retry_submission,
        "submissions.xml": submissions.submission_xml,
    },
    subscriptions=[submit_document],  # queue sri_submitter.submit_document
    background=[submission_worker, certificate_expiry],
)
