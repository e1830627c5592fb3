"""The answers of documents' reports for the accountant (services/documents/views/reports.py): sales by
day, month, customer or product, and taxes by rate with the form 104 lines."""
from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, RootModel

from shared.contracts.answers import Answer, Day, Money, Quantity, Rate, SriStatus


class ReportPeriodMeta(Answer):
    from_: Day = Field(alias="from", description="the period's first day")
    to: Day = Field(description="the period's last day (inclusive)")
    sri_status: SriStatus | None = Field(description="the `sri_status` filter; null: every issued document")
    currency: Literal["USD"]
    file_name: str = Field(description="the CSV's file name")


class _Figures(Answer):
    """Counts per document type and amounts net of credit notes (they subtract)."""

    documents: int = Field(description="invoices + debit_notes + credit_notes")
    invoices: int
    debit_notes: int
    credit_notes: int
    subtotal: Money = Field(description="bases without taxes, after discounts")
    discount: Money
    tax: Money = Field(description="IVA")
    total: Money


class SalesFigures(_Figures):
    """Counts per document type and amounts net of credit notes (they subtract)."""

    tip: Money = Field(description="propina")


class ProductSalesFigures(_Figures):
    """Counts and amounts of the lines of a product (no tip: no line carries it)."""

    quantity: Quantity = Field(description="quantity sold, net of credited quantities")


class SalesByDayRow(SalesFigures):
    date: Day


class SalesByMonthRow(SalesFigures):
    month: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", examples=["2026-02"])


class SalesByCustomerRow(SalesFigures):
    customer_id: int | None = Field(description="null for consumidor final (and other buyers without a customer)")
    identification: str
    name: str = Field(description="as on the customer's newest document of the period")


class SalesByProductRow(ProductSalesFigures):
    product_id: int | None = Field(description="null: free-text lines, grouped by their description")
    product_code: str | None
    description: str = Field(description="as on the product's newest line of the period")


SalesColumnKey = Literal["date", "month", "customer_id", "identification", "name", "product_id", "product_code",
                         "description", "quantity", "invoices", "debit_notes", "credit_notes", "subtotal",
                         "discount", "tax", "tip", "total"]


class SalesReportColumn(Answer):
    key: SalesColumnKey = Field(description="a key of the rows")
    label: str = Field(description="the CSV header (Spanish)")


class SalesReportMeta(ReportPeriodMeta):
    group_by: Literal["day", "month", "customer", "product"]


class SalesReportByDay(Answer):
    """`group_by=day` (default): one row per issue date."""

    data: list[SalesByDayRow]
    totals: SalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReportByMonth(Answer):
    """`group_by=month`: one row per month."""

    data: list[SalesByMonthRow]
    totals: SalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReportByCustomer(Answer):
    """`group_by=customer`: one row per customer, the largest net total first."""

    data: list[SalesByCustomerRow]
    totals: SalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReportByProduct(Answer):
    """`group_by=product`: one row per product (from the lines), the largest net total first."""

    data: list[SalesByProductRow]
    totals: ProductSalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReport(RootModel[SalesReportByDay | SalesReportByMonth | SalesReportByCustomer | SalesReportByProduct]):
    """GET /reports/sales: invoices and debit notes minus credit notes of the period, by `meta.group_by`;
    the rows' keys depend on it (`columns` lists them in order; also as CSV)."""

    EXAMPLE: ClassVar[dict[str, Any] | None] = None
    model_config = ConfigDict(strict=True)


class TaxAmounts(Answer):
    """Sales (invoices and debit notes), credit notes and the net, at an IVA rate or in total."""

    sales_documents: int = Field(description="invoices and debit notes (in `totals`: each document once)")
    sales_base: Money
    sales_tax: Money
    credit_documents: int = Field(description="credit notes (in `totals`: each document once)")
    credit_base: Money
    credit_tax: Money
    net_base: Money = Field(description="sales_base - credit_base")
    net_tax: Money = Field(description="sales_tax - credit_tax")


class TaxRateRow(TaxAmounts):
    code: str = Field(description="the SRI's codigoPorcentaje of the IVA", examples=["4"])
    label: str = Field(examples=["IVA 15%"])
    rate: Rate = Field(description="IVA percent")
    form_104: str | None = Field(description="the Formulario 104 casilleros it goes to (gross/net/tax)",
                                 examples=["401/411/421"])


class Form104Casilleros(Answer):
    gross: str = Field(description="valor bruto", examples=["401"])
    net: str = Field(description="valor neto", examples=["411"])
    tax: str | None = Field(description="impuesto generado; null where no IVA is generated", examples=["421"])


class Form104Line(Answer):
    """A line of the form's sales summary, with zeros where the period had nothing."""

    label: str = Field(description="the line as the form names it (Spanish)")
    casilleros: Form104Casilleros
    gross: Money
    net: Money
    tax: Money | None = Field(description="null where the line has no tax casillero")


TaxColumnKey = Literal["code", "label", "rate", "form_104", "sales_documents", "sales_base", "sales_tax",
                       "credit_documents", "credit_base", "credit_tax", "net_base", "net_tax"]


class TaxReportColumn(Answer):
    key: TaxColumnKey = Field(description="a key of the rows")
    label: str = Field(description="the CSV header (Spanish)")


class TaxReportMeta(ReportPeriodMeta):
    not_authorized: int = Field(description="documents of the period the SRI has not authorized (yet or at all)")
    notes: list[str] = Field(description="how to read the figures (Spanish)")


class TaxReport(Answer):
    """GET /reports/taxes: IVA bases and amounts per rate (credit notes subtracted) and the Formulario 104
    lines they go to (also as CSV: `data` and `totals`)."""

    data: list[TaxRateRow]
    totals: TaxAmounts
    columns: list[TaxReportColumn]
    form_104: list[Form104Line]
    meta: TaxReportMeta


ANSWERS: dict[str, type[Answer]] = {
    "reports.sales": SalesReport,  # type: ignore[dict-item]
    "reports.taxes": TaxReport,
}
