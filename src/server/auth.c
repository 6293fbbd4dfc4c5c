/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * auth.c: the actor of a request, from an API token or the session cookie
 * with its CSRF token (auth.h).
 */
#include "auth.h"

#include <string.h>
#include <strings.h>

#include "app/account.h"

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

enum bl_err bl_auth_require(struct bl_req *req, struct bl_auth *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    const char *h = bl_req_header(req, "Authorization");
    if (h) {
        if (strncasecmp(h, "Bearer ", 7) != 0)
            return bl_fail(ei, BL_EDENIED, "Authorization: only Bearer tokens are accepted");
        out->by_token = true;
        return bl_app_apitoken_actor(req->app, h + 7, &out->actor, ei);
    }
    const char *cookie = bl_req_cookie(req, BL_SESSION_COOKIE);
    if (!cookie)
        return bl_fail(ei, BL_EDENIED, "sign in first (session cookie or API token)");
    enum bl_err e =
        bl_app_session_get(req->app, cookie, req->arena, &out->session, &out->account, ei);
    if (e != BL_OK)
        return e;
    if (!safe_method(req->method)) {
        const char *csrf = bl_req_header(req, "X-CSRF-Token");
        if (!csrf)
            csrf = bl_req_form(req, "csrf");
        if (!bl_app_csrf_ok(&out->session, csrf))
            return bl_fail(ei, BL_EDENIED, "missing or wrong CSRF token");
    }
    out->actor.account_id = out->account.id;
    return BL_OK;
}
