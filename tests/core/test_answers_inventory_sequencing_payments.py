"""The answer models of inventory, sequencing and payments (shared.contracts.answers) against what
their views build from rows (no servers): every call has a model, the examples pass it, and the
views' answers pass it with the nullable columns both set and null."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.gateway.routes import FORWARDS
from services.inventory.views import products as product_views, reports as inventory_reports
from services.inventory.views import stock as stock_views, warehouses as warehouse_views
from services.payments.domain.reports import Owed, aging
from services.payments.views import lookups as lookup_views, payments as payment_views
from services.payments.views import queries as query_views, reports as payment_reports
from services.sequencing.views import establishments, numbering, points_of_sale
from shared.contracts.answers import payments, sequencing
from shared.contracts.answers.table import ANSWERS
from shared.db.paging import Paging, page_body
from shared.rpc.replies import created, with_message

pytestmark = pytest.mark.unit

NOW = datetime(2026, 2, 22, 15, 10, 22, tzinfo=timezone.utc)
AREAS = ("inventory", "sequencing", "payments")


def check(key: str, body) -> None:
    """The answer as the gateway checks it: the JSON text against the call's model."""
    ANSWERS[key].model_validate_json(json.dumps(body))


def page(items: list) -> dict:
    return page_body(items, len(items), Paging())


def test_every_forwarded_call_of_the_three_services_has_its_model():
    for fwd in FORWARDS:
        if fwd.service in AREAS:
            assert fwd.rpc in ANSWERS, fwd.rpc


@pytest.mark.parametrize("model", [sequencing.EstablishmentLookup, sequencing.PointOfSaleLookup,
                                   sequencing.SequencePreview, payments.Receivables, payments.PaymentCreated,
                                   payments.DocumentLookup])
def test_part_a_examples_pass_their_model(model):
    model.model_validate_json(json.dumps(model.EXAMPLE))


# --- inventory -------------------------------------------------------------------------------------------

PRODUCT = {"id": 10, "code": "P-1", "name": "Lapiz HB", "description": None, "price": Decimal("12.5"),
           "tax_rate": Decimal("15"), "tax_exemption": None, "tracks_stock": True, "unit": None,
           "min_stock": None, "active": True, "created_at": NOW, "updated_at": NOW}


@pytest.mark.parametrize("changes", [{}, {"min_stock": Decimal("2.5"), "description": "x", "unit": "u",
                                          "tax_rate": Decimal(0), "tax_exemption": "exento"}])
def test_products(changes):
    row = PRODUCT | changes
    check("products.get", product_views.product(row))
    check("products.list", page([product_views.product(row)]))
    check("products.update", with_message("ok", product_views.product(row)))
    check("lookups.products", page([product_views.product_lookup(row)]))


def test_warehouses_stock_and_movements():
    row = {"id": 1, "code": "W1", "name": "Bodega", "address": None, "active": True, "created_at": NOW,
           "updated_at": NOW}
    check("warehouses.get", warehouse_views.warehouse(row))
    check("warehouses.create", created("ok", warehouse_views.warehouse(row | {"address": "Quito"})).body)
    check("warehouses.list", page([warehouse_views.warehouse(row)]))
    check("stock.list", page([stock_views.stock_row({"warehouse_id": 1, "product_id": 10, "product_code": "P-1",
                                                     "product_name": "Lapiz", "quantity": Decimal("0.000001")})]))
    items = [{"line_no": 0, "product_id": 10, "product_code": "P-1", "product_name": "Lapiz",
              "quantity": Decimal(2), "unit_cost": None},
             {"line_no": 1, "product_id": 11, "product_code": "P-2", "product_name": "Borrador",
              "quantity": Decimal("1.5"), "unit_cost": Decimal("0.25")}]
    move = {"id": 5, "type": "transfer", "warehouse_id": 1, "target_warehouse_id": 2, "reference": "R",
            "notes": None, "created_at": NOW}
    check("movements.get", stock_views.movement(move, items))
    check("movements.create", created("ok", stock_views.movement(move | {"type": "sale", "target_warehouse_id": None,
                                                                          "reference": None}, [])).body)
    check("movements.list", page([stock_views.movement(move, items)]))
    with pytest.raises(ValidationError):
        check("movements.get", stock_views.movement(move | {"type": "gift"}, items))


def test_kardex_and_inventory_report():
    entry = {"created_at": NOW, "movement_id": 5, "type": "sale", "reference": None, "warehouse_id": 1,
             "source_type": "sale", "source_id": 120, "delta": Decimal(-2), "balance": Decimal(3),
             "unit_cost": None}
    manual = entry | {"type": "adjustment_in", "source_type": None, "source_id": None, "delta": Decimal("5"),
                      "unit_cost": Decimal("0.3"), "reference": "inicial"}
    check("kardex.get", page([inventory_reports.kardex_row(manual), inventory_reports.kardex_row(entry)]))
    rows = [{"warehouse_id": 1, "warehouse_code": "W1", "product_id": 10, "product_code": "P-1",
             "product_name": "Lapiz", "quantity": Decimal(3)},
            {"warehouse_id": 1, "warehouse_code": "W1", "product_id": 11, "product_code": "P-2",
             "product_name": "Borrador", "quantity": Decimal("1.25")}]
    check("reports.inventory", inventory_reports.inventory_report(rows, {10: Decimal("0.33333")}))
    check("reports.inventory", inventory_reports.inventory_report([], {}))


# --- sequencing ------------------------------------------------------------------------------------------

