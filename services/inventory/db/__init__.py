"""inventory's SQL (asyncpg), one module per aggregate; every statement scoped by company_id."""
