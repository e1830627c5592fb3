"""Message contracts: the envelope, the versioned contract base and the registry."""
from shared.contracts.envelope import Contract, Envelope, routing_key_for
from shared.contracts.registry import parse_payload, register

__all__ = ["Contract", "Envelope", "parse_payload", "register", "routing_key_for"]
