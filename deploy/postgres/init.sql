-- One schema per service (ARCHITECTURE.md: "a schema per service"; no service reads
-- another's). Run once by the postgres image on an empty data directory
-- (docker-compose mounts it into /docker-entrypoint-initdb.d). Each service's
-- migrations also create their own schema if missing, so this is only the layout.
-- Tables inside each schema come from services/<svc>/migrations (numbered SQL files).
CREATE SCHEMA IF NOT EXISTS gateway;
CREATE SCHEMA IF NOT EXISTS documents;
CREATE SCHEMA IF NOT EXISTS inventory;
CREATE SCHEMA IF NOT EXISTS sequencing;
CREATE SCHEMA IF NOT EXISTS sri_submitter;
CREATE SCHEMA IF NOT EXISTS renderer_mailer;
CREATE SCHEMA IF NOT EXISTS payments;
