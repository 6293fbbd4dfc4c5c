/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * awarding.c: award lists, export, bulk revocation and statistics
 * (awarding.h).  Reads need the viewer role, and a member of another org is
 * told "not found"; the export and revocation need the issuer role.
 */
#include "app/awarding.h"

#include <stdio.h>
#include <string.h>

#include "app/pathway.h"
#include "app/util.h"

#define MONDAY_1970 345600 /* 1970-01-05T00:00:00Z */

struct list_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const struct bl_app_award_query *q;
    struct bl_arena *arena;
    size_t offset, limit;
    struct bl_award_brief **rows;
    size_t *n;
    int64_t *total;
};

/* Viewer (or more) in org_id; "not found" for anyone else. */
static enum bl_err may_see(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                           struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_authorize(tx, who, org_id, BL_ROLE_VIEWER, ei);
    return e == BL_EDENIED ? bl_fail(ei, BL_ENOTFOUND, "not found") : e;
}

/* The store's filter for q: the badge class must be one of the org's. */
static enum bl_err filter_of(struct bl_tx *tx, const struct bl_app *app,
                             const struct bl_app_award_query *q, struct bl_award_filter *f,
                             struct bl_errinfo *ei)
{
    *f = (struct bl_award_filter){
        .org_id = q->org_id, .search = q->search, .state = q->state, .now = bl_app_now(app)};
    if (!q->badge_uid || !*q->badge_uid)
        return BL_OK;
    struct bl_badgeclass b;
    enum bl_err e = bl_store_badgeclass_by_uid(tx, q->badge_uid, &b, ei);
    if (e == BL_OK && b.org_id != q->org_id)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, e, "no badge class %.40s here", q->badge_uid);
    f->badgeclass_id = b.id;
    return e;
}

static enum bl_err check_query(const struct bl_app_award_query *q, struct bl_errinfo *ei)
{
    if (q->state < BL_AWARD_ANY || q->state > BL_AWARD_EXPIRED)
        return bl_fail(ei, BL_EINVAL, "state: unknown");
    return bl_app_check_text("search", q->search, false, BL_APP_SEARCH_MAX, ei);
}

static enum bl_err search_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct list_ctx *c = cls;
    struct bl_award_filter f;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c->who, c->q->org_id, ei);
    if (e == BL_OK)
        e = filter_of(tx, c->app, c->q, &f, ei);
    if (e == BL_OK)
        e = bl_store_award_count(tx, &f, c->total, ei);
    if (e == BL_OK)
        e = bl_store_award_search(tx, &f, c->offset, c->limit, c->rows, c->n, ei);
    return e;
}

enum bl_err bl_app_award_search(struct bl_app *app, const struct bl_actor *who,
                                const struct bl_app_award_query *q, size_t offset, size_t limit,
                                struct bl_arena *arena, struct bl_award_brief **rows, size_t *n,
                                int64_t *total, struct bl_errinfo *ei)
{
    struct list_ctx c = {app, who, q, arena, offset, limit, rows, n, total};
    *rows = NULL;
    *n = 0;
    *total = 0;
    enum bl_err e = check_query(q, ei);
    return e != BL_OK ? e : bl_store_run(app->store, BL_TX_READ, search_tx, &c, ei);
}

static enum bl_err export_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct list_ctx *c = cls;
    struct bl_award_filter f;
    struct bl_award_brief *page = NULL;
    size_t got = 0;
    bl_tx_set_arena(tx, c->arena);
    *c->rows = NULL;
    *c->n = 0;
    enum bl_err e = may_see(tx, c->who, c->q->org_id, ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, c->q->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = filter_of(tx, c->app, c->q, &f, ei);
    if (e == BL_OK)
        e = bl_store_award_count(tx, &f, c->total, ei);
    if (e != BL_OK)
        return e;
    if (*c->total > (int64_t)BL_APP_EXPORT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "at most %u awards in one export", BL_APP_EXPORT_MAX);
    size_t want = (size_t)*c->total;
    struct bl_award_brief *all = want ? bl_arena_alloc(c->arena, want * sizeof *all) : NULL;
    for (size_t off = 0; off < want; off += got) {
        e = bl_store_award_search(tx, &f, off, BL_STORE_PAGE_MAX, &page, &got, ei);
        if (e != BL_OK)
            return e;
        if (got == 0)
            break;
        if (got > want - off)
            got = want - off;
        memcpy(all + off, page, got * sizeof *page);
        *c->n = off + got;
    }
    *c->rows = all;
    char detail[96];
    (void)snprintf(detail, sizeof detail, "{\"rows\":%zu}", *c->n);
    return bl_app_audit(tx, c->app, c->who, c->q->org_id, "award.export", "awards.csv", detail, ei);
}

