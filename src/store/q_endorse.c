/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_endorse.c: signed endorsements (table endorsements, migration 012).
 * Reads join the endorser's organisation for its name and slug, which
 * every page that lists endorsements shows.
 */
#include <string.h>

#include "store/backend.h"

#define END_COLS                                                                                   \
    "e.id, e.uid, e.endorser_org_id, e.subject_kind, e.subject_ref, e.subject_org_id,"             \
    " e.endorser_name, e.comment, e.issued_at, e.expires_at, e.status_index, e.ob2_json,"          \
    " e.ob3_json, e.ob3_jwt, e.withdrawn_at, e.visible, e.created_by, o.name, o.slug"
#define END_FROM " FROM endorsements e JOIN orgs o ON o.id = e.endorser_org_id"

static const char SQL_END_INSERT[] =
    "INSERT INTO endorsements (uid, endorser_org_id, subject_kind, subject_ref, subject_org_id,"
    " endorser_name, comment, issued_at, expires_at, status_index, ob2_json, ob3_json, ob3_jwt,"
    " withdrawn_at, visible, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_END_BY_UID[] = "SELECT " END_COLS END_FROM " WHERE e.uid = $1";
static const char SQL_END_LIST[] =
    "SELECT " END_COLS END_FROM " WHERE e.subject_kind = $1 AND e.subject_ref = $2"
    " AND ($3 = 0 OR (e.withdrawn_at = 0 AND e.visible <> 0"
    " AND (e.expires_at = 0 OR e.expires_at > $3)))"
    " ORDER BY e.issued_at, e.id";
static const char SQL_END_BY_ENDORSER[] =
    "SELECT " END_COLS END_FROM " WHERE e.endorser_org_id = $1"
    " ORDER BY e.issued_at DESC, e.id DESC LIMIT $2";
static const char SQL_END_WITHDRAWN[] =
    "SELECT " END_COLS END_FROM " WHERE e.endorser_org_id = $1 AND e.withdrawn_at <> 0"
    " ORDER BY e.status_index";
static const char SQL_END_WITHDRAW[] =
    "UPDATE endorsements SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at = 0";
static const char SQL_END_EXISTS[] = "SELECT id FROM endorsements WHERE id = $1";
static const char SQL_END_VISIBLE[] = "UPDATE endorsements SET visible = $2 WHERE id = $1";

static void end_row(const struct bl_rows *r, size_t i, struct bl_endorsement *e)
{
    memset(e, 0, sizeof *e);
    e->id = bl_cell_int(r, i, 0);
    e->uid = bl_cell_text(r, i, 1);
    e->endorser_org_id = bl_cell_int(r, i, 2);
    e->subject_kind = bl_cell_text(r, i, 3);
    e->subject_ref = bl_cell_int(r, i, 4);
    e->subject_org_id = bl_cell_int(r, i, 5);
    e->endorser_name = bl_cell_text(r, i, 6);
    e->comment = bl_cell_text(r, i, 7);
    e->issued_at = bl_cell_int(r, i, 8);
    e->expires_at = bl_cell_int(r, i, 9);
    e->status_index = bl_cell_int(r, i, 10);
    e->ob2_json = bl_cell_text(r, i, 11);
    e->ob3_json = bl_cell_text(r, i, 12);
    e->ob3_jwt = bl_cell_text(r, i, 13);
    e->withdrawn_at = bl_cell_int(r, i, 14);
    e->visible = (int)bl_cell_int(r, i, 15);
    e->created_by = bl_cell_int(r, i, 16);
    e->endorser_org_name = bl_cell_text(r, i, 17);
    e->endorser_org_slug = bl_cell_text(r, i, 18);
}

static enum bl_err fill(struct bl_tx *tx, const struct bl_rows *r, struct bl_endorsement **rows,
                        size_t *n)
{
    *rows = NULL;
    *n = 0;
    if (r->nrows == 0)
        return BL_OK;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r->nrows * sizeof **rows);
    for (size_t i = 0; i < r->nrows; i++)
        end_row(r, i, &(*rows)[i]);
    *n = r->nrows;
    return BL_OK;
}

