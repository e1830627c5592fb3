-- Establishments and their emission points (points of sale), per company.
CREATE TABLE establishments (
    id             bigserial PRIMARY KEY,
    company_id     bigint NOT NULL,
    code           text NOT NULL CHECK (code ~ '^[0-9]{3}$' AND code <> '000'),
    name           text NOT NULL,
    address        text,
    document_types text[] NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, code)
);

CREATE TABLE points_of_sale (
    id               bigserial PRIMARY KEY,
    company_id       bigint NOT NULL,
    establishment_id bigint NOT NULL REFERENCES establishments (id),
    code             text NOT NULL CHECK (code ~ '^[0-9]{3}$' AND code <> '000'),
    name             text NOT NULL,
    series           text NOT NULL CHECK (series ~ '^[0-9]{3}-[0-9]{3}$'),
    document_types   text[] NOT NULL,
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (establishment_id, code),
    UNIQUE (company_id, series)
);
CREATE INDEX points_of_sale_company ON points_of_sale (company_id, establishment_id);

-- One counter per series and document type: the next number to hand out.
-- Allocation is a single row update:
--   UPDATE counters SET next_number = next_number + 1, updated_at = now()
--    WHERE company_id = $1 AND series = $2 AND document_type = $3
--   RETURNING next_number - 1 AS number
CREATE TABLE counters (
    company_id       bigint NOT NULL,
    series           text NOT NULL,
    document_type    text NOT NULL
                     CHECK (document_type IN ('invoice', 'sales_order', 'quotation', 'credit_note', 'debit_note')),
    point_of_sale_id bigint NOT NULL REFERENCES points_of_sale (id),
    next_number      bigint NOT NULL DEFAULT 1 CHECK (next_number BETWEEN 1 AND 1000000000),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, series, document_type)
);

-- Numbers handed out, keyed by document: a redelivered allocation finds its row
-- (exactly once per document), and a number is never given twice in a series.
CREATE TABLE allocations (
    company_id    bigint NOT NULL,
    document_id   bigint NOT NULL,
    document_type text NOT NULL,
    series        text NOT NULL,
    number        bigint NOT NULL CHECK (number BETWEEN 1 AND 999999999),
    manual        boolean NOT NULL DEFAULT false,
    allocated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, document_id),
    UNIQUE (company_id, series, document_type, number)
);
