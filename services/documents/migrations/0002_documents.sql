-- Sales documents (invoices, sales orders, quotations, credit and debit notes), their
-- lines and their event timeline. The id is taken with nextval() before the stock
-- reservation, so inventory keys the reservation on it; the row is inserted later.
CREATE TABLE documents (
    id                 bigserial PRIMARY KEY,
    company_id         bigint NOT NULL,
    type               text NOT NULL
                       CHECK (type IN ('invoice', 'sales_order', 'quotation', 'credit_note', 'debit_note')),
    status             text NOT NULL CHECK (status IN ('draft', 'issued', 'cancelled')),
    -- issuance process (documents is its process manager)
    process_state      text NOT NULL
                       CHECK (process_state IN ('draft', 'numbering', 'numbered', 'failed', 'cancelled')),
    submit_mode        text NOT NULL CHECK (submit_mode IN ('issued', 'draft')),
    source_document_id bigint REFERENCES documents (id),   -- converted from / credited / debited document
    converted_to_id    bigint REFERENCES documents (id),   -- set: this document was converted (once)
    series             text CHECK (series ~ '^[0-9]{3}-[0-9]{3}$'),
    number             bigint CHECK (number BETWEEN 1 AND 999999999),
    manual_number      bigint CHECK (manual_number BETWEEN 1 AND 999999999),
    numbered_at        timestamptz,
    establishment      jsonb NOT NULL DEFAULT '{}',        -- series.resolve answer at creation
    issue_date         date NOT NULL,
    due_date           date,
    customer_id        bigint,                             -- null: consumidor final
    customer           jsonb NOT NULL,                     -- snapshot: identification_type, identification, name, ...
    warehouse_id       bigint,
    currency           text NOT NULL DEFAULT 'USD',
    reference          text,
    seller_name        text,
    order_reference    text,
    notes              text,
    reason             text,                               -- motivo of a credit note
    delivered          boolean NOT NULL DEFAULT false,
    initial_payment    jsonb,
    subtotal           numeric(14, 2) NOT NULL,
    discount           numeric(14, 2) NOT NULL,
    tax                numeric(14, 2) NOT NULL,
    tip                numeric(14, 2) NOT NULL DEFAULT 0,
    total              numeric(14, 2) NOT NULL,
    tax_totals         jsonb NOT NULL DEFAULT '[]',        -- [{code, rate, exemption, base, amount}]
    credited_total     numeric(14, 2) NOT NULL DEFAULT 0,  -- by credit notes not cancelled
    stock_expected     boolean NOT NULL DEFAULT false,     -- waits for inventory's StockApplied
    return_stock       boolean NOT NULL DEFAULT false,     -- credit note returning stock
    stock_movement_id  bigint,
    stock_applied_at   timestamptz,
    sri_submitted      boolean NOT NULL DEFAULT false,     -- sri.submit_document sent
    sri_status         text NOT NULL DEFAULT 'pending'
                       CHECK (sri_status IN ('pending', 'sending', 'received', 'authorized', 'rejected', 'error')),
    sri_access_key     text,
    sri_authorization_number text,
    sri_authorized_at  timestamptz,
    mail_status        text NOT NULL DEFAULT 'pending' CHECK (mail_status IN ('pending', 'sent', 'failed', 'skipped')),
    payment_status     text NOT NULL DEFAULT 'pending' CHECK (payment_status IN ('pending', 'partial', 'paid')),
    files              jsonb NOT NULL DEFAULT '{}',
    created_by         jsonb NOT NULL DEFAULT '{}',        -- user_id / api_key_id of the creator
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT documents_number_unique UNIQUE (company_id, type, series, number)
);
CREATE INDEX documents_company_list ON documents (company_id, id DESC);
CREATE INDEX documents_company_type ON documents (company_id, type, status, id DESC);
-- A manual number is taken once per series and type (checked before numbering).
CREATE UNIQUE INDEX documents_manual_number_unique ON documents (company_id, type, series, manual_number)
    WHERE manual_number IS NOT NULL;

CREATE TABLE document_lines (
    id                bigserial PRIMARY KEY,
    document_id       bigint NOT NULL REFERENCES documents (id),
    company_id        bigint NOT NULL,
    line_no           integer NOT NULL,
    product_id        bigint,
    product_code      text,
    unit              text,
    tracks_stock      boolean NOT NULL DEFAULT false,
    description       text NOT NULL,
    quantity          numeric(18, 6) NOT NULL CHECK (quantity > 0),
    unit_price        numeric(18, 6) NOT NULL CHECK (unit_price >= 0),
    discount_mode     text CHECK (discount_mode IN ('percent', 'amount')),
    discount_value    numeric(18, 6) NOT NULL DEFAULT 0,
    discount_amount   numeric(14, 2) NOT NULL DEFAULT 0,
    base              numeric(14, 2) NOT NULL,
    tax_rate          numeric(7, 4) NOT NULL,
    tax_code          text NOT NULL,
    tax_exemption     text CHECK (tax_exemption IN ('no_objeto', 'exento')),
    tax_amount        numeric(14, 2) NOT NULL,
    source_line_id    bigint REFERENCES document_lines (id),   -- credit note: the invoice line credited
    credited_quantity numeric(18, 6) NOT NULL DEFAULT 0,      -- invoice line: quantity credited so far
    credited_base     numeric(14, 2) NOT NULL DEFAULT 0,      -- invoice line: base credited so far
    UNIQUE (document_id, line_no)
);

-- Timeline of each document (GET /documents/{id}/events).
CREATE TABLE document_events (
    id          bigserial PRIMARY KEY,
    company_id  bigint NOT NULL,
    document_id bigint NOT NULL REFERENCES documents (id),
    event       text NOT NULL,
    detail      jsonb NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX document_events_document ON document_events (document_id, id);
