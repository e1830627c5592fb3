-- Gateway: tenants, people, credentials and request bookkeeping.
CREATE TABLE companies (
    id          bigserial PRIMARY KEY,
    ruc         text NOT NULL UNIQUE,
    legal_name  text NOT NULL,
    trade_name  text,
    address     text,
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
    modules     text[] NOT NULL DEFAULT ARRAY['sales', 'inventory', 'payments', 'reports', 'settings'],
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL,
    name           text NOT NULL,
    password_hash  text NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE memberships (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id  bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('owner', 'admin', 'seller', 'cashier', 'viewer')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, company_id)
);
CREATE INDEX memberships_company ON memberships (company_id);

CREATE TABLE api_keys (
    id            bigserial PRIMARY KEY,
    company_id    bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name          text NOT NULL,
    prefix        text NOT NULL,
    key_hash      text NOT NULL UNIQUE,  -- sha256 hex of the whole key; the key itself is never stored
    scopes        text[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_company ON api_keys (company_id);

CREATE TABLE sessions (
    id          bigserial PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE,  -- sha256 hex of the bearer token
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per (company, principal, Idempotency-Key); the first response is replayed.
CREATE TABLE idempotency_keys (
    company_id    bigint NOT NULL,
    principal     text NOT NULL,
    key           text NOT NULL,
    fingerprint   text NOT NULL,
    state         text NOT NULL CHECK (state IN ('running', 'done')),
    status        int,
    content_type  text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
