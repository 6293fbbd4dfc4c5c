/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_framework.c: competency frameworks and their items (tables frameworks
 * and framework_items, migration 011).  Items keep the order of the file
 * they came from (position), which is a depth-first order once imported.
 */
#include <string.h>

#include "store/backend.h"

#define SEARCH_MAX 100u /* items one search returns at most */

static const char SQL_FW_INSERT[] =
    "INSERT INTO frameworks (uid, org_id, name, version, source_url, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_ITEM_INSERT[] =
    "INSERT INTO framework_items (framework_id, code, label, parent_code, description, url,"
    " depth, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_FW_LIST[] =
    "SELECT f.id, f.uid, f.org_id, f.name, f.version, f.source_url, f.created_at,"
    " (SELECT COUNT(*) FROM framework_items i WHERE i.framework_id = f.id)"
    " FROM frameworks f ORDER BY f.name, f.version, f.id";
static const char SQL_FW_BY_UID[] =
    "SELECT id, uid, org_id, name, version, source_url, created_at,"
    " (SELECT COUNT(*) FROM framework_items i WHERE i.framework_id = frameworks.id)"
    " FROM frameworks WHERE uid = $1";
#define ITEM_COLS                                                                                  \
    "i.id, i.framework_id, i.code, i.label, i.parent_code, i.description, i.url, i.depth,"         \
    " i.position, f.uid, f.name, f.source_url"
static const char SQL_ITEMS[] = "SELECT " ITEM_COLS " FROM framework_items i"
                                " JOIN frameworks f ON f.id = i.framework_id"
                                " WHERE i.framework_id = $1 ORDER BY i.position";
static const char SQL_ITEM_GET[] = "SELECT " ITEM_COLS " FROM framework_items i"
                                   " JOIN frameworks f ON f.id = i.framework_id WHERE i.id = $1";
/* lower() on both sides: the portable case-insensitive match (see q_badge.c). */
static const char SQL_SEARCH[] =
    "SELECT " ITEM_COLS " FROM framework_items i JOIN frameworks f ON f.id = i.framework_id"
    " WHERE lower(i.label) LIKE lower($1) ESCAPE '!' OR lower(i.code) LIKE lower($1) ESCAPE '!'"
    " ORDER BY f.name, f.id, i.position LIMIT $2";

/* The LIKE pattern %q% with the pattern characters of q escaped by '!'. */
static const char *like_pattern(struct bl_arena *a, const char *q)
{
    size_t n = strlen(q), j = 0;
    char *p = bl_arena_alloc(a, 2 * n + 3);
    p[j++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '!')
            p[j++] = '!';
        p[j++] = q[i];
    }
    p[j++] = '%';
    p[j] = '\0';
    return p;
}

static void fw_row(const struct bl_rows *r, size_t i, struct bl_framework *f)
{
    f->id = bl_cell_int(r, i, 0);
    f->uid = bl_cell_text(r, i, 1);
    f->org_id = bl_cell_int(r, i, 2);
    f->name = bl_cell_text(r, i, 3);
    f->version = bl_cell_text(r, i, 4);
    f->source_url = bl_cell_text(r, i, 5);
    f->created_at = bl_cell_int(r, i, 6);
    f->n_items = bl_cell_int(r, i, 7);
}

static void item_row(const struct bl_rows *r, size_t i, struct bl_fw_item *it)
{
    it->id = bl_cell_int(r, i, 0);
    it->framework_id = bl_cell_int(r, i, 1);
    it->code = bl_cell_text(r, i, 2);
    it->label = bl_cell_text(r, i, 3);
    it->parent_code = bl_cell_text(r, i, 4);
    it->description = bl_cell_text(r, i, 5);
    it->url = bl_cell_text(r, i, 6);
    it->depth = bl_cell_int(r, i, 7);
    it->position = bl_cell_int(r, i, 8);
    it->framework_uid = bl_cell_text(r, i, 9);
    it->framework_name = bl_cell_text(r, i, 10);
    it->framework_url = bl_cell_text(r, i, 11);
}

static enum bl_err item_rows(struct bl_tx *tx, const struct bl_rows *r, struct bl_fw_item **rows,
                             size_t *n)
{
    *rows = r->nrows ? bl_arena_zalloc(bl_tx_arena(tx), r->nrows * sizeof **rows) : NULL;
    for (size_t i = 0; i < r->nrows; i++)
        item_row(r, i, &(*rows)[i]);
    *n = r->nrows;
    return BL_OK;
}

