/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_collection.c: a holder's collections, their ordered items and public
 * pages (tables holder_collections, holder_collection_items,
 * holder_collection_shares; migration 016).
 */
#include <string.h>

#include "store/backend.h"

/* The live token and the item count come with every row. */
#define COLL_COLS                                                                                  \
    "c.id, c.uid, c.holder_id, c.name, c.description, c.created_at, c.updated_at,"                 \
    " (SELECT s.token FROM holder_collection_shares s WHERE s.collection_id = c.id"                \
    " AND s.withdrawn_at = 0 ORDER BY s.id DESC LIMIT 1),"                                         \
    " (SELECT COUNT(*) FROM holder_collection_items i WHERE i.collection_id = c.id)"

static const char SQL_INSERT[] =
    "INSERT INTO holder_collections (uid, holder_id, name, description, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_LIST[] = "SELECT " COLL_COLS " FROM holder_collections c"
                               " WHERE c.holder_id = $1 ORDER BY c.created_at, c.id";
static const char SQL_GET[] = "SELECT " COLL_COLS " FROM holder_collections c"
                              " WHERE c.holder_id = $1 AND c.uid = $2";
static const char SQL_BY_TOKEN[] =
    "SELECT " COLL_COLS " FROM holder_collections c JOIN holder_collection_shares t"
    " ON t.collection_id = c.id WHERE t.token = $1 AND t.withdrawn_at = 0";
static const char SQL_UPDATE[] =
    "UPDATE holder_collections SET name = $2, description = $3, updated_at = $4 WHERE id = $1";
static const char *const SQL_DELETE[] = {
    "DELETE FROM holder_collection_items WHERE collection_id = $1",
    "DELETE FROM holder_collection_shares WHERE collection_id = $1",
    "DELETE FROM holder_collections WHERE id = $1",
};
static const char SQL_ITEMS[] = "SELECT award_id FROM holder_collection_items"
                                " WHERE collection_id = $1 ORDER BY position";
static const char SQL_ITEMS_CLEAR[] =
    "DELETE FROM holder_collection_items WHERE collection_id = $1";
static const char SQL_ITEM_ADD[] =
    "INSERT INTO holder_collection_items (collection_id, award_id, position) VALUES ($1, $2, $3)";
static const char SQL_SHARE[] =
    "INSERT INTO holder_collection_shares (token, collection_id, created_at, withdrawn_at)"
    " VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_WITHDRAW[] =
    "UPDATE holder_collection_shares SET withdrawn_at = $3 WHERE withdrawn_at = 0"
    " AND collection_id IN (SELECT id FROM holder_collections"
    " WHERE holder_id = $1 AND ($2 = 0 OR id = $2))";

static void coll_row(const struct bl_rows *r, size_t i, struct bl_holder_coll *c)
{
    memset(c, 0, sizeof *c);
    c->id = bl_cell_int(r, i, 0);
    c->uid = bl_cell_text(r, i, 1);
    c->holder_id = bl_cell_int(r, i, 2);
    c->name = bl_cell_text(r, i, 3);
    c->description = bl_cell_text(r, i, 4);
    c->created_at = bl_cell_int(r, i, 5);
    c->updated_at = bl_cell_int(r, i, 6);
    c->share_token = bl_cell_text(r, i, 7);
    c->nitems = bl_cell_int(r, i, 8);
}

static enum bl_err coll_one(struct bl_tx *tx, const char *sql, const struct bl_val *p, size_t np,
                            struct bl_holder_coll *out, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such collection");
    coll_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_hcoll_insert(struct bl_tx *tx, struct bl_holder_coll *c, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(c->uid), bl_v_int(c->holder_id), bl_v_text(c->name),
                         bl_v_text(c->description ? c->description : ""), bl_v_int(c->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "collection uid already exists");
    else if (rc == BL_OK)
        c->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_hcoll_list(struct bl_tx *tx, int64_t holder_id, struct bl_holder_coll **rows,
                                size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id)};
    struct bl_rows r;
    *rows = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_LIST, p, 1, &r, ei);
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        coll_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_hcoll_get(struct bl_tx *tx, int64_t holder_id, const char *uid,
                               struct bl_holder_coll *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_text(uid)};
    return coll_one(tx, SQL_GET, p, BL_NPARAMS(p), out, ei);
}

