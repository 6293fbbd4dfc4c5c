-- 016_collections: a young person's collections (issue 8): named, ordered
-- sets of their own awards, shared together on one public page /c/{token}.
-- Kept in step with postgres/016_collections.sql.

CREATE TABLE holder_collections (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    holder_id   INTEGER NOT NULL REFERENCES holders(id),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX holder_collections_holder ON holder_collections(holder_id, created_at);

-- The awards of a collection, in the order the holder chose.
CREATE TABLE holder_collection_items (
    collection_id INTEGER NOT NULL REFERENCES holder_collections(id),
    award_id      INTEGER NOT NULL REFERENCES awards(id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (collection_id, award_id)
);

-- Public pages of a collection: a withdrawn token is never live again
-- (publishing again makes a new one).
CREATE TABLE holder_collection_shares (
    id            INTEGER PRIMARY KEY,
    token         TEXT NOT NULL UNIQUE,
    collection_id INTEGER NOT NULL REFERENCES holder_collections(id),
    created_at    INTEGER NOT NULL,
    withdrawn_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX holder_collection_shares_coll ON holder_collection_shares(collection_id);
