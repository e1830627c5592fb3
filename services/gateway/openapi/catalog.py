"""What the route table does not say about an endpoint, for the API reference (openapi/).

Keys: `rpc` for a forwarded row (routes.FORWARDS), the handler's name for a gateway-owned
one (routes.OWN, and `login`). Everything here is optional: a new row without an entry
still appears in /openapi.json and /docs, with a generated summary and a generic body.

Request bodies are the JSON Schemas of the pydantic models the owning service validates
them with, imported from `shared.contracts.<owner>` (openapi/bodies.py renders them).
"""
from __future__ import annotations

from pydantic import BaseModel

from services.gateway.openapi import payments, receivables, reports
from shared.contracts import documents, inventory, sequencing
from shared.contracts.documents.queries import MAX_SEARCH_LENGTH, PAYMENT_STATUSES, SRI_STATUSES
from shared.contracts.gateway import ApiKeyCreate, CompanyUpdate, LoginBody, UserCreate, UserUpdate
from shared.contracts.webhooks import WebhookIn

# the model each handler validates the body with
BODY_MODELS: dict[str, type[BaseModel]] = {
    # gateway
    "login": LoginBody,
    "put_company": CompanyUpdate,
    "create_api_key": ApiKeyCreate,
    "add_user": UserCreate,
    "update_user": UserUpdate,
    # sequencing
    "establishments.create": sequencing.EstablishmentIn,
    "points_of_sale.create": sequencing.PointOfSaleIn,
    "points_of_sale.update": sequencing.PointOfSaleChanges,
    # documents
    "customers.create": documents.CustomerIn,
    "customers.update": documents.CustomerFields,
    "invoices.create": documents.InvoiceIn,
    "sales_orders.create": documents.SalesDocumentIn,
    "quotations.create": documents.SalesDocumentIn,
    "credit_notes.create": documents.CreditNoteIn,
    "debit_notes.create": documents.DebitNoteIn,
    "documents.email": documents.EmailIn,
    # inventory
    "products.create": inventory.ProductIn,
    "products.update": inventory.ProductFields,
    "warehouses.create": inventory.WarehouseIn,
    "warehouses.update": inventory.WarehouseFields,
    "movements.create": inventory.MovementIn,
    # renderer_mailer
    "webhooks.create": WebhookIn,
    **payments.BODY_MODELS,
}

# bodies that are not JSON: (media type, JSON Schema of the form)
FORM_BODIES: dict[str, tuple[str, dict]] = {
    "put_certificate": ("multipart/form-data", {
        "type": "object", "required": ["certificate", "password"],
        "properties": {
            "certificate": {"type": "string", "contentMediaType": "application/x-pkcs12",
                            "description": "the .p12 file, at most 100 KB (the field may also be named `file`)"},
            "password": {"type": "string", "description": "the certificate's password (stored encrypted)"},
        }}),
    "put_logo": ("multipart/form-data", {
        "type": "object", "required": ["logo"],
        "properties": {
            "logo": {"type": "string", "contentMediaType": "image/*",
                     "description": "PNG, JPEG or SVG, at most 1 MB; the type is read from the file's content "
                                    "(the field may also be named `file`)"},
        }}),
}

SUMMARIES: dict[str, str] = {
    "login": "Log in (returns a Bearer token and the user's companies)",
    "logout": "Log out (ends the session of the token)",
    "me": "The caller: user and companies, or API key and company",
    "get_company": "Company data and settings",
    "put_company": "Update company data and settings",
    "list_api_keys": "List API keys",
    "create_api_key": "Create an API key (the secret is shown once)",
    "revoke_api_key": "Revoke an API key",
    "list_users": "List the company's users",
    "add_user": "Add a user to the company",
    "update_user": "Change a user's role",
    "remove_user": "Remove a user from the company",
    "put_certificate": "Upload the signing certificate (.p12)",
    "put_logo": "Upload the company's logo (shown on the RIDE)",
    "get_document_xml": "Authorized XML of a document (or the signed one)",
    "get_document_pdf": "RIDE of a document (PDF)",
    "lookups.establishments": "Establishments enabled for a document type",
    "lookups.points_of_sale": "Emission points and their series",
    "lookups.customers": "Active customers, for autocomplete",
    "lookups.products": "Active products, for autocomplete",
    "sequence.preview": "Next number of a series, without consuming it",
    "documents.list": "List sales documents",
    "documents.get": "Document detail (items, SRI, payment and mail status)",
    "documents.events": "Document timeline",
    "documents.issue": "Issue a draft (runs the flow)",
    "documents.cancel": "Cancel a document",
    "documents.email": "Send the document by e-mail (resend, optional recipients)",
    "invoices.create": "Create an invoice (runs the flow: stock, SRI, XML/PDF, email)",
    "sales_orders.create": "Create a sales order",
    "quotations.create": "Create a quotation",
    "credit_notes.create": "Create a credit note",
    "debit_notes.create": "Create a debit note",
    "certificates.get": "The signing certificate on file",
    "logo.get": "The company's logo on file (type, size, last update)",
    "webhooks.list": "List webhook endpoints",
    "webhooks.create": "Create a webhook endpoint (the signing secret is shown once)",
    "webhooks.delete": "Delete a webhook endpoint (and its deliveries)",
    "webhooks.deliveries": "Deliveries of a webhook endpoint, each with every attempt",
    "webhooks.replay": "Send a delivery again (same webhook-id and body)",
    "submissions.get": "SRI submission: state, attempts and SRI messages",
    "submissions.retry": "Retry the SRI submission",
    "stock.list": "Stock per warehouse and product",
    "movements.list": "List stock movements",
    "movements.create": "Register a stock movement (adjustment in/out, transfer)",
    "movements.get": "Get a stock movement",
    "kardex.get": "Kardex of a product (movements with running balance)",
    "reports.inventory": "Inventory report: stock and valuation per warehouse and product",
    **reports.SUMMARIES,
    **payments.SUMMARIES,
    **receivables.SUMMARIES,
}

