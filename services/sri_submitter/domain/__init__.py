"""Pure rules of the submitter (no I/O): the access key, the SRI's message catalogue, the
submission's stages and decisions, and what the SRI's answers hold."""
