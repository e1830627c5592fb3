"""HTTP-over-RPC helpers for the services' RPC handlers: reading path/query parameters
(params), shaping replies (replies), validating bodies into 422s (validation) and
formatting values the way the public API shows them (formatting). Not contracts."""
