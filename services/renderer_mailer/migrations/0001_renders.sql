-- renderer_mailer: the RIDE of each document (rendered once) and the mail deliveries (one per request).

-- One row per document. The command is kept to render from (and to write the mail from);
-- status: pending (to render) -> rendered. The PDF's path is fixed when the row is created,
-- so rendering again after a crash overwrites the same file.
CREATE TABLE renders (
    id               bigserial PRIMARY KEY,
    company_id       bigint NOT NULL,
    document_id      bigint NOT NULL,
    document_type    text NOT NULL,
    command          jsonb NOT NULL,                   -- the first renderer.render_and_mail payload
    pdf_path         text NOT NULL,
    file_name        text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rendered')),
    rendered_at      timestamptz,
    tries            int NOT NULL DEFAULT 0,           -- failed renders so far (back-off index)
    last_error       text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_token      uuid,
    lease_until      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, document_id)
);
CREATE INDEX renders_due ON renders (next_attempt_at) WHERE status = 'pending';

-- One row per mail request of a document (request_id `auto`, or one per resend).
-- status: pending (due at next_attempt_at, once the document is rendered) -> sending (leased,
-- talking SMTP) -> sent | failed; a transient failure goes back to pending with a back-off.
-- message_id is fixed at creation: a retried send carries the same Message-ID header.
CREATE TABLE mail_deliveries (
    id                  bigserial PRIMARY KEY,
    company_id          bigint NOT NULL,
    document_id         bigint NOT NULL,
    request_id          text NOT NULL,
    recipients          jsonb NOT NULL,                -- ["a@example.com", ...]
    message_id          text NOT NULL,
    status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    tries               int NOT NULL DEFAULT 0,        -- attempts made
    attempts            jsonb NOT NULL DEFAULT '[]'::jsonb,  -- [{at, code, reply, permanent}]
    transient_reported  boolean NOT NULL DEFAULT false, -- MailFailed(permanent=false) published once
    smtp_code           int,
    smtp_reply          text,
    reason              text,
    sent_at             timestamptz,
    failed_at           timestamptz,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    lease_token         uuid,
    lease_until         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, document_id, request_id)
);
CREATE INDEX mail_deliveries_due ON mail_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
