"""inventory's use cases: changing stock, reserving it for documents, moving it when
documents are recorded or cancelled, the catalogue's checked writes, the reports, and
the background sweep of expired reservations. They take typed arguments (company id,
validated bodies), never the RPC request."""