NOTES: dict[str, str] = {
    "invoices.create": "The flow runs asynchronously; the answer waits a bounded time (`?wait=` seconds, "
                       "`0` answers at once) and reports the state reached (`sri_status`, `mail_status`). "
                       "Never 5xx because the SRI is slow or down. Insufficient stock is 422 and records nothing.",
    "documents.issue": "Draft -> issued: numbering, stock, SRI and email as on create; waits like a create.",
    "documents.cancel": "409 when the SRI already authorized the document (or it is being sent), or when payments were "
                        "applied to it (reverse them first); 503 when payments cannot be asked (nothing is cancelled).",
    "documents.email": "202: the mail request is queued (`data.request_id`; `mail_status` turns `sent` or "
                       "`failed`). Without `recipients`, to the customer's address(es); 409 for a draft, a "
                       "cancelled document or one the SRI has not authorized yet. Also how a sales order or "
                       "quotation is sent.",
    "credit_notes.create": "Credits lines of an issued invoice; `return_stock` puts the goods back.",
    "create_api_key": "`data.api_key` holds the secret only in this answer; it is stored hashed. "
                      "An API key can only grant scopes it holds itself.",
    "put_certificate": "multipart/form-data; the answer describes the certificate (subject, RUC, validity).",
    "get_document_xml": "Answers `application/xml; charset=utf-8` as an attachment. `variant=authorized` "
                        "(default): the SRI's `autorizacion` document (estado, numeroAutorizacion, "
                        "fechaAutorizacion, ambiente, the signed comprobante as CDATA, mensajes), what buyers "
                        "import, `<access key>.xml`; 404 until the SRI authorizes the document. `variant=signed`: "
                        "the signed comprobante, `<access key>-firmado.xml`, once signed (authorized or not).",
    "get_document_pdf": "Answers `application/pdf`, inline (`download=1`: as an attachment), with `ETag` and "
                        "`Last-Modified` (conditional and range requests work); 404 until the RIDE is rendered.",
    "put_logo": "multipart/form-data; replaces the previous logo. An SVG must be self-contained (no scripts, "
                "no external references).",
    "webhooks.create": "Standard Webhooks: `{type, timestamp, data}` POSTed with `webhook-id` (stable across "
                       "retries), `webhook-timestamp`, `webhook-signature` (verify with `standardwebhooks` and "
                       "`data.secret`, shown only here). Non-2xx: retried with back-off up to ~27 h; the endpoint "
                       "is disabled after a long run of failures or a 410. `url`: https (http only for localhost).",
    "webhooks.replay": "202: pending again, due now (same `webhook-id` and body); re-enables a disabled endpoint.",
    **reports.NOTES,
    **payments.NOTES,
    **receivables.NOTES,
    "login": "The only endpoint without credentials. Use the token as `Authorization: Bearer <token>` "
             "with `X-Company-Id` on `/api/v1/...`.",
}

_DOC_TYPES = ["invoice", "sales_order", "quotation", "credit_note", "debit_note", "sales_note"]
_TYPE = ("type", {"type": "string", "enum": _DOC_TYPES},
         "document type (`sales_note` is an alias of `sales_order`)")
_ACTIVE = ("status", {"type": "string", "enum": ["active", "inactive", "all"], "default": "active"},
           "which records to list")
_ID = {"type": "integer", "minimum": 1}
CODE = {"type": "string", "pattern": sequencing.CODE_PATTERN, "examples": ["001"]}
SERIES = {"type": "string", "pattern": sequencing.SERIES_PATTERN, "examples": ["001-001"]}
_WAIT = ("wait", {"type": "number", "minimum": 0}, "seconds to wait for the flow (0: answer at once); capped")

