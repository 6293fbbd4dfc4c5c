-- 010_backpack: the young person's backpack (issue 8) on top of the holder
-- model of 008: one-time sign-in codes, holder sessions, share links.
-- Secrets (codes, links, session cookies) are kept only as SHA-256.
-- Kept in step with postgres/010_backpack.sql.

-- A code sent to an email or phone: to sign in (holder_id NULL until
-- used) or to prove an identifier added to a backpack (purpose 'add').
CREATE TABLE holder_codes (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    holder_id   INTEGER REFERENCES holders(id),
    code_hash   TEXT NOT NULL,
    link_hash   TEXT NOT NULL UNIQUE,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX holder_codes_value ON holder_codes(kind, value, created_at);

-- A holder merged into another (the same person proved an identifier of
-- both): its personal link leads to the one it joined.
ALTER TABLE holders ADD COLUMN merged_into INTEGER REFERENCES holders(id);

-- Backpack sessions: separate from staff sessions (cookie "sac").
CREATE TABLE holder_sessions (
    token_hash TEXT PRIMARY KEY,
    holder_id  INTEGER NOT NULL REFERENCES holders(id),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX holder_sessions_holder ON holder_sessions(holder_id);

-- Public pages /b/{token} of one award, made by its holder; withdrawn_at
-- set: the page is gone.
CREATE TABLE holder_shares (
    id           INTEGER PRIMARY KEY,
    token        TEXT NOT NULL UNIQUE,
    holder_id    INTEGER NOT NULL REFERENCES holders(id),
    award_id     INTEGER NOT NULL REFERENCES awards(id),
    created_at   INTEGER NOT NULL,
    withdrawn_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX holder_shares_holder ON holder_shares(holder_id, award_id);

-- Badges from elsewhere that a holder brought into the backpack: what was
-- given (a baked image, a URL, JSON or a JWT), the verifier's verdict and
-- report, and when it was last checked.
CREATE TABLE holder_imports (
    id          INTEGER PRIMARY KEY,
    holder_id   INTEGER NOT NULL REFERENCES holders(id),
    source      TEXT NOT NULL,
    payload     BLOB NOT NULL,
    verdict     TEXT NOT NULL,
    achievement TEXT,
    issuer      TEXT,
    report_json TEXT NOT NULL,
    verified_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX holder_imports_holder ON holder_imports(holder_id, created_at);

-- The outbox carries text messages too (channel 'sms', sent by a gateway
-- when one is configured) and messages of no organisation (sign-in codes):
-- SQLite cannot drop a NOT NULL, so the table is rebuilt.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER REFERENCES orgs(id),
    award_id        INTEGER REFERENCES awards(id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    channel         TEXT NOT NULL DEFAULT 'email'
);
INSERT INTO outbox_new (id, org_id, award_id, to_addr, subject, body_text, body_html, created_at,
                        attempts, next_attempt_at, sent_at, last_error)
    SELECT id, org_id, award_id, to_addr, subject, body_text, body_html, created_at, attempts,
           next_attempt_at, sent_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
CREATE INDEX outbox_award ON outbox(award_id);
CREATE INDEX outbox_to ON outbox(to_addr);
