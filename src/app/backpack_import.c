/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack_import.c: badges from elsewhere in a backpack (backpack.h):
 * verified with the verifier library (core/verify.h) fetching over the
 * network with net/fetch.h, stored with the verdict and its date.
 */
#include <string.h>

#include <jansson.h>

#include "app/backpack.h"
#include "core/mem.h"
#include "core/verify.h"
#include "net/fetch.h"

/* Verify p[0..n) now; fill the verdict fields of im (strings in a). */
static enum bl_err check(struct bl_app *app, const struct bl_app_import_opts *o,
                         const unsigned char *p, size_t n, struct bl_arena *a,
                         struct bl_holder_import *im, struct bl_errinfo *ei)
{
    struct bl_fetch_opts fo = {.allow_http = o->allow_http,
                               .allow_private = o->allow_private,
                               .timeout_ms = BL_APP_IMPORT_FETCH_MS,
                               .max_bytes = BL_APP_IMPORT_MAX};
    struct bl_fetcher *f = NULL;
    struct bl_verify_opts vo = {0};
    struct bl_verify_report rep = {0};
    json_t *j = NULL;
    enum bl_err e = bl_fetcher_new(&fo, &f, ei);
    if (e != BL_OK)
        return e;
    vo.now = bl_app_now(app);
    vo.lang = "fr";
    vo.fetch = bl_fetch;
    vo.fetch_cls = f;
    vo.did_web_http = o->allow_http;
    e = bl_verify_bytes(p, n, &vo, &rep, ei);
    if (e == BL_OK)
        e = bl_verify_report_json(&rep, &j, ei);
    if (e == BL_OK) {
        char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        im->report_json = bl_arena_strdup(a, text ? text : "{}");
        bl_free(text);
        im->verdict = bl_arena_strdup(a, bl_verify_verdict_name(rep.verdict));
        im->achievement = rep.achievement ? bl_arena_strdup(a, rep.achievement) : NULL;
        im->issuer = rep.issuer_name ? bl_arena_strdup(a, rep.issuer_name) : NULL;
        im->verified_at = vo.now;
    }
    json_decref(j);
    bl_verify_report_free(&rep);
    bl_fetcher_free(f);
    return e;
}

static enum bl_err insert_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    return bl_store_himport_insert(tx, cls, ei);
}

enum bl_err bl_app_sac_import(struct bl_app *app, int64_t holder_id, const char *source,
                              const unsigned char *p, size_t n, const struct bl_app_import_opts *o,
                              int64_t *id, struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_holder_import im = {.holder_id = holder_id,
                                  .source = source,
                                  .payload = p,
                                  .payload_len = n,
                                  .created_at = bl_app_now(app)};
    *id = 0;
    if (n == 0)
        return bl_fail(ei, BL_EINVAL, "badge: empty");
    if (n > BL_APP_IMPORT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "badge: over %u bytes", BL_APP_IMPORT_MAX);
    bl_arena_init(&a);
    enum bl_err e = check(app, o, p, n, &a, &im, ei); /* outside any transaction: it fetches */
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, insert_tx, &im, ei);
    *id = im.id;
    bl_arena_free(&a);
    return e;
}

struct list_ctx {
    int64_t holder_id, id;
    struct bl_arena *arena;
    struct bl_holder_import **rows, *one;
    size_t *n;
};

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct list_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = c->one ? bl_store_himport_get(tx, c->holder_id, c->id, c->one, ei)
                           : bl_store_himport_list(tx, c->holder_id, c->rows, c->n, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_imports(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                               struct bl_holder_import **rows, size_t *n, struct bl_errinfo *ei)
{
    struct list_ctx c = {.holder_id = holder_id, .arena = arena, .rows = rows, .n = n};
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

static enum bl_err verdict_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    return bl_store_himport_verdict(tx, cls, ei);
}

enum bl_err bl_app_sac_reverify(struct bl_app *app, int64_t holder_id, int64_t id,
                                const struct bl_app_import_opts *o, struct bl_errinfo *ei)
{
    struct bl_arena a;
    struct bl_holder_import im;
    bl_arena_init(&a);
    struct list_ctx c = {.holder_id = holder_id, .id = id, .arena = &a, .one = &im};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
    if (e == BL_OK)
        e = check(app, o, im.payload, im.payload_len, &a, &im, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, verdict_tx, &im, ei);
    bl_arena_free(&a);
    return e;
}
