/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_import.c: CSV imports kept between preview and issuing (table imports,
 * migration 004), and the look-up of an award by its import key.
 */
#include <string.h>

#include "store/backend.h"

#define IMPORT_COLS                                                                                \
    "id, uid, org_id, account_id, badgeclass_id, filename, data, mapping, state, total, done,"     \
    " issued, existing, failed, results, created_at, heartbeat_at"

static const char SQL_IMPORT_INSERT[] =
    "INSERT INTO imports (uid, org_id, account_id, badgeclass_id, filename, data, mapping,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_IMPORT_BY_UID[] = "SELECT " IMPORT_COLS " FROM imports WHERE uid = $1";
static const char SQL_IMPORT_MAPPING[] =
    "UPDATE imports SET mapping = $2 WHERE id = $1 AND state = 'preview'";
/* Start issuing: from the preview, or taking over a run whose thread stopped beating. */
static const char SQL_IMPORT_CLAIM[] =
    "UPDATE imports SET state = 'running', total = $2, done = 0, issued = 0, existing = 0,"
    " failed = 0, heartbeat_at = $3 WHERE id = $1"
    " AND (state = 'preview' OR (state = 'running' AND heartbeat_at < $4))";
static const char SQL_IMPORT_PROGRESS[] =
    "UPDATE imports SET done = $2, issued = $3, existing = $4, failed = $5, heartbeat_at = $6"
    " WHERE id = $1 AND state = 'running'";
static const char SQL_IMPORT_FINISH[] =
    "UPDATE imports SET state = 'done', results = $2, heartbeat_at = $3 WHERE id = $1";
static const char SQL_IMPORT_PURGE[] = "DELETE FROM imports WHERE created_at < $1";
static const char SQL_AWARD_IDEM_UID[] =
    "SELECT uid FROM awards WHERE org_id = $1 AND idem_key = $2";

enum bl_err bl_store_import_insert(struct bl_tx *tx, struct bl_import *im, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(im->uid),       bl_v_int(im->org_id),
                         bl_v_int(im->account_id), bl_v_int(im->badgeclass_id),
                         bl_v_text(im->filename),  bl_v_blob(im->data, im->data_len),
                         bl_v_text(im->mapping),   bl_v_int(im->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IMPORT_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 1)
        im->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_import_by_uid(struct bl_tx *tx, const char *uid, struct bl_import *out,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IMPORT_BY_UID, p, 1, &r, ei);

    memset(out, 0, sizeof *out);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no import %.40s", uid);
    out->id = bl_cell_int(&r, 0, 0);
    out->uid = bl_cell_text(&r, 0, 1);
    out->org_id = bl_cell_int(&r, 0, 2);
    out->account_id = bl_cell_int(&r, 0, 3);
    out->badgeclass_id = bl_cell_int(&r, 0, 4);
    out->filename = bl_cell_text(&r, 0, 5);
    out->data = bl_cell_blob(&r, 0, 6, &out->data_len);
    out->mapping = bl_cell_text(&r, 0, 7);
    out->state = bl_cell_text(&r, 0, 8);
    out->total = bl_cell_int(&r, 0, 9);
    out->done = bl_cell_int(&r, 0, 10);
    out->issued = bl_cell_int(&r, 0, 11);
    out->existing = bl_cell_int(&r, 0, 12);
    out->failed = bl_cell_int(&r, 0, 13);
    out->results = bl_cell_text(&r, 0, 14);
    out->created_at = bl_cell_int(&r, 0, 15);
    out->heartbeat_at = bl_cell_int(&r, 0, 16);
    return BL_OK;
}

enum bl_err bl_store_import_set_mapping(struct bl_tx *tx, int64_t id, const char *mapping,
                                        struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_text(mapping)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IMPORT_MAPPING, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_EEXISTS, "import %lld: issuing has started", (long long)id);
    return rc;
}

enum bl_err bl_store_import_claim(struct bl_tx *tx, int64_t id, int64_t total, int64_t now,
                                  int64_t stale_before, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(total), bl_v_int(now), bl_v_int(stale_before)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IMPORT_CLAIM, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_EEXISTS, "import %lld: already issuing or done", (long long)id);
    return rc;
}

enum bl_err bl_store_import_progress(struct bl_tx *tx, const struct bl_import *im, int64_t now,
                                     struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(im->id),       bl_v_int(im->done),   bl_v_int(im->issued),
                         bl_v_int(im->existing), bl_v_int(im->failed), bl_v_int(now)};
    return bl_store__exec(tx, SQL_IMPORT_PROGRESS, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_import_finish(struct bl_tx *tx, int64_t id, const char *results, int64_t now,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_text(results), bl_v_int(now)};
    return bl_store__exec(tx, SQL_IMPORT_FINISH, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_import_purge(struct bl_tx *tx, int64_t before, size_t *n,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(before)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IMPORT_PURGE, p, 1, &r, ei);
    *n = rc == BL_OK ? (size_t)r.changes : 0;
    return rc;
}

enum bl_err bl_store_award_idem_uid(struct bl_tx *tx, int64_t org_id, const char *idem_key,
                                    const char **uid, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_text(idem_key)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_IDEM_UID, p, BL_NPARAMS(p), &r, ei);
    *uid = rc == BL_OK && r.nrows > 0 ? bl_cell_text(&r, 0, 0) : NULL;
    return rc;
}
