-- Document search (GET /documents: db/search.py): the issue-date range, the customer, the
-- number, and a substring of the customer's name (ignoring case and accents) or identification.
--
-- `unaccent` and `pg_trgm` ship with PostgreSQL's contrib (in Debian's server package and the
-- postgres image) and are trusted extensions (PostgreSQL 13+): the database owner may create
-- them. They go into `public`, on every service's search path, so a second service wanting
-- one finds the same.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- lower(unaccent(text)). unaccent() is only STABLE (its dictionary could change); naming the
-- dictionary makes this one IMMUTABLE, so it can be indexed.
CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE INDEX documents_company_issue_date ON documents (company_id, issue_date, id DESC);
CREATE INDEX documents_company_customer ON documents (company_id, customer_id, id DESC)
    WHERE customer_id IS NOT NULL;
CREATE INDEX documents_company_number ON documents (company_id, number);
-- substring (LIKE '%...%') searches: trigram indexes
CREATE INDEX documents_customer_name_trgm ON documents
    USING gin (search_fold(customer ->> 'name') public.gin_trgm_ops);
CREATE INDEX documents_customer_identification_trgm ON documents
    USING gin ((customer ->> 'identification') public.gin_trgm_ops);
