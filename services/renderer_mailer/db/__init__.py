"""asyncpg SQL as named functions."""
