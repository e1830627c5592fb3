-- renderer_mailer: the company's logo (PUT /settings/company/logo), printed on its RIDEs.
-- The file itself is in the file store at `path` (companies/{c}/logo/logo.{png|jpg|svg});
-- one row per company, replaced on each upload.
CREATE TABLE company_logos (
    company_id    bigint PRIMARY KEY,
    path          text NOT NULL,
    content_type  text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/svg+xml')),
    size          int NOT NULL CHECK (size > 0),
    sha256        char(64) NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
