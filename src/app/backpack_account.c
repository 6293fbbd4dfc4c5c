/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack_account.c: a holder's account — everything exported as a ZIP,
 * and deleting the account (backpack.h).
 */
#include <string.h>

#include <jansson.h>

#include "app/backpack.h"
#include "app/collection.h"
#include "app/docs.h"
#include "app/public.h"
#include "app/util.h"
#include "core/mem.h"
#include "core/zip.h"

/* ---- export ---- */

struct export_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    struct bl_arena *arena;
    struct bl_holder_rec h;
    struct bl_holder_ident *ids;
    size_t nids;
    struct bl_award_brief *briefs;
    size_t n;
    struct bl_award *awards; /* full rows, with the signed documents */
    const char **shares;     /* live share token of each award or NULL */
    struct bl_holder_coll *colls;
    size_t ncolls;
    json_t *colls_json; /* built in the transaction (item ids to award uids) */
};

/* The collections (collection.h) with their badges in order, those still the holder's. */
static enum bl_err export_colls(struct bl_tx *tx, struct export_ctx *c, struct bl_errinfo *ei)
{
    const struct bl_app *app = c->app;
    enum bl_err e = bl_store_hcoll_list(tx, c->holder_id, &c->colls, &c->ncolls, ei);
    json_decref(c->colls_json); /* a retried transaction starts again */
    c->colls_json = json_array();
    for (size_t i = 0; e == BL_OK && i < c->ncolls; i++) {
        const struct bl_holder_coll *k = &c->colls[i];
        int64_t *ids;
        size_t n;
        json_t *uids = json_array();
        e = bl_store_hcoll_items(tx, k->id, &ids, &n, ei);
        for (size_t j = 0; e == BL_OK && j < n; j++)
            for (size_t m = 0; m < c->n; m++)
                if (c->briefs[m].id == ids[j])
                    json_array_append_new(uids, json_string(c->briefs[m].uid));
        json_array_append_new(
            c->colls_json,
            json_pack("{s:s, s:s, s:s, s:I, s:I, s:s?, s:o}", "uid", k->uid, "name", k->name,
                      "description", k->description ? k->description : "", "created_at",
                      (json_int_t)k->created_at, "updated_at", (json_int_t)k->updated_at,
                      "public_page",
                      k->share_token ? bl_arena_printf(c->arena, "%s%s/%s", app->base_url,
                                                       BL_APP_COLL_SHARE_PATH, k->share_token)
                                     : NULL,
                      "awards", uids));
    }
    return e;
}

static enum bl_err export_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct export_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &c->h, ei);
    if (e == BL_OK)
        e = bl_store_holder_ident_list(tx, c->holder_id, &c->ids, &c->nids, ei);
    if (e == BL_OK)
        e = bl_store_holder_awards(tx, c->holder_id, &c->briefs, &c->n, ei);
    if (e == BL_OK && c->n) {
        c->awards = bl_arena_zalloc(c->arena, c->n * sizeof *c->awards);
        c->shares = bl_arena_zalloc(c->arena, c->n * sizeof *c->shares);
    }
    for (size_t i = 0; e == BL_OK && i < c->n; i++) {
        struct bl_holder_share sh;
        e = bl_store_award_get(tx, c->briefs[i].id, &c->awards[i], ei);
        if (e == BL_OK) {
            e = bl_store_hshare_for_award(tx, c->holder_id, c->briefs[i].id, &sh, ei);
            c->shares[i] = e == BL_OK ? sh.token : NULL;
            e = e == BL_ENOTFOUND ? BL_OK : e;
        }
    }
    if (e == BL_OK)
        e = export_colls(tx, c, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

static json_t *account_json(const struct bl_app *app, struct bl_arena *a,
                            const struct export_ctx *c)
{
    json_t *ids = json_array(), *awards = json_array();
    for (size_t i = 0; i < c->nids; i++)
        json_array_append_new(ids,
                              json_pack("{s:s, s:s, s:b}", "kind", c->ids[i].kind, "value",
                                        c->ids[i].value, "verified", c->ids[i].verified_at != 0));
    for (size_t i = 0; i < c->n; i++) {
        const struct bl_award_brief *b = &c->briefs[i];
        json_array_append_new(
            awards, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s?, s:s?, s:s}", "uid", b->uid,
                              "badge", b->badge_name, "url", bl_app_award_url(a, app, b->uid),
                              "issued_at", (json_int_t)b->issued_at, "expires_at",
                              (json_int_t)b->expires_at, "revoked_at", (json_int_t)b->revoked_at,
                              "revocation_reason", b->revocation_reason, "public_page",
                              c->shares[i] ? bl_arena_printf(a, "%s%s/%s", app->base_url,
                                                             BL_APP_SHARE_PATH, c->shares[i])
                                           : NULL,
                              "folder", bl_arena_printf(a, "badges/%s/", b->uid)));
    }
    /* Whether a password is set, never the hash. */
    return json_pack("{s:s, s:s, s:I, s:I, s:b, s:b, s:o, s:o, s:O}", "holder", c->h.uid,
                     "first_name", c->h.first_name ? c->h.first_name : "", "birth_year",
                     (json_int_t)c->h.birth_year, "created_at", (json_int_t)c->h.created_at,
                     "minor_public", c->h.minor_public != 0, "password_set",
                     c->h.password_hash != NULL, "identifiers", ids, "awards", awards,
                     "collections", c->colls_json);
}