# (name, JSON Schema, description) of the query parameters each call reads, besides paging
QUERY: dict[str, list[tuple[str, dict, str]]] = {
    "documents.list": [
        _TYPE, ("status", {"type": "string", "enum": ["draft", "issued", "cancelled"]}, "document status"),
        ("from", {"type": "string", "format": "date"}, "issued on or after this date (YYYY-MM-DD)"),
        ("to", {"type": "string", "format": "date"}, "issued on or before this date (YYYY-MM-DD; not before `from`)"),
        ("customer_id", _ID, "one customer's documents"),
        ("search", {"type": "string", "maxLength": MAX_SEARCH_LENGTH},
         "number (`123`, `000000123`, `001-001-000000123`), series (`001-001`), or part of the customer's "
         "identification or name (ignoring case and accents)"),
        ("sri_status", {"type": "string", "enum": list(SRI_STATUSES)}, "SRI status"),
        ("payment_status", {"type": "string", "enum": list(PAYMENT_STATUSES)}, "payment status")],
    "customers.list": [("q", {"type": "string"}, "name, identification or code"), _ACTIVE],
    "lookups.customers": [("q", {"type": "string"}, "name, identification, RUC, cédula or code")],
    "products.list": [("q", {"type": "string"}, "code or name"), _ACTIVE],
    "lookups.products": [("q", {"type": "string"}, "code or name")],
    "lookups.establishments": [_TYPE],
    "lookups.points_of_sale": [
        _TYPE,
        ("establishment", CODE, "establishment code"),
        ("establishment_code", CODE, "alias of `establishment`"),
        ("establishment_id", _ID, "establishment id (numeric alias)")],
    "sequence.preview": [
        ("type", {"type": "string", "enum": _DOC_TYPES, "default": "invoice"}, "document type"),
        ("series", SERIES, "EEE-PPP"),
        ("establishment", CODE, "establishment code (instead of series)"),
        ("point_of_sale", CODE, "emission point code (instead of series)")],
    "points_of_sale.list": [("establishment_id", _ID, "only this establishment's points")],
    "stock.list": [("warehouse_id", _ID, "one warehouse"), ("product_id", _ID, "one product")],
    "movements.list": [("warehouse_id", _ID, "one warehouse"), ("product_id", _ID, "one product")],
    "kardex.get": [("warehouse_id", _ID, "one warehouse (default: all)")],
    "reports.inventory": [("warehouse_id", _ID, "one warehouse (default: all)")],
    **reports.QUERY,
    **receivables.QUERY,
    "webhooks.deliveries": [("status", {"type": "string", "enum": ["pending", "succeeded", "failed"]},
                             "only deliveries in this state")],
    "get_document_xml": [("variant", {"type": "string", "enum": ["authorized", "signed"], "default": "authorized"},
                          "`authorized`: the SRI's `autorizacion` document; `signed`: the signed comprobante")],
    "get_document_pdf": [("download", {"type": "string", "enum": ["0", "1", "false", "true"], "default": "0"},
                          "`1`: `Content-Disposition: attachment` (a download) instead of `inline`")],
    **{rpc: [_WAIT] for rpc in ("invoices.create", "sales_orders.create", "quotations.create",
                                "credit_notes.create", "debit_notes.create", "documents.issue")},
}

# calls answering a file, not JSON: (media type, JSON Schema of the body)
FILES: dict[str, tuple[str, dict]] = {
    "get_document_xml": ("application/xml", {"type": "string"}),
    "get_document_pdf": ("application/pdf", {"type": "string", "format": "binary"}),
}

# calls answering a page: `page` and `per_page` (besides every `*.list`)
PAGINATED = frozenset({"lookups.customers", "lookups.products", "kardex.get", "webhooks.deliveries",
                       "customers.advances"})
# (tag, path prefixes, description), in the order of the reference; the longest prefix wins
AREAS: list[tuple[str, tuple[str, ...], str]] = [
    ("Auth", ("/auth",), "Session login/logout and who the caller is."),
    ("Settings", ("/settings",), "Company data and logo, API keys, users, webhooks and the signing certificate."),
    ("Lookups", ("/documents/lookups",), "Small lists for the document screens (autocomplete)."),
    ("Establishments and series", ("/establishments", "/points-of-sale", "/documents/sequence-preview"),
     "Establishments, emission points (series EEE-PPP) and numbering."),
    ("Customers", ("/customers",), "Customers; identification validated per type (RUC, cédula, pasaporte, "
                                   "consumidor final)."),
    ("Documents", ("/documents",), "Invoices, sales orders, quotations, credit and debit notes."),
    ("SRI", ("/documents/{id}/sri", "/documents/{id}/xml"), "Submission to the SRI and the authorized XML."),
    ("Products", ("/products",), "The product catalogue (price, IVA rate, stock tracking)."),
    ("Inventory", ("/warehouses", "/inventory"), "Warehouses, stock, movements and kardex."),
    ("Payments", ("/payments",), "Collections and advances."),
    ("Reports", ("/reports",), "Reports."),
    ("Operations", ("/healthz", "/readyz", "/metrics", "/docs", "/openapi.json"),
     "Outside /api/v1 and without credentials."),
]

# endpoints outside /api/v1 (no credentials): (path, summary, media type of the answer)
OPERATIONS: list[tuple[str, str, str]] = [
    ("/healthz", "Liveness", "application/json"),
    ("/readyz", "Readiness (database and broker); 503 when not ready", "application/json"),
    ("/metrics", "Prometheus metrics", "text/plain"),
    ("/docs", "This API reference (HTML)", "text/html"),
    ("/openapi.json", "This API reference (OpenAPI 3.1)", "application/json"),
]
