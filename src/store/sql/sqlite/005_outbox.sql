-- Outgoing mail (issue 7): one row per message, written in the same
-- transaction as what caused it (an award), sent later by the server's
-- mailer.  next_attempt_at doubles as a lease: a sender that claims a row
-- pushes it forward, so another sender skips it until the lease ends.
-- Kept in step with postgres/005_outbox.sql.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    award_id        INTEGER REFERENCES awards(id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT
);
-- Due messages: unsent (sent_at = 0) and not given up (next_attempt_at >= 0).
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
CREATE INDEX outbox_award ON outbox(award_id);
