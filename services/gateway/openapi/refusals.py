"""Refusals no schema can express, said on each operation (and declared in schemathesis.toml,
where these operations may answer 422 to a schema-valid request): they depend on stored data
(another company's or an unknown id, a code already taken, stock, balances, states) or on a
rule across fields or inside a file."""
from __future__ import annotations

HEADING = "**Beyond the schema** (depends on stored data or on several fields): "

_DOCUMENT = ("422 for a warehouse, customer, product or source document that is not in your company (the "
             "field in `errors`), insufficient stock (the failing line: `items.N.quantity`; nothing is "
             "recorded), a series not set up for the type, a rate the SRI does not know on the issue date.")
_CODE = "422 for a code already taken in your company, or an establishment that is not in your company."
_REPORT = "422 for a period longer than 366 days, or a warehouse or customer that is not in your company."

TEXT: dict[str, str] = {
    **dict.fromkeys(("invoices.create", "sales_orders.create", "quotations.create", "credit_notes.create",
                     "debit_notes.create", "documents.issue"), _DOCUMENT),
    "customers.create": "422 for a RUC or cédula whose check digit fails, or an identification already "
                        "registered.",
    "customers.update": "422 for a RUC or cédula whose check digit fails, an identification that does not fit "
                        "the customer's type (when the body does not give one), or one already registered.",
    **dict.fromkeys(("products.create", "products.update", "warehouses.create", "warehouses.update",
                     "establishments.create", "points_of_sale.create", "points_of_sale.update"), _CODE),
    "movements.create": "422 for a product or warehouse that is not in your company, or stock that would fall "
                        "below zero.",
    "payments.create": "422 for an amount above the balance without `overpayment_mode`, or more advance than "
                       "the customer has; 404 for a document that is not in your company.",
    "put_company": "422 for a RUC whose check digit fails, or `obligado_contabilidad: false` for a sociedad.",
    "create_api_key": "422 for a scope the calling key does not hold itself.",
    "add_user": "422 without `password`, or (one neutral answer) a new user without `name` or a registered "
                "user whose current password `password` is not; 409 for a user already in the company.",
    "update_user": "422 for leaving the company without an owner.",
    "put_certificate": "422 for a file that is not a .p12 this password opens, or a certificate out of date.",
    "put_logo": "422 for a file that is not a PNG, JPEG or self-contained SVG.",
    "webhooks.create": "422 for a URL whose host is a private, local or reserved address (unless the service "
                       "allows them), or a company that already has 20 endpoints.",
    **dict.fromkeys(("reports.sales", "reports.taxes", "reports.receivables", "reports.inventory", "stock.list",
                     "movements.list", "kardex.get"), _REPORT),
    "sequence.preview": "422 for a series or establishment that is not set up for the type.",
    "lookups.points_of_sale": "422 for an establishment that is not in your company.",
    "documents.list": "422 for `to` before `from`.",
}


def note(key: str) -> str | None:
    return HEADING + TEXT[key] if key in TEXT else None
