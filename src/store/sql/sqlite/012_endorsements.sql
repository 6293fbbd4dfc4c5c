-- 012_endorsements: signed endorsements (docs/internals/endorse.md).  An
-- organisation (endorser_org_id, whose keys sign) endorses a badge class,
-- an organisation or one award (subject_kind 'badge' | 'org' | 'award',
-- subject_ref = that row's id).  endorser_name is set when a person (a
-- tutor) is the endorser, the organisation only signing for them.  The
-- status index comes from the endorser's "status_index" counter, shared
-- with its awards, so the one status list covers both.
CREATE TABLE endorsements (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    endorser_org_id INTEGER NOT NULL REFERENCES orgs(id),
    subject_kind    TEXT NOT NULL,
    subject_ref     INTEGER NOT NULL,
    subject_org_id  INTEGER NOT NULL REFERENCES orgs(id),
    endorser_name   TEXT,
    comment         TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL DEFAULT 0,
    status_index    INTEGER NOT NULL,
    ob2_json        TEXT NOT NULL,
    ob3_json        TEXT NOT NULL,
    ob3_jwt         TEXT NOT NULL,
    withdrawn_at    INTEGER NOT NULL DEFAULT 0,
    visible         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (endorser_org_id, status_index)
);
CREATE INDEX endorsements_subject ON endorsements(subject_kind, subject_ref);
CREATE INDEX endorsements_endorser ON endorsements(endorser_org_id, withdrawn_at);

-- Endorsement requests: an organisation asks another to endorse one of its
-- badge classes; the asked organisation accepts (endorsement_id: the
-- endorsement made) or declines.  One request per badge class and
-- organisation asked.
CREATE TABLE endorsement_requests (
    id               INTEGER PRIMARY KEY,
    badgeclass_id    INTEGER NOT NULL REFERENCES badge_classes(id),
    requester_org_id INTEGER NOT NULL REFERENCES orgs(id),
    target_org_id    INTEGER NOT NULL REFERENCES orgs(id),
    message          TEXT,
    state            TEXT NOT NULL DEFAULT 'pending',
    created_at       INTEGER NOT NULL,
    answered_at      INTEGER NOT NULL DEFAULT 0,
    endorsement_id   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (badgeclass_id, target_org_id)
);
CREATE INDEX endorsement_requests_target ON endorsement_requests(target_org_id, state);

-- Recommendation links: a tutor or employer without an account recommends
-- one award from an emailed link.  Only the SHA-256 of the token is kept;
-- a link is used once and expires.
CREATE TABLE endorsement_links (
    token_hash  TEXT PRIMARY KEY,
    award_id    INTEGER NOT NULL REFERENCES awards(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    tutor_name  TEXT NOT NULL,
    tutor_email TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER NOT NULL DEFAULT 0,
    created_by  INTEGER NOT NULL DEFAULT 0
);
