-- 015_opportunities: opportunities offered by an organisation (a job, an
-- interview, an immersion, an apprenticeship, a training place) and the
-- young people's applications to them (issue 9).
-- An opportunity requires a set of badge classes (of any organisation) and
-- optionally a pathway; pathway_id is a plain integer without a foreign key
-- because pathways live in another migration (app/opportunity.h: the hook).
-- Dates are calendar days as text 'YYYY-MM-DD' ('' when none): they sort as
-- text and carry no time zone.  Timestamps are unix seconds.
-- Kept in step with postgres/015_opportunities.sql.
CREATE TABLE opportunities (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    start_date  TEXT NOT NULL DEFAULT '',
    end_date    TEXT NOT NULL DEFAULT '',
    places      INTEGER NOT NULL DEFAULT 1,
    status      TEXT NOT NULL DEFAULT 'open',
    pathway_id  INTEGER,
    created_by  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX opportunities_org ON opportunities(org_id);
CREATE INDEX opportunities_status ON opportunities(status, end_date);

CREATE TABLE opportunity_requirements (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id),
    badgeclass_id  INTEGER NOT NULL REFERENCES badge_classes(id),
    PRIMARY KEY (opportunity_id, badgeclass_id)
);

-- status: 'sent' | 'seen' | 'interview' | 'accepted' | 'refused' | 'withdrawn';
-- outcome: '' | 'hired' | 'not_retained' | 'no_follow_up'.  contact is the
-- email or phone the holder chose to give this organisation ('' for none).
CREATE TABLE applications (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id),
    holder_id      INTEGER NOT NULL REFERENCES holders(id),
    contact        TEXT NOT NULL DEFAULT '',
    message        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'sent',
    answer         TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    answered_at    INTEGER NOT NULL DEFAULT 0,
    outcome_at     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (opportunity_id, holder_id)
);
CREATE INDEX applications_holder ON applications(holder_id);

-- The awards an application shares: exactly one per required badge class.
CREATE TABLE application_awards (
    application_id INTEGER NOT NULL REFERENCES applications(id),
    award_id       INTEGER NOT NULL REFERENCES awards(id),
    PRIMARY KEY (application_id, award_id)
);
