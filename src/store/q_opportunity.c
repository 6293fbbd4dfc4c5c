/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_opportunity.c: opportunities, their required badge classes, the
 * applications to them and the awards each application shares (tables
 * opportunities, opportunity_requirements, applications, application_awards;
 * migration 015).
 */
#include <string.h>

#include "store/backend.h"

#define OPP_COLS                                                                                   \
    "o.id, o.uid, o.org_id, o.kind, o.title, o.description, o.place, o.start_date, o.end_date,"    \
    " o.places, o.status, o.pathway_id, o.created_by, o.created_at, o.updated_at, g.name, g.slug," \
    " (SELECT COUNT(*) FROM applications x WHERE x.opportunity_id = o.id"                          \
    " AND x.status = 'accepted'), o.version"
#define APP_COLS                                                                                   \
    "a.id, a.uid, a.opportunity_id, a.holder_id, a.contact, a.message, a.status, a.answer,"        \
    " a.outcome, a.created_at, a.updated_at, a.answered_at, a.outcome_at"

static const char SQL_OPP_INSERT[] =
    "INSERT INTO opportunities (uid, org_id, kind, title, description, place, start_date,"
    " end_date, places, status, pathway_id, created_by, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_OPP_UPDATE[] =
    "UPDATE opportunities SET kind = $2, title = $3, description = $4, place = $5,"
    " start_date = $6, end_date = $7, places = $8, status = $9, pathway_id = $10,"
    " updated_at = $11, version = version + 1 WHERE id = $1 AND version = $12 RETURNING version";
static const char SQL_OPP_VERSION[] = "SELECT version FROM opportunities WHERE id = $1";
static const char SQL_OPP_BY_UID[] = "SELECT " OPP_COLS ", 0 FROM opportunities o"
                                     " JOIN orgs g ON g.id = o.org_id WHERE o.uid = $1";
static const char SQL_OPP_LIST_ORG[] =
    "SELECT " OPP_COLS ", (SELECT COUNT(*) FROM applications a WHERE a.opportunity_id = o.id)"
    " FROM opportunities o JOIN orgs g ON g.id = o.org_id WHERE o.org_id = $1"
    " ORDER BY o.created_at DESC, o.id DESC";
static const char SQL_OPP_LIST_OPEN[] =
    "SELECT " OPP_COLS ", 0 FROM opportunities o JOIN orgs g ON g.id = o.org_id"
    " WHERE o.status = 'open' AND (o.end_date = '' OR o.end_date >= $1)"
    " ORDER BY o.end_date = '', o.end_date, o.id LIMIT $2";
static const char SQL_OPP_LIST_OPEN_PATHWAY[] =
    "SELECT " OPP_COLS ", 0 FROM opportunities o JOIN orgs g ON g.id = o.org_id"
    " WHERE o.status = 'open' AND (o.end_date = '' OR o.end_date >= $1) AND o.pathway_id = $3"
    " ORDER BY o.end_date = '', o.end_date, o.id LIMIT $2";
static const char SQL_REQ_CLEAR[] =
    "DELETE FROM opportunity_requirements WHERE opportunity_id = $1";
static const char SQL_REQ_ADD[] =
    "INSERT INTO opportunity_requirements (opportunity_id, badgeclass_id) VALUES ($1, $2)"
    " ON CONFLICT DO NOTHING";
#define REQ_SELECT                                                                                 \
    "SELECT r.opportunity_id, b.id, b.uid, b.name, g.name FROM opportunity_requirements r"         \
    " JOIN badge_classes b ON b.id = r.badgeclass_id JOIN orgs g ON g.id = b.org_id"
static const char SQL_REQ_LIST[] = REQ_SELECT " WHERE r.opportunity_id = $1 ORDER BY b.name, b.id";
static const char SQL_REQ_OPEN[] =
    REQ_SELECT " JOIN opportunities o ON o.id = r.opportunity_id"
               " WHERE o.status = 'open' AND (o.end_date = '' OR o.end_date >= $1)"
               " ORDER BY r.opportunity_id, b.name, b.id";
/* lower() on both sides is the portable case-insensitive match (no ILIKE in SQLite). */
static const char SQL_BADGE_FIND[] =
    "SELECT 0, b.id, b.uid, b.name, g.name FROM badge_classes b JOIN orgs g ON g.id = b.org_id"
    " WHERE b.archived = 0 AND lower(b.name) LIKE lower($1) ESCAPE '!'"
    " ORDER BY b.name, g.name, b.id LIMIT $2";
static const char SQL_APP_INSERT[] =
    "INSERT INTO applications (uid, opportunity_id, holder_id, contact, message, status, answer,"
    " outcome, created_at, updated_at, answered_at, outcome_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_APP_AWARD_ADD[] =
    "INSERT INTO application_awards (application_id, award_id) VALUES ($1, $2)"
    " ON CONFLICT DO NOTHING";
