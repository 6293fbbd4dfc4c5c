/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_counter.c: per-organisation counters (store.h, bl_store_counter_next).
 * The first number of a counter continues after the awards already in the
 * table, so a database that predates the counters keeps its indexes unique.
 */
#include "store/backend.h"

static const char SQL_COUNTER_NEXT[] =
    "INSERT INTO counters (org_id, name, value)"
    " VALUES ($1, $2, (SELECT COALESCE(MAX(status_index) + 1, 0) FROM awards WHERE org_id = $1))"
    " ON CONFLICT (org_id, name) DO UPDATE SET value = counters.value + 1 RETURNING value";

enum bl_err bl_store_counter_next(struct bl_tx *tx, int64_t org_id, const char *name,
                                  int64_t *value, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_text(name)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_COUNTER_NEXT, p, BL_NPARAMS(p), &r, ei);

    *value = 0;
    if (rc == BL_OK && r.nrows == 1)
        *value = bl_cell_int(&r, 0, 0);
    else if (rc == BL_OK)
        rc = bl_fail(ei, BL_EDB, "counter %s: no value returned", name);
    return rc;
}
