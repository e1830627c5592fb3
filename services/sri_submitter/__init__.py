"""sri_submitter: builds, signs and submits documents to the SRI (offline scheme).

Consumes `sri.submit_document` (the numbered document's snapshot): one submission per
document with its 49-digit access key, generated once; XML (factura 1.1.0, notes of
credit 1.1.0 and debit 1.0.0) validated against the XSD, XAdES-BES signature with the
company certificate (stored sealed), reception and authorization over SOAP with capped
back-off; publishes `sri.submission_progressed`, `sri.document_authorized` and
`sri.document_rejected` through the outbox. Answers RPC for the certificate
(upload/metadata) and the submission (status, retry, authorized XML). See README.md.
"""
