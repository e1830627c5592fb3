-- Results of the SRI submission (sri-submitter's events): the newest applied event's
-- sequence, so a late or redelivered older one never moves sri_status back.
ALTER TABLE documents ADD COLUMN sri_sequence bigint NOT NULL DEFAULT 0;
