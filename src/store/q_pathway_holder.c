/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_pathway_holder.c: what the pathway engine needs to key progress by the
 * young person (holder) rather than by an email: a holder's awards in one
 * organisation, a phone's awards, an award's holder, a pathway by row id.
 */
#include <string.h>

#include "store/backend.h"

#define PA_COLS                                                                                    \
    "a.id, a.badgeclass_id, a.issued_at, a.expires_at, a.revoked_at, a.uid,"                       \
    " a.recipient_email, a.recipient_phone, a.recipient_name"

/*
 * Same three sources as the backpack (q_holder.c): claimed, or to a proven
 * identifier.  "+" on org_id and "+ 0" in the order keep SQLite on the
 * person's indexes instead of the whole organisation's (q_pathway.c).
 */
static const char SQL_HOLDER_ORG_AWARDS[] =
    "SELECT " PA_COLS " FROM awards a WHERE +a.org_id = $2 AND a.id IN ("
    " SELECT id FROM awards WHERE holder_id = $1"
    " UNION SELECT w.id FROM awards w JOIN holder_identifiers i"
    " ON i.kind = 'email' AND i.value = w.recipient_email"
    " WHERE i.holder_id = $1 AND i.verified_at > 0"
    " UNION SELECT w.id FROM awards w JOIN holder_identifiers i"
    " ON i.kind = 'phone' AND i.value = w.recipient_phone"
    " WHERE i.holder_id = $1 AND i.verified_at > 0)"
    " ORDER BY a.badgeclass_id + 0, a.issued_at, a.id";
static const char SQL_PHONE_AWARDS[] = "SELECT " PA_COLS " FROM awards a"
                                       " WHERE +a.org_id = $1 AND a.recipient_phone = $2"
                                       " ORDER BY a.badgeclass_id + 0, a.issued_at, a.id";
static const char SQL_AWARD_HOLDER[] = "SELECT COALESCE(holder_id, 0) FROM awards WHERE id = $1";
static const char SQL_PW_BY_ID[] =
    "SELECT id, uid, org_id, name, description, definition_json, COALESCE(goal_badgeclass_id, 0),"
    " COALESCE(goal_opportunity_id, 0), created_at, updated_at, archived"
    " FROM pathways WHERE id = $1";

static enum bl_err read_awards(struct bl_tx *tx, const char *sql, struct bl_val *v, size_t nv,
                               struct bl_person_award **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, v, nv, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_person_award *a = &(*rows)[i];
        a->id = bl_cell_int(&r, i, 0);
        a->badgeclass_id = bl_cell_int(&r, i, 1);
        a->issued_at = bl_cell_int(&r, i, 2);
        a->expires_at = bl_cell_int(&r, i, 3);
        a->revoked_at = bl_cell_int(&r, i, 4);
        a->uid = bl_cell_text(&r, i, 5);
        a->recipient_email = bl_cell_text(&r, i, 6);
        a->recipient_phone = bl_cell_text(&r, i, 7);
        a->recipient_name = bl_cell_text(&r, i, 8);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_holder_org_awards(struct bl_tx *tx, int64_t org_id, int64_t holder_id,
                                       struct bl_person_award **rows, size_t *n,
                                       struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(holder_id), bl_v_int(org_id)};
    return read_awards(tx, SQL_HOLDER_ORG_AWARDS, v, BL_NPARAMS(v), rows, n, ei);
}

enum bl_err bl_store_phone_awards(struct bl_tx *tx, int64_t org_id, const char *phone,
                                  struct bl_person_award **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(org_id), bl_v_text(phone)};
    return read_awards(tx, SQL_PHONE_AWARDS, v, BL_NPARAMS(v), rows, n, ei);
}

enum bl_err bl_store_award_holder(struct bl_tx *tx, int64_t award_id, int64_t *holder_id,
                                  struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(award_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_HOLDER, v, 1, &r, ei);
    *holder_id = 0;
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no award %lld", (long long)award_id);
    *holder_id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_pathway_by_id(struct bl_tx *tx, int64_t id, struct bl_pathway_row *p,
                                   struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PW_BY_ID, v, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no pathway %lld", (long long)id);
    memset(p, 0, sizeof *p);
    p->id = bl_cell_int(&r, 0, 0);
    p->uid = bl_cell_text(&r, 0, 1);
    p->org_id = bl_cell_int(&r, 0, 2);
    p->name = bl_cell_text(&r, 0, 3);
    p->description = bl_cell_text(&r, 0, 4);
    p->definition_json = bl_cell_text(&r, 0, 5);
    p->goal_badgeclass_id = bl_cell_int(&r, 0, 6);
    p->goal_opportunity_id = bl_cell_int(&r, 0, 7);
    p->created_at = bl_cell_int(&r, 0, 8);
    p->updated_at = bl_cell_int(&r, 0, 9);
    p->archived = bl_cell_int(&r, 0, 10);
    return BL_OK;
}
