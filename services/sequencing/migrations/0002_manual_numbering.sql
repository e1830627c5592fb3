-- Manual numbering per point of sale: off unless the company turns it on
-- (points_of_sale.create / points_of_sale.update). A manual number is recorded in
-- `allocations` with manual = true, like any other; the counter skips it later.
ALTER TABLE points_of_sale ADD COLUMN manual_numbering boolean NOT NULL DEFAULT false;
