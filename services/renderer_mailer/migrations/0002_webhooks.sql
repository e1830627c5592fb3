-- renderer_mailer: webhook endpoints, their deliveries (Standard Webhooks) and every attempt.

-- A company's receivers. The signing secret (whsec_...) is sealed with SECRETS_KEY (bound to the
-- endpoint) and shown only in the create answer. failure_count: deliveries in a row that ended
-- failed (retries exhausted); failing_since: first failed attempt since the last success.
CREATE TABLE webhook_endpoints (
    id               bigserial PRIMARY KEY,
    company_id       bigint NOT NULL,
    url              text NOT NULL,
    events           text[] NOT NULL CHECK (cardinality(events) > 0),
    description      text,
    sealed_secret    bytea NOT NULL,
    enabled          boolean NOT NULL DEFAULT true,
    disabled_reason  text,
    disabled_at      timestamptz,
    failure_count    int NOT NULL DEFAULT 0,
    failing_since    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_company ON webhook_endpoints (company_id, id);

-- One delivery per (endpoint, source message): a redelivered event creates nothing new. `id` is
-- the webhook-id header (msg_<32 hex>); `body` the exact bytes signed and sent, fixed at
-- creation, so a retry or a replay carries the same id and body (only webhook-timestamp changes).
CREATE TABLE webhook_deliveries (
    id                 text PRIMARY KEY,
    endpoint_id        bigint NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    company_id         bigint NOT NULL,
    event_type         text NOT NULL,
    source_message_id  uuid NOT NULL,
    body               text NOT NULL,
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    tries              int NOT NULL DEFAULT 0,             -- failed attempts since created or replayed
    next_attempt_at    timestamptz DEFAULT now(),          -- null once succeeded or failed
    lease_token        uuid,
    lease_until        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, source_message_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
    id                bigserial PRIMARY KEY,
    delivery_id       text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at                timestamptz NOT NULL DEFAULT now(),
    status_code       int,                                  -- null: no HTTP answer (timeout, refused)
    duration_ms       int NOT NULL,
    error             text,
    response_excerpt  text
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- What the events said about each document so far, so a later event's payload carries the
-- type, series, number and total (document.mailed alone knows only the document id).
CREATE TABLE webhook_documents (
    company_id     bigint NOT NULL,
    document_id    bigint NOT NULL,
    document_type  text,
    series         text,
    number         text,
    issue_date     date,
    total          numeric(18, 6),
    currency       text,
    customer_id    bigint,
    customer_name  text,
    access_key     text,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, document_id)
);
