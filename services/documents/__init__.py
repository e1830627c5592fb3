"""documents: customers, sales documents and the issuance process.

Owns customers (with the SRI's identification checks) and, next, the sales
documents, their lines, totals and event timeline; it orchestrates issuance
(stock reservation, numbering, SRI submission, mail). Keeps a local read model
of companies from `gateway.company_updated` events.
"""
