/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_network.c: partner profiles and the needs board (tables org_profiles,
 * needs, need_items, need_supports, need_answers, migration 011).
 */
#include <string.h>

#include "store/backend.h"

static const char SQL_PROFILE_PUT[] =
    "INSERT INTO org_profiles (org_id, kind, sector, siret, contact_name, contact_email,"
    " contact_phone, invited_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " ON CONFLICT (org_id) DO UPDATE SET kind = excluded.kind, sector = excluded.sector,"
    " siret = excluded.siret, contact_name = excluded.contact_name,"
    " contact_email = excluded.contact_email, contact_phone = excluded.contact_phone,"
    " invited_by = excluded.invited_by, updated_at = excluded.updated_at";
static const char SQL_PROFILE_GET[] =
    "SELECT org_id, kind, sector, siret, contact_name, contact_email, contact_phone, invited_by,"
    " updated_at FROM org_profiles WHERE org_id = $1";
/* Organisations without a profile row are network admins: listed first. */
static const char SQL_PARTNERS[] =
    "SELECT o.id, o.slug, o.name, o.url, o.description, o.image IS NOT NULL,"
    " COALESCE(p.kind, 'network'), p.sector, p.siret, p.contact_name, p.contact_email,"
    " p.contact_phone, COALESCE(p.invited_by, 0), COALESCE(p.updated_at, 0)"
    " FROM orgs o LEFT JOIN org_profiles p ON p.org_id = o.id"
    " ORDER BY CASE WHEN COALESCE(p.kind, 'network') = 'network' THEN 0 ELSE 1 END, o.name, o.id";

static const char SQL_NEED_INSERT[] =
    "INSERT INTO needs (uid, org_id, title, description, people, sector, horizon, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_NEED_ITEM_ADD[] =
    "INSERT INTO need_items (need_id, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
#define NEED_COLS                                                                                  \
    "n.id, n.uid, n.org_id, o.slug, o.name, n.title, n.description, n.people, n.sector,"           \
    " n.horizon, n.created_at, n.closed_at,"                                                       \
    " (SELECT COUNT(*) FROM need_supports s WHERE s.need_id = n.id), n.closed_reason"
static const char SQL_NEED_LIST[] =
    "SELECT " NEED_COLS " FROM needs n JOIN orgs o ON o.id = n.org_id WHERE n.closed_at = 0"
    " ORDER BY 13 DESC, n.people DESC, n.created_at DESC, n.id DESC";
static const char SQL_NEED_CLOSED[] =
    "SELECT " NEED_COLS " FROM needs n JOIN orgs o ON o.id = n.org_id WHERE n.closed_at <> 0"
    " ORDER BY n.closed_at DESC, n.id DESC LIMIT $1";
static const char SQL_NEED_UPDATE[] =
    "UPDATE needs SET title = $2, description = $3, people = $4, sector = $5, horizon = $6,"
    " updated_at = $7 WHERE id = $1";
static const char SQL_NEED_ITEMS_CLEAR[] = "DELETE FROM need_items WHERE need_id = $1";
static const char SQL_NEED_CLOSE[] =
    "UPDATE needs SET closed_at = $2, closed_reason = $3, updated_at = $4 WHERE id = $1";
static const char SQL_NEED_BY_UID[] =
    "SELECT " NEED_COLS " FROM needs n JOIN orgs o ON o.id = n.org_id WHERE n.uid = $1";
static const char SQL_NEED_ITEMS[] =
    "SELECT i.id, i.framework_id, i.code, i.label, i.parent_code, i.description, i.url, i.depth,"
    " i.position, f.uid, f.name, f.source_url FROM need_items x"
    " JOIN framework_items i ON i.id = x.item_id JOIN frameworks f ON f.id = i.framework_id"
    " WHERE x.need_id = $1 ORDER BY f.name, i.position";
static const char SQL_SUPPORT[] =
    "INSERT INTO need_supports (need_id, org_id, comment, created_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (need_id, org_id) DO UPDATE SET comment = excluded.comment";
static const char SQL_SUPPORTS[] =
    "SELECT s.org_id, o.slug, o.name, s.comment, s.created_at FROM need_supports s"
    " JOIN orgs o ON o.id = s.org_id WHERE s.need_id = $1 ORDER BY s.created_at, o.name";
static const char SQL_ANSWER_ADD[] =
    "INSERT INTO need_answers (need_id, kind, ref_uid, label, created_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING need_id";
/* An event answer carries its event's current date, place and organisation. */
#define ANSWER_FROM                                                                                \
    "SELECT a.kind, a.ref_uid, a.label, a.created_at, e.name, COALESCE(e.starts_at, 0), e.place,"  \
    " COALESCE(e.org_id, 0), o.slug, a.need_id FROM need_answers a"                                \
    " LEFT JOIN events e ON a.kind = 'event' AND e.uid = a.ref_uid"                                \
    " LEFT JOIN orgs o ON o.id = e.org_id"
