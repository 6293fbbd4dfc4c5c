/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_pathway.c: pathways of an organisation, one person's awards as the
 * pathway engine needs them, and progress rows with the funnel counts
 * (tables pathways and pathway_progress, migration 013).
 */
#include <string.h>

#include "store/backend.h"

#define PW_COLS                                                                                    \
    "id, uid, org_id, name, description, definition_json, COALESCE(goal_badgeclass_id, 0),"        \
    " COALESCE(goal_opportunity_id, 0), created_at, updated_at, archived"
#define PP_COLS                                                                                    \
    "pathway_id, person_key, progress_pm, completed_at, milestone_award_id, milestones_issued,"    \
    " withdrawn_at, updated_at"

static const char SQL_PW_INSERT[] =
    "INSERT INTO pathways (uid, org_id, name, description, definition_json, goal_badgeclass_id,"
    " goal_opportunity_id, created_at, updated_at, archived)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_PW_UPDATE[] =
    "UPDATE pathways SET name = $2, description = $3, definition_json = $4,"
    " goal_badgeclass_id = $5, goal_opportunity_id = $6, updated_at = $7, archived = $8"
    " WHERE id = $1";
static const char SQL_PW_BY_UID[] = "SELECT " PW_COLS " FROM pathways WHERE uid = $1";
static const char SQL_PW_LIST[] = "SELECT " PW_COLS " FROM pathways WHERE org_id = $1"
                                  " AND ($2 <> 0 OR archived = 0) ORDER BY name, id";
/*
 * "+ 0" and "+org_id" keep SQLite (no ANALYZE) from walking the whole
 * organisation through awards_org_class to save a sort: the person's own
 * index is the one to use (a pathway scan of 10,000 people went quadratic).
 */
static const char SQL_PERSON_AWARDS[] =
    "SELECT id, badgeclass_id, issued_at, expires_at, revoked_at, uid FROM awards"
    " WHERE org_id = $1 AND recipient_email = $2 ORDER BY badgeclass_id + 0, issued_at, id";
static const char SQL_PP_GET[] =
    "SELECT " PP_COLS " FROM pathway_progress WHERE pathway_id = $1 AND person_key = $2";
static const char SQL_PP_PUT[] =
    "INSERT INTO pathway_progress (" PP_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (pathway_id, person_key) DO UPDATE SET progress_pm = excluded.progress_pm,"
    " completed_at = excluded.completed_at, milestone_award_id = excluded.milestone_award_id,"
    " milestones_issued = excluded.milestones_issued, withdrawn_at = excluded.withdrawn_at,"
    " updated_at = excluded.updated_at";
static const char SQL_PP_LIST[] = "SELECT " PP_COLS " FROM pathway_progress WHERE pathway_id = $1"
                                  " ORDER BY progress_pm DESC, person_key LIMIT $2 OFFSET $3";
static const char SQL_FUNNEL[] =
    "SELECT CAST(COALESCE(SUM(CASE WHEN progress_pm > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),"
    " CAST(COALESCE(SUM(CASE WHEN progress_pm >= 500 THEN 1 ELSE 0 END), 0) AS BIGINT),"
    " CAST(COALESCE(SUM(CASE WHEN completed_at > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),"
    " CAST(COALESCE(SUM(CASE WHEN withdrawn_at > 0 AND completed_at = 0 THEN 1 ELSE 0 END), 0)"
    " AS BIGINT)"
    " FROM pathway_progress WHERE pathway_id = $1";

static const char SQL_BADGE_REFS[] =
    "SELECT id, uid, name, archived FROM badge_classes WHERE org_id = $1 ORDER BY name, id";

static void read_pathway(const struct bl_rows *r, size_t i, struct bl_pathway_row *p)
{
    memset(p, 0, sizeof *p);
    p->id = bl_cell_int(r, i, 0);
    p->uid = bl_cell_text(r, i, 1);
    p->org_id = bl_cell_int(r, i, 2);
    p->name = bl_cell_text(r, i, 3);
    p->description = bl_cell_text(r, i, 4);
    p->definition_json = bl_cell_text(r, i, 5);
    p->goal_badgeclass_id = bl_cell_int(r, i, 6);
    p->goal_opportunity_id = bl_cell_int(r, i, 7);
    p->created_at = bl_cell_int(r, i, 8);
    p->updated_at = bl_cell_int(r, i, 9);
    p->archived = bl_cell_int(r, i, 10);
}

static void read_progress(const struct bl_rows *r, size_t i, struct bl_pathway_progress *p)
{
    memset(p, 0, sizeof *p);
    p->pathway_id = bl_cell_int(r, i, 0);
    p->person_key = bl_cell_text(r, i, 1);
    p->progress_pm = bl_cell_int(r, i, 2);
    p->completed_at = bl_cell_int(r, i, 3);
    p->milestone_award_id = bl_cell_int(r, i, 4);
    p->milestones_issued = bl_cell_int(r, i, 5);
    p->withdrawn_at = bl_cell_int(r, i, 6);
    p->updated_at = bl_cell_int(r, i, 7);
}

