"""inventory's rules, pure (no I/O): IVA of products, stock movements, availability, valuation."""
