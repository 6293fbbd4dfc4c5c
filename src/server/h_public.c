/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_public.c: the public Open Badges endpoints (no login), one handler per
 * document kind of app/public.h.  Each answers the bytes the app builds,
 * with an ETag over them, so verifiers and caches revalidate with a 304.
 */
#include <stdio.h>
#include <string.h>

#include "app/public.h"
#include "core/etag.h"
#include "doccache.h"
#include "h_pages.h"
#include "h_public.h"
#include "http.h"

/* A strong validator: the first 128 bits of the body's SHA-256, in hex. */
static const char *etag_of(struct bl_req *req, const void *p, size_t n)
{
    char *t = bl_arena_alloc(req->arena, 33);
    bl_etag_hash(p, n, 32, t);
    return t;
}

/*
 * A public document of kind for (a, b): from the cache, or built by the app
 * and cached.  Errors (not found) are not cached.
 */
static enum bl_err fetch_doc(struct bl_req *req, enum bl_app_doc kind, const char *a, const char *b,
                             struct bl_doc *doc, struct bl_errinfo *ei)
{
    char key[BL_DOCCACHE_KEY_MAX];
    int n = snprintf(key, sizeof key, "%d|%s|%s", (int)kind, a ? a : "", b ? b : "");
    bool cacheable = n > 0 && (size_t)n < sizeof key;
    if (cacheable && bl_doccache_get(key, req->arena, doc))
        return BL_OK;
    struct bl_app_blob blob;
    enum bl_err e = bl_app_public(req->app, kind, a, b, req->arena, &blob, ei);
    if (e != BL_OK)
        return e;
    doc->p = blob.p;
    doc->len = blob.len;
    doc->type = blob.type;
    doc->gone = blob.gone;
    doc->image_svg = blob.image_svg;
    doc->etag = etag_of(req, blob.p, blob.len);
    if (cacheable)
        bl_doccache_put(key, doc);
    return BL_OK;
}

static enum bl_err serve(struct bl_req *req, struct bl_resp *resp, enum bl_app_doc kind,
                         const char *a, const char *b, struct bl_errinfo *ei)
{
    struct bl_doc doc;
    enum bl_err e = fetch_doc(req, kind, a, b, &doc, ei);
    if (e != BL_OK)
        return e;
    bl_resp_bytes(resp, doc.gone ? 410 : 200, doc.type, doc.p, doc.len);
    bl_resp_etag(req, resp, doc.etag);
    /* Short freshness: revocations must show within minutes. */
    bl_resp_cache(resp, "public, max-age=60");
    /* The issuer, badge class and award URLs also answer HTML to browsers. */
    if (bl_resp_header(req, resp, "Vary", "Accept") != BL_OK ||
        bl_resp_header(req, resp, "Access-Control-Allow-Origin", "*") != BL_OK)
        return bl_fail(ei, BL_ETOOBIG, "too many headers");
    return BL_OK;
}

#define SLUG bl_req_param(req, "slug")
#define UID  bl_req_param(req, "uid")

enum bl_err h_issuer_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    if (bl_req_accepts(req) == BL_ACCEPT_HTML)
        return h_page_issuer(req, resp, ei);
    return serve(req, resp, BL_DOC_ISSUER, SLUG, NULL, ei);
}

enum bl_err h_issuer_image_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_ORG_IMAGE, SLUG, NULL, ei);
}

enum bl_err h_key_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_KEY, SLUG, bl_req_param(req, "kid"), ei);
}

enum bl_err h_jwks_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_JWKS, SLUG, NULL, ei);
}

enum bl_err h_did_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_DID, SLUG, NULL, ei);
}

enum bl_err h_revocations_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_REVOCATIONS, SLUG, NULL, ei);
}

enum bl_err h_revocations3_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_REVOCATIONS3, SLUG, NULL, ei);
}

enum bl_err h_statuslist_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_STATUSLIST, SLUG, NULL, ei);
}

enum bl_err h_badgeclass_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    if (bl_req_accepts(req) == BL_ACCEPT_HTML)
        return h_page_badge(req, resp, ei);
    return serve(req, resp, BL_DOC_BADGECLASS, UID, NULL, ei);
}

enum bl_err h_badge_image_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_BADGE_IMAGE, UID, NULL, ei);
}

enum bl_err h_assertion_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    if (bl_req_accepts(req) == BL_ACCEPT_HTML)
        return h_page_award(req, resp, ei);
    return serve(req, resp, BL_DOC_ASSERTION, UID, NULL, ei);
}

enum bl_err h_assertion_jws_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_ASSERTION_JWS, UID, NULL, ei);
}

enum bl_err h_credential_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_CREDENTIAL, UID, NULL, ei);
}

enum bl_err h_credential_jwt_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_CREDENTIAL_JWT, UID, NULL, ei);
}

/*
 * The baked image as PNG or SVG, whatever the badge class's own format:
 * the other one is converted (app/public.h), so every badge can go where
 * only PNG is taken (LinkedIn, mail) or where SVG scales (print).
 */
static enum bl_err baked(struct bl_req *req, struct bl_resp *resp, enum bl_app_doc kind, bool svg,
                         struct bl_errinfo *ei)
{
    struct bl_doc doc;
    enum bl_err e = fetch_doc(req, kind, UID, svg ? "svg" : "png", &doc, ei);
    if (e != BL_OK)
        return e;
    bl_resp_bytes(resp, 200, doc.type, doc.p, doc.len);
    bl_resp_etag(req, resp, doc.etag);
    bl_resp_cache(resp, "public, max-age=60");
    return BL_OK;
}

enum bl_err h_baked_png_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return baked(req, resp, BL_DOC_BAKED, false, ei);
}

enum bl_err h_baked_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return baked(req, resp, BL_DOC_BAKED, true, ei);
}

enum bl_err h_baked2_png_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return baked(req, resp, BL_DOC_BAKED2, false, ei);
}

enum bl_err h_baked2_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return baked(req, resp, BL_DOC_BAKED2, true, ei);
}

enum bl_err h_wellknown_jwks_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_JWKS, NULL, NULL, ei);
}

/* Endorsements (app/endorse.h): the hosted OB 2.0 Endorsement and the OB 3.0 credential. */
enum bl_err h_endorsement_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_ENDORSEMENT, UID, NULL, ei);
}

enum bl_err h_endorsement_vc_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_ENDORSEMENT_VC, UID, NULL, ei);
}

enum bl_err h_endorsement_jwt_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return serve(req, resp, BL_DOC_ENDORSEMENT_JWT, UID, NULL, ei);
}