#define APP_ONE                                                                                    \
    "SELECT " APP_COLS ", h.first_name, o.uid, o.title, o.kind, g.name FROM applications a"        \
    " JOIN holders h ON h.id = a.holder_id JOIN opportunities o ON o.id = a.opportunity_id"        \
    " JOIN orgs g ON g.id = o.org_id"
static const char SQL_APP_BY_UID[] = APP_ONE " WHERE a.uid = $1";
static const char SQL_APP_OF_HOLDER[] = APP_ONE " WHERE a.opportunity_id = $1 AND a.holder_id = $2";
static const char SQL_APP_UPDATE[] =
    "UPDATE applications SET status = $2, answer = $3, outcome = $4, updated_at = $5,"
    " answered_at = $6, outcome_at = $7 WHERE id = $1";
static const char SQL_APP_LIST_OPP[] =
    "SELECT " APP_COLS ", h.first_name FROM applications a JOIN holders h ON h.id = a.holder_id"
    " WHERE a.opportunity_id = $1 ORDER BY a.created_at, a.id";
static const char SQL_APP_LIST_HOLDER[] =
    "SELECT " APP_COLS ", '', o.uid, o.title, o.kind, g.name FROM applications a"
    " JOIN opportunities o ON o.id = a.opportunity_id JOIN orgs g ON g.id = o.org_id"
    " WHERE a.holder_id = $1 ORDER BY a.created_at DESC, a.id DESC";
static const char SQL_APP_ERASE_AWARDS[] = "DELETE FROM application_awards WHERE application_id IN"
                                           " (SELECT id FROM applications WHERE holder_id = $1)";
static const char SQL_APP_ERASE[] =
    "UPDATE applications SET contact = '', message = '', status = 'withdrawn', updated_at = $2"
    " WHERE holder_id = $1";
static const char SQL_APP_AWARDS[] =
    "SELECT w.id, w.uid, w.badgeclass_id, b.uid, b.name, w.recipient_name, w.issued_at,"
    " w.expires_at, w.revoked_at, w.revocation_reason FROM application_awards x"
    " JOIN awards w ON w.id = x.award_id JOIN badge_classes b ON b.id = w.badgeclass_id"
    " WHERE x.application_id = $1 ORDER BY b.name, w.id";

static void read_opp(const struct bl_rows *r, size_t i, struct bl_opp *o)
{
    memset(o, 0, sizeof *o);
    o->id = bl_cell_int(r, i, 0);
    o->uid = bl_cell_text(r, i, 1);
    o->org_id = bl_cell_int(r, i, 2);
    o->kind = bl_cell_text(r, i, 3);
    o->title = bl_cell_text(r, i, 4);
    o->description = bl_cell_text(r, i, 5);
    o->place = bl_cell_text(r, i, 6);
    o->start_date = bl_cell_text(r, i, 7);
    o->end_date = bl_cell_text(r, i, 8);
    o->places = bl_cell_int(r, i, 9);
    o->status = bl_cell_text(r, i, 10);
    o->pathway_id = bl_cell_int(r, i, 11);
    o->created_by = bl_cell_int(r, i, 12);
    o->created_at = bl_cell_int(r, i, 13);
    o->updated_at = bl_cell_int(r, i, 14);
    o->org_name = bl_cell_text(r, i, 15);
    o->org_slug = bl_cell_text(r, i, 16);
    o->accepted = bl_cell_int(r, i, 17);
    o->version = bl_cell_int(r, i, 18);
    o->applications = bl_cell_int(r, i, 19);
}