enum bl_err bl_store_framework_insert(struct bl_tx *tx, struct bl_framework *fw,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(fw->uid),        bl_v_int(fw->org_id),
                         bl_v_text(fw->name),       bl_v_text(fw->version ? fw->version : ""),
                         bl_v_text(fw->source_url), bl_v_int(fw->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_FW_INSERT, p, BL_NPARAMS(p), &r, ei);
    /* ON CONFLICT DO NOTHING: a taken name keeps a PostgreSQL transaction usable. */
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "framework \"%s\" version \"%s\" already exists", fw->name,
                     fw->version ? fw->version : "");
    if (rc == BL_OK)
        fw->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_fw_item_insert(struct bl_tx *tx, struct bl_fw_item *it, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(it->framework_id), bl_v_text(it->code),
                         bl_v_text(it->label),       bl_v_text(it->parent_code),
                         bl_v_text(it->description), bl_v_text(it->url),
                         bl_v_int(it->depth),        bl_v_int(it->position)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ITEM_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "framework item code \"%s\" already exists", it->code);
    if (rc == BL_OK)
        it->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_framework_list(struct bl_tx *tx, struct bl_framework **rows, size_t *n,
                                    struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_FW_LIST, NULL, 0, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        fw_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_framework_by_uid(struct bl_tx *tx, const char *uid, struct bl_framework *out,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_FW_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such framework");
    fw_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_fw_items(struct bl_tx *tx, int64_t framework_id, struct bl_fw_item **rows,
                              size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(framework_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ITEMS, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    return rc == BL_OK ? item_rows(tx, &r, rows, n) : rc;
}

enum bl_err bl_store_fw_item_get(struct bl_tx *tx, int64_t id, struct bl_fw_item *out,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ITEM_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such framework item");
    item_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_fw_search(struct bl_tx *tx, const char *q, size_t limit,
                               struct bl_fw_item **rows, size_t *n, struct bl_errinfo *ei)
{
    if (limit == 0 || limit > SEARCH_MAX)
        limit = SEARCH_MAX;
    struct bl_val p[] = {bl_v_text(like_pattern(bl_tx_arena(tx), q ? q : "")),
                         bl_v_int((int64_t)limit)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SEARCH, p, BL_NPARAMS(p), &r, ei);
    *rows = NULL;
    *n = 0;
    return rc == BL_OK ? item_rows(tx, &r, rows, n) : rc;
}

/* ---- uploads between preview and saving ---- */

static const char SQL_UP_INSERT[] =
    "INSERT INTO framework_uploads (uid, org_id, account_id, filename, data, name, version,"
    " source_url, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char SQL_UP_GET[] =
    "SELECT id, uid, org_id, account_id, filename, data, name, version, source_url, created_at"
    " FROM framework_uploads WHERE uid = $1";
static const char SQL_UP_DELETE[] =
    "DELETE FROM framework_uploads WHERE id = $1 OR created_at < $2";

enum bl_err bl_store_fw_upload_insert(struct bl_tx *tx, struct bl_fw_upload *u,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(u->uid),
                         bl_v_int(u->org_id),
                         bl_v_int(u->account_id),
                         bl_v_text(u->filename),
                         bl_v_blob(u->data, u->data_len),
                         bl_v_text(u->name),
                         bl_v_text(u->version),
                         bl_v_text(u->source_url),
                         bl_v_int(u->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_UP_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK)
        u->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_fw_upload_by_uid(struct bl_tx *tx, const char *uid, struct bl_fw_upload *out,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_UP_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such framework upload");
    out->id = bl_cell_int(&r, 0, 0);
    out->uid = bl_cell_text(&r, 0, 1);
    out->org_id = bl_cell_int(&r, 0, 2);
    out->account_id = bl_cell_int(&r, 0, 3);
    out->filename = bl_cell_text(&r, 0, 4);
    out->data = bl_cell_blob(&r, 0, 5, &out->data_len);
    out->name = bl_cell_text(&r, 0, 6);
    out->version = bl_cell_text(&r, 0, 7);
    out->source_url = bl_cell_text(&r, 0, 8);
    out->created_at = bl_cell_int(&r, 0, 9);
    return BL_OK;
}

enum bl_err bl_store_fw_upload_delete(struct bl_tx *tx, int64_t id, int64_t before,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(before)};
    return bl_store__exec(tx, SQL_UP_DELETE, p, BL_NPARAMS(p), NULL, ei);
}
