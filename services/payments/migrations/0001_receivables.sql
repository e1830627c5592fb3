-- payments: what each issued document still owes (receivables), the collections applied to
-- it (payments), the credit a customer holds (customer_advances) and which payment used
-- which advance (advance_applications). Money is numeric(14, 2), never float.
--
-- Locking (the write side): a change of a receivable locks its row FOR UPDATE first, then
-- the customer's advances in id order; so 20 concurrent payments on one document queue on
-- the receivable row and none drives the balance below zero (CHECKs below back it up).

-- One row per collectable document (invoice, sales order, debit note), keyed by documents'
-- id. A row with recorded = false is a PLACEHOLDER: the number (sequencing.number_allocated)
-- or the cancel guard (receivables.close) arrived before documents' *_recorded event; the
-- recorded event fills it in (and a closed placeholder makes the receivable born closed).
-- Read-side queries list only `recorded` rows; a `closed` receivable (document cancelled, or
-- a sales order whose payments moved to its invoice) is no longer collectable: leave it out of
-- balances, lookups and aging.
CREATE TABLE receivables (
    id                 bigserial PRIMARY KEY,
    company_id         bigint NOT NULL,
    document_id        bigint NOT NULL,                    -- documents' id of the document
    recorded           boolean NOT NULL DEFAULT true,      -- false: a placeholder (see above)
    document_type      text CHECK (document_type IN ('invoice', 'sales_order', 'debit_note')),
    source_document_id bigint,                             -- debit note: the invoice it debits;
                                                           -- invoice: the sales order it was converted from
    series             text,                               -- EEE-PPP (from the recorded event, then the allocation)
    number             bigint,                             -- sequential number once allocated (display: 9 digits)
    display_number     text,                               -- EEE-PPP-NNNNNNNNN once allocated, else null
    customer_id        bigint,                             -- null: consumidor final
    customer_name      text NOT NULL DEFAULT '',           -- as printed on the document
    issue_date         date,
    due_date           date,                               -- null: no due date (aging uses issue_date)
    currency           text NOT NULL DEFAULT 'USD',
    total              numeric(14, 2) NOT NULL DEFAULT 0,  -- document total
    paid_amount        numeric(14, 2) NOT NULL DEFAULT 0,  -- applied payments (direct + advances), net of reversals
    credited_amount    numeric(14, 2) NOT NULL DEFAULT 0,  -- credit notes applied (only up to the open balance)
    balance            numeric(14, 2) NOT NULL DEFAULT 0,  -- total - paid_amount - credited_amount, never < 0
    payment_status     text NOT NULL DEFAULT 'pending'     -- paid: balance 0; partial: something paid; else pending
                       CHECK (payment_status IN ('pending', 'partial', 'paid')),
    status             text NOT NULL DEFAULT 'open'        -- closed: no more payments (cancelled or moved)
                       CHECK (status IN ('open', 'closed')),
    closed_reason      text CHECK (closed_reason IN ('cancelled', 'moved')),
    closed_at          timestamptz,
    moved_to_document_id bigint,                           -- sales order converted: the invoice that took its payments
    version            integer NOT NULL DEFAULT 0,         -- +1 per change of the figures (ReceivableUpdated.version)
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT receivables_document_unique UNIQUE (company_id, document_id),
    CONSTRAINT receivables_recorded_check CHECK (NOT recorded OR (document_type IS NOT NULL AND issue_date IS NOT NULL)),
    CONSTRAINT receivables_amounts_check CHECK (total >= 0 AND paid_amount >= 0 AND credited_amount >= 0
                                                AND balance >= 0 AND balance = total - paid_amount - credited_amount),
    CONSTRAINT receivables_closed_check CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
);
CREATE INDEX receivables_company_list ON receivables (company_id, issue_date DESC, id DESC) WHERE recorded;
CREATE INDEX receivables_company_status ON receivables (company_id, status, payment_status) WHERE recorded;
CREATE INDEX receivables_company_type ON receivables (company_id, document_type, status) WHERE recorded;
CREATE INDEX receivables_company_customer ON receivables (company_id, customer_id) WHERE recorded;
CREATE INDEX receivables_company_due ON receivables (company_id, due_date) WHERE recorded AND balance > 0;
CREATE INDEX receivables_company_number ON receivables (company_id, display_number);