enum bl_err bl_store_hcoll_by_token(struct bl_tx *tx, const char *token, struct bl_holder_coll *out,
                                    struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token)};
    return coll_one(tx, SQL_BY_TOKEN, p, 1, out, ei);
}

enum bl_err bl_store_hcoll_update(struct bl_tx *tx, const struct bl_holder_coll *c,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(c->id), bl_v_text(c->name),
                         bl_v_text(c->description ? c->description : ""), bl_v_int(c->updated_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_UPDATE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such collection");
    return rc;
}

enum bl_err bl_store_hcoll_delete(struct bl_tx *tx, int64_t id, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r = {0};
    enum bl_err rc = BL_OK;
    for (size_t i = 0; i < sizeof SQL_DELETE / sizeof SQL_DELETE[0] && rc == BL_OK; i++)
        rc = bl_store__exec(tx, SQL_DELETE[i], p, 1, &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such collection");
    return rc;
}

enum bl_err bl_store_hcoll_items(struct bl_tx *tx, int64_t id, int64_t **award_ids, size_t *n,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    *award_ids = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_ITEMS, p, 1, &r, ei);
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *award_ids = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **award_ids);
    for (size_t i = 0; i < r.nrows; i++)
        (*award_ids)[i] = bl_cell_int(&r, i, 0);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_hcoll_set_items(struct bl_tx *tx, int64_t id, const int64_t *award_ids,
                                     size_t n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    enum bl_err rc = bl_store__exec(tx, SQL_ITEMS_CLEAR, p, 1, NULL, ei);
    for (size_t i = 0; i < n && rc == BL_OK; i++) {
        struct bl_val q[] = {bl_v_int(id), bl_v_int(award_ids[i]), bl_v_int((int64_t)i)};
        rc = bl_store__exec(tx, SQL_ITEM_ADD, q, BL_NPARAMS(q), NULL, ei);
    }
    return rc;
}

enum bl_err bl_store_hcoll_share(struct bl_tx *tx, int64_t id, const char *token, int64_t now,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token), bl_v_int(id), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SHARE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "collection page token already exists");
    return rc;
}

enum bl_err bl_store_hcoll_withdraw(struct bl_tx *tx, int64_t holder_id, int64_t id, int64_t at,
                                    size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_int(id), bl_v_int(at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_WITHDRAW, p, BL_NPARAMS(p), &r, ei);
    *n = rc == BL_OK ? (size_t)r.changes : 0;
    return rc;
}

/* ---- order ---- */

static const char SQL_POSITIONS[] = "SELECT award_id, position FROM holder_collection_items"
                                    " WHERE collection_id = $1 AND award_id IN ($2, $3)";
/* $4, $5: the positions of $2, $3 as read; a row moved since then is not touched. */
static const char SQL_SWAP[] =
    "UPDATE holder_collection_items SET position = CASE WHEN award_id = $2 THEN $5 ELSE $4 END"
    " WHERE collection_id = $1"
    " AND ((award_id = $2 AND position = $4) OR (award_id = $3 AND position = $5))";

enum bl_err bl_store_hcoll_swap(struct bl_tx *tx, int64_t id, int64_t a, int64_t b,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(a), bl_v_int(b)};
    struct bl_rows r;
    int64_t pa = -1, pb = -1;
    if (a == b)
        return bl_fail(ei, BL_EINVAL, "collection order: a badge swapped with itself");
    enum bl_err rc = bl_store__exec(tx, SQL_POSITIONS, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    for (size_t i = 0; i < r.nrows; i++) {
        if (bl_cell_int(&r, i, 0) == a)
            pa = bl_cell_int(&r, i, 1);
        else
            pb = bl_cell_int(&r, i, 1);
    }
    if (pa < 0 || pb < 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such badge in this collection");
    struct bl_val q[] = {bl_v_int(id), bl_v_int(a), bl_v_int(b), bl_v_int(pa), bl_v_int(pb)};
    rc = bl_store__exec(tx, SQL_SWAP, q, BL_NPARAMS(q), &r, ei);
    if (rc == BL_OK && r.changes != 2)
        rc = bl_fail(ei, BL_ERETRY, "collection order changed concurrently");
    return rc;
}
