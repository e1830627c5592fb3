"""sri_submitter: the SRI's web services (stub: starts, no RPC yet).

Future role (ARCHITECTURE.md, SRI.md): consumes `sri.submit_document` with the
document snapshot; builds the XML (factura 1.1.0, notes of credit and debit), the
49-digit access key, signs XAdES-BES with the company certificate (stored
encrypted), calls reception (RECIBIDA / DEVUELTA) and polls authorization with
capped back-off; publishes `sri.document_authorized` / `sri.document_rejected`.
Answers RPC for certificate upload/metadata, submission status and retry.
"""
