-- sri_submitter: signing certificates, submissions to the SRI and every exchange with it.

-- Company signing certificates (.p12 + password sealed with AES-256-GCM, SECRETS_KEY).
-- One active row per company; replaced ones stay as history (active = false).
CREATE TABLE certificates (
    id             bigserial PRIMARY KEY,
    company_id     bigint NOT NULL,
    sealed         bytea NOT NULL,
    subject        text NOT NULL,
    issuer         text NOT NULL,
    serial_number  text NOT NULL,
    ruc            text,
    valid_from     timestamptz NOT NULL,
    valid_to       timestamptz NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    replaced_at    timestamptz
);
CREATE UNIQUE INDEX certificates_one_active ON certificates (company_id) WHERE active;

-- One submission per document; the access key is generated once and never changes.
-- stage: pending (to sign) -> signed (to send) -> received (polling authorization)
--        -> authorized | returned | not_authorized | error
CREATE TABLE submissions (
    id                    bigserial PRIMARY KEY,
    company_id            bigint NOT NULL,
    document_id           bigint NOT NULL,
    document_type         text NOT NULL,
    environment           text NOT NULL CHECK (environment IN ('test', 'production')),
    issue_date            date NOT NULL,
    access_key            char(49) NOT NULL UNIQUE,
    snapshot              jsonb NOT NULL,
    stage                 text NOT NULL DEFAULT 'pending' CHECK (stage IN
                          ('pending', 'signed', 'received', 'authorized', 'returned', 'not_authorized', 'error')),
    signed_xml            text,
    messages              jsonb NOT NULL DEFAULT '[]'::jsonb,
    authorized_xml        text,
    xml_path              text,
    authorization_number  text,
    authorized_at         timestamptz,
    cycle                 int NOT NULL DEFAULT 1,            -- 1 + number of retries asked for
    cycle_started_at      timestamptz NOT NULL DEFAULT now(),
    tries                 int NOT NULL DEFAULT 0,            -- consecutive waits in this stage (back-off index)
    ever_sent             boolean NOT NULL DEFAULT false,    -- reception may have the document: query first
    event_seq             int NOT NULL DEFAULT 0,            -- order of the events published for it
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),
    lease_token           uuid,
    lease_until           timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, document_id)
);
CREATE INDEX submissions_due ON submissions (next_attempt_at) WHERE stage IN ('pending', 'signed', 'received');

-- Every exchange: signing, reception and authorization calls (request summary + answer).
CREATE TABLE attempts (
    id             bigserial PRIMARY KEY,
    submission_id  bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    at             timestamptz NOT NULL DEFAULT now(),
    operation      text NOT NULL,                 -- sign | reception | authorization
    request        jsonb NOT NULL DEFAULT '{}'::jsonb,
    estado         text NOT NULL,                 -- RECIBIDA, DEVUELTA, AUTORIZADO, ..., ERROR
    detail         text,
    messages       jsonb NOT NULL DEFAULT '[]'::jsonb,
    duration_ms    int
);
CREATE INDEX attempts_submission ON attempts (submission_id, id);
