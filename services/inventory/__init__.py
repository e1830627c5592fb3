"""inventory: products, warehouses, stock levels, reservations and stock movements.

Owns the catalogue (code, price, IVA rate mapped to the SRI's codigoPorcentaje,
whether a product tracks stock, optional min_stock) and the stock per warehouse,
changed only by movements under row locks so stock is never negative:
adjustments in/out and transfers (RPC), and the movements documents cause.

Documents: `products.resolve` and `reservations.create/release` (RPC) before a
document is recorded; consumes `documents.invoice_recorded` (reservation -> `sale`
movement), `documents.credit_note_recorded` (`return` when return_stock) and
`documents.document_cancelled` (release, or a `cancellation` reversing the sale);
publishes `inventory.stock_applied` and `inventory.stock_low`. A background task
marks expired reservations. Reports: `kardex.get`, `reports.inventory`.

Layout: handlers/ (one module per message family; on_document_events.py consumes
documents' events), process/ (use cases: stock.py changes stock, reservations.py,
document_stock.py, catalogue.py, reports.py, expiry.py), domain/ (pure rules:
movements, availability, valuation, tax, catalogue), db/ (SQL per aggregate),
views/ (answers). Request bodies and events: shared/contracts/inventory.py.
"""