enum bl_err bl_store_endorsement_insert(struct bl_tx *tx, struct bl_endorsement *e,
                                        struct bl_errinfo *ei)
{
    struct bl_val p[] = {
        bl_v_text(e->uid),         bl_v_int(e->endorser_org_id), bl_v_text(e->subject_kind),
        bl_v_int(e->subject_ref),  bl_v_int(e->subject_org_id),  bl_v_text(e->endorser_name),
        bl_v_text(e->comment),     bl_v_int(e->issued_at),       bl_v_int(e->expires_at),
        bl_v_int(e->status_index), bl_v_text(e->ob2_json),       bl_v_text(e->ob3_json),
        bl_v_text(e->ob3_jwt),     bl_v_int(e->withdrawn_at),    bl_v_int(e->visible),
        bl_v_int(e->created_by)};
    struct bl_rows r;
    /* ON CONFLICT: a taken uid or index must not abort a PostgreSQL transaction. */
    enum bl_err rc = bl_store__exec(tx, SQL_END_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "endorsement uid or status index already taken");
    e->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_endorsement_by_uid(struct bl_tx *tx, const char *uid,
                                        struct bl_endorsement *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_END_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such endorsement");
    end_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_endorsement_list(struct bl_tx *tx, const char *subject_kind,
                                      int64_t subject_ref, int64_t valid_at,
                                      struct bl_endorsement **rows, size_t *n,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(subject_kind), bl_v_int(subject_ref), bl_v_int(valid_at)};
    struct bl_rows r;
    *rows = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_END_LIST, p, BL_NPARAMS(p), &r, ei);
    return rc == BL_OK ? fill(tx, &r, rows, n) : rc;
}

enum bl_err bl_store_endorsement_by_endorser(struct bl_tx *tx, int64_t org_id,
                                             struct bl_endorsement **rows, size_t *n,
                                             struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(BL_STORE_PAGE_MAX)};
    struct bl_rows r;
    *rows = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_END_BY_ENDORSER, p, BL_NPARAMS(p), &r, ei);
    return rc == BL_OK ? fill(tx, &r, rows, n) : rc;
}

enum bl_err bl_store_endorsement_withdrawn(struct bl_tx *tx, int64_t org_id,
                                           struct bl_endorsement **rows, size_t *n,
                                           struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    *rows = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_END_WITHDRAWN, p, 1, &r, ei);
    return rc == BL_OK ? fill(tx, &r, rows, n) : rc;
}

enum bl_err bl_store_endorsement_withdraw(struct bl_tx *tx, int64_t id, int64_t at,
                                          struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_END_WITHDRAW, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK || r.changes > 0)
        return rc;
    rc = bl_store__exec(tx, SQL_END_EXISTS, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    return r.nrows == 0 ? bl_fail(ei, BL_ENOTFOUND, "no such endorsement")
                        : bl_fail(ei, BL_EEXISTS, "endorsement already withdrawn");
}

enum bl_err bl_store_endorsement_set_visible(struct bl_tx *tx, int64_t id, int visible,
                                             struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(visible ? 1 : 0)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_END_VISIBLE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such endorsement");
    return rc;
}

/* ---- endorsement requests ---- */

#define REQ_COLS                                                                                   \
    "r.id, r.badgeclass_id, r.requester_org_id, r.target_org_id, r.message, r.state,"              \
    " r.created_at, r.answered_at, r.endorsement_id, b.uid, b.name, q.name, q.slug, t.name,"       \
    " t.slug"
#define REQ_FROM                                                                                   \
    " FROM endorsement_requests r JOIN badge_classes b ON b.id = r.badgeclass_id"                  \
    " JOIN orgs q ON q.id = r.requester_org_id JOIN orgs t ON t.id = r.target_org_id"

static const char SQL_REQ_INSERT[] =
    "INSERT INTO endorsement_requests (badgeclass_id, requester_org_id, target_org_id, message,"
    " state, created_at) VALUES ($1, $2, $3, $4, 'pending', $5)"
    " ON CONFLICT (badgeclass_id, target_org_id) DO NOTHING RETURNING id";
static const char SQL_REQ_GET[] = "SELECT " REQ_COLS REQ_FROM " WHERE r.id = $1";
static const char SQL_REQ_RECEIVED[] =
    "SELECT " REQ_COLS REQ_FROM " WHERE r.target_org_id = $1"
    " ORDER BY CASE WHEN r.state = 'pending' THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC"
    " LIMIT $2";
static const char SQL_REQ_FOR_BADGE[] =
    "SELECT " REQ_COLS REQ_FROM " WHERE r.badgeclass_id = $1 ORDER BY t.name, r.id";
static const char SQL_REQ_ANSWER[] =
    "UPDATE endorsement_requests SET state = $2, answered_at = $3, endorsement_id = $4"
    " WHERE id = $1 AND state = 'pending'";
static const char SQL_REQ_EXISTS[] = "SELECT id FROM endorsement_requests WHERE id = $1";

