/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_award.c: awards and their revocation (table awards).  An import key
 * (idem_key) makes re-running an import harmless: the second insert finds
 * the first award and hands it back with BL_EEXISTS.
 */
#include <string.h>

#include "store/backend.h"

#define AWARD_COLS                                                                                 \
    "id, uid, org_id, badgeclass_id, recipient_email, recipient_phone, recipient_name,"            \
    " recipient_salt, evidence_json, narrative, issued_at, expires_at, status_index, ob2_json,"    \
    " ob2_jws, ob3_json, ob3_jwt, idem_key, revoked_at, revocation_reason, created_by"

/* ON CONFLICT names the import key only: a taken uid or status index is an error. */
static const char SQL_AWARD_INSERT[] =
    "INSERT INTO awards (uid, org_id, badgeclass_id, recipient_email, recipient_phone,"
    " recipient_name, recipient_salt, evidence_json, narrative, issued_at, expires_at,"
    " status_index, ob2_json, ob2_jws, ob3_json, ob3_jwt, idem_key, revoked_at,"
    " revocation_reason, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, '[]'),"
    " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
    " ON CONFLICT (org_id, idem_key) DO NOTHING RETURNING id";
static const char SQL_AWARD_TAKEN[] =
    "SELECT id FROM awards WHERE uid = $1 OR (org_id = $2 AND status_index = $3)";
static const char SQL_AWARD_BY_IDEM[] =
    "SELECT " AWARD_COLS " FROM awards WHERE org_id = $1 AND idem_key = $2";
static const char SQL_AWARD_DOCS[] = "UPDATE awards SET ob2_json = $2, ob2_jws = $3, ob3_json = $4,"
                                     " ob3_jwt = $5 WHERE id = $1";
static const char SQL_AWARD_GET[] = "SELECT " AWARD_COLS " FROM awards WHERE id = $1";
static const char SQL_AWARD_BY_UID[] = "SELECT " AWARD_COLS " FROM awards WHERE uid = $1";
static const char SQL_AWARD_LIST[] =
    "SELECT " AWARD_COLS " FROM awards WHERE org_id = $1 AND ($2 = 0 OR badgeclass_id = $2)"
    " ORDER BY issued_at DESC, id DESC LIMIT $3 OFFSET $4";
static const char SQL_AWARD_NEXT[] =
    "SELECT COALESCE(MAX(status_index) + 1, 0) FROM awards WHERE org_id = $1";
static const char SQL_AWARD_REVOKE[] = "UPDATE awards SET revoked_at = $2, revocation_reason = $3"
                                       " WHERE id = $1 AND revoked_at = 0";
static const char SQL_AWARD_EXISTS[] = "SELECT id FROM awards WHERE id = $1";
static const char SQL_AWARD_REVOKED[] = "SELECT " AWARD_COLS " FROM awards"
                                        " WHERE org_id = $1 AND revoked_at <> 0"
                                        " ORDER BY status_index";

static void award_row(const struct bl_rows *r, size_t i, struct bl_award *a)
{
    memset(a, 0, sizeof *a);
    a->id = bl_cell_int(r, i, 0);
    a->uid = bl_cell_text(r, i, 1);
    a->org_id = bl_cell_int(r, i, 2);
    a->badgeclass_id = bl_cell_int(r, i, 3);
    a->recipient_email = bl_cell_text(r, i, 4);
    a->recipient_phone = bl_cell_text(r, i, 5);
    a->recipient_name = bl_cell_text(r, i, 6);
    a->recipient_salt = bl_cell_text(r, i, 7);
    a->evidence_json = bl_cell_text(r, i, 8);
    a->narrative = bl_cell_text(r, i, 9);
    a->issued_at = bl_cell_int(r, i, 10);
    a->expires_at = bl_cell_int(r, i, 11);
    a->status_index = bl_cell_int(r, i, 12);
    a->ob2_json = bl_cell_text(r, i, 13);
    a->ob2_jws = bl_cell_text(r, i, 14);
    a->ob3_json = bl_cell_text(r, i, 15);
    a->ob3_jwt = bl_cell_text(r, i, 16);
    a->idem_key = bl_cell_text(r, i, 17);
    a->revoked_at = bl_cell_int(r, i, 18);
    a->revocation_reason = bl_cell_text(r, i, 19);
    a->created_by = bl_cell_int(r, i, 20);
}

static enum bl_err fill_list(struct bl_tx *tx, const struct bl_rows *r, struct bl_award **rows,
                             size_t *n)
{
    if (r->nrows == 0)
        return BL_OK;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r->nrows * sizeof **rows);
    for (size_t i = 0; i < r->nrows; i++)
        award_row(r, i, &(*rows)[i]);
    *n = r->nrows;
    return BL_OK;
}

