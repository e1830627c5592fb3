"""asyncpg SQL as named functions: `submissions` (and its `attempts`), `certificates`."""
