-- Requests a service already carried out, so a retry or a redelivered RPC message
-- answers with what the first attempt created instead of creating it again.
-- key: 'key:<Idempotency-Key>' or 'call:<RpcRequest.call_id>'; written in the same
-- transaction as the resource; purged after IDEMPOTENCY_TTL_HOURS (at least 24 h).
CREATE TABLE request_keys (
    company_id    bigint NOT NULL,
    caller        text NOT NULL,
    key           text NOT NULL,
    fingerprint   text NOT NULL,
    resource_type text NOT NULL,
    resource_id   bigint NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, caller, key)
);
CREATE INDEX request_keys_created_at ON request_keys (created_at);
