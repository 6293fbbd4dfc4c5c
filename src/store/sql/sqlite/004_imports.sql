-- CSV imports (issue 7): the uploaded file kept between the preview and the
-- issuing, so the second step never trusts what the browser sends back.
-- A row is found by its random uid; its state moves preview -> running ->
-- done; done/total drive the progress bar and heartbeat_at tells a live
-- issuing thread from one the server lost (restart).  Purged after 24 h.
-- Kept in step with postgres/004_imports.sql.
CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    account_id    INTEGER NOT NULL,
    badgeclass_id INTEGER NOT NULL,
    filename      TEXT NOT NULL,
    data          BLOB NOT NULL,
    mapping       TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'preview',
    total         INTEGER NOT NULL DEFAULT 0,
    done          INTEGER NOT NULL DEFAULT 0,
    issued        INTEGER NOT NULL DEFAULT 0,
    existing      INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    results       TEXT,
    created_at    INTEGER NOT NULL,
    heartbeat_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_created ON imports(created_at);
