"""The renderer_mailer service, a stub: its own schema (outbox and inbox only), no RPC yet."""
from pathlib import Path

from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(name="renderer_mailer", migrations=Path(__file__).with_name("migrations"))
