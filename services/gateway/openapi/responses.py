"""The JSON Schemas of the success answers (components/schemas), with examples from API.md.

Part A's answers (API.md) are spelled out field by field; every other answer has at least its
envelope: a record with its `id`, a page of records, `{message, data}` after a write. Extra
keys beside the ones listed may appear (additions within a version are allowed).
"""
from __future__ import annotations

from typing import Any

INT = {"type": "integer"}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
MONEY4 = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{4}$", "examples": ["46.0000"]}
QTY3 = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{3}$", "examples": ["2.000"]}
NUM = {"type": "number"}  # JSON number rounded to 2 decimals (create answers)
DATE = {"type": "string", "format": "date"}
STAMP = {"type": "string", "format": "date-time"}
_CODE = "(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})"  # 001..999
CODE = {"type": "string", "pattern": f"^{_CODE}$", "examples": ["001"]}
SERIES = {"type": "string", "pattern": f"^{_CODE}-{_CODE}$", "examples": ["001-001"]}
NUMBER9 = {"type": "string", "pattern": r"^[0-9]{9}$", "examples": ["000000321"]}
DOC_TYPE = {"type": "string", "enum": ["invoice", "sales_order", "quotation", "credit_note", "debit_note"]}
DOC_STATUS = {"type": "string", "enum": ["draft", "issued", "cancelled"]}
SRI_STATUS = {"type": "string", "enum": ["pending", "sending", "received", "authorized", "rejected", "error",
                                         "not_applicable"]}
MAIL_STATUS = {"type": "string", "enum": ["pending", "sent", "failed", "skipped"]}
PAY_STATUS = {"type": "string", "enum": ["pending", "partial", "paid"]}


def null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}, **extra}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


RECORD = obj({"id": INT}, description="a record of the answer's kind (see the operation and API.md)")
ANY_OBJECT = {"type": "object", "additionalProperties": True}
MESSAGE = obj({"message": STR}, {"data": {"anyOf": [ANY_OBJECT, {"type": "array", "items": ANY_OBJECT},
                                                    {"type": "null"}]}},
              examples=[{"message": "Cliente eliminado correctamente."}])
DOC_ROW = obj({"id": INT, "type": DOC_TYPE, "series": null(SERIES), "number": null(NUMBER9), "status": DOC_STATUS,
               "sri_status": SRI_STATUS, "payment_status": null(PAY_STATUS), "total": MONEY4})
ITEM = obj({"id": INT, "product_id": null(INT), "description": STR, "quantity": QTY3, "unit_price": MONEY4,
            "tax_rate": MONEY4})
CUSTOMER_REF = obj({"id": null(INT), "name": STR, "identification": null(STR)})
FILES = obj({"xml_path": null(STR), "pdf_path": null(STR)})
PAGE_META = ref("PageMeta")
ROW = ANY_OBJECT | {"minProperties": 1}


def page(item: dict, **extra: Any) -> dict:
    return obj({"data": {"type": "array", "items": item}, "meta": PAGE_META}, extra)


