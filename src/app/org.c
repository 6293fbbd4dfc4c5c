/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * org.c: organisations and their keys (org.h).
 */
#include "app/org.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/png.h"
#include "core/recipient.h"
#include "core/svg.h"
#include "app/util.h"

bool bl_app_slug_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > BL_APP_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

const char *bl_app_org_url(struct bl_arena *a, const struct bl_app *app, const char *slug)
{
    return bl_arena_printf(a, "%s/o/%s", app->base_url, slug);
}

const char *bl_app_key_url(struct bl_arena *a, const struct bl_app *app, const char *slug,
                           const char *kid)
{
    return bl_arena_printf(a, "%s/o/%s/keys/%s", app->base_url, slug, kid);
}

const char *bl_app_org_did(struct bl_arena *a, const struct bl_app *app, const char *slug)
{
    const char *host = strstr(app->base_url, "://") + 3;
    struct bl_buf b;
    bl_buf_init(&b, BL_APP_URL_MAX * 3);
    if (bl_buf_puts(&b, "did:web:") != BL_OK)
        return NULL;
    /* did:web: the port's colon is percent-encoded, path segments become ':'. */
    for (const char *p = host; *p; p++) {
        enum bl_err e = *p == ':'   ? bl_buf_puts(&b, "%3A")
                        : *p == '/' ? bl_buf_putc(&b, ':')
                                    : bl_buf_putc(&b, (unsigned char)*p);
        if (e != BL_OK)
            break;
    }
    const char *out = bl_arena_printf(a, "%s:o:%s", (const char *)b.p, slug);
    bl_buf_free(&b);
    return out;
}

enum bl_err bl_app_org_add_key(struct bl_tx *tx, struct bl_app *app, const struct bl_actor *who,
                               int64_t org_id, enum bl_key_type type, struct bl_errinfo *ei)
{
    struct bl_key *k = NULL;
    struct bl_buf kid, sealed, jwk_text;
    json_t *jwk = NULL;
    char ctx[32];
    bl_buf_init(&kid, 128);
    bl_buf_init(&sealed, BL_SEAL_MAX * 2);
    bl_buf_init(&jwk_text, 8192);
    snprintf(ctx, sizeof ctx, "org:%lld", (long long)org_id);
    enum bl_err e = bl_key_generate(type, type == BL_KEY_RSA ? 2048 : 0, &k, ei);
    if (e == BL_OK)
        e = bl_key_thumbprint(k, &kid, ei);
    if (e == BL_OK)
        e = bl_seal_key_text(k, app->master, ctx, strlen(ctx), &sealed, ei);
    if (e == BL_OK)
        e = bl_key_to_jwk(k, false, &jwk, ei);
    if (e == BL_OK)
        e = bl_json_dump(jwk, JSON_COMPACT, &jwk_text, ei);
    if (e == BL_OK) {
        struct bl_orgkey row = {
            .org_id = org_id,
            .kid = (const char *)kid.p,
            .alg = type == BL_KEY_RSA ? "RS256" : "EdDSA",
            .public_jwk = (const char *)jwk_text.p,
            .sealed = (const char *)sealed.p,
            .created_at = bl_app_now(app),
        };
        e = bl_store_key_insert(tx, &row, ei);
        if (e == BL_OK)
            e = bl_app_audit(tx, app, who, org_id, "key.create", row.kid,
                             type == BL_KEY_RSA ? "{\"alg\":\"RS256\"}" : "{\"alg\":\"EdDSA\"}",
                             ei);
    }
    json_decref(jwk);
    bl_key_free(k);
    bl_buf_free(&kid);
    bl_buf_free(&sealed);
    bl_buf_free(&jwk_text);
    return e;
}

#define KEYS_MAX 64u /* opened keys kept: active and recently rotated ones of every org */

struct bl_app_keys {
    pthread_mutex_t lock;
    struct {
        char kid[96];
        int64_t org_id;
        struct bl_key *key;
    } e[KEYS_MAX];
    size_t next; /* the slot replaced next (oldest first) */
};

struct bl_app_keys *bl_app_keys_new(void)
{
    struct bl_app_keys *k = bl_calloc(1, sizeof *k);
    pthread_mutex_init(&k->lock, NULL);
    return k;
}

void bl_app_keys_free(struct bl_app_keys *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < KEYS_MAX; i++)
        bl_key_free(k->e[i].key);
    pthread_mutex_destroy(&k->lock);
    bl_free(k);
}

