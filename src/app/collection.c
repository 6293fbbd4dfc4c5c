/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * collection.c: a young person's collections and their public pages
 * (collection.h).  Each use case is one transaction; the holder comes from
 * the backpack session, so "authorised" means "theirs", and anything else
 * is not found.
 */
#include "app/collection.h"

#include <string.h>

#include "app/util.h"
#include "core/mem.h"
#include "core/payload.h"

/* Code points of valid UTF-8 text (continuation bytes not counted). */
static size_t chars_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* s without blanks at both ends, in the arena. */
static const char *trim(struct bl_arena *a, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    bl_payload_trim(&p, &n);
    return bl_arena_strndup(a, (const char *)p, n);
}

enum bl_err bl_app_coll_check(const char *name, const char *description, struct bl_arena *arena,
                              const char **name_out, const char **desc_out, struct bl_errinfo *ei)
{
    const char *nm = trim(arena, name), *ds = trim(arena, description);
    /* 4 bytes per character at most: the byte bound first, then the characters */
    enum bl_err e = bl_app_check_text("name", nm, true, 4 * BL_APP_COLL_NAME_MAX, ei);
    if (e == BL_OK && chars_of(nm) > BL_APP_COLL_NAME_MAX)
        e = bl_fail(ei, BL_ETOOBIG, "name: at most %u characters", BL_APP_COLL_NAME_MAX);
    if (e == BL_OK)
        e = bl_app_check_text("description", ds, false, 4 * BL_APP_COLL_DESC_MAX, ei);
    if (e == BL_OK && chars_of(ds) > BL_APP_COLL_DESC_MAX)
        e = bl_fail(ei, BL_ETOOBIG, "description: at most %u characters", BL_APP_COLL_DESC_MAX);
    *name_out = nm;
    *desc_out = ds;
    return e;
}

/* Audit a collection event of holder_id (the holder's uid, the collection's in the detail). */
static enum bl_err audit(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                         const char *action, const char *uid, struct bl_errinfo *ei)
{
    struct bl_holder_rec h;
    enum bl_err e = bl_store_holder_get(tx, holder_id, &h, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, app, &bl_actor_system, 0, action, h.uid,
                         bl_arena_printf(bl_tx_arena(tx), "{\"collection\":\"%s\"}", uid), ei);
    return e;
}

/* ---- create, list ---- */