/* A 0 goal is stored as SQL NULL: the column references badge_classes. */
static struct bl_val opt_id(int64_t id)
{
    return id ? bl_v_int(id) : bl_v_text(NULL);
}

enum bl_err bl_store_pathway_insert(struct bl_tx *tx, struct bl_pathway_row *p,
                                    struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_text(p->uid),
                         bl_v_int(p->org_id),
                         bl_v_text(p->name),
                         bl_v_text(p->description ? p->description : ""),
                         bl_v_text(p->definition_json),
                         opt_id(p->goal_badgeclass_id),
                         opt_id(p->goal_opportunity_id),
                         bl_v_int(p->created_at),
                         bl_v_int(p->updated_at),
                         bl_v_int(p->archived)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PW_INSERT, v, BL_NPARAMS(v), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "a pathway with uid %.40s exists", p->uid);
    if (rc == BL_OK)
        p->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_pathway_update(struct bl_tx *tx, const struct bl_pathway_row *p,
                                    struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(p->id),
                         bl_v_text(p->name),
                         bl_v_text(p->description ? p->description : ""),
                         bl_v_text(p->definition_json),
                         opt_id(p->goal_badgeclass_id),
                         opt_id(p->goal_opportunity_id),
                         bl_v_int(p->updated_at),
                         bl_v_int(p->archived)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PW_UPDATE, v, BL_NPARAMS(v), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no pathway %lld", (long long)p->id);
    return rc;
}

enum bl_err bl_store_pathway_by_uid(struct bl_tx *tx, const char *uid, struct bl_pathway_row *out,
                                    struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PW_BY_UID, v, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no pathway %.40s", uid);
    read_pathway(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_pathway_list(struct bl_tx *tx, int64_t org_id, int with_archived,
                                  struct bl_pathway_row **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(org_id), bl_v_int(with_archived ? 1 : 0)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PW_LIST, v, BL_NPARAMS(v), &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        read_pathway(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_person_awards(struct bl_tx *tx, int64_t org_id, const char *email,
                                   struct bl_person_award **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(org_id), bl_v_text(email)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PERSON_AWARDS, v, BL_NPARAMS(v), &r, ei);
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
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_pathway_progress_get(struct bl_tx *tx, int64_t pathway_id,
                                          const char *person_key, struct bl_pathway_progress *out,
                                          struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(pathway_id), bl_v_text(person_key)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PP_GET, v, BL_NPARAMS(v), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no progress on pathway %lld", (long long)pathway_id);
    read_progress(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_pathway_progress_put(struct bl_tx *tx, const struct bl_pathway_progress *p,
                                          struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(p->pathway_id),         bl_v_text(p->person_key),
                         bl_v_int(p->progress_pm),        bl_v_int(p->completed_at),
                         bl_v_int(p->milestone_award_id), bl_v_int(p->milestones_issued),
                         bl_v_int(p->withdrawn_at),       bl_v_int(p->updated_at)};
    return bl_store__exec(tx, SQL_PP_PUT, v, BL_NPARAMS(v), NULL, ei);
}

enum bl_err bl_store_pathway_progress_list(struct bl_tx *tx, int64_t pathway_id, size_t offset,
                                           size_t limit, struct bl_pathway_progress **rows,
                                           size_t *n, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(pathway_id), bl_v_int((int64_t)bl_store__page(limit)),
                         bl_v_int((int64_t)offset)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PP_LIST, v, BL_NPARAMS(v), &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        read_progress(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_pathway_funnel(struct bl_tx *tx, int64_t pathway_id,
                                    struct bl_pathway_funnel *out, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(pathway_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_FUNNEL, v, 1, &r, ei);
    memset(out, 0, sizeof *out);
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    out->started = bl_cell_int(&r, 0, 0);
    out->halfway = bl_cell_int(&r, 0, 1);
    out->completed = bl_cell_int(&r, 0, 2);
    out->withdrawn = bl_cell_int(&r, 0, 3);
    return BL_OK;
}

enum bl_err bl_store_badge_refs(struct bl_tx *tx, int64_t org_id, struct bl_badge_ref **rows,
                                size_t *n, struct bl_errinfo *ei)
{
    struct bl_val v[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_REFS, v, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        (*rows)[i].id = bl_cell_int(&r, i, 0);
        (*rows)[i].uid = bl_cell_text(&r, i, 1);
        (*rows)[i].name = bl_cell_text(&r, i, 2);
        (*rows)[i].archived = (int)bl_cell_int(&r, i, 3);
    }
    *n = r.nrows;
    return BL_OK;
}
