/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * opp_pathway.c: the pathway an opportunity names, looked up for the staff
 * of the organisation offering it (opportunity.h).  A partner's
 * opportunity may require a pathway of another organisation of the network
 * (the Mission Locale's), so the lookup is network-wide, like the badge
 * picker, and not limited to the members of the pathway's organisation.
 */
#include "app/opportunity.h"

#include <string.h>

#include "core/mem.h"

struct pw_ctx {
    const struct bl_actor *who;
    int64_t org_id;
    const char *uid;
    int64_t id;
    struct bl_arena *arena;
    struct bl_pathway_row *out;
};

static enum bl_err pw_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    /* Someone of another organisation learns nothing: "not found". */
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_EDENIED)
        return bl_fail(ei, BL_ENOTFOUND, "no organisation");
    if (e != BL_OK)
        return e;
    e = c->uid ? bl_store_pathway_by_uid(tx, c->uid, c->out, ei)
               : bl_store_pathway_by_id(tx, c->id, c->out, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "pathway: no pathway %.40s", c->uid ? c->uid : "");
    /* Named anew (by uid), an archived pathway is refused: nobody progresses on it. */
    if (e == BL_OK && c->uid && c->out->archived)
        return bl_fail(ei, BL_EINVAL, "pathway: the pathway %.40s is archived", c->uid);
    return e;
}

enum bl_err bl_app_opp_pathway(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *uid, int64_t id, struct bl_arena *arena,
                               struct bl_pathway_row *out, struct bl_errinfo *ei)
{
    struct pw_ctx c = {who, org_id, uid, id, arena, out};
    return bl_store_run(app->store, BL_TX_READ, pw_tx, &c, ei);
}

enum bl_err bl_app_opp_pathway_pick(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    int64_t current, const char *uid, struct bl_arena *arena,
                                    int64_t *pathway_id, struct bl_errinfo *ei)
{
    struct bl_pathway_row p;
    struct bl_errinfo cei = {0};

    *pathway_id = current;
    if (!uid)
        return BL_OK;
    *pathway_id = 0;
    if (!*uid)
        return BL_OK;
    /* Sent back unchanged (a whole object, a form): kept, even archived since. */
    if (current > 0 &&
        bl_app_opp_pathway(app, who, org_id, NULL, current, arena, &p, &cei) == BL_OK &&
        strcmp(p.uid, uid) == 0) {
        *pathway_id = current;
        return BL_OK;
    }
    enum bl_err e = bl_app_opp_pathway(app, who, org_id, uid, 0, arena, &p, ei);
    if (e == BL_OK)
        *pathway_id = p.id;
    return e;
}

enum bl_err bl_app__opp_pathway_usable(struct bl_tx *tx, int64_t pathway_id, struct bl_errinfo *ei)
{
    struct bl_pathway_row p;
    enum bl_err e = bl_store_pathway_by_id(tx, pathway_id, &p, ei);

    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_EINVAL, "pathway: no pathway %lld", (long long)pathway_id);
    if (e == BL_OK && p.archived)
        return bl_fail(ei, BL_EINVAL, "pathway: the pathway %.40s is archived", p.uid);
    return e;
}

struct naming_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t pathway_id;
    struct bl_arena *arena;
    struct bl_app_opp_naming **rows;
    size_t *n;
};

static enum bl_err naming_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct naming_ctx *c = cls;
    struct bl_pathway_row p;
    struct bl_opp *opps;
    size_t n = 0;
    char today[11];

    bl_tx_set_arena(tx, c->arena);
    *c->rows = NULL;
    *c->n = 0;
    enum bl_err e = bl_store_pathway_by_id(tx, c->pathway_id, &p, ei);
    if (e == BL_OK)
        e = bl_app_authorize(tx, c->who, p.org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_ENOTFOUND || e == BL_EDENIED)
        return bl_fail(ei, BL_ENOTFOUND, "no pathway %lld", (long long)c->pathway_id);
    bl_app_opp_day(bl_app_now(c->app), today);
    if (e == BL_OK)
        e = bl_store_opp_list_open_pathway(tx, today, p.id, &opps, &n, ei);
    if (e != BL_OK || n == 0)
        return e;
    *c->rows = bl_arena_zalloc(c->arena, n * sizeof **c->rows);
    for (size_t i = 0; i < n; i++) {
        struct bl_errinfo denied = {0};
        /* Another organisation's opportunity: its title and name only, unless staff there too. */
        (*c->rows)[(*c->n)++] = (struct bl_app_opp_naming){
            .uid = opps[i].uid,
            .title = opps[i].title,
            .org_name = opps[i].org_name,
            .org_slug = opps[i].org_slug,
            .member =
                bl_app_authorize(tx, c->who, opps[i].org_id, BL_ROLE_VIEWER, &denied) == BL_OK};
    }
    return BL_OK;
}

enum bl_err bl_app_opp_naming_pathway(struct bl_app *app, const struct bl_actor *who,
                                      int64_t pathway_id, struct bl_arena *arena,
                                      struct bl_app_opp_naming **rows, size_t *n,
                                      struct bl_errinfo *ei)
{
    struct naming_ctx c = {app, who, pathway_id, arena, rows, n};
    return bl_store_run(app->store, BL_TX_READ, naming_tx, &c, ei);
}
