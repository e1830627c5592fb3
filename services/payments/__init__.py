"""payments: receivables, collections and customer advances.

Opens a receivable when an invoice, sales order or debit note is recorded, registers the
payment made at issue and later payments (POST /payments), crosses customer advances, turns
an overpayment into a tip or a new advance, credits notes against their invoice, moves a
converted sales order's payments to its invoice, and guards cancels (receivables.close); the
read side answers `GET /payments`, the documents-to-collect lookup and the receivables report.
Concurrent payments never drive a balance below zero: they queue on the receivable's row.
"""