struct create_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *name, *description;
    char uid[23];
};

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct create_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_coll *rows, row;
    size_t n = 0;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_hcoll_list(tx, c->holder_id, &rows, &n, ei);
    if (e == BL_OK && n >= BL_APP_COLL_MAX)
        e = bl_fail(ei, BL_ELIMIT, "at most %u collections", BL_APP_COLL_MAX);
    if (e == BL_OK) {
        int64_t now = bl_app_now(c->app);
        bl_app_uid(c->uid);
        row = (struct bl_holder_coll){.uid = c->uid,
                                      .holder_id = c->holder_id,
                                      .name = c->name,
                                      .description = c->description,
                                      .created_at = now};
        e = bl_store_hcoll_insert(tx, &row, ei);
    }
    if (e == BL_OK)
        e = audit(tx, c->app, c->holder_id, "holder.collection_create", c->uid, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_coll_create(struct bl_app *app, int64_t holder_id, const char *name,
                               const char *description, struct bl_arena *arena, const char **uid,
                               struct bl_errinfo *ei)
{
    struct create_ctx c = {.app = app, .holder_id = holder_id};
    *uid = NULL;
    enum bl_err e = bl_app_coll_check(name, description, arena, &c.name, &c.description, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
    if (e == BL_OK)
        *uid = bl_arena_strdup(arena, c.uid);
    return e;
}

struct list_ctx {
    int64_t holder_id;
    struct bl_arena *arena;
    struct bl_holder_coll **rows;
    size_t *n;
};

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct list_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_hcoll_list(tx, c->holder_id, c->rows, c->n, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_coll_list(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                             struct bl_holder_coll **rows, size_t *n, struct bl_errinfo *ei)
{
    struct list_ctx c = {holder_id, arena, rows, n};
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

/* ---- one collection ---- */

/*
 * The holder's awards and, of them, the collection's items in their order
 * (an award no longer theirs, e.g. an identifier removed, is left out).
 */
static enum bl_err load_items(struct bl_tx *tx, int64_t holder_id, int64_t coll_id,
                              struct bl_app_coll_view *v, struct bl_errinfo *ei)
{
    struct bl_arena *a = bl_tx_arena(tx);
    int64_t *ids;
    size_t nids = 0;
    enum bl_err e = bl_store_holder_awards(tx, holder_id, &v->awards, &v->nawards, ei);
    if (e == BL_OK)
        e = bl_store_hcoll_items(tx, coll_id, &ids, &nids, ei);
    if (e != BL_OK)
        return e;
    v->chosen = bl_arena_zalloc(a, (v->nawards + 1) * sizeof *v->chosen);
    v->items = bl_arena_zalloc(a, (nids + 1) * sizeof *v->items);
    v->nitems = 0;
    for (size_t i = 0; i < nids; i++)
        for (size_t j = 0; j < v->nawards; j++)
            if (v->awards[j].id == ids[i]) {
                v->chosen[j] = true;
                v->items[v->nitems++] = v->awards[j];
                break;
            }
    return BL_OK;
}

/* Collection uid of holder_id with its awards and items (the tx arena). */
static enum bl_err load_own(struct bl_tx *tx, int64_t holder_id, const char *uid,
                            struct bl_app_coll_view *v, struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_hcoll_get(tx, holder_id, uid, &v->coll, ei);
    if (e == BL_OK)
        e = load_items(tx, holder_id, v->coll.id, v, ei);
    return e;
}

struct get_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *uid;
    struct bl_arena *arena;
    struct bl_app_coll_view *out;
};

static enum bl_err get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct get_ctx *c = cls;
    struct bl_holder_rec h;
    bl_tx_set_arena(tx, c->arena);
    memset(c->out, 0, sizeof *c->out);
    enum bl_err e = load_own(tx, c->holder_id, c->uid, c->out, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e == BL_OK)
        c->out->minor = bl_app__sac_minor(c->app, &h);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_coll_get(struct bl_app *app, int64_t holder_id, const char *uid,
                            struct bl_arena *arena, struct bl_app_coll_view *out,
                            struct bl_errinfo *ei)
{
    struct get_ctx c = {app, holder_id, uid ? uid : "", arena, out};
    return bl_store_run(app->store, BL_TX_READ, get_tx, &c, ei);
}

/* ---- update ---- */

struct update_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *uid, *name, *description;
    const char *const *award_uids;
    size_t n;
};

/* Index of award uid among the holder's awards, or v->nawards. */
static size_t find_award(const struct bl_app_coll_view *v, const char *uid)
{
    size_t j = 0;
    while (j < v->nawards && strcmp(v->awards[j].uid, uid) != 0)
        j++;
    return j;
}

static enum bl_err update_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct update_ctx *c = cls;
    struct bl_arena a;
    struct bl_app_coll_view v = {0};
    size_t n = 0;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = load_own(tx, c->holder_id, c->uid, &v, ei);
    if (e != BL_OK)
        goto out;
    bool *want = bl_arena_zalloc(&a, (v.nawards + 1) * sizeof *want);
    int64_t *ids = bl_arena_zalloc(&a, (v.nawards + 1) * sizeof *ids);
    for (size_t i = 0; i < c->n; i++) {
        size_t j = find_award(&v, c->award_uids[i]);
        if (j == v.nawards) {
            e = bl_fail(ei, BL_ENOTFOUND, "no such badge in this backpack");
            goto out;
        }
        want[j] = true;
    }
    /* kept items in their order, then the new ones in the order given */
    for (size_t i = 0; i < v.nitems; i++) {
        size_t j = find_award(&v, v.items[i].uid);
        if (want[j]) {
            ids[n++] = v.awards[j].id;
            want[j] = false;
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        size_t j = find_award(&v, c->award_uids[i]);
        if (want[j]) {
            ids[n++] = v.awards[j].id;
            want[j] = false;
        }
    }
    if (n > BL_APP_COLL_ITEMS_MAX) {
        e = bl_fail(ei, BL_ETOOBIG, "items: at most %u badges", BL_APP_COLL_ITEMS_MAX);
        goto out;
    }
    v.coll.name = c->name;
    v.coll.description = c->description;
    v.coll.updated_at = bl_app_now(c->app);
    e = bl_store_hcoll_update(tx, &v.coll, ei);
    if (e == BL_OK)
        e = bl_store_hcoll_set_items(tx, v.coll.id, ids, n, ei);
out:
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_coll_update(struct bl_app *app, int64_t holder_id, const char *uid,
                               const char *name, const char *description,
                               const char *const *award_uids, size_t n, struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct update_ctx c = {app, holder_id, uid ? uid : "", NULL, NULL, award_uids, n};
    if (n > BL_APP_COLL_ITEMS_MAX)
        return bl_fail(ei, BL_ETOOBIG, "items: at most %u badges", BL_APP_COLL_ITEMS_MAX);
    bl_arena_init(&a);
    enum bl_err e = bl_app_coll_check(name, description, &a, &c.name, &c.description, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, update_tx, &c, ei);
    bl_arena_free(&a);
    return e;
}

/* ---- order ---- */

struct move_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *uid, *award_uid;
    int step;
};

static enum bl_err move_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct move_ctx *c = cls;
    struct bl_arena a;
    struct bl_app_coll_view v = {0};
    size_t i = 0;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = load_own(tx, c->holder_id, c->uid, &v, ei);
    if (e != BL_OK)
        goto out;
    /* the neighbour among the badges shown: one no longer theirs is passed over */
    while (i < v.nitems && strcmp(v.items[i].uid, c->award_uid) != 0)
        i++;
    if (i == v.nitems) {
        e = bl_fail(ei, BL_ENOTFOUND, "no such badge in this collection");
        goto out;
    }
    if ((c->step < 0 && i == 0) || (c->step > 0 && i + 1 == v.nitems))
        goto out; /* already at that end */
    size_t j = c->step < 0 ? i - 1 : i + 1;
    e = bl_store_hcoll_swap(tx, v.coll.id, v.items[i].id, v.items[j].id, ei);
    if (e == BL_OK) {
        v.coll.updated_at = bl_app_now(c->app);
        e = bl_store_hcoll_update(tx, &v.coll, ei);
    }
out:
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_coll_move(struct bl_app *app, int64_t holder_id, const char *uid,
                             const char *award_uid, int step, struct bl_errinfo *ei)
{
    struct move_ctx c = {app, holder_id, uid ? uid : "", award_uid ? award_uid : "", step};
    if (step != -1 && step != 1)
        return bl_fail(ei, BL_EINVAL, "step: -1 (up) or 1 (down)");
    return bl_store_run(app->store, BL_TX_WRITE, move_tx, &c, ei);
}

/* ---- publish, withdraw, delete ---- */

struct share_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *uid;
    bool on, del;
    struct bl_arena *arena;
    const char *token;
};

static enum bl_err share_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct share_ctx *c = cls;
    struct bl_holder_coll coll;
    struct bl_holder_rec h;
    int64_t now = bl_app_now(c->app);
    size_t n = 0;
    char tok[23];
    bl_tx_set_arena(tx, c->arena);
    c->token = NULL;
    enum bl_err e = bl_store_hcoll_get(tx, c->holder_id, c->uid, &coll, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e != BL_OK)
        goto out;
    if (c->del) {
        e = bl_store_hcoll_delete(tx, coll.id, ei);
        if (e == BL_OK)
            e = audit(tx, c->app, c->holder_id, "holder.collection_delete", c->uid, ei);
    } else if (!c->on) {
        e = bl_store_hcoll_withdraw(tx, c->holder_id, coll.id, now, &n, ei);
        if (e == BL_OK && n > 0)
            e = audit(tx, c->app, c->holder_id, "holder.collection_withdraw", c->uid, ei);
    } else if (bl_app__sac_minor(c->app, &h)) {
        e = bl_fail(ei, BL_EDENIED, "a minor's collections are not made public unless allowed");
    } else if (coll.share_token) {
        c->token = coll.share_token; /* already public: the same page */
    } else {
        bl_app_uid(tok); /* the same generator and length as /b/ tokens */
        e = bl_store_hcoll_share(tx, coll.id, tok, now, ei);
        if (e == BL_OK) {
            c->token = bl_arena_strdup(c->arena, tok);
            e = audit(tx, c->app, c->holder_id, "holder.collection_publish", c->uid, ei);
        }
    }
out:
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_coll_share(struct bl_app *app, int64_t holder_id, const char *uid, bool on,
                              struct bl_arena *arena, const char **token, struct bl_errinfo *ei)
{
    struct share_ctx c = {app, holder_id, uid ? uid : "", on, false, arena, NULL};
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, share_tx, &c, ei);
    if (token)
        *token = e == BL_OK ? c.token : NULL;
    return e;
}

