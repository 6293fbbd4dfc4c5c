/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * public.c: the public Open Badges documents (public.h).  Everything is
 * built from the store on each request; the server adds an ETag so clients
 * and caches revalidate cheaply.
 */
#include "app/public.h"

#include <string.h>

#include <jansson.h>

#include "app/docs.h"
#include "app/endorse.h"
#include "app/org.h"
#include "app/raster_child.h"
#include "core/badgeart.h"
#include "core/bake.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/key.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/pngsvg.h"

#define JSONLD "application/ld+json"
#define JSON   "application/json"

struct pub_ctx {
    struct bl_app *app;
    enum bl_app_doc kind;
    const char *a, *b;
    struct bl_arena *arena;
    struct bl_app_blob *out;
    struct bl_badgeclass bake_bc; /* BL_DOC_BAKED*: baked after the transaction */
    const char *bake_payload;
};

static enum bl_err put_json(struct pub_ctx *c, json_t *j, const char *type, struct bl_errinfo *ei)
{
    struct bl_buf b;
    bl_buf_init(&b, BL_PAYLOAD_MAX * 4);
    enum bl_err e = bl_json_dump(j, JSON_INDENT(2), &b, ei);
    json_decref(j);
    if (e == BL_OK) {
        c->out->p = bl_arena_memdup(c->arena, b.p, b.len);
        c->out->len = b.len;
        c->out->type = type;
    }
    bl_buf_free(&b);
    return e;
}

static void put_text(struct pub_ctx *c, const char *s, const char *type)
{
    c->out->p = (const unsigned char *)s;
    c->out->len = strlen(s);
    c->out->type = type;
}

/*
 * Append the withdrawn endorsements signed by org_id to the revoked awards
 * (*rev, *n): they share the org's status list (endorse.h).  Only the
 * status index and the date are read from the added rows.
 */
static enum bl_err add_withdrawn(struct bl_tx *tx, struct bl_arena *a, int64_t org_id,
                                 struct bl_award **rev, size_t *n, struct bl_errinfo *ei)
{
    struct bl_endorsement *w = NULL;
    size_t nw = 0;
    enum bl_err e = bl_store_endorsement_withdrawn(tx, org_id, &w, &nw, ei);
    if (e != BL_OK || nw == 0)
        return e;
    struct bl_award *all = bl_arena_zalloc(a, (*n + nw) * sizeof *all);
    if (*n)
        memcpy(all, *rev, *n * sizeof *all);
    for (size_t i = 0; i < nw; i++) {
        all[*n + i].uid = w[i].uid;
        all[*n + i].status_index = w[i].status_index;
        all[*n + i].revoked_at = w[i].withdrawn_at;
    }
    *rev = all;
    *n += nw;
    return BL_OK;
}

