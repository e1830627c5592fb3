"""inventory: products, warehouses, stock levels and stock movements.

Owns the catalogue (code, price, IVA rate mapped to the SRI's codigoPorcentaje,
whether a product tracks stock) and the stock per warehouse, changed only by
movements (adjustments in/out, transfers) under row locks so stock is never
negative. Next: reservations for documents, confirmation into movements,
expiry, credit-note returns, kardex and the inventory report.
"""
