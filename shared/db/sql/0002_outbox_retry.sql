-- Per-row retry schedule: a row the broker refuses (e.g. a command nobody
-- consumes yet) backs off on its own instead of holding back newer rows.
ALTER TABLE outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT '-infinity';
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (next_attempt_at, id) WHERE published_at IS NULL;
