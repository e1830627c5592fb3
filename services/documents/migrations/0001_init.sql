-- Customers of each company. Soft delete: `active = false` (documents keep their link).
CREATE TABLE customers (
    id                  bigserial PRIMARY KEY,
    company_id          bigint NOT NULL,
    code                text NOT NULL,
    identification_type text NOT NULL
                        CHECK (identification_type IN ('ruc', 'cedula', 'pasaporte', 'consumidor_final', 'exterior')),
    identification      text NOT NULL,
    name                text NOT NULL,
    email               text,
    phone               text,
    address             text,
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_code_unique UNIQUE (company_id, code)
);
-- One active customer per identification; a deleted one may be registered again.
CREATE UNIQUE INDEX customers_identification_unique ON customers (company_id, identification) WHERE active;
CREATE INDEX customers_company_name ON customers (company_id, name);

-- Last automatic customer code number per company (CLI-0001, CLI-0002, ...).
CREATE TABLE customer_codes (
    company_id  bigint PRIMARY KEY,
    last_number integer NOT NULL
);

-- Read model of the gateway's companies (event gateway.company_updated v1).
CREATE TABLE companies (
    company_id  bigint PRIMARY KEY,
    ruc         text,
    legal_name  text,
    trade_name  text,
    address     text,
    settings    jsonb NOT NULL DEFAULT '{}',
    modules     text[] NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
