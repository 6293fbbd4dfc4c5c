/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * staff.c: the signed-in staff member of a page (staff.h).
 */
#include "staff.h"

#include <string.h>

#include "app/account.h"
#include "core/i18n.h"
#include "page.h"

/* A path of our own, safe to come back to after signing in. */
static bool local_path(const char *p)
{
    return p && p[0] == '/' && p[1] != '/' && p[1] != '\\' && !strpbrk(p, "\r\n");
}

bool bl_staff_load(struct bl_req *req, struct bl_resp *resp, struct bl_staff *out, enum bl_err *err,
                   struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    *err = bl_auth_require(req, &out->auth, ei);
    if (*err == BL_EUNAUTH && out->auth.by_token)
        *err = BL_EDENIED; /* pages challenge nobody for a token: a 403 as before */
    if (*err == BL_EUNAUTH) {
        /* Not signed in (or the session ended): to the sign-in page, then back. */
        const char *back = local_path(req->path) ? req->path : "/espace";
        const char *to = bl_arena_printf(req->arena, "/connexion?suite=%s", back);
        if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
            bl_resp_redirect(req, resp, to);
            *err = BL_OK;
            return false;
        }
        *err = BL_EDENIED; /* a form posted without a valid session: 403 */
        return false;
    }
    if (*err != BL_OK)
        return false;
    if (out->auth.by_token) {
        *err = bl_fail(ei, BL_EDENIED, "pages are for people: sign in with a password");
        return false;
    }
    *err = bl_app_memberships(req->app, out->auth.account.id, req->arena, &out->orgs, &out->n_orgs,
                              ei);
    if (*err != BL_OK)
        return false;
    const char *slug = bl_req_param(req, "slug");
    for (size_t i = 0; i < out->n_orgs; i++)
        if (!slug || strcmp(out->orgs[i].org_slug, slug) == 0) {
            out->current = &out->orgs[i];
            break;
        }
    if (slug && !out->current) {
        *err = bl_fail(ei, BL_ENOTFOUND, "no organisation %.60s among yours", slug);
        return false;
    }
    return true;
}

enum bl_err bl_staff_page(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                          unsigned status, const char *name, const char *title, json_t *ctx,
                          const char *section, struct bl_errinfo *ei)
{
    json_t *items = json_array(), *orgs = json_array();
    if (st->current) {
        static const char *const nav[][2] = {
            {"tableau", N_("Tableau de bord")},
            {"badges", N_("Badges")},
            {"attributions", N_("Attributions")},
            {"evenements", N_("Événements")},
            {"parcours", N_("Parcours")},
            {"opportunites", N_("Opportunités")},
            {"besoins", N_("Besoins")},                 /* the network (h_needs.c) */
            {"partenaires", N_("Partenaires")},         /* h_network.c */
            {"referentiels", N_("Référentiels")},       /* h_framework.c */
            {"profil", N_("Profil")},                   /* h_network.c */
            {"reconnaissances", N_("Reconnaissances")}, /* endorsements (h_endorse.c) */
            {"equipe", N_("Équipe")}};                  /* the last: admins only (h_staff.c) */
        const char *slug = st->current->org_slug;
        size_t shown = sizeof nav / sizeof nav[0] - (st->current->role != BL_ROLE_ADMIN);
        for (size_t i = 0; i < shown; i++) {
            const char *href = i == 0
                                   ? bl_arena_printf(req->arena, "/espace/%s", slug)
                                   : bl_arena_printf(req->arena, "/espace/%s/%s", slug, nav[i][0]);
            json_array_append_new(items,
                                  json_pack("{s:s, s:s, s:b}", "href", href, "label", nav[i][1],
                                            "current", section && strcmp(section, nav[i][0]) == 0));
        }
    }
    for (size_t i = 0; i < st->n_orgs; i++)
        json_array_append_new(orgs, json_pack("{s:s, s:s, s:b}", "slug", st->orgs[i].org_slug,
                                              "name", st->orgs[i].org_name, "current",
                                              &st->orgs[i] == st->current));
    json_t *staff = json_pack("{s:s, s:s, s:o, s:o, s:b, s:s?}", "name", st->auth.account.name,
                              "csrf", st->auth.session.csrf, "nav", items, "orgs", orgs, "several",
                              st->n_orgs > 1, "org", st->current ? st->current->org_name : NULL);
    if (!ctx)
        ctx = json_object();
    json_object_set_new(ctx, "staff", staff);
    enum bl_err e = bl_page_render(req, resp, status, name, title, ctx, ei);
    json_decref(ctx);
    return e;
}
