"""renderer_mailer: the RIDE, stored files, e-mail and webhooks (stub: starts, no RPC yet).

Future role (ARCHITECTURE.md): consumes `renderer.render_and_mail` once a document
is authorized; renders the RIDE PDF (WeasyPrint, Code128 access-key barcode),
stores the authorized XML and the PDF, e-mails the customer with both attached
(aiosmtplib), publishes `renderer.document_mailed` / `renderer.mail_failed`, and
delivers HMAC-signed webhooks with retries. Owns renders, mail deliveries,
webhook subscriptions and deliveries; answers RPC for resend and webhook settings.
"""
