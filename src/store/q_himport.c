/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_himport.c: badges from elsewhere in a backpack (table holder_imports,
 * migration 010).
 */
#include <string.h>

#include "store/backend.h"

static const char SQL_INSERT[] =
    "INSERT INTO holder_imports (holder_id, source, payload, verdict, achievement, issuer,"
    " report_json, verified_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " RETURNING id";
static const char SQL_LIST[] =
    "SELECT id, holder_id, source, verdict, achievement, issuer, report_json, verified_at,"
    " created_at FROM holder_imports WHERE holder_id = $1 ORDER BY created_at DESC, id DESC";
static const char SQL_GET[] =
    "SELECT id, holder_id, source, verdict, achievement, issuer, report_json, verified_at,"
    " created_at, payload FROM holder_imports WHERE holder_id = $1 AND id = $2";
static const char SQL_VERDICT[] =
    "UPDATE holder_imports SET verdict = $3, achievement = $4, issuer = $5, report_json = $6,"
    " verified_at = $7 WHERE holder_id = $1 AND id = $2";

static void row(const struct bl_rows *r, size_t i, struct bl_holder_import *im)
{
    memset(im, 0, sizeof *im);
    im->id = bl_cell_int(r, i, 0);
    im->holder_id = bl_cell_int(r, i, 1);
    im->source = bl_cell_text(r, i, 2);
    im->verdict = bl_cell_text(r, i, 3);
    im->achievement = bl_cell_text(r, i, 4);
    im->issuer = bl_cell_text(r, i, 5);
    im->report_json = bl_cell_text(r, i, 6);
    im->verified_at = bl_cell_int(r, i, 7);
    im->created_at = bl_cell_int(r, i, 8);
}

enum bl_err bl_store_himport_insert(struct bl_tx *tx, struct bl_holder_import *im,
                                    struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(im->holder_id),
                         bl_v_text(im->source),
                         bl_v_blob(im->payload, im->payload_len),
                         bl_v_text(im->verdict),
                         bl_v_text(im->achievement),
                         bl_v_text(im->issuer),
                         bl_v_text(im->report_json),
                         bl_v_int(im->verified_at),
                         bl_v_int(im->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK)
        im->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_himport_list(struct bl_tx *tx, int64_t holder_id,
                                  struct bl_holder_import **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_LIST, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_himport_get(struct bl_tx *tx, int64_t holder_id, int64_t id,
                                 struct bl_holder_import *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_GET, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such imported badge");
    row(&r, 0, out);
    out->payload = bl_cell_blob(&r, 0, 9, &out->payload_len);
    return BL_OK;
}

enum bl_err bl_store_himport_verdict(struct bl_tx *tx, const struct bl_holder_import *im,
                                     struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(im->holder_id),  bl_v_int(im->id),
                         bl_v_text(im->verdict),   bl_v_text(im->achievement),
                         bl_v_text(im->issuer),    bl_v_text(im->report_json),
                         bl_v_int(im->verified_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_VERDICT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such imported badge");
    return rc;
}