static const char SQL_ANSWERS[] =
    ANSWER_FROM " WHERE a.need_id = $1 ORDER BY a.created_at, a.label";
static const char SQL_ANSWERS_OPEN[] =
    ANSWER_FROM " JOIN needs n ON n.id = a.need_id WHERE n.closed_at = 0"
                " ORDER BY a.need_id, a.created_at, a.label";
static const char SQL_EVENT_NEEDS[] =
    "SELECT " NEED_COLS " FROM need_answers a JOIN needs n ON n.id = a.need_id"
    " JOIN orgs o ON o.id = n.org_id WHERE a.kind = 'event' AND a.ref_uid = $1"
    " ORDER BY n.created_at, n.id";

static void profile_row(const struct bl_rows *r, size_t i, size_t c, struct bl_org_profile *p)
{
    p->kind = bl_cell_text(r, i, c);
    p->sector = bl_cell_text(r, i, c + 1);
    p->siret = bl_cell_text(r, i, c + 2);
    p->contact_name = bl_cell_text(r, i, c + 3);
    p->contact_email = bl_cell_text(r, i, c + 4);
    p->contact_phone = bl_cell_text(r, i, c + 5);
    p->invited_by = bl_cell_int(r, i, c + 6);
    p->updated_at = bl_cell_int(r, i, c + 7);
}

enum bl_err bl_store_profile_put(struct bl_tx *tx, const struct bl_org_profile *p,
                                 struct bl_errinfo *ei)
{
    struct bl_val v[] = {
        bl_v_int(p->org_id),         bl_v_text(p->kind),         bl_v_text(p->sector),
        bl_v_text(p->siret),         bl_v_text(p->contact_name), bl_v_text(p->contact_email),
        bl_v_text(p->contact_phone), bl_v_int(p->invited_by),    bl_v_int(p->updated_at)};
    return bl_store__exec(tx, SQL_PROFILE_PUT, v, BL_NPARAMS(v), NULL, ei);
}

enum bl_err bl_store_profile_get(struct bl_tx *tx, int64_t org_id, struct bl_org_profile *out,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PROFILE_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "organisation %lld has no partner profile",
                       (long long)org_id);
    memset(out, 0, sizeof *out);
    out->org_id = bl_cell_int(&r, 0, 0);
    profile_row(&r, 0, 1, out);
    return BL_OK;
}

enum bl_err bl_store_partner_list(struct bl_tx *tx, struct bl_partner **rows, size_t *n,
                                  struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PARTNERS, NULL, 0, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_partner *p = &(*rows)[i];
        p->org_id = bl_cell_int(&r, i, 0);
        p->slug = bl_cell_text(&r, i, 1);
        p->name = bl_cell_text(&r, i, 2);
        p->url = bl_cell_text(&r, i, 3);
        p->description = bl_cell_text(&r, i, 4);
        p->has_image = bl_cell_int(&r, i, 5) != 0;
        p->profile.org_id = p->org_id;
        profile_row(&r, i, 6, &p->profile);
    }
    *n = r.nrows;
    return BL_OK;
}

static void need_row(const struct bl_rows *r, size_t i, struct bl_need *x)
{
    x->id = bl_cell_int(r, i, 0);
    x->uid = bl_cell_text(r, i, 1);
    x->org_id = bl_cell_int(r, i, 2);
    x->org_slug = bl_cell_text(r, i, 3);
    x->org_name = bl_cell_text(r, i, 4);
    x->title = bl_cell_text(r, i, 5);
    x->description = bl_cell_text(r, i, 6);
    x->people = bl_cell_int(r, i, 7);
    x->sector = bl_cell_text(r, i, 8);
    x->horizon = bl_cell_text(r, i, 9);
    x->created_at = bl_cell_int(r, i, 10);
    x->closed_at = bl_cell_int(r, i, 11);
    x->supports = bl_cell_int(r, i, 12);
    x->closed_reason = bl_cell_text(r, i, 13);
}

enum bl_err bl_store_need_insert(struct bl_tx *tx, struct bl_need *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(n->uid),         bl_v_int(n->org_id),    bl_v_text(n->title),
                         bl_v_text(n->description), bl_v_int(n->people),    bl_v_text(n->sector),
                         bl_v_text(n->horizon),     bl_v_int(n->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_NEED_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK)
        n->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_need_item_add(struct bl_tx *tx, int64_t need_id, int64_t item_id,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id), bl_v_int(item_id)};
    return bl_store__exec(tx, SQL_NEED_ITEM_ADD, p, BL_NPARAMS(p), NULL, ei);
}

static enum bl_err need_rows(struct bl_tx *tx, const char *sql, struct bl_val *p, size_t np,
                             struct bl_need **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        need_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_need_list(struct bl_tx *tx, struct bl_need **rows, size_t *n,
                               struct bl_errinfo *ei)
{
    return need_rows(tx, SQL_NEED_LIST, NULL, 0, rows, n, ei);
}

enum bl_err bl_store_need_list_closed(struct bl_tx *tx, size_t limit, struct bl_need **rows,
                                      size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int((int64_t)limit)};
    return need_rows(tx, SQL_NEED_CLOSED, p, BL_NPARAMS(p), rows, n, ei);
}

