-- 008_holders: the holder model (issue 8).  A holder is a young person's
-- backpack identity: a first name, identifiers (emails, phones) proven or
-- not, and a personal link whose secret is kept only as its SHA-256.  An
-- award belongs to a holder when claimed by them (awards.holder_id) or when
-- its recipient email/phone is a verified identifier of the holder.
-- A deleted holder keeps its row (deleted_at) so the awards that point at it
-- stay consistent; its personal fields are blanked.
-- Kept in step with postgres/008_holders.sql.
CREATE TABLE holders (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    first_name    TEXT NOT NULL DEFAULT '',
    birth_year    INTEGER NOT NULL DEFAULT 0,
    link_hash     TEXT UNIQUE,
    password_hash TEXT,
    minor_public  INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    deleted_at    INTEGER NOT NULL DEFAULT 0
);

-- kind: 'email' (lower-cased) | 'phone' (E.164).  The same value may sit
-- unverified on several holders (two claims typed the same address), but
-- once proven it belongs to one holder only.
CREATE TABLE holder_identifiers (
    id          INTEGER PRIMARY KEY,
    holder_id   INTEGER NOT NULL REFERENCES holders(id),
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    verified_at INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (holder_id, kind, value)
);
CREATE UNIQUE INDEX holder_identifiers_verified ON holder_identifiers(kind, value)
    WHERE verified_at > 0;
CREATE INDEX holder_identifiers_value ON holder_identifiers(kind, value);

ALTER TABLE awards ADD COLUMN holder_id INTEGER REFERENCES holders(id);
CREATE INDEX awards_holder ON awards(holder_id);
CREATE INDEX awards_recipient_email ON awards(recipient_email);
CREATE INDEX awards_recipient_phone ON awards(recipient_phone);
