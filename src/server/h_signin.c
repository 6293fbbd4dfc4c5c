/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_signin.c: signing in and out of the issuer space, and its home page.
 *
 *   GET  /connexion        the form (?suite=/where/to/go/next)
 *   POST /connexion        email + password: the session cookie, then back
 *   POST /deconnexion      ends the session (CSRF token of the session)
 *   GET  /espace           to the first organisation's page
 *   GET  /espace/{slug}    the organisation's home in the space
 *
 * The sign-in form carries no session yet, so it cannot carry a CSRF token:
 * a cross-site post is refused by its Origin header instead (login CSRF).
 */
#include <string.h>

#include "app/account.h"
#include "app/badge.h"
#include "app/org.h"
#include "core/i18n.h"
#include "core/mem.h"
#include "h_awarding.h"
#include "h_signin.h"
#include "i18n.h"
#include "page.h"
#include "staff.h"

/* Same origin as the configured base URL (or no Origin header: not a browser form post). */
static bool same_origin(struct bl_req *req)
{
    const char *o = bl_req_header(req, "Origin");
    const char *base = req->cfg->base_url;
    if (!o || strcmp(o, "null") == 0)
        return o == NULL;
    size_t n = strlen(o);
    return strncmp(base, o, n) == 0 && (base[n] == '\0' || base[n] == '/');
}

static const char *next_path(const char *s)
{
    return s && s[0] == '/' && s[1] != '/' && s[1] != '\\' && !strpbrk(s, "\r\n") ? s : "/espace";
}

static enum bl_err form(struct bl_req *req, struct bl_resp *resp, unsigned status,
                        const char *email, const char *suite, const char *error,
                        struct bl_errinfo *ei)
{
    json_t *ctx = json_pack("{s:s, s:s, s:s?}", "email", email ? email : "", "suite",
                            next_path(suite), "error", error);
    enum bl_err e = bl_page_render(req, resp, status, "signin.html", N_("Connexion"), ctx, ei);
    json_decref(ctx);
    return e;
}

enum bl_err h_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return form(req, resp, 200, NULL, bl_req_query(req, "suite"), NULL, ei);
}

enum bl_err h_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_session s;
    const char *email = bl_req_form(req, "email"), *suite = bl_req_form(req, "suite");
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "sign-in form posted from another site");
    enum bl_err e = bl_auth_signin(req, resp, email, bl_req_form(req, "password"), &s, ei);
    bl_wipe(&s, sizeof s);
    if (e == BL_EDENIED)
        return form(req, resp, 403, email, suite, N_("Adresse e-mail ou mot de passe incorrect."),
                    ei);
    if (e == BL_ELIMIT)
        return form(req, resp, 429, email, suite,
                    N_("Trop de tentatives. Attendez un quart d’heure avant de réessayer."), ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, next_path(suite));
    return e;
}

enum bl_err h_signout_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_err e = bl_auth_signout(req, resp, ei);
    if (e == BL_EUNAUTH)
        e = BL_EDENIED; /* a page: no Bearer challenge, a 403 as for a missing CSRF token */
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/connexion");
    return e;
}

static const char *role_fr(enum bl_role r)
{
    return r == BL_ROLE_ADMIN    ? N_("administrateur")
           : r == BL_ROLE_ISSUER ? N_("émetteur")
                                 : N_("lecteur");
}

enum bl_err h_space_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *slug = bl_req_param(req, "slug");
    if (!slug && st.current) {
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/espace/%s", st.current->org_slug));
        return BL_OK;
    }
    json_t *ctx = json_object();
    if (st.current) {
        struct bl_badgeclass *b = NULL;
        struct bl_award *a = NULL;
        size_t nb = 0, na = 0;
        e = bl_app_badge_list(req->app, &st.auth.actor, st.current->org_id, 0, BL_STORE_PAGE_MAX,
                              req->arena, &b, &nb, ei);
        if (e == BL_OK)
            e = bl_app_award_list(req->app, &st.auth.actor, st.current->org_id, NULL, 0,
                                  BL_STORE_PAGE_MAX, req->arena, &a, &na, ei);
        if (e != BL_OK) {
            json_decref(ctx);
            return e;
        }
        /* Counts written and agreed the way the page's language does. */
        enum bl_lang lang = bl_req_lang(req);
        char badges[BL_I18N_NUMBER_MAX], awards[BL_I18N_NUMBER_MAX];
        bl_i18n_number(lang, (long long)nb, badges);
        bl_i18n_number(lang, (long long)na, awards);
        json_object_set_new(ctx, "org",
                            json_pack("{s:s, s:s, s:s, s:b, s:s, s:b, s:s}", "name",
                                      st.current->org_name, "role", role_fr(st.current->role),
                                      "badges", badges, "badges_plural",
                                      bl_i18n_plural(lang, (long long)nb), "awards", awards,
                                      "awards_plural", bl_i18n_plural(lang, (long long)na), "page",
                                      bl_app_org_url(req->arena, req->app, st.current->org_slug)));
        if ((e = bl_awarding_dashboard(req, &st, ctx, ei)) != BL_OK) { /* charts: h_awarding.c */
            json_decref(ctx);
            return e;
        }
    }
    return bl_staff_page(req, resp, &st, 200, "space.html",
                         st.current ? st.current->org_name : N_("Votre espace"), ctx, "tableau",
                         ei);
}