static void read_app(const struct bl_rows *r, size_t i, struct bl_application *a)
{
    memset(a, 0, sizeof *a);
    a->id = bl_cell_int(r, i, 0);
    a->uid = bl_cell_text(r, i, 1);
    a->opportunity_id = bl_cell_int(r, i, 2);
    a->holder_id = bl_cell_int(r, i, 3);
    a->contact = bl_cell_text(r, i, 4);
    a->message = bl_cell_text(r, i, 5);
    a->status = bl_cell_text(r, i, 6);
    a->answer = bl_cell_text(r, i, 7);
    a->outcome = bl_cell_text(r, i, 8);
    a->created_at = bl_cell_int(r, i, 9);
    a->updated_at = bl_cell_int(r, i, 10);
    a->answered_at = bl_cell_int(r, i, 11);
    a->outcome_at = bl_cell_int(r, i, 12);
    a->first_name = bl_cell_text(r, i, 13);
    if (r->ncols > 14) {
        a->opp_uid = bl_cell_text(r, i, 14);
        a->opp_title = bl_cell_text(r, i, 15);
        a->opp_kind = bl_cell_text(r, i, 16);
        a->org_name = bl_cell_text(r, i, 17);
    }
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

enum bl_err bl_store_opp_insert(struct bl_tx *tx, struct bl_opp *o, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(o->uid),
                         bl_v_int(o->org_id),
                         bl_v_text(o->kind),
                         bl_v_text(o->title),
                         bl_v_text(nz(o->description)),
                         bl_v_text(nz(o->place)),
                         bl_v_text(nz(o->start_date)),
                         bl_v_text(nz(o->end_date)),
                         bl_v_int(o->places),
                         bl_v_text(o->status ? o->status : "open"),
                         o->pathway_id ? bl_v_int(o->pathway_id) : bl_v_text(NULL),
                         bl_v_int(o->created_by),
                         bl_v_int(o->created_at),
                         bl_v_int(o->updated_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OPP_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "opportunity uid %s already exists", o->uid);
    else if (rc == BL_OK) {
        o->id = bl_cell_int(&r, 0, 0);
        o->version = 1; /* the column's default */
    }
    return rc;
}

enum bl_err bl_store_opp_update(struct bl_tx *tx, struct bl_opp *o, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(o->id),
                         bl_v_text(o->kind),
                         bl_v_text(o->title),
                         bl_v_text(nz(o->description)),
                         bl_v_text(nz(o->place)),
                         bl_v_text(nz(o->start_date)),
                         bl_v_text(nz(o->end_date)),
                         bl_v_int(o->places),
                         bl_v_text(o->status ? o->status : "open"),
                         o->pathway_id ? bl_v_int(o->pathway_id) : bl_v_text(NULL),
                         bl_v_int(o->updated_at),
                         bl_v_int(o->version)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OPP_UPDATE, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 1) {
        o->version = bl_cell_int(&r, 0, 0);
        return BL_OK;
    }
    /* Nothing changed: the row is gone, or it moved past the version the change is based on. */
    rc = bl_store__exec(tx, SQL_OPP_VERSION, p, 1, &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no opportunity %lld", (long long)o->id);
    else if (rc == BL_OK)
        rc = bl_fail(ei, BL_ESTALE, "opportunity %lld is at version %lld, not %lld",
                     (long long)o->id, (long long)bl_cell_int(&r, 0, 0), (long long)o->version);
    return rc;
}

enum bl_err bl_store_opp_by_uid(struct bl_tx *tx, const char *uid, struct bl_opp *out,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OPP_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no opportunity %.40s", uid);
    read_opp(&r, 0, out);
    return BL_OK;
}

static enum bl_err opp_rows(struct bl_tx *tx, const char *sql, const struct bl_val *p, size_t np,
                            struct bl_opp **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        read_opp(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_opp_list_org(struct bl_tx *tx, int64_t org_id, struct bl_opp **rows, size_t *n,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    return opp_rows(tx, SQL_OPP_LIST_ORG, p, 1, rows, n, ei);
}

enum bl_err bl_store_opp_list_open(struct bl_tx *tx, const char *today, struct bl_opp **rows,
                                   size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(today), bl_v_int(BL_STORE_OPP_OPEN_MAX)};
    return opp_rows(tx, SQL_OPP_LIST_OPEN, p, 2, rows, n, ei);
}

enum bl_err bl_store_opp_list_open_pathway(struct bl_tx *tx, const char *today, int64_t pathway_id,
                                           struct bl_opp **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(today), bl_v_int(BL_STORE_OPP_OPEN_MAX), bl_v_int(pathway_id)};
    return opp_rows(tx, SQL_OPP_LIST_OPEN_PATHWAY, p, 3, rows, n, ei);
}

enum bl_err bl_store_opp_req_set(struct bl_tx *tx, int64_t opp_id, const int64_t *badge_ids,
                                 size_t n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(opp_id), bl_v_int(0)};
    enum bl_err rc = bl_store__exec(tx, SQL_REQ_CLEAR, p, 1, NULL, ei);
    for (size_t i = 0; rc == BL_OK && i < n; i++) {
        p[1] = bl_v_int(badge_ids[i]);
        rc = bl_store__exec(tx, SQL_REQ_ADD, p, 2, NULL, ei);
    }
    return rc;
}

