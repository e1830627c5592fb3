-- Optional minimum stock per product: a movement that leaves a warehouse at or
-- below it publishes inventory.stock_low.
ALTER TABLE products ADD COLUMN min_stock numeric(18, 6) CHECK (min_stock >= 0);

-- Movements caused by documents (source_type = type, source_id = document id, one
-- per slot): `sale` (an invoice recorded), `return` (a credit note returning
-- stock), `cancellation` (reverses a cancelled document's sale or return).
ALTER TABLE movements DROP CONSTRAINT movements_type_check;
ALTER TABLE movements ADD CONSTRAINT movements_type_check
    CHECK (type IN ('adjustment_in', 'adjustment_out', 'transfer', 'sale', 'return', 'cancellation'));

-- Stock held for a document between its validation and its recording. One per
-- document. Holds while status = 'active' and expires_at is in the future;
-- 'confirmed' once it became the sale movement, 'released' when the document was
-- cancelled (or released by documents), 'expired' when the sweeper found it late.
CREATE TABLE reservations (
    id           bigserial PRIMARY KEY,
    company_id   bigint NOT NULL,
    document_id  bigint NOT NULL,
    warehouse_id bigint NOT NULL REFERENCES warehouses (id),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'confirmed', 'released', 'expired')),
    expires_at   timestamptz NOT NULL,
    movement_id  bigint REFERENCES movements (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reservations_document_unique UNIQUE (company_id, document_id)
);
CREATE INDEX reservations_holding ON reservations (company_id, warehouse_id) WHERE status = 'active';
CREATE INDEX reservations_expiring ON reservations (expires_at) WHERE status = 'active';

-- The lines of a reservation (only products that track stock); `line` is the
-- document's line index.
CREATE TABLE reservation_items (
    reservation_id bigint NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
    line           integer NOT NULL CHECK (line >= 0),
    product_id     bigint NOT NULL REFERENCES products (id),
    quantity       numeric(18, 6) NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (reservation_id, line)
);
CREATE INDEX reservation_items_product ON reservation_items (product_id);

-- Documents cancelled: an invoice_recorded or credit_note_recorded that arrives
-- after the cancellation moves nothing.
CREATE TABLE cancelled_documents (
    company_id   bigint NOT NULL,
    document_id  bigint NOT NULL,
    cancelled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, document_id)
);
