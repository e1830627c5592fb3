-- payment_status follows payments' `payments.receivable_updated` events: `payment_version` is
-- the receivable version last applied (0: none yet); an event whose version is not newer
-- changes neither column (process/receivable.py).
ALTER TABLE documents ADD COLUMN payment_version integer NOT NULL DEFAULT 0;
