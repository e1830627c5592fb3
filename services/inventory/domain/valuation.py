"""Valuation (pure): reports.inventory and the kardex's unit_cost.

Weighted average cost per product over every `adjustment_in` line that carries a
unit_cost (the only inflow with a cost); transfers, sales, returns and cancellations
move units at that average and do not change it. The unit cost is rounded half-up to
4 decimals, a row's value (quantity x unit cost) too; a report's totals are the sums
of its rows.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FOUR = Decimal("0.0001")


def unit_cost(average: Decimal | None) -> Decimal:
    """The valuation cost: the weighted average rounded to 4 decimals; 0 when no cost is known."""
    return Decimal(average or 0).quantize(FOUR, ROUND_HALF_UP)


def value(qty: Decimal, cost: Decimal) -> Decimal:
    return (Decimal(qty) * cost).quantize(FOUR, ROUND_HALF_UP)
