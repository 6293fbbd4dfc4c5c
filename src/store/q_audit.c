/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* q_audit.c: the audit log (table audit_log), append-only. */
#include <string.h>

#include "store/backend.h"

static const char SQL_AUDIT_ADD[] =
    "INSERT INTO audit_log (at, account_id, org_id, action, subject, detail_json)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_AUDIT_LIST[] =
    "SELECT id, at, account_id, org_id, action, subject, detail_json FROM audit_log"
    " WHERE ($1 = 0 OR org_id = $1) ORDER BY id DESC LIMIT $2 OFFSET $3";

enum bl_err bl_store_audit_add(struct bl_tx *tx, const struct bl_audit *e, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(e->at),      bl_v_int(e->account_id), bl_v_int(e->org_id),
                         bl_v_text(e->action), bl_v_text(e->subject),   bl_v_text(e->detail_json)};
    return bl_store__exec(tx, SQL_AUDIT_ADD, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_audit_list(struct bl_tx *tx, int64_t org_id, size_t offset, size_t limit,
                                struct bl_audit **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int((int64_t)bl_store__page(limit)),
                         bl_v_int(offset > INT64_MAX ? INT64_MAX : (int64_t)offset)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AUDIT_LIST, p, BL_NPARAMS(p), &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_audit *a = &(*rows)[i];
        a->id = bl_cell_int(&r, i, 0);
        a->at = bl_cell_int(&r, i, 1);
        a->account_id = bl_cell_int(&r, i, 2);
        a->org_id = bl_cell_int(&r, i, 3);
        a->action = bl_cell_text(&r, i, 4);
        a->subject = bl_cell_text(&r, i, 5);
        a->detail_json = bl_cell_text(&r, i, 6);
    }
    *n = r.nrows;
    return BL_OK;
}
