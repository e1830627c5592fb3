"""The payments service, a stub: its own schema (outbox and inbox only), no RPC yet."""
from pathlib import Path

from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(name="payments", migrations=Path(__file__).with_name("migrations"))