static enum bl_err req_rows(struct bl_tx *tx, const char *sql, const struct bl_val *p, size_t np,
                            struct bl_opp_req **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_opp_req *q = &(*rows)[i];
        q->opportunity_id = bl_cell_int(&r, i, 0);
        q->badgeclass_id = bl_cell_int(&r, i, 1);
        q->badge_uid = bl_cell_text(&r, i, 2);
        q->badge_name = bl_cell_text(&r, i, 3);
        q->org_name = bl_cell_text(&r, i, 4);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_opp_req_list(struct bl_tx *tx, int64_t opp_id, const char *today,
                                  struct bl_opp_req **rows, size_t *n, struct bl_errinfo *ei)
{
    if (opp_id > 0) {
        struct bl_val p[] = {bl_v_int(opp_id)};
        return req_rows(tx, SQL_REQ_LIST, p, 1, rows, n, ei);
    }
    struct bl_val p[] = {bl_v_text(today ? today : "")};
    return req_rows(tx, SQL_REQ_OPEN, p, 1, rows, n, ei);
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

enum bl_err bl_store_badge_find_network(struct bl_tx *tx, const char *q, size_t limit,
                                        struct bl_opp_req **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(like_pattern(bl_tx_arena(tx), q ? q : "")),
                         bl_v_int((int64_t)bl_store__page(limit))};
    return req_rows(tx, SQL_BADGE_FIND, p, 2, rows, n, ei);
}

enum bl_err bl_store_app_insert(struct bl_tx *tx, struct bl_application *a, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(a->uid),         bl_v_int(a->opportunity_id),
                         bl_v_int(a->holder_id),    bl_v_text(nz(a->contact)),
                         bl_v_text(nz(a->message)), bl_v_text(a->status ? a->status : "sent"),
                         bl_v_text(nz(a->answer)),  bl_v_text(nz(a->outcome)),
                         bl_v_int(a->created_at),   bl_v_int(a->updated_at),
                         bl_v_int(a->answered_at),  bl_v_int(a->outcome_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_APP_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "holder %lld already applied to opportunity %lld",
                     (long long)a->holder_id, (long long)a->opportunity_id);
    else if (rc == BL_OK)
        a->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_app_award_add(struct bl_tx *tx, int64_t application_id, int64_t award_id,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(application_id), bl_v_int(award_id)};
    return bl_store__exec(tx, SQL_APP_AWARD_ADD, p, 2, NULL, ei);
}

static enum bl_err app_one(struct bl_tx *tx, const char *sql, const struct bl_val *p, size_t np,
                           struct bl_application *out, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such application");
    read_app(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_app_by_uid(struct bl_tx *tx, const char *uid, struct bl_application *out,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    return app_one(tx, SQL_APP_BY_UID, p, 1, out, ei);
}

enum bl_err bl_store_app_of_holder(struct bl_tx *tx, int64_t opp_id, int64_t holder_id,
                                   struct bl_application *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(opp_id), bl_v_int(holder_id)};
    return app_one(tx, SQL_APP_OF_HOLDER, p, 2, out, ei);
}

enum bl_err bl_store_app_update(struct bl_tx *tx, const struct bl_application *a,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(a->id),          bl_v_text(a->status),
                         bl_v_text(nz(a->answer)), bl_v_text(nz(a->outcome)),
                         bl_v_int(a->updated_at),  bl_v_int(a->answered_at),
                         bl_v_int(a->outcome_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_APP_UPDATE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no application %lld", (long long)a->id);
    return rc;
}

static enum bl_err app_rows(struct bl_tx *tx, const char *sql, int64_t key,
                            struct bl_application **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(key)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        read_app(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_app_list_opp(struct bl_tx *tx, int64_t opp_id, struct bl_application **rows,
                                  size_t *n, struct bl_errinfo *ei)
{
    return app_rows(tx, SQL_APP_LIST_OPP, opp_id, rows, n, ei);
}

enum bl_err bl_store_app_list_holder(struct bl_tx *tx, int64_t holder_id,
                                     struct bl_application **rows, size_t *n, struct bl_errinfo *ei)
{
    return app_rows(tx, SQL_APP_LIST_HOLDER, holder_id, rows, n, ei);
}

enum bl_err bl_store_app_awards(struct bl_tx *tx, int64_t application_id,
                                struct bl_award_brief **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(application_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_APP_AWARDS, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_award_brief *b = &(*rows)[i];
        b->id = bl_cell_int(&r, i, 0);
        b->uid = bl_cell_text(&r, i, 1);
        b->badgeclass_id = bl_cell_int(&r, i, 2);
        b->badge_uid = bl_cell_text(&r, i, 3);
        b->badge_name = bl_cell_text(&r, i, 4);
        b->recipient_name = bl_cell_text(&r, i, 5);
        b->issued_at = bl_cell_int(&r, i, 6);
        b->expires_at = bl_cell_int(&r, i, 7);
        b->revoked_at = bl_cell_int(&r, i, 8);
        b->revocation_reason = bl_cell_text(&r, i, 9);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_app_erase_holder(struct bl_tx *tx, int64_t holder_id, int64_t now,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_int(now)};
    enum bl_err rc = bl_store__exec(tx, SQL_APP_ERASE_AWARDS, p, 1, NULL, ei);
    if (rc == BL_OK)
        rc = bl_store__exec(tx, SQL_APP_ERASE, p, 2, NULL, ei);
    return rc;
}
