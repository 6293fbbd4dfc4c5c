-- 009_events (issue 8): events where badges are claimed by QR code.  An
-- event gives one participation badge (claimed by the young person from
-- the rotating QR code) and stand badges (given by the staff of a stand).
-- A claim links a holder (008) to the event once; its short code is what
-- a stand scans or types.  Kept in step with postgres/009_events.sql.
CREATE TABLE events (
    id                     INTEGER PRIMARY KEY,
    uid                    TEXT NOT NULL UNIQUE,
    org_id                 INTEGER NOT NULL REFERENCES orgs(id),
    name                   TEXT NOT NULL,
    place                  TEXT,
    starts_at              INTEGER NOT NULL,
    ends_at                INTEGER NOT NULL,
    claim_from             INTEGER NOT NULL,
    claim_until            INTEGER NOT NULL,
    capacity               INTEGER NOT NULL DEFAULT 0,
    pin                    TEXT,
    approval               INTEGER NOT NULL DEFAULT 0,
    rotate_s               INTEGER NOT NULL DEFAULT 30,
    participation_badge_id INTEGER NOT NULL REFERENCES badge_classes(id),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX events_org ON events(org_id, starts_at);

CREATE TABLE event_badges (
    event_id      INTEGER NOT NULL REFERENCES events(id),
    badgeclass_id INTEGER NOT NULL REFERENCES badge_classes(id),
    PRIMARY KEY (event_id, badgeclass_id)
);

CREATE TABLE event_claims (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id),
    holder_id  INTEGER NOT NULL REFERENCES holders(id),
    first_name TEXT NOT NULL,
    email      TEXT,
    phone      TEXT,
    code       TEXT NOT NULL,
    status     INTEGER NOT NULL DEFAULT 0,
    award_id   INTEGER REFERENCES awards(id),
    claimed_at INTEGER NOT NULL,
    decided_at INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, holder_id),
    UNIQUE (event_id, code)
);
CREATE INDEX event_claims_email ON event_claims(event_id, email);
CREATE INDEX event_claims_phone ON event_claims(event_id, phone);
CREATE INDEX event_claims_time ON event_claims(event_id, claimed_at);
