-- The customer's identification (RUC, cédula, passport; consumidor final 9999999999999) as
-- printed on the document, from documents' *_recorded events (customer_identification): the
-- aging report's `identification` column and GET /payments `search` (exact or prefix).
-- Null for rows recorded before the events carried it, and on placeholders.
ALTER TABLE receivables ADD COLUMN customer_identification text;
CREATE INDEX receivables_company_identification
    ON receivables (company_id, customer_identification text_pattern_ops) WHERE recorded;

-- The credit note's own issue date (CreditNoteRecorded.issue_date, company time zone): the
-- aging report counts a credit note from the day it was issued, not the day payments applied
-- it. Null for rows written before this column (the report then falls back to created_at,
-- in Ecuador time).
ALTER TABLE credit_applications ADD COLUMN issue_date date;
