-- Catalogue. Soft delete: `active = false`.
CREATE TABLE products (
    id            bigserial PRIMARY KEY,
    company_id    bigint NOT NULL,
    code          text NOT NULL,
    name          text NOT NULL,
    description   text,
    price         numeric(18, 6) NOT NULL CHECK (price >= 0),
    tax_rate      numeric(7, 4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate <= 100),
    tax_exemption text CHECK (tax_exemption IS NULL OR (tax_exemption IN ('no_objeto', 'exento') AND tax_rate = 0)),
    tracks_stock  boolean NOT NULL DEFAULT true,
    unit          text,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT products_code_unique UNIQUE (company_id, code)
);
CREATE INDEX products_company_name ON products (company_id, name);

CREATE TABLE warehouses (
    id         bigserial PRIMARY KEY,
    company_id bigint NOT NULL,
    code       text NOT NULL,
    name       text NOT NULL,
    address    text,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT warehouses_code_unique UNIQUE (company_id, code)
);

-- Stock per warehouse and product: the row every change locks (FOR UPDATE, in
-- (warehouse_id, product_id) order). Never negative.
CREATE TABLE stock (
    company_id   bigint NOT NULL,
    warehouse_id bigint NOT NULL REFERENCES warehouses (id),
    product_id   bigint NOT NULL REFERENCES products (id),
    quantity     numeric(18, 6) NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (warehouse_id, product_id)
);
CREATE INDEX stock_company_product ON stock (company_id, product_id);

-- A movement as requested: header and lines. `source_type`/`source_id` link a
-- movement made for something else (e.g. a document's confirmed reservation),
-- at most once per source.
CREATE TABLE movements (
    id                  bigserial PRIMARY KEY,
    company_id          bigint NOT NULL,
    type                text NOT NULL CONSTRAINT movements_type_check
                        CHECK (type IN ('adjustment_in', 'adjustment_out', 'transfer')),
    warehouse_id        bigint NOT NULL REFERENCES warehouses (id),
    target_warehouse_id bigint REFERENCES warehouses (id),
    reference           text,
    notes               text,
    source_type         text,
    source_id           bigint,
    created_by_user_id  bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (type <> 'transfer' OR (target_warehouse_id IS NOT NULL AND target_warehouse_id <> warehouse_id))
);
CREATE INDEX movements_company ON movements (company_id, id DESC);
CREATE UNIQUE INDEX movements_source ON movements (company_id, source_type, source_id) WHERE source_id IS NOT NULL;

CREATE TABLE movement_items (
    movement_id bigint NOT NULL REFERENCES movements (id),
    line_no     integer NOT NULL,
    product_id  bigint NOT NULL REFERENCES products (id),
    quantity    numeric(18, 6) NOT NULL CHECK (quantity > 0),
    unit_cost   numeric(18, 6) CHECK (unit_cost >= 0),
    PRIMARY KEY (movement_id, line_no)
);
CREATE INDEX movement_items_product ON movement_items (product_id);

-- Ledger: one signed entry per warehouse touched by a line (a transfer line has
-- two), with the balance after it. Sum of deltas = stock; kardex reads it in id order.
CREATE TABLE stock_ledger (
    id            bigserial PRIMARY KEY,
    company_id    bigint NOT NULL,
    movement_id   bigint NOT NULL REFERENCES movements (id),
    line_no       integer NOT NULL,
    warehouse_id  bigint NOT NULL REFERENCES warehouses (id),
    product_id    bigint NOT NULL REFERENCES products (id),
    delta         numeric(18, 6) NOT NULL CHECK (delta <> 0),
    balance_after numeric(18, 6) NOT NULL CHECK (balance_after >= 0),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_ledger_kardex ON stock_ledger (company_id, product_id, warehouse_id, id);
