/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * read.c: the read use cases of badge.h (lists and details for members of
 * an organisation).  A thing of another organisation is "not found" rather
 * than "denied", so ids do not leak across organisations.
 */
#include <string.h>

#include "app/badge.h"

struct read_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    struct bl_arena *arena;
    const char *key; /* slug or uid */
    int64_t org_id;
    size_t offset, limit;
    void *out;
    size_t *n;
    enum bl_role need;
};

static size_t page(size_t limit)
{
    return limit == 0 || limit > BL_STORE_PAGE_MAX ? 50 : limit;
}

/* Authorise, turning "denied" into "not found" for a member of another org. */
static enum bl_err may_see(struct bl_tx *tx, const struct read_ctx *c, int64_t org_id,
                           enum bl_role need, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_authorize(tx, c->who, org_id, need, ei);
    if (e == BL_EDENIED && need == BL_ROLE_VIEWER)
        return bl_fail(ei, BL_ENOTFOUND, "not found");
    return e;
}

static enum bl_err org_find_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    struct bl_org *o = c->out;
    enum bl_err e = bl_store_org_by_slug(tx, c->key, o, ei);
    if (e == BL_OK)
        e = may_see(tx, c, o->id, BL_ROLE_VIEWER, ei);
    return e;
}

enum bl_err bl_app_org_find(struct bl_app *app, const struct bl_actor *who, const char *slug,
                            struct bl_arena *arena, struct bl_org *out, struct bl_errinfo *ei)
{
    struct read_ctx c = {
        .app = app, .who = who, .arena = arena, .key = slug ? slug : "", .out = out};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, org_find_tx, &c, ei);
    return e == BL_ENOTFOUND ? bl_fail(ei, e, "no organisation %.60s", c.key) : e;
}

static enum bl_err badge_list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c, c->org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_OK)
        e = bl_store_badgeclass_list(tx, c->org_id, 0, c->offset, page(c->limit), c->out, c->n, ei);
    return e;
}

enum bl_err bl_app_badge_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              size_t offset, size_t limit, struct bl_arena *arena,
                              struct bl_badgeclass **rows, size_t *n, struct bl_errinfo *ei)
{
    struct read_ctx c = {.app = app,
                         .who = who,
                         .arena = arena,
                         .org_id = org_id,
                         .offset = offset,
                         .limit = limit,
                         .out = rows,
                         .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, badge_list_tx, &c, ei);
}

static enum bl_err badge_get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    struct bl_badgeclass *b = c->out;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->key, b, ei);
    if (e == BL_OK)
        e = may_see(tx, c, b->org_id, BL_ROLE_VIEWER, ei);
    return e == BL_ENOTFOUND ? bl_fail(ei, e, "no badge class %.40s", c->key) : e;
}

enum bl_err bl_app_badge_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                             struct bl_arena *arena, struct bl_badgeclass *out,
                             struct bl_errinfo *ei)
{
    struct read_ctx c = {.app = app, .who = who, .arena = arena, .key = uid ? uid : "", .out = out};
    return bl_store_run(app->store, BL_TX_READ, badge_get_tx, &c, ei);
}

static enum bl_err award_list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    int64_t badge_id = 0;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c, c->org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_OK && c->key) {
        struct bl_badgeclass b;
        e = bl_store_badgeclass_by_uid(tx, c->key, &b, ei);
        if (e == BL_OK && b.org_id != c->org_id)
            e = BL_ENOTFOUND;
        if (e == BL_ENOTFOUND)
            return bl_fail(ei, e, "no badge class %.40s here", c->key);
        badge_id = b.id;
    }
    if (e == BL_OK)
        e = bl_store_award_list(tx, c->org_id, badge_id, c->offset, page(c->limit), c->out, c->n,
                                ei);
    return e;
}

enum bl_err bl_app_award_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              const char *badge_uid, size_t offset, size_t limit,
                              struct bl_arena *arena, struct bl_award **rows, size_t *n,
                              struct bl_errinfo *ei)
{
    struct read_ctx c = {.app = app,
                         .who = who,
                         .arena = arena,
                         .key = badge_uid,
                         .org_id = org_id,
                         .offset = offset,
                         .limit = limit,
                         .out = rows,
                         .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, award_list_tx, &c, ei);
}

static enum bl_err award_get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    struct bl_award *a = c->out;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_award_by_uid(tx, c->key, a, ei);
    if (e == BL_OK)
        e = may_see(tx, c, a->org_id, BL_ROLE_VIEWER, ei);
    return e == BL_ENOTFOUND ? bl_fail(ei, e, "no award %.40s", c->key) : e;
}

enum bl_err bl_app_award_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                             struct bl_arena *arena, struct bl_award *out, struct bl_errinfo *ei)
{
    struct read_ctx c = {.app = app, .who = who, .arena = arena, .key = uid ? uid : "", .out = out};
    return bl_store_run(app->store, BL_TX_READ, award_get_tx, &c, ei);
}

static enum bl_err audit_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct read_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c, c->org_id, BL_ROLE_ADMIN, ei);
    if (e == BL_OK)
        e = bl_store_audit_list(tx, c->org_id, c->offset, page(c->limit), c->out, c->n, ei);
    return e;
}

enum bl_err bl_app_audit_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              size_t offset, size_t limit, struct bl_arena *arena,
                              struct bl_audit **rows, size_t *n, struct bl_errinfo *ei)
{
    struct read_ctx c = {.app = app,
                         .who = who,
                         .arena = arena,
                         .org_id = org_id,
                         .offset = offset,
                         .limit = limit,
                         .out = rows,
                         .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, audit_tx, &c, ei);
}
