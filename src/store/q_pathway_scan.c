/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_pathway_scan.c: the awards of an organisation in pages by row id, with
 * only who they are for, so a new or changed pathway can find the people
 * who already hold some of its badges (app/pathway_scan.c).
 */
#include "store/backend.h"

static const char SQL_AWARD_PEOPLE[] =
    "SELECT id, badgeclass_id, COALESCE(holder_id, 0), recipient_email, recipient_phone"
    " FROM awards WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3";

enum bl_err bl_store_award_people(struct bl_tx *tx, int64_t org_id, int64_t after_id, size_t limit,
                                  struct bl_award_person **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(org_id), bl_v_int(after_id), bl_v_int((int64_t)limit)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_PEOPLE, v, BL_NPARAMS(v), &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_award_person *a = &(*rows)[i];
        a->id = bl_cell_int(&r, i, 0);
        a->badgeclass_id = bl_cell_int(&r, i, 1);
        a->holder_id = bl_cell_int(&r, i, 2);
        a->email = bl_cell_text(&r, i, 3);
        a->phone = bl_cell_text(&r, i, 4);
    }
    *n = r.nrows;
    return BL_OK;
}
