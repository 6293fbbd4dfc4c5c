/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badge_find.c: the reads of the badge editor (badge.h): badge classes of
 * an organisation found by name, and how many awards a class has.  As in
 * read.c, a member of another organisation gets "not found".
 */
#include <string.h>

#include "app/badge.h"
#include "app/util.h"

struct find_ctx {
    const struct bl_actor *who;
    struct bl_arena *arena;
    int64_t org_id, badge_id;
    const char *q;
    bool archived;
    size_t offset, limit;
    struct bl_badgeclass **rows;
    size_t *n;
    int64_t *count;
};

static enum bl_err may_see(struct bl_tx *tx, const struct find_ctx *c, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    return e == BL_EDENIED ? bl_fail(ei, BL_ENOTFOUND, "not found") : e;
}

static enum bl_err search_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct find_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c, ei);
    if (e == BL_OK)
        e = bl_store_badgeclass_search(tx, c->org_id, c->q, c->archived, c->offset, c->limit,
                                       c->rows, c->n, ei);
    return e;
}

enum bl_err bl_app_badge_search(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const char *q, bool with_archived, size_t offset, size_t limit,
                                struct bl_arena *arena, struct bl_badgeclass **rows, size_t *n,
                                struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_check_text("q", q, false, BL_APP_NAME_MAX, ei);
    *rows = NULL;
    *n = 0;
    if (e != BL_OK)
        return e;
    struct find_ctx c = {.who = who,
                         .arena = arena,
                         .org_id = org_id,
                         .q = q,
                         .archived = with_archived,
                         .offset = offset,
                         .limit = limit == 0 || limit > BL_STORE_PAGE_MAX ? 50 : limit,
                         .rows = rows,
                         .n = n};
    return bl_store_run(app->store, BL_TX_READ, search_tx, &c, ei);
}

static enum bl_err count_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct find_ctx *c = cls;
    enum bl_err e = may_see(tx, c, ei);
    if (e == BL_OK)
        e = bl_store_badgeclass_award_count(tx, c->badge_id, c->count, ei);
    return e;
}

enum bl_err bl_app_badge_award_count(struct bl_app *app, const struct bl_actor *who,
                                     const struct bl_badgeclass *b, int64_t *count,
                                     struct bl_errinfo *ei)
{
    struct find_ctx c = {.who = who, .org_id = b->org_id, .badge_id = b->id, .count = count};
    *count = 0;
    return bl_store_run(app->store, BL_TX_READ, count_tx, &c, ei);
}