-- A collection applied to one receivable. amount + applied_advance_amount = applied_amount
-- + excess_amount; excess_amount = tip_amount + created_advance_amount. For every receivable,
-- sum(applied_amount) of its `applied` payments = receivables.paid_amount.
CREATE TABLE payments (
    id                     bigserial PRIMARY KEY,
    company_id             bigint NOT NULL,
    receivable_id          bigint NOT NULL REFERENCES receivables (id),  -- current one (changes when moved)
    document_id            bigint NOT NULL,                    -- current document (changes when moved)
    origin_document_id     bigint NOT NULL,                    -- the document it was registered on
    customer_id            bigint,                             -- the document's customer (null: consumidor final)
    payment_date           date NOT NULL,
    amount                 numeric(14, 2) NOT NULL CHECK (amount >= 0),                  -- direct amount received
    applied_advance_amount numeric(14, 2) NOT NULL DEFAULT 0 CHECK (applied_advance_amount >= 0),  -- from advances
    applied_amount         numeric(14, 2) NOT NULL CHECK (applied_amount >= 0),          -- reduced the balance
    excess_amount          numeric(14, 2) NOT NULL DEFAULT 0 CHECK (excess_amount >= 0), -- above the balance
    overpayment_mode       text CHECK (overpayment_mode IN ('tip', 'advance')),
    tip_amount             numeric(14, 2) NOT NULL DEFAULT 0 CHECK (tip_amount >= 0),    -- excess kept as tip
    created_advance_amount numeric(14, 2) NOT NULL DEFAULT 0 CHECK (created_advance_amount >= 0),  -- excess -> advance
    balance_after          numeric(14, 2) NOT NULL CHECK (balance_after >= 0),           -- balance_pending it left
    method                 text,                               -- efectivo, transferencia, ... (as sent)
    reference              text,
    notes                  text,
    initial                boolean NOT NULL DEFAULT false,     -- the invoice's initial payment (InvoiceRecorded)
    status                 text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'reversed')),
    reversed_at            timestamptz,
    reverse_reason         text,
    created_by             text,                               -- user:<id> / key:<id>; null for the initial payment
    created_at             timestamptz NOT NULL DEFAULT now(),   -- registered at
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_split_check CHECK (amount + applied_advance_amount = applied_amount + excess_amount
                                           AND excess_amount = tip_amount + created_advance_amount),
    CONSTRAINT payments_reversed_check CHECK ((status = 'reversed') = (reversed_at IS NOT NULL))
);
CREATE UNIQUE INDEX payments_initial_once ON payments (company_id, origin_document_id) WHERE initial;
CREATE INDEX payments_company_document ON payments (company_id, document_id, id DESC);
CREATE INDEX payments_company_recent ON payments (company_id, created_at DESC, id DESC);
CREATE INDEX payments_company_customer ON payments (company_id, customer_id, id DESC);
CREATE INDEX payments_company_date ON payments (company_id, payment_date, status);

-- Credit a customer holds: from an overpayment (mode advance), the excess of a credit note
-- above its invoice's open balance, or payments of a converted sales order the invoice could
-- not take. `remaining` is what can still be applied; a voided advance (its payment reversed
-- before any use) has remaining 0.
CREATE TABLE customer_advances (
    id                 bigserial PRIMARY KEY,
    company_id         bigint NOT NULL,
    customer_id        bigint NOT NULL,
    amount             numeric(14, 2) NOT NULL CHECK (amount > 0),
    remaining          numeric(14, 2) NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    source             text NOT NULL CHECK (source IN ('overpayment', 'credit_note', 'moved')),
    source_payment_id  bigint REFERENCES payments (id),        -- overpayment: the payment whose excess it is
    source_document_id bigint,                                 -- credit_note: the credit note; else the document paid
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'voided')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_advances_available ON customer_advances (company_id, customer_id, id)
    WHERE status = 'active' AND remaining > 0;
CREATE INDEX customer_advances_company_customer ON customer_advances (company_id, customer_id, id DESC);
CREATE UNIQUE INDEX customer_advances_credit_note ON customer_advances (company_id, source_document_id)
    WHERE source = 'credit_note';

-- Which payment took how much of which advance; a reversed payment gives it back (reversed_at).
CREATE TABLE advance_applications (
    id          bigserial PRIMARY KEY,
    company_id  bigint NOT NULL,
    advance_id  bigint NOT NULL REFERENCES customer_advances (id),
    payment_id  bigint NOT NULL REFERENCES payments (id),
    amount      numeric(14, 2) NOT NULL CHECK (amount > 0),
    reversed_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advance_applications_payment ON advance_applications (payment_id);
CREATE INDEX advance_applications_advance ON advance_applications (advance_id);

-- What each credit note did (one row per credit note, the consumer's idempotency key):
-- credited_amount reduced its source invoice's balance (up to the open balance), the rest
-- became a customer advance (advance_id), or stayed unapplied for a consumidor final.
-- cancelled: the credit note was cancelled; the credit was given back (or never applied).
CREATE TABLE credit_applications (
    id                 bigserial PRIMARY KEY,
    company_id         bigint NOT NULL,
    credit_note_id     bigint NOT NULL,                    -- documents' id of the credit note
    source_document_id bigint NOT NULL,                    -- the invoice it credits
    receivable_id      bigint REFERENCES receivables (id), -- that invoice's receivable
    amount             numeric(14, 2) NOT NULL CHECK (amount >= 0),           -- the credit note's total
    credited_amount    numeric(14, 2) NOT NULL CHECK (credited_amount >= 0),  -- reduced the balance
    advance_id         bigint REFERENCES customer_advances (id),              -- the excess as an advance
    unapplied_amount   numeric(14, 2) NOT NULL DEFAULT 0 CHECK (unapplied_amount >= 0),
    status             text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'cancelled')),
    cancelled_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT credit_applications_note_unique UNIQUE (company_id, credit_note_id)
);
CREATE INDEX credit_applications_receivable ON credit_applications (receivable_id);
