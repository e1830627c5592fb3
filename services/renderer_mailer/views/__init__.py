"""Reply shapes of the RPC methods."""