static enum bl_err org_doc(struct pub_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    struct bl_org org;
    struct bl_orgkey *keys = NULL;
    struct bl_award *rev = NULL;
    size_t nk = 0, nr = 0;
    json_t *j = NULL;
    enum bl_err e = bl_store_org_by_slug(tx, c->a, &org, ei);
    if (e != BL_OK)
        return e;
    c->out->updated = org.created_at;
    switch (c->kind) {
    case BL_DOC_ORG_IMAGE:
        if (!org.image)
            return bl_fail(ei, BL_ENOTFOUND, "no image");
        c->out->p = org.image;
        c->out->len = org.image_len;
        c->out->type = org.image_type;
        return BL_OK;
    case BL_DOC_ISSUER:
    case BL_DOC_JWKS:
    case BL_DOC_DID:
        if ((e = bl_store_key_list(tx, org.id, &keys, &nk, ei)) != BL_OK)
            return e;
        e = c->kind == BL_DOC_ISSUER ? bl_app_doc_issuer(c->app, c->arena, &org, keys, nk, &j, ei)
            : c->kind == BL_DOC_JWKS ? bl_app_doc_jwks(c->app, c->arena, &org, keys, nk, &j, ei)
                                     : bl_app_doc_did(c->app, c->arena, &org, keys, nk, &j, ei);
        return e == BL_OK ? put_json(c, j, c->kind == BL_DOC_ISSUER ? JSONLD : JSON, ei) : e;
    case BL_DOC_KEY: {
        struct bl_orgkey k;
        if ((e = bl_store_key_by_kid(tx, c->b, &k, ei)) != BL_OK)
            return e;
        if (k.org_id != org.id)
            return bl_fail(ei, BL_ENOTFOUND, "no such key");
        if ((e = bl_app_doc_key(c->app, c->arena, &org, &k, &j, ei)) != BL_OK)
            return e;
        return put_json(c, j, JSONLD, ei);
    }
    case BL_DOC_REVOCATIONS:
    case BL_DOC_REVOCATIONS3:
    case BL_DOC_STATUSLIST:
        if ((e = bl_store_award_revoked(tx, org.id, &rev, &nr, ei)) != BL_OK)
            return e;
        if (c->kind == BL_DOC_STATUSLIST &&
            (e = add_withdrawn(tx, c->arena, org.id, &rev, &nr, ei)) != BL_OK)
            return e;
        for (size_t i = 0; i < nr; i++)
            if (rev[i].revoked_at > c->out->updated)
                c->out->updated = rev[i].revoked_at;
        if (c->kind == BL_DOC_STATUSLIST) {
            struct bl_orgkey krow;
            struct bl_key *key = NULL;
            e = bl_app_org_signing_key(tx, c->app, org.id, "EdDSA", &krow, &key, ei);
            if (e == BL_OK)
                e = bl_app_doc_statuslist(c->app, c->arena, &org, rev, nr, &krow, key,
                                          c->out->updated, &j, ei);
            bl_key_free(key);
        } else {
            e = bl_app_doc_revocations(c->app, c->arena, &org, rev, nr,
                                       c->kind == BL_DOC_REVOCATIONS3, &j, ei);
        }
        return e == BL_OK ? put_json(c, j, c->kind == BL_DOC_REVOCATIONS ? JSONLD : JSON, ei) : e;
    default:
        return bl_fail(ei, BL_EINVAL, "not an organisation document");
    }
}

static enum bl_err badge_doc(struct pub_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    struct bl_badgeclass bc;
    struct bl_org org;
    json_t *j = NULL;
    enum bl_err e = bl_store_badgeclass_by_uid(tx, c->a, &bc, ei);
    if (e == BL_OK)
        e = bl_store_org_get(tx, bc.org_id, &org, ei);
    if (e != BL_OK)
        return e;
    c->out->updated = bc.updated_at;
    if (c->kind == BL_DOC_BADGE_IMAGE) {
        c->out->p = bc.image;
        c->out->len = bc.image_len;
        c->out->type = bc.image_type;
        return BL_OK;
    }
    if ((e = bl_app_doc_badgeclass(c->app, c->arena, &org, &bc, &j, ei)) != BL_OK)
        return e;
    /* OB 2.0: the BadgeClass lists its valid endorsements by URL. */
    struct bl_endorsement *en = NULL;
    size_t nen = 0;
    if ((e = bl_app_endorsements_valid(tx, c->app, BL_ENDORSE_BADGE, bc.id, &en, &nen, ei)) !=
        BL_OK) {
        json_decref(j);
        return e;
    }
    if (nen) {
        json_t *arr = json_array();
        for (size_t i = 0; i < nen; i++)
            json_array_append_new(arr,
                                  json_string(bl_app_endorsement_url(c->arena, c->app, en[i].uid)));
        json_object_set_new(j, "endorsement", arr);
    }
    return put_json(c, j, JSONLD, ei);
}

/*
 * The badge class's image in the format asked for (c->b "png" or "svg",
 * NULL: its own) into img, borrowed or drawn: a generated drawing again as
 * SVG, an uploaded PNG wrapped in SVG, an SVG drawn by the isolated
 * rasteriser (never in this process: it came from outside).
 */
