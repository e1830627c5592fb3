"""Thin handlers: the consumers and the RPC methods."""
