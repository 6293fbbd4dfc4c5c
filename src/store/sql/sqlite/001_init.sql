-- Blason schema, version 1 (SQLite).  Times are unix seconds; 0 means "not set"
-- only where the column says so.  Kept in step with postgres/001_init.sql.
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    email       TEXT,
    description TEXT,
    image       BLOB,
    image_type  TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE org_keys (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    kid        TEXT NOT NULL UNIQUE,
    alg        TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    sealed     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX org_keys_org ON org_keys(org_id, retired_at);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE memberships (
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role       INTEGER NOT NULL CHECK (role BETWEEN 1 AND 3),
    PRIMARY KEY (org_id, account_id)
);
CREATE INDEX memberships_account ON memberships(account_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL DEFAULT 0,
    revoked_at   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE throttle (
    key          TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);

CREATE TABLE badge_classes (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT NOT NULL UNIQUE,
    org_id             INTEGER NOT NULL REFERENCES orgs(id),
    name               TEXT NOT NULL,
    description        TEXT NOT NULL,
    criteria_narrative TEXT,
    criteria_url       TEXT,
    image              BLOB,
    image_type         TEXT,
    alignments_json    TEXT NOT NULL DEFAULT '[]',
    tags_json          TEXT NOT NULL DEFAULT '[]',
    validity           TEXT NOT NULL DEFAULT 'none',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    archived           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX badge_classes_org ON badge_classes(org_id, name);

CREATE TABLE awards (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    badgeclass_id     INTEGER NOT NULL REFERENCES badge_classes(id),
    recipient_email   TEXT,
    recipient_phone   TEXT,
    recipient_name    TEXT,
    recipient_salt    TEXT NOT NULL,
    evidence_json     TEXT NOT NULL DEFAULT '[]',
    narrative         TEXT,
    issued_at         INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL DEFAULT 0,
    status_index      INTEGER NOT NULL,
    ob2_json          TEXT,
    ob2_jws           TEXT,
    ob3_json          TEXT,
    ob3_jwt           TEXT,
    idem_key          TEXT,
    revoked_at        INTEGER NOT NULL DEFAULT 0,
    revocation_reason TEXT,
    created_by        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_id, status_index),
    UNIQUE (org_id, idem_key)
);
CREATE INDEX awards_org ON awards(org_id, issued_at);
CREATE INDEX awards_class ON awards(badgeclass_id, issued_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    account_id  INTEGER NOT NULL DEFAULT 0,
    org_id      INTEGER NOT NULL DEFAULT 0,
    action      TEXT NOT NULL,
    subject     TEXT,
    detail_json TEXT
);
CREATE INDEX audit_log_org ON audit_log(org_id, id);
