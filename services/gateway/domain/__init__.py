"""Pure rules of the gateway: no I/O; everything here is unit-tested without servers."""