/* Add text s (when set) as name. */
static enum bl_err add_text(struct bl_zip *z, const char *name, const char *s,
                            struct bl_errinfo *ei)
{
    return s ? bl_zip_add(z, name, s, strlen(s), true, ei) : BL_OK;
}

enum bl_err bl_app_sac_export(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                              const unsigned char **zip, size_t *len, struct bl_errinfo *ei)
{
    struct export_ctx c = {.app = app, .holder_id = holder_id, .arena = arena};
    struct bl_zip z;
    *zip = NULL;
    *len = 0;
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, export_tx, &c, ei);
    if (e != BL_OK || !c.colls_json) {
        json_decref(c.colls_json);
        return e != BL_OK ? e : bl_fail(ei, BL_EINVAL, "export: collections");
    }
    bl_zip_init(&z, bl_app_now(app));
    json_t *acc = account_json(app, arena, &c);
    json_decref(c.colls_json);
    char *text = acc ? json_dumps(acc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(acc);
    e = text ? bl_zip_add(&z, "account.json", text, strlen(text), true, ei)
             : bl_fail(ei, BL_EINVAL, "export: account.json");
    bl_free(text);
    for (size_t i = 0; e == BL_OK && i < c.n; i++) {
        const struct bl_award *a = &c.awards[i];
        const char *dir = bl_arena_printf(arena, "badges/%s", a->uid);
        struct bl_app_blob img;
        e = add_text(&z, bl_arena_printf(arena, "%s/credential.json", dir), a->ob3_json, ei);
        if (e == BL_OK)
            e = add_text(&z, bl_arena_printf(arena, "%s/credential.jwt", dir), a->ob3_jwt, ei);
        if (e == BL_OK)
            e = add_text(&z, bl_arena_printf(arena, "%s/assertion-ob2.json", dir), a->ob2_json, ei);
        if (e == BL_OK)
            e = bl_app_public(app, BL_DOC_BAKED, a->uid, NULL, arena, &img, ei);
        if (e == BL_OK)
            e = bl_zip_add(
                &z, bl_arena_printf(arena, "%s/badge.%s", dir, img.image_svg ? "svg" : "png"),
                img.p, img.len, img.image_svg, ei);
    }
    if (e == BL_OK)
        e = bl_zip_finish(&z, ei);
    if (e == BL_OK) {
        *zip = bl_arena_memdup(arena, z.out.p, z.out.len);
        *len = z.out.len;
    }
    bl_zip_free(&z);
    return e;
}

/* ---- deletion ---- */

struct delete_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    size_t awards;
};

static enum bl_err delete_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct delete_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_rec h;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e == BL_OK && h.deleted_at)
        e = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    if (e == BL_OK)
        e = bl_store_holder_erase(tx, c->holder_id, bl_app_now(c->app), &c->awards, ei);
    /* Applications stay for the partners' records, withdrawn and without personal data. */
    if (e == BL_OK)
        e = bl_store_app_erase_holder(tx, c->holder_id, bl_app_now(c->app), ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &bl_actor_system, 0, "holder.delete", h.uid,
                         bl_arena_printf(&a, "{\"awards_blanked\":%zu}", c->awards), ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_sac_delete(struct bl_app *app, int64_t holder_id, size_t *awards,
                              struct bl_errinfo *ei)
{
    struct delete_ctx c = {app, holder_id, 0};
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, delete_tx, &c, ei);
    if (awards)
        *awards = c.awards;
    return e;
}

/* ---- first name and birth year ---- */

struct profile_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *first_name;
    int64_t birth_year;
};

static enum bl_err profile_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct profile_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_rec h;
    size_t n = 0;
    int64_t now = bl_app_now(c->app);
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e == BL_OK && h.deleted_at)
        e = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    if (e == BL_OK)
        e = bl_store_holder_set_profile(tx, c->holder_id, c->first_name, c->birth_year, ei);
    h.birth_year = c->birth_year;
    bool minor_now = e == BL_OK && bl_app__sac_minor(c->app, &h);
    if (minor_now) /* the minor rule: nothing public they did not allow */
        e = bl_store_hshare_withdraw(tx, c->holder_id, 0, now, &n, ei);
    if (minor_now && e == BL_OK)
        e = bl_store_hcoll_withdraw(tx, c->holder_id, 0, now, &n, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &bl_actor_system, 0, "holder.profile", h.uid, NULL, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_sac_profile(struct bl_app *app, int64_t holder_id, const char *first_name,
                               int64_t birth_year, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_check_text("first_name", first_name, true, BL_APP_HOLDER_NAME_MAX, ei);
    if (e != BL_OK)
        return e;
    if (strspn(first_name, " \t") == strlen(first_name))
        return bl_fail(ei, BL_EINVAL, "first_name: required");
    int64_t latest = bl_app_year_of(bl_app_now(app)) - BL_APP_BIRTH_AGE_MIN;
    if (birth_year != 0 && (birth_year < BL_APP_BIRTH_YEAR_MIN || birth_year > latest))
        return bl_fail(ei, BL_EINVAL, "birth_year: from %d to %lld", BL_APP_BIRTH_YEAR_MIN,
                       (long long)latest);
    struct profile_ctx c = {
        .app = app, .holder_id = holder_id, .first_name = first_name, .birth_year = birth_year};
    return bl_store_run(app->store, BL_TX_WRITE, profile_tx, &c, ei);
}
