"""payments: receivables, collections and customer advances (stub: starts, no RPC yet).

Future role (ARCHITECTURE.md): creates a receivable when an invoice or debit note
is recorded (`documents.invoice_recorded`), registers initial and later payments,
crosses customer advances, turns an overpayment into a tip or a new advance,
adjusts balances on credit notes, and answers `GET /payments`, the documents-to-
collect lookup and the receivables report. Concurrent payments never drive a
balance below zero.
"""
