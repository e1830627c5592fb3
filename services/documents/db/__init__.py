"""documents SQL (asyncpg), one module per aggregate: customers, documents (lines, timeline), companies."""