SCHEMAS: dict[str, dict[str, Any]] = {
    "Record": RECORD,
    "Message": MESSAGE,
    "RecordList": obj({"data": {"type": "array", "items": RECORD}}),
    "RecordPage": page(RECORD),
    "RecordRows": obj({"data": {"type": "array", "items": ROW}}, {"meta": PAGE_META}),
    "Report": obj({"data": {"type": "array", "items": ROW}, "totals": ANY_OBJECT}, {
        "columns": {"type": "array", "items": obj({"key": STR, "label": STR})},
        "meta": ANY_OBJECT | {"description": "the report's parameters (period, grouping, file name)"}}),
    "Saved": obj({"data": RECORD}, {"message": STR}),
    "Details": {"type": "object", "minProperties": 1, "description": "see the operation's description"},
    "DocumentRow": DOC_ROW,
    "DocumentPage": obj({"current_page": INT, "data": {"type": "array", "items": DOC_ROW}},
                        {"per_page": INT, "last_page": INT, "total": INT}, examples=[{
                            "current_page": 1, "per_page": 20, "last_page": 1, "total": 1, "data": [{
                                "id": 100, "type": "invoice", "series": "001-001", "number": "000000321",
                                "status": "issued", "sri_status": "authorized", "payment_status": "pending",
                                "total": "46.0000"}]}]),
    "DocumentDetail": obj({
        **DOC_ROW["properties"], "issue_date": null(DATE), "customer": CUSTOMER_REF,
        "items": {"type": "array", "items": ITEM},
        "sri_response": obj({"status": SRI_STATUS, "mail": obj({"status": MAIL_STATUS})})}, examples=[{
            "id": 100, "type": "invoice", "series": "001-001", "number": "000000321", "status": "issued",
            "issue_date": "2026-02-25", "sri_status": "authorized", "payment_status": "partial", "total": "46.0000",
            "customer": {"id": 2, "name": "Cliente Demo", "identification": "0999999999"},
            "items": [{"id": 1, "product_id": 10, "description": "Lapiz HB", "quantity": "2.000",
                       "unit_price": "12.5000", "tax_rate": "15.0000"}],
            "sri_response": {"status": "authorized", "mail": {"status": "sent"}}}]),
    "DocumentCreated": obj({"message": STR, "data": obj({
        "id": INT, "type": DOC_TYPE, "series": null(SERIES), "number": null(NUMBER9), "status": DOC_STATUS,
        "issue_date": null(DATE), "total": NUM, "sri_status": SRI_STATUS, "sri_access_key": null(STR),
        "sri_authorization_number": null(STR), "sri_authorized_at": null(STAMP), "mail_status": MAIL_STATUS,
        "files": FILES, "stock_movement_id": null(INT), "stock_applied_at": null(STAMP)})}, examples=[{
            "message": "Factura creada correctamente.", "data": {
                "id": 120, "type": "invoice", "series": "001-001", "number": "000000120", "status": "issued",
                "issue_date": "2026-02-22", "total": 34.79, "sri_status": "authorized",
                "sri_access_key": "2202202601179214673900110010010000001201234567813",
                "sri_authorization_number": "2202202601179214673900110010010000001201234567813",
                "sri_authorized_at": "2026-02-22T10:11:15-05:00", "mail_status": "sent",
                "files": {"xml_path": "companies/5/documents/sales/xml/2026/02/<access key>.xml",
                          "pdf_path": "companies/5/documents/sales/pdf/2026/02/c5-Factura-001-001-000000120.pdf"},
                "stock_movement_id": 91, "stock_applied_at": "2026-02-22T10:10:22-05:00"}}]),
    "CustomerLookupPage": page(obj({"id": INT, "name": STR, "identification": null(STR), "ruc": null(STR),
                                    "cedula": null(STR), "code": null(STR)})),
    "EstablishmentLookup": obj({"data": {"type": "array", "items": obj({
        "id": INT, "code": {"type": "string", "pattern": "^[0-9]{3}$"}, "name": STR})}}, examples=[
        {"data": [{"id": 1, "code": "001", "name": "Establecimiento 001"}]}]),
    "PointOfSaleLookup": obj({"data": {"type": "array", "items": obj({
        "id": INT, "establishment_id": INT, "name": null(STR), "code": {"type": "string", "pattern": "^[0-9]{3}$"},
        "series": SERIES})}}, examples=[{"data": [{"id": 2, "establishment_id": 1, "name": "Punto 001-002",
                                                     "code": "002", "series": "001-002"}]}]),
    "SequencePreview": obj({"type": DOC_TYPE, "series": SERIES, "establishment": STR, "emission_point": STR,
                            "next_number": NUMBER9, "display_number": STR}, examples=[{
        "type": "invoice", "series": "001-002", "establishment": "001", "emission_point": "002",
        "next_number": "000000217", "display_number": "001-002-000000217"}]),
    "Receivables": obj({"data": {"type": "array", "items": DOC_ROW | {"required": ["id", "series", "number",
                                                                                    "total"]}},
                        "recent_payments": {"type": "array", "items": RECORD}, "meta": PAGE_META,
                        "selected_document": null(obj({"id": INT, "series": null(SERIES), "number": null(NUMBER9),
                                                       "total": NUM, "paid_amount": NUM, "balance": NUM,
                                                       "available_advance": NUM}))}, examples=[{
        "data": [{"id": 120, "type": "invoice", "series": "001-001", "number": "000000120", "status": "issued",
                  "sri_status": "authorized", "payment_status": "partial", "total": "46.0000"}],
        "recent_payments": [], "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1},
        "selected_document": {"id": 120, "series": "001-001", "number": "000000120", "total": 46,
                              "paid_amount": 10, "balance": 36, "available_advance": 5}}]),
    "PaymentCreated": obj({"message": STR, "data": obj({
        "document": obj({"id": INT, "series": null(SERIES), "number": null(NUMBER9), "status": DOC_STATUS}),
        "applied_advance_amount": NUM, "excess_amount": NUM, "created_advance_amount": NUM,
        "balance_pending": NUM})}, examples=[{"message": "Pago registrado para 001-001-000000120.", "data": {
            "document": {"id": 120, "series": "001-001", "number": "000000120", "status": "issued"},
            "applied_advance_amount": 5, "excess_amount": 2, "created_advance_amount": 2, "balance_pending": 0}}]),
    "DocumentLookup": obj({"results": {"type": "array", "items": obj({"id": INT, "text": STR})},
                           "pagination": obj({"more": BOOL})}, examples=[{
        "results": [{"id": 120, "text": "001-001-000000120 | Cliente Demo | Saldo $36.00"}],
        "pagination": {"more": False}}]),
    "Me": obj({}, {"company": null(obj({"id": INT, "name": STR})), "user": RECORD, "api_key": RECORD,
                   "companies": {"type": "array", "items": RECORD}}, minProperties=1),
    "Login": obj({"token": STR, "expires_at": STAMP, "user": RECORD, "companies": {"type": "array", "items": RECORD}}),
}

