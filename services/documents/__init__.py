"""documents: customers, sales documents and the issuance process.

Owns customers (with the SRI's identification checks), the sales documents
(invoices, sales orders, quotations, credit and debit notes), their lines, totals
and event timeline, and orchestrates issuance as its process manager: validate and
price (inventory's products), reserve stock (inventory), record the document with
its outbox messages in one transaction, then follow numbering, stock and the SRI.
Keeps a local read model of companies from `gateway.company_updated` events.

Consumes: gateway.company_updated, sequencing.number_allocated / number_rejected,
inventory.stock_applied, sri.submission_progressed / document_authorized /
document_rejected, renderer.document_rendered / document_mailed / mail_failed.
Produces: documents.invoice_recorded / credit_note_recorded / debit_note_recorded /
document_cancelled (events), sequencing.allocate_number, sri.submit_document and
renderer.render_and_mail (commands). Calls inventory (products.resolve, warehouses.get,
reservations.create / release) and sequencing (series.resolve) by RPC.

Layout: handlers/ (RPC and message handlers, one module per family, wired in app.py),
process/ (issuance.py and delivery.py: the process' pure transitions, state.py its state;
create, prepare, record, notes, cancel, resend, wait; remote.py: the RPC calls out), domain/
(pure rules and calculations),
db/ (SQL per aggregate), views/ (response shapes). Request bodies and events:
shared/contracts/documents/.
"""
