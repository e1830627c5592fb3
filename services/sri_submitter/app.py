"""The sri_submitter service: its schema's migrations, the command it consumes, its RPC methods
and the background worker that talks to the SRI."""
from pathlib import Path

from services.sri_submitter import handlers, handlers_certificates as certificates
from services.sri_submitter.worker import submission_worker
from shared.contracts.envelope import routing_key_for
from shared.contracts.sri import SubmitDocument
from shared.messaging.topology import COMMANDS, QueueSpec
from shared.runtime.runner import ServiceSpec

SUBMIT_DOCUMENT = QueueSpec(name="sri_submitter.submit_document",
                            bindings=((COMMANDS, routing_key_for(SubmitDocument.TYPE, SubmitDocument.VERSION)),))

SPEC = ServiceSpec(
    name="sri_submitter",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "certificates.put": certificates.put_certificate,
        "certificates.get": certificates.get_certificate,
        "submissions.get": handlers.get_submission,
        "submissions.retry": handlers.retry_submission,
        "submissions.xml": handlers.submission_xml,
    },
    subscriptions=[(SUBMIT_DOCUMENT, handlers.handle_submit_document)],
    background=[submission_worker],
)
