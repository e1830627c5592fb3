-- The RIDE and the e-mail (renderer-mailer's events). `render_requested`: the document's
-- `renderer.render_and_mail` was sent (its PDF path arrives in `files.pdf_path`). `mail`:
-- the latest mail request and what became of it, beside `mail_status`:
-- {request_id, recipients, at, reason, permanent, sent_at, message_id} (strings, ISO times);
-- for a `skipped` document only {reason}.
ALTER TABLE documents ADD COLUMN render_requested boolean NOT NULL DEFAULT false;
ALTER TABLE documents ADD COLUMN mail jsonb NOT NULL DEFAULT '{}';
