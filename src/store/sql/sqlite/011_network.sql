-- The stakeholder network (issue 9): partner profiles, competency
-- frameworks and the needs board.  Kept in step with postgres/011_network.sql.
--
-- An organisation without a profile row is a network admin (the Mission
-- Locale and any organisation the operator creates); partners get a row
-- with their kind when the network invites them.
CREATE TABLE org_profiles (
    org_id        INTEGER PRIMARY KEY REFERENCES orgs(id),
    kind          TEXT NOT NULL,
    sector        TEXT,
    siret         TEXT,
    contact_name  TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    invited_by    INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX org_profiles_kind ON org_profiles(kind);

-- A competency framework (ROME 4.0, CléA, a demo one) and its items, a
-- tree by parent_code within the framework.
CREATE TABLE frameworks (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    name       TEXT NOT NULL,
    version    TEXT NOT NULL DEFAULT '',
    source_url TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, name, version)
);

CREATE TABLE framework_items (
    id           INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES frameworks(id),
    code         TEXT NOT NULL,
    label        TEXT NOT NULL,
    parent_code  TEXT,
    description  TEXT,
    url          TEXT,
    depth        INTEGER NOT NULL DEFAULT 0,
    position     INTEGER NOT NULL,
    UNIQUE (framework_id, code)
);
CREATE INDEX framework_items_order ON framework_items(framework_id, position);

-- The needs board: a partner's need, the items it names, the other
-- partners' support and the answers (badge classes, workshops) linked by
-- the network admin.
CREATE TABLE needs (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    people      INTEGER NOT NULL DEFAULT 0,
    sector      TEXT,
    horizon     TEXT,
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX needs_created ON needs(created_at);

CREATE TABLE need_items (
    need_id INTEGER NOT NULL REFERENCES needs(id),
    item_id INTEGER NOT NULL REFERENCES framework_items(id),
    PRIMARY KEY (need_id, item_id)
);

CREATE TABLE need_supports (
    need_id    INTEGER NOT NULL REFERENCES needs(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    comment    TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (need_id, org_id)
);

CREATE TABLE need_answers (
    need_id    INTEGER NOT NULL REFERENCES needs(id),
    kind       TEXT NOT NULL,
    ref_uid    TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (need_id, kind, ref_uid)
);

-- A framework file kept between its preview and its saving (the second
-- step never trusts what the browser sends back); purged after a day.
CREATE TABLE framework_uploads (
    id         INTEGER PRIMARY KEY,
    uid        TEXT NOT NULL UNIQUE,
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    account_id INTEGER NOT NULL,
    filename   TEXT,
    data       BLOB NOT NULL,
    name       TEXT,
    version    TEXT,
    source_url TEXT,
    created_at INTEGER NOT NULL
);
