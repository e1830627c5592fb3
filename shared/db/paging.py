"""Laravel-style pagination for list endpoints, and a safe ILIKE pattern.

`{"data": [...], "meta": {"current_page", "last_page", "per_page", "total"}}`;
`page` from 1, `per_page` 1..100 (default 20); out of range is a 422.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from shared.rpc.params import query_int
from shared.contracts.rpc import RpcRequest

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def limit(self) -> int:
        return self.per_page


def parse_paging(req: RpcRequest, default_per_page: int = DEFAULT_PER_PAGE) -> Paging:
    page = query_int(req, "page", minimum=1, maximum=1_000_000) or 1
    per_page = query_int(req, "per_page", minimum=1, maximum=MAX_PER_PAGE) or default_per_page
    return Paging(page, per_page)


def meta(total: int, paging: Paging) -> dict[str, int]:
    last_page = max(1, -(-total // paging.per_page))
    return {"current_page": paging.page, "last_page": last_page, "per_page": paging.per_page, "total": total}


def page_body(data: list[Any], total: int, paging: Paging) -> dict[str, Any]:
    return {"data": data, "meta": meta(total, paging)}


async def paginate(req: RpcRequest, fetch: Callable[[Paging], Awaitable[tuple[list, int]]],
                   view: Callable[[Any], Any]) -> dict[str, Any]:
    """The list reply: `fetch(paging)` gives (rows, total), `view` shapes each row."""
    paging = parse_paging(req)
    found, total = await fetch(paging)
    return page_body([view(r) for r in found], total, paging)


def contains_pattern(text: str | None) -> str | None:
    """`50%_off` -> `%50\\%\\_off%` for `ILIKE $n` (default escape character `\\`)."""
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