static enum bl_err image_as(struct pub_ctx *c, bool want_svg, struct bl_buf *img,
                            const unsigned char **p, size_t *n, struct bl_errinfo *ei)
{
    const struct bl_badgeclass *bc = &c->bake_bc;
    bool is_svg = strcmp(bc->image_type, "image/svg+xml") == 0;
    enum bl_err e = BL_OK;
    *p = bc->image;
    *n = bc->image_len;
    if (want_svg == is_svg)
        return BL_OK;
    if (want_svg && bc->art_json && *bc->art_json) {
        struct bl_badgeart art;
        e = bl_badgeart_parse(bc->art_json, strlen(bc->art_json), &art, ei);
        if (e == BL_OK)
            e = bl_badgeart_svg(&art, img, ei);
    } else if (want_svg) {
        e = bl_pngsvg_wrap(bc->image, bc->image_len, bc->name, img, ei);
    } else {
        e = bl_raster_png_isolated(c->app->raster_exe, bc->image, bc->image_len, BL_BADGEART_SIZE,
                                   img, ei);
    }
    *p = img->p;
    *n = img->len;
    return e;
}

/* After the read transaction: the image (converted if asked) baked with the payload. */
static enum bl_err bake(struct pub_ctx *c, struct bl_errinfo *ei)
{
    const struct bl_badgeclass *bc = &c->bake_bc;
    if (!bc->image || !bc->image_type)
        return bl_fail(ei, BL_ENOTFOUND, "this badge class has no image");
    bool want_svg = c->b ? strcmp(c->b, "svg") == 0 : strcmp(bc->image_type, "image/svg+xml") == 0;
    struct bl_buf img, out;
    const unsigned char *p;
    size_t n;
    bl_buf_init(&img, BL_IMAGE_MAX_DEFAULT);
    bl_buf_init(&out, BL_IMAGE_MAX_DEFAULT);
    enum bl_err e = image_as(c, want_svg, &img, &p, &n, ei);
    if (e == BL_OK)
        e = bl_bake(p, n, (const unsigned char *)c->bake_payload, strlen(c->bake_payload),
                    BL_OB_UNKNOWN, &out, ei);
    if (e == BL_OK) {
        c->out->p = bl_arena_memdup(c->arena, out.p, out.len);
        c->out->len = out.len;
        c->out->type = want_svg ? "image/svg+xml" : "image/png";
        c->out->image_svg = want_svg;
    }
    bl_buf_free(&img);
    bl_buf_free(&out);
    return e;
}

static enum bl_err award_doc(struct pub_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    struct bl_award aw;
    enum bl_err e = bl_store_award_by_uid(tx, c->a, &aw, ei);
    if (e != BL_OK)
        return e;
    c->out->updated = aw.revoked_at ? aw.revoked_at : aw.issued_at;
    switch (c->kind) {
    case BL_DOC_ASSERTION:
        if (aw.revoked_at) {
            json_t *j = json_pack("{s:s, s:s, s:b}", "@context", "https://w3id.org/openbadges/v2",
                                  "id", bl_app_award_url(c->arena, c->app, aw.uid), "revoked", 1);
            if (aw.revocation_reason)
                json_object_set_new(j, "revocationReason", json_string(aw.revocation_reason));
            c->out->gone = true;
            return put_json(c, j, JSONLD, ei);
        }
        put_text(c, aw.ob2_json, JSONLD);
        return BL_OK;
    case BL_DOC_ASSERTION_JWS:
        put_text(c, aw.ob2_jws, "application/jose");
        return BL_OK;
    case BL_DOC_CREDENTIAL:
        put_text(c, aw.ob3_json, "application/vc+ld+json");
        return BL_OK;
    case BL_DOC_CREDENTIAL_JWT:
        put_text(c, aw.ob3_jwt, "application/vc+jwt");
        return BL_OK;
    case BL_DOC_BAKED:
    case BL_DOC_BAKED2: {
        struct bl_badgeclass bc;
        if ((e = bl_store_badgeclass_get(tx, aw.badgeclass_id, &bc, ei)) != BL_OK)
            return e;
        /* Rows live in c->arena: baking (maybe drawing) waits until the transaction ends. */
        c->bake_bc = bc;
        c->bake_payload = c->kind == BL_DOC_BAKED ? aw.ob3_json : aw.ob2_jws;
        return BL_OK;
    }
    default:
        return bl_fail(ei, BL_EINVAL, "not an award document");
    }
}

