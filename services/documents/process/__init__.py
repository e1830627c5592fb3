"""The use-case layer: the issuance process (issuance.py and delivery.py: pure transitions, state.py),
preparing, recording, creating, cancelling documents, the bounded wait and the calls
to inventory and sequencing (remote.py)."""
