"""Thin handlers: the `sri.submit_document` consumer and the RPC methods (submissions, certificates)."""