enum bl_err bl_app_coll_delete(struct bl_app *app, int64_t holder_id, const char *uid,
                               struct bl_errinfo *ei)
{
    struct bl_arena a;
    bl_arena_init(&a);
    struct share_ctx c = {app, holder_id, uid ? uid : "", false, true, &a, NULL};
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, share_tx, &c, ei);
    bl_arena_free(&a);
    return e;
}

/* ---- the public page ---- */

struct public_ctx {
    const struct bl_app *app;
    const char *token;
    struct bl_arena *arena;
    struct bl_holder_coll *coll;
    struct bl_app_sac_item *items;
    size_t n;
    const char *first_name;
};

static enum bl_err public_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct public_ctx *c = cls;
    struct bl_holder_rec h;
    struct bl_app_coll_view v = {0};
    bl_tx_set_arena(tx, c->arena);
    c->n = 0;
    enum bl_err e = bl_store_hcoll_by_token(tx, c->token, c->coll, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->coll->holder_id, &h, ei);
    if (e == BL_OK && (h.deleted_at || bl_app__sac_minor(c->app, &h)))
        e = bl_fail(ei, BL_ENOTFOUND, "no such page");
    if (e == BL_OK)
        e = load_items(tx, h.id, c->coll->id, &v, ei);
    if (e == BL_OK) {
        c->first_name = h.first_name;
        c->items = bl_arena_zalloc(c->arena, (v.nitems + 1) * sizeof *c->items);
    }
    for (size_t i = 0; e == BL_OK && i < v.nitems; i++)
        e = bl_app__sac_item_load(tx, v.items[i].id, &c->items[c->n++], ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_coll_public(struct bl_app *app, const char *token, struct bl_arena *arena,
                               struct bl_holder_coll *coll, struct bl_app_sac_item **items,
                               size_t *n, const char **first_name, struct bl_errinfo *ei)
{
    struct public_ctx c = {.app = app, .token = token, .arena = arena, .coll = coll};
    *items = NULL;
    *n = 0;
    if (!token || strlen(token) != 22)
        return bl_fail(ei, BL_ENOTFOUND, "no such page");
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, public_tx, &c, ei);
    if (e == BL_OK) {
        *items = c.items;
        *n = c.n;
        if (first_name)
            *first_name = c.first_name;
    }
    return e;
}
