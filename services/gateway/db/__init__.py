"""SQL of the gateway's schema, one named function per statement (asyncpg), one module per table."""
from __future__ import annotations

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool
Row = asyncpg.Record
