-- The gateway keeps recently checked credentials in memory for a few seconds
-- (db/credential_cache.py). Every change that can take a permission away tells
-- every gateway at once, in the changing transaction (delivered on commit):
-- a revoked or rescoped API key, a closed or shortened session, a deactivated
-- user, a changed or removed membership, a company's modules. New rows need no
-- notice: misses are never cached. last_used_at writes do not notify.
CREATE FUNCTION notify_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gateway_credentials', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_changed AFTER UPDATE OF revoked_at, scopes, company_id OR DELETE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER sessions_changed AFTER UPDATE OF revoked_at, expires_at, user_id OR DELETE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER users_changed AFTER UPDATE OF active OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER memberships_changed AFTER UPDATE OR DELETE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
CREATE TRIGGER companies_changed AFTER UPDATE OF modules OR DELETE ON companies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_credentials_changed();
