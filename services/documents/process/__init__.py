"""The use-case layer: the issuance process (issuance.py: states and pure transitions),
preparing, recording, creating, cancelling documents, the bounded wait and the calls
to inventory and sequencing (remote.py)."""
