-- Sales orders and quotations never go to the SRI: their sri_status is `not_applicable`
-- (API.md Part A), never `pending`. New rows get it from the issuance process (opening).
ALTER TABLE documents DROP CONSTRAINT documents_sri_status_check;
ALTER TABLE documents ADD CONSTRAINT documents_sri_status_check
    CHECK (sri_status IN ('pending', 'sending', 'received', 'authorized', 'rejected', 'error', 'not_applicable'));
UPDATE documents SET sri_status = 'not_applicable'
 WHERE type IN ('sales_order', 'quotation') AND sri_status <> 'not_applicable';
