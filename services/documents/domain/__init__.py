"""Business rules and calculations of documents (pure, no I/O): customers' identification,
totals, pricing, credits, document rules, kinds, the SRI snapshot and the recorded events."""