static enum bl_err endorsement_doc(struct pub_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    struct bl_endorsement d;
    enum bl_err e = bl_store_endorsement_by_uid(tx, c->a, &d, ei);
    if (e != BL_OK)
        return e;
    c->out->updated = d.withdrawn_at ? d.withdrawn_at : d.issued_at;
    switch (c->kind) {
    case BL_DOC_ENDORSEMENT:
        if (d.withdrawn_at) {
            /* As a revoked hosted assertion: 410 with revoked true (OB 2.0 §2.8). */
            json_t *j = json_pack("{s:s, s:s, s:s, s:b}", "@context",
                                  "https://w3id.org/openbadges/v2", "type", "Endorsement", "id",
                                  bl_app_endorsement_url(c->arena, c->app, d.uid), "revoked", 1);
            c->out->gone = true;
            return put_json(c, j, JSONLD, ei);
        }
        put_text(c, d.ob2_json, JSONLD);
        return BL_OK;
    case BL_DOC_ENDORSEMENT_VC:
        put_text(c, d.ob3_json, "application/vc+ld+json");
        return BL_OK;
    default:
        put_text(c, d.ob3_jwt, "application/vc+jwt");
        return BL_OK;
    }
}

static enum bl_err all_jwks(struct pub_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    struct bl_org *orgs = NULL;
    size_t n = 0;
    enum bl_err e = bl_store_org_list(tx, &orgs, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *all = json_array();
    for (size_t i = 0; i < n && e == BL_OK; i++) {
        struct bl_orgkey *keys = NULL;
        size_t nk = 0;
        json_t *j = NULL;
        e = bl_store_key_list(tx, orgs[i].id, &keys, &nk, ei);
        if (e == BL_OK)
            e = bl_app_doc_jwks(c->app, c->arena, &orgs[i], keys, nk, &j, ei);
        if (e == BL_OK)
            json_array_extend(all, json_object_get(j, "keys"));
        json_decref(j);
    }
    if (e != BL_OK) {
        json_decref(all);
        return e;
    }
    return put_json(c, json_pack("{s:o}", "keys", all), JSON, ei);
}

static enum bl_err public_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pub_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    if (c->kind == BL_DOC_JWKS && !c->a)
        return all_jwks(c, tx, ei);
    if (!c->a)
        return bl_fail(ei, BL_ENOTFOUND, "not found");
    switch (c->kind) {
    case BL_DOC_BADGECLASS:
    case BL_DOC_BADGE_IMAGE:
        return badge_doc(c, tx, ei);
    case BL_DOC_ASSERTION:
    case BL_DOC_ASSERTION_JWS:
    case BL_DOC_CREDENTIAL:
    case BL_DOC_CREDENTIAL_JWT:
    case BL_DOC_BAKED:
    case BL_DOC_BAKED2:
        return award_doc(c, tx, ei);
    case BL_DOC_ENDORSEMENT:
    case BL_DOC_ENDORSEMENT_VC:
    case BL_DOC_ENDORSEMENT_JWT:
        return endorsement_doc(c, tx, ei);
    default:
        return org_doc(c, tx, ei);
    }
}

