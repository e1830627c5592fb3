"""inventory's entry points, one module per message family: turn the RPC request into typed
arguments once (company, caller, validated body), call the use case, shape the reply."""
