"""RPC and message handlers, one module per message family: read the request (or the
message) once, call the use case or the issuance transition, shape the reply / save."""