def test_sequencing():
    est = {"id": 1, "code": "001", "name": "Matriz", "address": None, "document_types": ["invoice", "credit_note"],
           "active": True, "created_at": NOW}
    check("establishments.get", establishments.detail(est))
    check("establishments.create", created("ok", establishments.detail(est | {"address": "Quito"})).body)
    check("establishments.list", page([establishments.detail(est)]))
    check("lookups.establishments", {"data": [establishments.lookup(est)]})
    point = {"id": 2, "establishment_id": 1, "establishment_code": "001", "code": "002", "name": "Punto 001-002",
             "series": "001-002", "document_types": ["invoice"], "active": False, "manual_numbering": True,
             "created_at": NOW}
    check("points_of_sale.get", points_of_sale.detail(point))
    check("points_of_sale.update", with_message("ok", points_of_sale.detail(point)))
    check("points_of_sale.list", page([points_of_sale.detail(point)]))
    check("lookups.points_of_sale", {"data": [points_of_sale.lookup(point)]})
    check("sequence.preview", numbering.preview("sales_order", "001-002", 217))
    with pytest.raises(ValidationError):
        check("sequence.preview", numbering.preview("sales_note", "001-002", 217))


# --- payments --------------------------------------------------------------------------------------------

RECEIVABLE = {"document_id": 120, "document_type": "invoice", "series": "001-001", "number": 120,
              "display_number": "001-001-000000120", "customer_id": 2, "customer_name": "Cliente Demo",
              "customer_identification": "0999999999", "issue_date": date(2026, 2, 1), "due_date": None,
              "currency": "USD", "total": Decimal("46.00"), "paid_amount": Decimal("10.00"),
              "credited_amount": Decimal("0.00"), "balance": Decimal("36.00"), "payment_status": "partial",
              "closed_reason": None}
UNNUMBERED = {"series": None, "number": None, "display_number": None, "customer_id": None,
              "customer_identification": None, "due_date": date(2026, 3, 1), "document_type": "sales_order"}
PAYMENT = {"id": 57, "company_id": 5, "document_id": 120, "origin_document_id": 120, "customer_id": 2,
           "payment_date": date(2026, 2, 22), "amount": Decimal("12.00"), "applied_advance_amount": Decimal("5.00"),
           "applied_amount": Decimal("15.00"), "excess_amount": Decimal("2.00"), "overpayment_mode": "advance",
           "tip_amount": Decimal("0.00"), "created_advance_amount": Decimal("2.00"), "balance_after": Decimal("0.00"),
           "method": "efectivo", "reference": None, "notes": None, "initial": False, "status": "applied",
           "reversed_at": None, "reverse_reason": None, "created_at": NOW}
ADVANCE = {"id": 3, "customer_id": 2, "amount": Decimal("2.00"), "remaining": Decimal("2.00"), "source": "overpayment",
           "source_payment_id": 57, "source_document_id": 120, "status": "active", "created_at": NOW}


@pytest.mark.parametrize("changes", [{}, UNNUMBERED | {"closed_reason": "cancelled"}])
def test_payment_answers(changes):
    receivable = RECEIVABLE | changes
    check("payments.create", payment_views.created(PAYMENT, receivable))
    used = [{"advance_id": 1, "amount": Decimal("5.00"), "reversed_at": None},
            {"advance_id": 2, "amount": Decimal("1.00"), "reversed_at": NOW}]
    check("payments.get", payment_views.detail(PAYMENT, receivable, used, [ADVANCE]))
    reversed_ = PAYMENT | {"status": "reversed", "reversed_at": NOW, "reverse_reason": "error", "method": None,
                           "overpayment_mode": None, "customer_id": None}
    check("payments.reverse", with_message("ok", payment_views.detail(reversed_, receivable, [], [])))
    advances = [payment_views.advance(ADVANCE),
                payment_views.advance(ADVANCE | {"source": "credit_note", "source_payment_id": None,
                                                 "status": "voided", "remaining": Decimal(0)})]
    check("customers.advances", {"customer_id": 2, "available_advance": "2.0000", **page(advances)})


@pytest.mark.parametrize("selected", [False, True])
def test_receivables_list_and_lookup(selected):
    rows = [RECEIVABLE, RECEIVABLE | UNNUMBERED | {"balance": Decimal(0), "payment_status": "paid"}]
    recent = [PAYMENT | {"document_type": "invoice", "series": "001-001", "number": 120,
                         "display_number": "001-001-000000120"},
              PAYMENT | UNNUMBERED | {"method": None, "status": "reversed"}]
    chosen = query_views.selected_document(RECEIVABLE, Decimal("5.00")) if selected else None
    check("payments.list", query_views.payments_page(rows, 2, Paging(), recent, chosen, date(2026, 2, 25)))
    check("lookups.documents", lookup_views.select2(rows, more=True))


def test_receivables_report():
    owed = [Owed(2, "Cliente Demo", date(2026, 1, 1), None, Decimal("46.00"), "0999999999"),
            Owed(None, "", date(2026, 2, 20), date(2026, 3, 20), Decimal("10.00")),
            Owed(7, "Otro", date(2025, 1, 1), None, Decimal("1.50"))]
    rows, totals = aging(owed, date(2026, 2, 25))
    check("reports.receivables", payment_reports.receivables(rows, totals, date(2026, 2, 25), None))
    check("reports.receivables", payment_reports.receivables([], aging([], date(2026, 2, 25))[1],
                                                             date(2026, 2, 25), 2))