static void req_row(const struct bl_rows *r, size_t i, struct bl_endreq *q)
{
    memset(q, 0, sizeof *q);
    q->id = bl_cell_int(r, i, 0);
    q->badgeclass_id = bl_cell_int(r, i, 1);
    q->requester_org_id = bl_cell_int(r, i, 2);
    q->target_org_id = bl_cell_int(r, i, 3);
    q->message = bl_cell_text(r, i, 4);
    q->state = bl_cell_text(r, i, 5);
    q->created_at = bl_cell_int(r, i, 6);
    q->answered_at = bl_cell_int(r, i, 7);
    q->endorsement_id = bl_cell_int(r, i, 8);
    q->badge_uid = bl_cell_text(r, i, 9);
    q->badge_name = bl_cell_text(r, i, 10);
    q->requester_name = bl_cell_text(r, i, 11);
    q->requester_slug = bl_cell_text(r, i, 12);
    q->target_name = bl_cell_text(r, i, 13);
    q->target_slug = bl_cell_text(r, i, 14);
}

static void req_fill(struct bl_tx *tx, const struct bl_rows *r, struct bl_endreq **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    if (r->nrows == 0)
        return;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r->nrows * sizeof **rows);
    for (size_t i = 0; i < r->nrows; i++)
        req_row(r, i, &(*rows)[i]);
    *n = r->nrows;
}

enum bl_err bl_store_endreq_insert(struct bl_tx *tx, struct bl_endreq *q, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(q->badgeclass_id), bl_v_int(q->requester_org_id),
                         bl_v_int(q->target_org_id), bl_v_text(q->message),
                         bl_v_int(q->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_REQ_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "this organisation was already asked");
    q->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_endreq_get(struct bl_tx *tx, int64_t id, struct bl_endreq *out,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_REQ_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such endorsement request");
    req_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_endreq_received(struct bl_tx *tx, int64_t target_org_id,
                                     struct bl_endreq **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(target_org_id), bl_v_int(BL_STORE_PAGE_MAX)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_REQ_RECEIVED, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK)
        req_fill(tx, &r, rows, n);
    return rc;
}

enum bl_err bl_store_endreq_for_badge(struct bl_tx *tx, int64_t badgeclass_id,
                                      struct bl_endreq **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(badgeclass_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_REQ_FOR_BADGE, p, 1, &r, ei);
    if (rc == BL_OK)
        req_fill(tx, &r, rows, n);
    return rc;
}

enum bl_err bl_store_endreq_answer(struct bl_tx *tx, int64_t id, const char *state, int64_t at,
                                   int64_t endorsement_id, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_text(state), bl_v_int(at), bl_v_int(endorsement_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_REQ_ANSWER, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK || r.changes > 0)
        return rc;
    rc = bl_store__exec(tx, SQL_REQ_EXISTS, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    return r.nrows == 0 ? bl_fail(ei, BL_ENOTFOUND, "no such endorsement request")
                        : bl_fail(ei, BL_EEXISTS, "endorsement request already answered");
}

/* ---- recommendation links ---- */

static const char SQL_LINK_INSERT[] =
    "INSERT INTO endorsement_links (token_hash, award_id, org_id, tutor_name, tutor_email,"
    " created_at, expires_at, used_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)"
    " ON CONFLICT DO NOTHING RETURNING token_hash";
static const char SQL_LINK_GET[] =
    "SELECT token_hash, award_id, org_id, tutor_name, tutor_email, created_at, expires_at,"
    " used_at, created_by FROM endorsement_links WHERE token_hash = $1";
static const char SQL_LINK_USE[] = "UPDATE endorsement_links SET used_at = $2"
                                   " WHERE token_hash = $1 AND used_at = 0 AND expires_at > $2";

enum bl_err bl_store_reclink_insert(struct bl_tx *tx, const struct bl_reclink *l,
                                    struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(l->token_hash),  bl_v_int(l->award_id),
                         bl_v_int(l->org_id),       bl_v_text(l->tutor_name),
                         bl_v_text(l->tutor_email), bl_v_int(l->created_at),
                         bl_v_int(l->expires_at),   bl_v_int(l->created_by)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_LINK_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "recommendation link already exists");
    return rc;
}

enum bl_err bl_store_reclink_get(struct bl_tx *tx, const char *token_hash, struct bl_reclink *out,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_LINK_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such recommendation link");
    memset(out, 0, sizeof *out);
    out->token_hash = bl_cell_text(&r, 0, 0);
    out->award_id = bl_cell_int(&r, 0, 1);
    out->org_id = bl_cell_int(&r, 0, 2);
    out->tutor_name = bl_cell_text(&r, 0, 3);
    out->tutor_email = bl_cell_text(&r, 0, 4);
    out->created_at = bl_cell_int(&r, 0, 5);
    out->expires_at = bl_cell_int(&r, 0, 6);
    out->used_at = bl_cell_int(&r, 0, 7);
    out->created_by = bl_cell_int(&r, 0, 8);
    return BL_OK;
}

enum bl_err bl_store_reclink_use(struct bl_tx *tx, const char *token_hash, int64_t now,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_LINK_USE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "recommendation link unknown, used or expired");
    return rc;
}
