"""CSV answers of forwarded report routes: a `routes.Forward(..., csv=True)` row answers CSV when
asked (`?format=csv`, or `Accept: text/csv` preferred to JSON), JSON otherwise (`?format=json`).

The service answers its usual JSON; for CSV the gateway renders it by one generic rule, so a
new report only needs the flag and this body shape:

    {"columns": [{"key": "date", "label": "Fecha"}, ...],   # the CSV's columns, in order
     "data": [{"date": "2026-11-03", ...}, ...],            # one CSV row each
     "totals": {"subtotal": "120.0000", ...},               # optional: the last row
     "meta": {"file_name": "reportes-ventas-2026-11-01-2026-11-30.csv", ...}}

The header row holds the labels; each row the values under the columns' keys (a missing
key or null is empty); the totals row reads "Total" in the first column unless `totals` has
that key. Values are written as the JSON carries them: money strings keep the decimal point
("46.0000"), as the API does. `format` never reaches the service.

The file is UTF-8 with a byte order mark, comma-separated, CRLF line ends (RFC 4180): without
the BOM, Excel on Windows reads a double-clicked CSV in the ANSI code page and garbles
"Crédito" or "Ñ" in customer names; with it, Excel and LibreOffice read UTF-8, and the usual
CSV readers (Python's `utf-8-sig`, pandas) skip it. Where the regional settings use a decimal
comma (Excel in Spanish), import with Data > From Text/CSV choosing the comma delimiter and the
decimal point. A text cell starting with = + - @ (a formula to a spreadsheet) gets a leading
apostrophe; numbers such as "-14.3800" stay as they are.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from aiohttp import web

from services.gateway.errors import ApiError, dumps, json_response
from services.gateway.views.files import disposition, rpc_request
from services.gateway.views.forward import call, forward_to
from shared.contracts.rpc import Unprocessable

MEDIA_TYPE = "text/csv"
BOM = "\ufeff"
FORMATS = {"csv": True, "json": False}
TOTAL_LABEL = "Total"
NOT_TABULAR = "Este recurso no está disponible en formato CSV."
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def _weights(accept: str) -> dict[str, Decimal]:
    """Media range -> its q (RFC 9110), the highest when repeated; a bad q counts as 0."""
    out: dict[str, Decimal] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = Decimal(1)
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = Decimal(value.strip())
                except InvalidOperation:
                    q = Decimal(0)
        if media:
            out[media.lower()] = max(out.get(media.lower(), Decimal(0)), q)
    return out


def wants_csv(query: Mapping[str, str], accept: str) -> bool:
    """`format` decides (csv | json; another value is a 422 on `format`); without it, CSV when the
    Accept header prefers text/csv to application/json (JSON on a tie and by default)."""
    raw = (query.get("format") or "").strip().lower()
    if raw:
        if raw not in FORMATS:
            raise Unprocessable({"format": ["El valor del campo format no es válido. Valores permitidos: csv, json."]})
        return FORMATS[raw]
    weights = _weights(accept or "")
    return weights.get(MEDIA_TYPE, Decimal(0)) > max(weights.get("application/json", Decimal(0)), Decimal(0))


def cell(value: Any) -> str:
    """One value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        return dumps(value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def render(body: Mapping[str, Any]) -> str:
    """The report body as CSV text (BOM first); ApiError 406 when it has no `columns`."""
    columns = body.get("columns") if isinstance(body, Mapping) else None
    if not columns:
        raise ApiError(406, NOT_TABULAR)
    keys = [c["key"] for c in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c["label"] for c in columns])
    for row in body.get("data") or []:
        writer.writerow([cell(row.get(k)) for k in keys])
    totals = body.get("totals")
    if totals:
        first = totals.get(keys[0], TOTAL_LABEL)
        writer.writerow([cell(first)] + [cell(totals.get(k)) for k in keys[1:]])
    return BOM + out.getvalue()


def file_name(body: Mapping[str, Any], path: str) -> str:
    """`meta.file_name` of the body, else the route's last path segment + `.csv`."""
    given = (body.get("meta") or {}).get("file_name")
    return given if isinstance(given, str) and given.strip() else path.rstrip("/").rsplit("/", 1)[-1] + ".csv"


def csv_or_json(fwd):
    """The view of a Forward row flagged `csv`: forward.forward_to's JSON, or the CSV rendering."""
    as_json = forward_to(fwd)

    async def negotiated(request: web.Request) -> web.StreamResponse:
        if not wants_csv(request.query, request.headers.get("Accept", "")):
            return await as_json(request)
        req = rpc_request(request, fwd.rpc)
        req.query.pop("format", None)
        reply = await call(request, fwd, req)
        if reply.status != 200:
            return json_response(reply.body, status=reply.status)
        return web.Response(body=render(reply.body).encode("utf-8"), content_type=MEDIA_TYPE, charset="utf-8",
                            headers={"Content-Disposition": disposition("attachment", file_name(reply.body, fwd.path)),
                                     "Vary": "Accept"})

    negotiated.__name__ = negotiated.__qualname__ = f"csv_{fwd.rpc.replace('.', '_')}"
    return negotiated