enum bl_err bl_app_org_unseal(const struct bl_app *app, const struct bl_orgkey *row,
                              struct bl_key **key, struct bl_errinfo *ei)
{
    struct bl_app_keys *cache = app->keys;
    char ctx[32];
    *key = NULL;
    if (cache && strlen(row->kid) < sizeof cache->e[0].kid) {
        pthread_mutex_lock(&cache->lock);
        for (size_t i = 0; i < KEYS_MAX && !*key; i++)
            if (cache->e[i].key && cache->e[i].org_id == row->org_id &&
                strcmp(cache->e[i].kid, row->kid) == 0)
                *key = bl_key_ref(cache->e[i].key);
        pthread_mutex_unlock(&cache->lock);
        if (*key)
            return BL_OK;
    }
    snprintf(ctx, sizeof ctx, "org:%lld", (long long)row->org_id);
    enum bl_err e = bl_seal_open_key_text(row->sealed, strlen(row->sealed), app->master, ctx,
                                          strlen(ctx), key, ei);
    if (e == BL_OK && cache && strlen(row->kid) < sizeof cache->e[0].kid) {
        pthread_mutex_lock(&cache->lock);
        size_t i = cache->next;
        cache->next = (cache->next + 1) % KEYS_MAX;
        bl_key_free(cache->e[i].key);
        snprintf(cache->e[i].kid, sizeof cache->e[i].kid, "%s", row->kid);
        cache->e[i].org_id = row->org_id;
        cache->e[i].key = bl_key_ref(*key);
        pthread_mutex_unlock(&cache->lock);
    }
    return e;
}

enum bl_err bl_app_org_signing_key(struct bl_tx *tx, const struct bl_app *app, int64_t org_id,
                                   const char *alg, struct bl_orgkey *row, struct bl_key **key,
                                   struct bl_errinfo *ei)
{
    *key = NULL;
    enum bl_err e = bl_store_key_active(tx, org_id, alg, row, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "the organisation has no active %s key", alg);
    if (e != BL_OK)
        return e;
    return bl_app_org_unseal(app, row, key, ei);
}

struct create_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    struct bl_org org;
};

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct create_ctx *c = cls;
    enum bl_err e = bl_store_org_insert(tx, &c->org, ei);
    if (e == BL_EEXISTS)
        return bl_fail(ei, BL_EEXISTS, "the address name \"%s\" is already taken", c->org.slug);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org.id, "org.create", c->org.slug, NULL, ei);
    if (e == BL_OK)
        e = bl_app_org_add_key(tx, c->app, c->who, c->org.id, BL_KEY_ED25519, ei);
    if (e == BL_OK)
        e = bl_app_org_add_key(tx, c->app, c->who, c->org.id, BL_KEY_RSA, ei);
    return e;
}

enum bl_err bl_app_org_create(struct bl_app *app, const struct bl_actor *who,
                              const struct bl_app_org_input *in, int64_t *id, struct bl_errinfo *ei)
{
    char *email = NULL;
    enum bl_err e = BL_OK;
    *id = 0;
    if (!who->system)
        return bl_fail(ei, BL_EDENIED, "only the operator creates organisations");
    if (!bl_app_slug_ok(in->slug))
        return bl_fail(ei, BL_EINVAL,
                       "address name \"%.60s\": 2 to %u lower-case letters, digits or '-'",
                       in->slug ? in->slug : "", BL_APP_SLUG_MAX);
    if ((e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_url("url", in->url, true, ei)) != BL_OK ||
        (e = bl_app_check_text("description", in->description, false, BL_APP_TEXT_MAX, ei)) !=
            BL_OK)
        return e;
    /* OB 2.0 requires a contact email on an Issuer profile. */
    if (!in->email || !*in->email)
        return bl_fail(ei, BL_EINVAL, "email: required (a contact address for the badges)");
    if ((e = bl_recipient_email_normalize(in->email, &email, ei)) != BL_OK)
        return e;
    const char *type = NULL;
    if (in->image && (e = bl_app_image_type(in->image, in->image_len, &type, ei)) != BL_OK)
        goto out;
    struct create_ctx c = {.app = app, .who = who};
    c.org.slug = in->slug;
    c.org.name = in->name;
    c.org.url = in->url;
    c.org.email = email;
    c.org.description = in->description;
    c.org.image = in->image;
    c.org.image_len = in->image_len;
    c.org.image_type = type;
    c.org.created_at = bl_app_now(app);
    e = bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
    if (e == BL_OK)
        *id = c.org.id;
out:
    bl_free(email);
    return e;
}

struct rotate_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
};

static enum bl_err rotate_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct rotate_ctx *c = cls;
    int64_t now = bl_app_now(c->app);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ADMIN, ei);
    if (e == BL_OK)
        e = bl_store_key_retire(tx, c->org_id, "EdDSA", now, ei);
    if (e == BL_OK)
        e = bl_store_key_retire(tx, c->org_id, "RS256", now, ei);
    if (e == BL_OK)
        e = bl_app_org_add_key(tx, c->app, c->who, c->org_id, BL_KEY_ED25519, ei);
    if (e == BL_OK)
        e = bl_app_org_add_key(tx, c->app, c->who, c->org_id, BL_KEY_RSA, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "key.rotate", NULL, NULL, ei);
    return e;
}

enum bl_err bl_app_org_rotate_keys(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                   struct bl_errinfo *ei)
{
    struct rotate_ctx c = {app, who, org_id};
    return bl_store_run(app->store, BL_TX_WRITE, rotate_tx, &c, ei);
}