enum bl_err bl_app_award_export(struct bl_app *app, const struct bl_actor *who,
                                const struct bl_app_award_query *q, struct bl_arena *arena,
                                struct bl_award_brief **rows, size_t *n, struct bl_errinfo *ei)
{
    int64_t total = 0;
    struct list_ctx c = {app, who, q, arena, 0, 0, rows, n, &total};
    *rows = NULL;
    *n = 0;
    enum bl_err e = check_query(q, ei);
    return e != BL_OK ? e : bl_store_run(app->store, BL_TX_WRITE, export_tx, &c, ei);
}

struct revoke_many_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const char *const *uids;
    size_t n;
    const char *reason;
};

static enum bl_err revoke_many_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct revoke_many_ctx *c = cls;
    struct bl_arena arena;
    struct bl_award a;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = may_see(tx, c->who, c->org_id, ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    int64_t now = bl_app_now(c->app);
    for (size_t i = 0; i < c->n && e == BL_OK; i++) {
        e = bl_store_award_by_uid(tx, c->uids[i], &a, ei);
        if (e == BL_OK && a.org_id != c->org_id)
            e = BL_ENOTFOUND;
        if (e == BL_ENOTFOUND) {
            e = bl_fail(ei, e, "no award %.40s here", c->uids[i]);
            break;
        }
        if (e == BL_OK)
            e = bl_store_award_revoke(tx, a.id, now, c->reason, ei);
        if (e == BL_EEXISTS)
            e = bl_fail(ei, e, "the award %.40s was already revoked", c->uids[i]);
        if (e == BL_OK)
            e = bl_app_audit(tx, c->app, c->who, c->org_id, "award.revoke", c->uids[i], NULL, ei);
        /* Pathways (pathway.c): a broken completion is withdrawn in this same transaction. */
        if (e == BL_OK) {
            struct bl_app_pathway_person p = {
                .award_id = a.id, .email = a.recipient_email, .phone = a.recipient_phone};
            e = bl_app_pathway_on_change(tx, c->app, &arena, c->org_id, &p, ei);
        }
    }
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_revoke_many(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *const *uids, size_t n, const char *reason,
                               struct bl_errinfo *ei)
{
    if (n == 0)
        return bl_fail(ei, BL_EINVAL, "awards: none chosen");
    if (n > BL_APP_REVOKE_MANY_MAX)
        return bl_fail(ei, BL_ETOOBIG, "awards: at most %u at once", BL_APP_REVOKE_MANY_MAX);
    enum bl_err e = bl_app_check_text("reason", reason, false, BL_APP_REASON_MAX, ei);
    if (e != BL_OK)
        return e;
    struct revoke_many_ctx c = {app, who, org_id, uids, n, reason && *reason ? reason : NULL};
    return bl_store_run(app->store, BL_TX_WRITE, revoke_many_tx, &c, ei);
}

struct stats_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    struct bl_arena *arena;
    struct bl_app_award_stats *out;
};

static enum bl_err stats_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct stats_ctx *c = cls;
    struct bl_app_award_stats *s = c->out;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c->who, c->org_id, ei);
    if (e == BL_OK)
        e = bl_store_award_per_week(tx, c->org_id, s->week_start[0], BL_APP_STATS_WEEKS,
                                    s->per_week, ei);
    if (e == BL_OK)
        e = bl_store_award_per_class(tx, c->org_id, &s->classes, &s->n_classes, ei);
    if (e == BL_OK)
        e = bl_store_award_totals(tx, c->org_id, bl_app_now(c->app), &s->totals, ei);
    return e;
}

enum bl_err bl_app_award_stats(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               struct bl_arena *arena, struct bl_app_award_stats *out,
                               struct bl_errinfo *ei)
{
    struct stats_ctx c = {app, who, org_id, arena, out};
    memset(out, 0, sizeof *out);
    int64_t last = bl_app_week_start(bl_app_now(app));
    for (size_t i = 0; i < BL_APP_STATS_WEEKS; i++)
        out->week_start[i] = last - (int64_t)(BL_APP_STATS_WEEKS - 1 - i) * BL_APP_WEEK_S;
    return bl_store_run(app->store, BL_TX_READ, stats_tx, &c, ei);
}

int64_t bl_app_week_start(int64_t t)
{
    int64_t r = (t - MONDAY_1970) % BL_APP_WEEK_S;
    if (r < 0)
        r += BL_APP_WEEK_S;
    return t - r;
}
