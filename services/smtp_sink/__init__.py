"""SMTP sink: a local SMTP server that keeps every message as a .eml file (dev/test only).

Each accepted message is one `<UTC yyyymmddThhmmss.ffffff>-<8 hex>.eml` file (names sort by
arrival) with the SMTP envelope prepended as `X-Sink-Mail-From`, `X-Sink-Rcpt-To` (comma
separated) and, when the client authenticated, `X-Sink-Auth-User` headers. Plain SMTP, no
STARTTLS; AUTH PLAIN/LOGIN is offered and any credentials are accepted. `SmtpSink.fail()`
makes it refuse messages (at DATA) with a chosen reply.
"""