enum bl_err bl_store_need_update(struct bl_tx *tx, const struct bl_need *x, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(x->id),        bl_v_text(x->title),  bl_v_text(x->description),
                         bl_v_int(x->people),    bl_v_text(x->sector), bl_v_text(x->horizon),
                         bl_v_int(x->updated_at)};
    enum bl_err rc = bl_store__exec(tx, SQL_NEED_UPDATE, p, BL_NPARAMS(p), NULL, ei);
    if (rc == BL_OK) {
        struct bl_val c[] = {bl_v_int(x->id)};
        rc = bl_store__exec(tx, SQL_NEED_ITEMS_CLEAR, c, 1, NULL, ei);
    }
    return rc;
}

enum bl_err bl_store_need_close(struct bl_tx *tx, int64_t need_id, int64_t closed_at,
                                const char *reason, int64_t at, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id), bl_v_int(closed_at), bl_v_text(reason ? reason : ""),
                         bl_v_int(at)};
    return bl_store__exec(tx, SQL_NEED_CLOSE, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_need_by_uid(struct bl_tx *tx, const char *uid, struct bl_need *out,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_NEED_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such need");
    need_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_need_items(struct bl_tx *tx, int64_t need_id, struct bl_fw_item **rows,
                                size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_NEED_ITEMS, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_fw_item *it = &(*rows)[i];
        it->id = bl_cell_int(&r, i, 0);
        it->framework_id = bl_cell_int(&r, i, 1);
        it->code = bl_cell_text(&r, i, 2);
        it->label = bl_cell_text(&r, i, 3);
        it->parent_code = bl_cell_text(&r, i, 4);
        it->description = bl_cell_text(&r, i, 5);
        it->url = bl_cell_text(&r, i, 6);
        it->depth = bl_cell_int(&r, i, 7);
        it->position = bl_cell_int(&r, i, 8);
        it->framework_uid = bl_cell_text(&r, i, 9);
        it->framework_name = bl_cell_text(&r, i, 10);
        it->framework_url = bl_cell_text(&r, i, 11);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_need_support(struct bl_tx *tx, int64_t need_id, int64_t org_id,
                                  const char *comment, int64_t at, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id), bl_v_int(org_id), bl_v_text(comment), bl_v_int(at)};
    return bl_store__exec(tx, SQL_SUPPORT, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_need_supports(struct bl_tx *tx, int64_t need_id, struct bl_need_support **rows,
                                   size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SUPPORTS, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_need_support *s = &(*rows)[i];
        s->org_id = bl_cell_int(&r, i, 0);
        s->org_slug = bl_cell_text(&r, i, 1);
        s->org_name = bl_cell_text(&r, i, 2);
        s->comment = bl_cell_text(&r, i, 3);
        s->created_at = bl_cell_int(&r, i, 4);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_need_answer_add(struct bl_tx *tx, int64_t need_id,
                                     const struct bl_need_answer *a, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id), bl_v_text(a->kind), bl_v_text(a->ref_uid),
                         bl_v_text(a->label), bl_v_int(a->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ANSWER_ADD, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "this answer is already linked to the need");
    return rc;
}

static enum bl_err answer_rows(struct bl_tx *tx, const char *sql, struct bl_val *p, size_t np,
                               struct bl_need_answer **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_need_answer *a = &(*rows)[i];
        a->kind = bl_cell_text(&r, i, 0);
        a->ref_uid = bl_cell_text(&r, i, 1);
        a->label = bl_cell_text(&r, i, 2);
        a->created_at = bl_cell_int(&r, i, 3);
        a->event_name = bl_cell_text(&r, i, 4);
        a->event_at = bl_cell_int(&r, i, 5);
        a->event_place = bl_cell_text(&r, i, 6);
        a->event_org_id = bl_cell_int(&r, i, 7);
        a->event_org_slug = bl_cell_text(&r, i, 8);
        a->need_id = bl_cell_int(&r, i, 9);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_need_answers(struct bl_tx *tx, int64_t need_id, struct bl_need_answer **rows,
                                  size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(need_id)};
    return answer_rows(tx, SQL_ANSWERS, p, BL_NPARAMS(p), rows, n, ei);
}

enum bl_err bl_store_need_answers_open(struct bl_tx *tx, struct bl_need_answer **rows, size_t *n,
                                       struct bl_errinfo *ei)
{
    return answer_rows(tx, SQL_ANSWERS_OPEN, NULL, 0, rows, n, ei);
}

enum bl_err bl_store_event_needs(struct bl_tx *tx, const char *event_uid, struct bl_need **rows,
                                 size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(event_uid)};
    return need_rows(tx, SQL_EVENT_NEEDS, p, BL_NPARAMS(p), rows, n, ei);
}
