/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* q_badge.c: badge classes (table badge_classes). */
#include <string.h>

#include "store/backend.h"

#define BADGE_COLS                                                                                 \
    "id, uid, org_id, name, description, criteria_narrative, criteria_url, image, image_type,"     \
    " alignments_json, tags_json, validity, created_at, updated_at, archived,"                     \
    " description_simple, evidence_required, art_json"

static const char SQL_BADGE_INSERT[] =
    "INSERT INTO badge_classes (uid, org_id, name, description, criteria_narrative,"
    " criteria_url, image, image_type, alignments_json, tags_json, validity, created_at,"
    " updated_at, archived, description_simple, evidence_required, art_json)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, '[]'), COALESCE($10, '[]'),"
    " COALESCE($11, 'none'), $12, $13, $14, $15, $16, $17)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_BADGE_UPDATE[] =
    "UPDATE badge_classes SET name = $2, description = $3, criteria_narrative = $4,"
    " criteria_url = $5, image = $6, image_type = $7, alignments_json = COALESCE($8, '[]'),"
    " tags_json = COALESCE($9, '[]'), validity = COALESCE($10, 'none'), updated_at = $11,"
    " archived = $12, description_simple = $13, evidence_required = $14, art_json = $15"
    " WHERE id = $1";
static const char SQL_BADGE_GET[] = "SELECT " BADGE_COLS " FROM badge_classes WHERE id = $1";
static const char SQL_BADGE_BY_UID[] = "SELECT " BADGE_COLS " FROM badge_classes WHERE uid = $1";
static const char SQL_BADGE_LIST[] = "SELECT " BADGE_COLS " FROM badge_classes"
                                     " WHERE org_id = $1 AND ($2 <> 0 OR archived = 0)"
                                     " ORDER BY name, id LIMIT $3 OFFSET $4";
/* lower() on both sides is the portable case-insensitive match (no ILIKE in SQLite). */
static const char SQL_BADGE_SEARCH[] =
    "SELECT " BADGE_COLS " FROM badge_classes"
    " WHERE org_id = $1 AND ($2 <> 0 OR archived = 0) AND lower(name) LIKE lower($5) ESCAPE '!'"
    " ORDER BY name, id LIMIT $3 OFFSET $4";
static const char SQL_BADGE_AWARDS[] = "SELECT count(*) FROM awards WHERE badgeclass_id = $1";

static void badge_row(const struct bl_rows *r, size_t i, struct bl_badgeclass *b)
{
    memset(b, 0, sizeof *b);
    b->id = bl_cell_int(r, i, 0);
    b->uid = bl_cell_text(r, i, 1);
    b->org_id = bl_cell_int(r, i, 2);
    b->name = bl_cell_text(r, i, 3);
    b->description = bl_cell_text(r, i, 4);
    b->criteria_narrative = bl_cell_text(r, i, 5);
    b->criteria_url = bl_cell_text(r, i, 6);
    b->image = bl_cell_blob(r, i, 7, &b->image_len);
    b->image_type = bl_cell_text(r, i, 8);
    b->alignments_json = bl_cell_text(r, i, 9);
    b->tags_json = bl_cell_text(r, i, 10);
    b->validity = bl_cell_text(r, i, 11);
    b->created_at = bl_cell_int(r, i, 12);
    b->updated_at = bl_cell_int(r, i, 13);
    b->archived = bl_cell_int(r, i, 14) != 0;
    b->description_simple = bl_cell_text(r, i, 15);
    b->evidence_required = bl_cell_int(r, i, 16) != 0;
    b->art_json = bl_cell_text(r, i, 17);
}

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

enum bl_err bl_store_badgeclass_insert(struct bl_tx *tx, struct bl_badgeclass *b,
                                       struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(b->uid),
                         bl_v_int(b->org_id),
                         bl_v_text(b->name),
                         bl_v_text(b->description),
                         bl_v_text(b->criteria_narrative),
                         bl_v_text(b->criteria_url),
                         bl_v_blob(b->image, b->image_len),
                         bl_v_text(b->image_type),
                         bl_v_text(b->alignments_json),
                         bl_v_text(b->tags_json),
                         bl_v_text(b->validity),
                         bl_v_int(b->created_at),
                         bl_v_int(b->updated_at),
                         bl_v_int(b->archived != 0),
                         bl_v_text(b->description_simple),
                         bl_v_int(b->evidence_required != 0),
                         bl_v_text(b->art_json)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "badge class uid \"%s\" is taken", b->uid);
    b->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_badgeclass_update(struct bl_tx *tx, const struct bl_badgeclass *b,
                                       struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(b->id),
                         bl_v_text(b->name),
                         bl_v_text(b->description),
                         bl_v_text(b->criteria_narrative),
                         bl_v_text(b->criteria_url),
                         bl_v_blob(b->image, b->image_len),
                         bl_v_text(b->image_type),
                         bl_v_text(b->alignments_json),
                         bl_v_text(b->tags_json),
                         bl_v_text(b->validity),
                         bl_v_int(b->updated_at),
                         bl_v_int(b->archived != 0),
                         bl_v_text(b->description_simple),
                         bl_v_int(b->evidence_required != 0),
                         bl_v_text(b->art_json)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_UPDATE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no badge class %lld", (long long)b->id);
    return rc;
}

enum bl_err bl_store_badgeclass_get(struct bl_tx *tx, int64_t id, struct bl_badgeclass *out,
                                    struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no badge class %lld", (long long)id);
    badge_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_badgeclass_by_uid(struct bl_tx *tx, const char *uid, struct bl_badgeclass *out,
                                       struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no badge class \"%s\"", uid ? uid : "");
    badge_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_badgeclass_list(struct bl_tx *tx, int64_t org_id, int with_archived,
                                     size_t offset, size_t limit, struct bl_badgeclass **rows,
                                     size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(with_archived != 0),
                         bl_v_int((int64_t)bl_store__page(limit)),
                         bl_v_int(offset > INT64_MAX ? INT64_MAX : (int64_t)offset)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_LIST, p, BL_NPARAMS(p), &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        badge_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_badgeclass_search(struct bl_tx *tx, int64_t org_id, const char *q,
                                       int with_archived, size_t offset, size_t limit,
                                       struct bl_badgeclass **rows, size_t *n,
                                       struct bl_errinfo *ei)
{
    if (!q || !*q)
        return bl_store_badgeclass_list(tx, org_id, with_archived, offset, limit, rows, n, ei);
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(with_archived != 0),
                         bl_v_int((int64_t)bl_store__page(limit)),
                         bl_v_int(offset > INT64_MAX ? INT64_MAX : (int64_t)offset),
                         bl_v_text(like_pattern(bl_tx_arena(tx), q))};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_SEARCH, p, BL_NPARAMS(p), &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        badge_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_badgeclass_award_count(struct bl_tx *tx, int64_t id, int64_t *count,
                                            struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_BADGE_AWARDS, p, 1, &r, ei);
    *count = rc == BL_OK && r.nrows > 0 ? bl_cell_int(&r, 0, 0) : 0;
    return rc;
}
