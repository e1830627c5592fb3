"""Credit-note lines and what is left to credit (pure, no I/O).

A credit line points at an invoice line (`source_line_id`) and takes its description,
product, IVA rate and discount (as the same percentage). Per invoice line, neither the
credited quantity nor the credited base may exceed the invoice's; per invoice, the
credited total may not exceed its total. The credit that takes a line's last units
absorbs the rounding of earlier partial credits, so a line is never over-credited.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Mapping, Sequence

from services.documents.domain.pricing import LineDraft
from services.documents.domain.totals import HUNDRED, ZERO, price_line
from shared.contracts.rpc import Unprocessable

Line = Mapping[str, Any]


def discount_percent(src: Line) -> Decimal:
    """The invoice line's discount as a percentage of its gross value."""
    gross = src["quantity"] * src["unit_price"]
    if src["discount_amount"] <= ZERO or gross <= ZERO:
        return ZERO
    return min(HUNDRED, src["discount_amount"] * HUNDRED / gross)


def _fit(line: LineDraft, left_base: Decimal) -> LineDraft:
    """Bring a line's base down to what is left when rounding pushed it above (by a cent at most)."""
    priced = price_line(line.as_input())
    if priced.base <= left_base:
        return line
    return replace(line, discount_mode="amount", discount_value=priced.discount + priced.base - left_base)


def _left(src: Line, used: dict[int, tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    q, base = used.get(src["id"], (ZERO, ZERO))
    return src["quantity"] - src["credited_quantity"] - q, src["base"] - src["credited_base"] - base


def _credit_line(i: int, item: Any, src: Line | None, used: dict, errors: dict) -> LineDraft | None:
    if src is None:
        errors[f"items.{i}.source_line_id"] = ["La línea no pertenece a la factura de origen."]
        return None
    left_q, left_base = _left(src, used)
    quantity = item.quantity if item.quantity is not None else left_q
    price = item.unit_price if item.unit_price is not None else src["unit_price"]
    if left_q <= ZERO or left_base <= ZERO or quantity > left_q:
        errors[f"items.{i}.quantity"] = [f"La cantidad supera lo que queda por acreditar en la línea "
                                         f"({max(left_q, ZERO).normalize():f})."]
        return None
    if price > src["unit_price"]:
        errors[f"items.{i}.unit_price"] = ["El precio no puede superar el de la factura."]
        return None
    percent = discount_percent(src)
    line = _fit(LineDraft(
        description=src["description"], quantity=quantity, unit_price=price, tax_rate=src["tax_rate"],
        tax_exemption=src["tax_exemption"], discount_mode="percent" if percent else None, discount_value=percent,
        product_id=src["product_id"], product_code=src["product_code"], unit=src["unit"],
        tracks_stock=src["tracks_stock"], source_line_id=src["id"]), left_base)
    q, base = used.get(src["id"], (ZERO, ZERO))
    used[src["id"]] = (q + quantity, base + price_line(line.as_input()).base)
    return line


def credit_lines(items: Sequence[Any], source_lines: Sequence[Line]) -> list[LineDraft]:
    """The credit note's lines; every line over its limit is a 422 on its path."""
    by_id = {ln["id"]: ln for ln in source_lines}
    used: dict[int, tuple[Decimal, Decimal]] = {}
    errors: dict[str, list[str]] = {}
    lines = [_credit_line(i, item, by_id.get(item.source_line_id), used, errors) for i, item in enumerate(items)]
    if errors:
        raise Unprocessable(errors)
    return [line for line in lines if line is not None]


def check_credit_total(invoice: Mapping[str, Any], total: Decimal) -> None:
    left = invoice["total"] - invoice["credited_total"]
    if total > left:
        raise Unprocessable({"items": [f"El total de la nota de crédito ({total}) supera lo que queda por "
                                       f"acreditar de la factura ({left})."]})


def credited_by_line(lines: Sequence[Line], sign: int = 1) -> list[tuple[int, Decimal, Decimal]]:
    """(invoice line id, quantity, base) a credit note's lines add (sign 1) or give back (-1)."""
    return [(ln["source_line_id"], sign * ln["quantity"], sign * ln["base"]) for ln in lines
            if ln["source_line_id"] is not None]