enum bl_err bl_app_public(struct bl_app *app, enum bl_app_doc kind, const char *a, const char *b,
                          struct bl_arena *arena, struct bl_app_blob *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    if ((kind == BL_DOC_BAKED || kind == BL_DOC_BAKED2) && b && strcmp(b, "png") != 0 &&
        strcmp(b, "svg") != 0)
        return bl_fail(ei, BL_EINVAL, "image format %s: png or svg", b);
    struct pub_ctx c = {.app = app, .kind = kind, .a = a, .b = b, .arena = arena, .out = out};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, public_tx, &c, ei);
    if (e == BL_OK && c.bake_payload)
        e = bake(&c, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "not found");
    return e;
}

struct view_ctx {
    const struct bl_app *app;
    enum bl_app_view_kind kind;
    const char *key;
    struct bl_arena *arena;
    struct bl_app_view *out;
};

static enum bl_err view_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct view_ctx *c = cls;
    struct bl_app_view *v = c->out;
    enum bl_err e = BL_OK;
    bl_tx_set_arena(tx, c->arena);
    if (c->kind == BL_VIEW_AWARD) {
        e = bl_store_award_by_uid(tx, c->key, &v->award, ei);
        if (e == BL_OK)
            e = bl_store_badgeclass_get(tx, v->award.badgeclass_id, &v->badge, ei);
    } else if (c->kind == BL_VIEW_BADGE) {
        e = bl_store_badgeclass_by_uid(tx, c->key, &v->badge, ei);
    }
    if (e != BL_OK)
        return e;
    if (c->kind == BL_VIEW_ISSUER) {
        struct bl_badgeclass *rows = NULL;
        e = bl_store_org_by_slug(tx, c->key, &v->org, ei);
        if (e == BL_OK)
            e = bl_store_badgeclass_list(tx, v->org.id, 0, 0, BL_STORE_PAGE_MAX, &rows,
                                         &v->n_issued, ei);
        if (e == BL_OK)
            e = bl_app_endorsements_valid(tx, c->app, BL_ENDORSE_ORG, v->org.id, &v->endorsements,
                                          &v->n_endorsements, ei);
        return e;
    }
    e = bl_app_endorsements_valid(tx, c->app, BL_ENDORSE_BADGE, v->badge.id, &v->endorsements,
                                  &v->n_endorsements, ei);
    if (e == BL_OK && c->kind == BL_VIEW_AWARD) {
        /* The award's own recommendations the young person chose to show, after the class's. */
        struct bl_endorsement *mine = NULL;
        size_t nm = 0;
        e = bl_app_endorsements_valid(tx, c->app, BL_ENDORSE_AWARD, v->award.id, &mine, &nm, ei);
        if (e == BL_OK && nm) {
            struct bl_endorsement *all =
                bl_arena_alloc(c->arena, (v->n_endorsements + nm) * sizeof *all);
            if (v->n_endorsements)
                memcpy(all, v->endorsements, v->n_endorsements * sizeof *all);
            memcpy(all + v->n_endorsements, mine, nm * sizeof *all);
            v->endorsements = all;
            v->n_endorsements += nm;
        }
    }
    if (e != BL_OK)
        return e;
    return bl_store_org_get(tx, v->badge.org_id, &v->org, ei);
}

enum bl_err bl_app_view(struct bl_app *app, enum bl_app_view_kind kind, const char *key,
                        struct bl_arena *arena, struct bl_app_view *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    struct view_ctx c = {app, kind, key ? key : "", arena, out};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, view_tx, &c, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "not found");
    return e;
}

struct orgs_ctx {
    struct bl_arena *arena;
    struct bl_org **rows;
    size_t *n;
};

static enum bl_err orgs_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct orgs_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    return bl_store_org_list(tx, c->rows, c->n, ei);
}

enum bl_err bl_app_orgs(struct bl_app *app, struct bl_arena *arena, struct bl_org **rows, size_t *n,
                        struct bl_errinfo *ei)
{
    struct orgs_ctx c = {arena, rows, n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, orgs_tx, &c, ei);
}