# the answer of each call by key (routes' rpc or handler name); the rest: by_shape() below
BY_KEY: dict[str, str] = {
    "documents.list": "DocumentPage", "documents.get": "DocumentDetail",
    "lookups.customers": "CustomerLookupPage", "lookups.establishments": "EstablishmentLookup",
    "lookups.points_of_sale": "PointOfSaleLookup", "sequence.preview": "SequencePreview",
    "invoices.create": "DocumentCreated", "sales_orders.create": "DocumentCreated",
    "quotations.create": "DocumentCreated", "credit_notes.create": "DocumentCreated",
    "debit_notes.create": "DocumentCreated", "documents.issue": "DocumentCreated",
    "payments.list": "Receivables", "payments.create": "PaymentCreated", "lookups.documents": "DocumentLookup",
    "me": "Me", "login": "Login", "logout": "Message",
    "list_api_keys": "RecordList", "list_users": "RecordList", "webhooks.list": "RecordList",
    "lookups.products": "RecordPage", "get_company": "Saved", "put_company": "Saved",
    "reports.sales": "Report", "reports.taxes": "Report", "reports.receivables": "Report",
    "reports.inventory": "Report", "stock.list": "RecordRows", "kardex.get": "RecordRows",
    "documents.events": "RecordRows", "webhooks.deliveries": "RecordRows", "customers.advances": "RecordRows",
    "submissions.get": "Details", "certificates.get": "Details", "logo.get": "Details",
}


def by_shape(key: str, method: str, paginated: bool) -> str:
    """The schema name of an answer not in BY_KEY, from the call's kind."""
    if key in BY_KEY:
        return BY_KEY[key]
    if method == "GET":
        return "RecordPage" if paginated else "Record"
    return "Saved" if key.endswith((".create", ".update")) else "Message"
