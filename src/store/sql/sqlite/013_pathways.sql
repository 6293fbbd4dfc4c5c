-- Pathways (issue 9): a pathway of an organisation is a definition (JSON,
-- compiled by src/core/pathway.c) and a goal: a milestone badge class
-- awarded automatically, and later an opportunity (goal_opportunity_id, no
-- table yet).  pathway_progress keeps one row per pathway and person (the
-- normalised recipient email until holders exist), updated in the same
-- transaction as the award or revocation that changed it.
-- Kept in step with postgres/013_pathways.sql.
CREATE TABLE pathways (
    id                  INTEGER PRIMARY KEY,
    uid                 TEXT NOT NULL UNIQUE,
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    name                TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    definition_json     TEXT NOT NULL,
    goal_badgeclass_id  INTEGER REFERENCES badge_classes(id),
    goal_opportunity_id INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    archived            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pathways_org ON pathways(org_id, name);

CREATE TABLE pathway_progress (
    pathway_id         INTEGER NOT NULL REFERENCES pathways(id),
    person_key         TEXT NOT NULL,
    progress_pm        INTEGER NOT NULL,
    completed_at       INTEGER NOT NULL DEFAULT 0,
    milestone_award_id INTEGER NOT NULL DEFAULT 0,
    milestones_issued  INTEGER NOT NULL DEFAULT 0,
    withdrawn_at       INTEGER NOT NULL DEFAULT 0,
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (pathway_id, person_key)
);
CREATE INDEX awards_recipient ON awards(org_id, recipient_email);
