"""The gateway: the platform's only public HTTP door (auth, tenancy, RPC forwarding)."""
