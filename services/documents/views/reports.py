"""The reports as answered: `{"data": [...], "totals": {...}, "columns": [...], "meta": {...}}`.

Money as strings with 4 decimals, quantities with 3, rates with 4 (API.md conventions for
lists). `columns` ({key, label}, in order) is what the gateway's CSV rendering writes: a
header row of the labels, one row per `data` item and the totals row (the first column
reads "Total"); `meta.file_name` names the CSV file.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

from services.documents.domain.reports import Figures, Group
from services.documents.domain.reports_taxes import NOTES, FormFigures, RateFigures
from shared.rpc.formatting import money, quantity, rate

SALES_FILE = "reportes-ventas"
TAXES_FILE = "reportes-impuestos"
_KEY_COLUMNS = {
    "day": [("date", "Fecha")],
    "month": [("month", "Mes")],
    "customer": [("customer_id", "ID cliente"), ("identification", "Identificación"), ("name", "Cliente")],
    "product": [("product_id", "ID producto"), ("product_code", "Código"), ("description", "Producto"),
                ("quantity", "Cantidad")],
}
_COUNT_COLUMNS = [("invoices", "Facturas"), ("debit_notes", "Notas de débito"), ("credit_notes", "Notas de crédito")]
_AMOUNT_COLUMNS = [("subtotal", "Subtotal sin impuestos"), ("discount", "Descuento"), ("tax", "IVA"),
                   ("tip", "Propina"), ("total", "Total")]
_TAX_COLUMNS = [("code", "Código SRI"), ("label", "Tarifa"), ("rate", "Porcentaje"), ("form_104", "Casilleros 104"),
                ("sales_documents", "Documentos de venta"), ("sales_base", "Base imponible ventas"),
                ("sales_tax", "IVA ventas"), ("credit_documents", "Notas de crédito"),
                ("credit_base", "Base imponible notas de crédito"), ("credit_tax", "IVA notas de crédito"),
                ("net_base", "Base imponible neta"), ("net_tax", "IVA neto")]


def columns(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"key": key, "label": label} for key, label in pairs]


def file_name(stem: str, start: date, end: date) -> str:
    return f"{stem}-{start.isoformat()}-{end.isoformat()}.csv"


def meta(start: date, end: date, sri_status: str | None, stem: str, **more: Any) -> dict[str, Any]:
    return {"from": start.isoformat(), "to": end.isoformat(), "sri_status": sri_status, "currency": "USD",
            "file_name": file_name(stem, start, end), **more}


def _figures(f: Figures, product: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"documents": f.documents, "invoices": f.invoices, "debit_notes": f.debit_notes,
                           "credit_notes": f.credit_notes, "subtotal": money(f.subtotal),
                           "discount": money(f.discount), "tax": money(f.tax), "total": money(f.total)}
    if product:
        out["quantity"] = quantity(f.quantity)
    else:
        out["tip"] = money(f.tip)
    return out


def _key(group: Group, group_by: str) -> dict[str, Any]:
    if group_by == "day":
        return {"date": group.key}
    if group_by == "month":
        return {"month": group.key}
    return dict(group.labels)


def sales(found: Sequence[Group], total: Figures, group_by: str, start: date, end: date,
          sri_status: str | None) -> dict[str, Any]:
    """GET /reports/sales: one row per group, net of credit notes, and the period's totals."""
    product = group_by == "product"
    amounts = [c for c in _AMOUNT_COLUMNS if not (product and c[0] == "tip")]
    return {"data": [{**_key(g, group_by), **_figures(g.figures, product)} for g in found],
            "totals": _figures(total, product),
            "columns": columns(_KEY_COLUMNS[group_by] + _COUNT_COLUMNS + amounts),
            "meta": meta(start, end, sri_status, SALES_FILE, group_by=group_by)}


def _rate_row(r: RateFigures) -> dict[str, Any]:
    line = r.form_line
    return {"code": r.code, "label": r.label, "rate": rate(r.rate),
            "form_104": None if line is None else "/".join(c for c in (line.gross, line.net, line.tax) if c),
            **_rate_amounts(r)}


def _rate_amounts(r: RateFigures) -> dict[str, Any]:
    return {"sales_documents": r.sales_documents, "sales_base": money(r.sales_base), "sales_tax": money(r.sales_tax),
            "credit_documents": r.credit_documents, "credit_base": money(r.credit_base),
            "credit_tax": money(r.credit_tax), "net_base": money(r.net_base), "net_tax": money(r.net_tax)}


def _form_line(f: FormFigures) -> dict[str, Any]:
    line = f.line
    return {"label": line.label, "casilleros": {"gross": line.gross, "net": line.net, "tax": line.tax},
            "gross": money(f.gross), "net": money(f.net), "tax": money(f.tax)}


def taxes(found: Sequence[RateFigures], total: RateFigures, form: Sequence[FormFigures], start: date, end: date,
          sri_status: str | None, counts: Mapping[str, int]) -> dict[str, Any]:
    """GET /reports/taxes: per IVA code, sales and credit notes and the net; the Formulario 104 lines.
    `counts` (db.reports.counts): the period's documents, each once (a document has several rates)."""
    notes, not_authorized = list(NOTES), counts["not_authorized"]
    if not_authorized:
        notes.append(f"{not_authorized} comprobante(s) del período aún no están autorizados por el SRI; "
                     "use sri_status=authorized para ver solo los autorizados.")
    totals_row = {**_rate_amounts(total), "sales_documents": counts["sales"],
                  "credit_documents": counts["credit_notes"]}
    return {"data": [_rate_row(r) for r in found], "totals": totals_row, "columns": columns(_TAX_COLUMNS),
            "form_104": [_form_line(f) for f in form],
            "meta": meta(start, end, sri_status, TAXES_FILE, not_authorized=not_authorized, notes=notes)}
