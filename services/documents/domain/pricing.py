"""From request items and catalogue products to priced lines and totals (pure, no I/O).

Product defaults fill what the item leaves out (description, unit price, IVA rate);
a line without a product is free text and needs a description and a unit price.
Totals follow the SRI rules of totals.py; any line error is a 422 on its path.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping, Sequence

from services.documents.domain.totals import ZERO, LineInput, Totals, TotalsError, compute_totals
from shared.contracts.rpc import Unprocessable
from shared.sri.catalogues import GENERAL_IVA_RATE  # free-text lines without tax_rate
from shared.sri.iva import rate_error

NOTE_TYPES = ("credit_note", "debit_note")  # their IVA rates are those of the invoice they modify



@dataclass(frozen=True)
class LineDraft:
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    tax_exemption: str | None = None
    discount_mode: str | None = None
    discount_value: Decimal = ZERO
    product_id: int | None = None
    product_code: str | None = None
    unit: str | None = None
    tracks_stock: bool = False
    source_line_id: int | None = None

    def as_input(self) -> LineInput:
        return LineInput(self.quantity, self.unit_price, self.tax_rate, self.discount_mode, self.discount_value,
                         self.tax_exemption)


def product_of(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A `products.resolve` entry with its decimals as Decimal."""
    return {**raw, "price": Decimal(str(raw["price"])), "tax_rate": Decimal(str(raw["tax_rate"]))}


def _discount(i: int, item: Any, errors: dict[str, list[str]]) -> tuple[str | None, Decimal]:
    if item.discount_mode is not None:
        return item.discount_mode, item.discount_value or ZERO
    if item.discount_value is not None and item.discount_value != ZERO:
        errors[f"items.{i}.discount_mode"] = ["El campo discount_mode es obligatorio cuando hay discount_value."]
    if item.discount_rate is not None:
        return "percent", item.discount_rate
    return None, ZERO


def _free_text(i: int, item: Any, errors: dict[str, list[str]]) -> dict[str, Any] | None:
    if not item.description:
        errors[f"items.{i}.description"] = ["El campo description es obligatorio cuando no se indica product_id."]
    if item.unit_price is None:
        errors[f"items.{i}.unit_price"] = ["El campo unit_price es obligatorio cuando no se indica product_id."]
    if item.description and item.unit_price is not None:
        return {"name": item.description, "price": item.unit_price, "tax_rate": GENERAL_IVA_RATE}
    return None


def _line(i: int, item: Any, products: Mapping[int, Mapping[str, Any]],
          errors: dict[str, list[str]]) -> LineDraft | None:
    if item.product_id is None:
        product = _free_text(i, item, errors)
    else:
        product = products.get(item.product_id)
        if product is None:
            errors[f"items.{i}.product_id"] = ["El producto seleccionado no existe."]
    mode, value = _discount(i, item, errors)
    if product is None:
        return None
    rate = item.tax_rate if item.tax_rate is not None else product["tax_rate"]
    return LineDraft(
        description=item.description or product["name"], quantity=item.quantity,
        unit_price=item.unit_price if item.unit_price is not None else product["price"], tax_rate=rate,
        tax_exemption=product.get("tax_exemption") if rate == ZERO else None, discount_mode=mode,
        discount_value=value, product_id=item.product_id, product_code=product.get("code"),
        unit=product.get("unit"), tracks_stock=bool(product.get("tracks_stock")))


def draft_lines(items: Sequence[Any], products: Mapping[int, Mapping[str, Any]]) -> list[LineDraft]:
    """Every item as a line with its product's defaults; all item errors in one 422."""
    errors: dict[str, list[str]] = {}
    lines = [_line(i, item, products, errors) for i, item in enumerate(items)]
    if errors:
        raise Unprocessable(errors)
    return [line for line in lines if line is not None]


def totals_of(lines: Sequence[LineDraft], field: str = "items") -> Totals:
    """SRI totals; a line that cannot be priced (bad IVA rate, discount above the line) is a 422."""
    try:
        return compute_totals([line.as_input() for line in lines])
    except TotalsError as exc:
        raise Unprocessable({exc.field.replace("items", field, 1): [str(exc)]}) from None


def check_rates(rates: Sequence[Decimal], on: date, settings: Mapping[str, Any], field: str = "items") -> None:
    """Every line's IVA rate is in force on `on` (shared.sri.iva; the decree rates only when the
    company enabled them in `enabled_iva_rates`); else one 422 naming each `items.N.tax_rate`."""
    enabled = settings.get("enabled_iva_rates") or ()
    errors = {f"{field}.{i}.tax_rate": [reason] for i, rate in enumerate(rates)
              if (reason := rate_error(rate, on, enabled)) is not None}
    if errors:
        raise Unprocessable(errors)


def check_draft_rates(doc: Mapping[str, Any], lines: Sequence[Mapping[str, Any]], on: date,
                      settings: Mapping[str, Any]) -> None:
    """A draft issued on `on` (its new issue date) keeps only rates in force then; a note keeps the
    rates of the invoice it modifies (in force on that invoice's date), so it is not checked again."""
    if doc["type"] not in NOTE_TYPES:
        check_rates([ln["tax_rate"] for ln in lines], on, settings)


def line_rows(lines: Sequence[LineDraft], totals: Totals) -> list[dict[str, Any]]:
    """Columns of document_lines, with the amounts totals.py computed."""
    return [{"line_no": n, "product_id": ln.product_id, "product_code": ln.product_code, "unit": ln.unit,
             "tracks_stock": ln.tracks_stock, "description": ln.description, "quantity": ln.quantity,
             "unit_price": ln.unit_price, "discount_mode": ln.discount_mode, "discount_value": ln.discount_value,
             "discount_amount": t.discount, "base": t.base, "tax_rate": ln.tax_rate, "tax_code": t.tax_code,
             "tax_exemption": ln.tax_exemption, "tax_amount": t.tax, "source_line_id": ln.source_line_id}
            for n, (ln, t) in enumerate(zip(lines, totals.lines))]


def tax_totals(totals: Totals, lines: Sequence[LineDraft]) -> list[dict[str, str | None]]:
    """Per (IVA code, rate): base and tax, as stored in documents.tax_totals."""
    exemption = {t.tax_code: ln.tax_exemption for ln, t in zip(lines, totals.lines)}
    return [{"code": r.code, "rate": str(r.rate), "exemption": exemption.get(r.code), "base": str(r.base),
             "amount": str(r.tax)} for r in totals.by_rate]


def stock_lines(lines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stored lines that move stock, as inventory takes them: {line, product_id, quantity}."""
    return [{"line": ln["line_no"], "product_id": ln["product_id"], "quantity": ln["quantity"]}
            for ln in lines if ln["tracks_stock"] and ln["product_id"] is not None]
