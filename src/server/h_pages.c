/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_pages.c: the pages people see at the public URLs of an issuer, a badge
 * class and an award (the same URLs answer JSON-LD to machines; h_public.c
 * asks here when the client prefers HTML).  French, as the interface.
 */
#include <string.h>

#include <jansson.h>

#include "app/docs.h"
#include "app/endorse.h"
#include "app/org.h"
#include "app/public.h"
#include "core/json.h"
#include "h_pages.h"
#include "i18n.h"
#include "page.h"

static json_t *issuer_json(struct bl_req *req, const struct bl_org *org)
{
    struct bl_app *app = req->app;
    return json_pack(
        "{s:s, s:s, s:s?, s:s, s:s, s:s}", "name", org->name, "url", org->url, "description",
        org->description, "page", bl_app_org_url(req->arena, app, org->slug), "jwks",
        bl_arena_printf(req->arena, "%s/o/%s/jwks.json", app->base_url, org->slug), "did",
        bl_arena_printf(req->arena, "%s/o/%s/did.json", app->base_url, org->slug));
}

static json_t *badge_json(struct bl_req *req, const struct bl_badgeclass *b, bool *aligned)
{
    json_t *al = json_loads(b->alignments_json ? b->alignments_json : "[]", 0, NULL);
    *aligned = json_array_size(al) > 0;
    return json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:o*}", "name", b->name, "description",
                     b->description, "criteria", b->criteria_narrative, "criteria_url",
                     b->criteria_url, "image",
                     bl_arena_printf(req->arena, "%s/badges/%s/image",
                                     ((struct bl_app *)req->app)->base_url, b->uid),
                     "alignments", al);
}

/*
 * "Reconnu par N partenaires": the valid endorsements of the view (name of
 * the endorser, its page, the comment, the date, the signed documents), or
 * NULL when there are none so the section is left out.
 */
static json_t *endorsed_json(struct bl_req *req, const struct bl_app_view *v)
{
    struct bl_app *app = req->app;
    if (v->n_endorsements == 0)
        return NULL;
    json_t *list = json_array();
    for (size_t i = 0; i < v->n_endorsements; i++) {
        const struct bl_endorsement *d = &v->endorsements[i];
        const char *url = bl_app_endorsement_url(req->arena, app, d->uid);
        const char *name =
            d->endorser_name
                ? bl_arena_printf(req->arena, "%s (par %s)", d->endorser_name, d->endorser_org_name)
                : d->endorser_org_name;
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s}", "name", name, "page",
                            bl_app_org_url(req->arena, app, d->endorser_org_slug), "comment",
                            d->comment, "date", bl_req_date(req, d->issued_at), "credential",
                            bl_arena_printf(req->arena, "%s/credential", url), "hosted", url));
    }
    return json_pack("{s:I, s:b, s:o}", "count", (json_int_t)v->n_endorsements, "plural",
                     v->n_endorsements > 1, "list", list);
}

static enum bl_err page(struct bl_req *req, struct bl_resp *resp, const char *name,
                        const char *title, json_t *ctx, struct bl_errinfo *ei)
{
    enum bl_err e = ctx ? bl_page_render(req, resp, 200, name, title, ctx, ei)
                        : bl_fail(ei, BL_EINVAL, "page context");
    json_decref(ctx);
    if (e == BL_OK)
        e = bl_resp_header(req, resp, "Vary", "Accept");
    return e;
}

enum bl_err h_page_issuer(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_view v;
    enum bl_err e =
        bl_app_view(req->app, BL_VIEW_ISSUER, bl_req_param(req, "slug"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    char count[BL_I18N_NUMBER_MAX];
    bl_i18n_number(bl_req_lang(req), (long long)v.n_issued, count);
    json_t *ctx =
        json_pack("{s:o, s:s, s:b, s:o*}", "issuer", issuer_json(req, &v.org), "count", count,
                  "plural", bl_i18n_plural(bl_req_lang(req), (long long)v.n_issued), "endorsed",
                  endorsed_json(req, &v));
    return page(req, resp, "issuer.html", v.org.name, ctx, ei);
}

enum bl_err h_page_badge(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_view v;
    bool aligned = false;
    enum bl_err e =
        bl_app_view(req->app, BL_VIEW_BADGE, bl_req_param(req, "uid"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    /* badge_json sets aligned: call it before reading it (argument order is unspecified). */
    json_t *badge = badge_json(req, &v.badge, &aligned);
    json_t *ctx = json_pack("{s:o, s:o, s:b, s:o*}", "issuer", issuer_json(req, &v.org), "badge",
                            badge, "has_alignments", aligned, "endorsed", endorsed_json(req, &v));
    return page(req, resp, "badge.html", v.badge.name, ctx, ei);
}

enum bl_err h_page_award(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_view v;
    struct bl_app *app = req->app;
    bool aligned = false;
    enum bl_err e = bl_app_view(app, BL_VIEW_AWARD, bl_req_param(req, "uid"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    const struct bl_award *a = &v.award;
    const char *url = bl_app_award_url(req->arena, app, a->uid);
    json_t *badge = badge_json(req, &v.badge, &aligned); /* sets aligned, read below */
    json_t *evidence = json_loads(a->evidence_json ? a->evidence_json : "[]", 0, NULL);
    if (json_array_size(evidence) == 0) {
        json_decref(evidence);
        evidence = NULL;
    }
    json_t *ctx = json_pack(
        "{s:o, s:o, s:b, s:s?, s:s?, s:s?, s:b, s:b, s:s?, s:o*, s:{s:s, s:s, s:s, s:s, s:s}}",
        "issuer", issuer_json(req, &v.org), "badge", badge, "has_alignments", aligned, "recipient",
        a->recipient_name, "issued", bl_req_date(req, a->issued_at), "expires",
        bl_req_date(req, a->expires_at), "revoked", a->revoked_at != 0, "expired",
        a->expires_at && a->expires_at < bl_app_now(app), "reason", a->revocation_reason,
        "evidence", evidence, "links", "png", bl_arena_printf(req->arena, "%s/badge.png", url),
        "svg", bl_arena_printf(req->arena, "%s/badge.svg", url), "credential",
        bl_arena_printf(req->arena, "%s/credential", url), "jwt",
        bl_arena_printf(req->arena, "%s/credential.jwt", url), "assertion",
        bl_arena_printf(req->arena, "%s/assertion.jws", url));
    json_t *endorsed = endorsed_json(req, &v);
    if (ctx && endorsed)
        json_object_set_new(ctx, "endorsed", endorsed);
    else
        json_decref(endorsed);
    return page(req, resp, "award.html", v.badge.name, ctx, ei);
}

enum bl_err h_page_home(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_org *orgs = NULL;
    size_t n = 0;
    enum bl_err e = bl_app_orgs(req->app, req->arena, &orgs, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s}", "name", orgs[i].name, "url",
                                             bl_app_org_url(req->arena, req->app, orgs[i].slug)));
    json_t *ctx = json_pack("{s:o, s:b}", "orgs", arr, "has_orgs", n > 0);
    return page(req, resp, "home.html", "Blason", ctx, ei);
}
