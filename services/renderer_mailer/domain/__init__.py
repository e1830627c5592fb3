"""Pure rules of the renderer_mailer (no I/O)."""