enum bl_err bl_store_award_insert(struct bl_tx *tx, struct bl_award *a, struct bl_errinfo *ei)
{
    struct bl_val taken[] = {bl_v_text(a->uid), bl_v_int(a->org_id), bl_v_int(a->status_index)};
    struct bl_val p[] = {bl_v_text(a->uid),
                         bl_v_int(a->org_id),
                         bl_v_int(a->badgeclass_id),
                         bl_v_text(a->recipient_email),
                         bl_v_text(a->recipient_phone),
                         bl_v_text(a->recipient_name),
                         bl_v_text(a->recipient_salt),
                         bl_v_text(a->evidence_json),
                         bl_v_text(a->narrative),
                         bl_v_int(a->issued_at),
                         bl_v_int(a->expires_at),
                         bl_v_int(a->status_index),
                         bl_v_text(a->ob2_json),
                         bl_v_text(a->ob2_jws),
                         bl_v_text(a->ob3_json),
                         bl_v_text(a->ob3_jwt),
                         bl_v_text(a->idem_key),
                         bl_v_int(a->revoked_at),
                         bl_v_text(a->revocation_reason),
                         bl_v_int(a->created_by)};
    struct bl_rows r;
    enum bl_err rc;

    /* The import key first: a re-import answers with the award it finds. */
    if (a->idem_key) {
        struct bl_val k[] = {bl_v_int(a->org_id), bl_v_text(a->idem_key)};
        rc = bl_store__exec(tx, SQL_AWARD_BY_IDEM, k, BL_NPARAMS(k), &r, ei);
        if (rc != BL_OK)
            return rc;
        if (r.nrows > 0) {
            award_row(&r, 0, a);
            return bl_fail(ei, BL_EEXISTS, "award with import key \"%s\" exists", a->idem_key);
        }
    }
    /* Checked rather than left to the unique index, so the transaction stays usable. */
    rc = bl_store__exec(tx, SQL_AWARD_TAKEN, taken, BL_NPARAMS(taken), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows > 0)
        return bl_fail(ei, BL_EEXISTS, "award uid \"%s\" or status index %lld is taken",
                       a->uid ? a->uid : "", (long long)a->status_index);
    rc = bl_store__exec(tx, SQL_AWARD_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ERETRY, "award import key \"%s\" inserted concurrently",
                       a->idem_key ? a->idem_key : "");
    a->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_award_set_documents(struct bl_tx *tx, const struct bl_award *a,
                                         struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(a->id), bl_v_text(a->ob2_json), bl_v_text(a->ob2_jws),
                         bl_v_text(a->ob3_json), bl_v_text(a->ob3_jwt)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_DOCS, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no award %lld", (long long)a->id);
    return rc;
}

enum bl_err bl_store_award_get(struct bl_tx *tx, int64_t id, struct bl_award *out,
                               struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no award %lld", (long long)id);
    award_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_award_by_uid(struct bl_tx *tx, const char *uid, struct bl_award *out,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no award \"%s\"", uid ? uid : "");
    award_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_award_by_idem(struct bl_tx *tx, int64_t org_id, const char *idem_key,
                                   struct bl_award *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_text(idem_key)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_BY_IDEM, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no award with this key");
    award_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_award_list(struct bl_tx *tx, int64_t org_id, int64_t badgeclass_id,
                                size_t offset, size_t limit, struct bl_award **rows, size_t *n,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(badgeclass_id),
                         bl_v_int((int64_t)bl_store__page(limit)),
                         bl_v_int(offset > INT64_MAX ? INT64_MAX : (int64_t)offset)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_LIST, p, BL_NPARAMS(p), &r, ei);

    *rows = NULL;
    *n = 0;
    return rc != BL_OK ? rc : fill_list(tx, &r, rows, n);
}

enum bl_err bl_store_award_next_index(struct bl_tx *tx, int64_t org_id, int64_t *index,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_NEXT, p, 1, &r, ei);
    *index = rc == BL_OK ? bl_cell_int(&r, 0, 0) : 0;
    return rc;
}

enum bl_err bl_store_award_revoke(struct bl_tx *tx, int64_t id, int64_t at, const char *reason,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(at), bl_v_text(reason)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_REVOKE, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK || r.changes > 0)
        return rc;
    rc = bl_store__exec(tx, SQL_AWARD_EXISTS, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no award %lld", (long long)id);
    return bl_fail(ei, BL_EEXISTS, "award %lld is already revoked", (long long)id);
}

enum bl_err bl_store_award_revoked(struct bl_tx *tx, int64_t org_id, struct bl_award **rows,
                                   size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_REVOKED, p, 1, &r, ei);

    *rows = NULL;
    *n = 0;
    return rc != BL_OK ? rc : fill_list(tx, &r, rows, n);
}
