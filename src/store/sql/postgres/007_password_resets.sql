-- Password reset and invitation links (issue 7): one row per link sent by
-- email.  Only the SHA-256 of the secret is kept, so a database leak opens
-- no account; a link is single use (used_at) and short-lived (expires_at).
-- Kept in step with sqlite/007_password_resets.sql.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX password_resets_account ON password_resets(account_id);
CREATE INDEX sessions_account ON sessions(account_id);
