/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * auth.c: the actor of a request, from an API token or the session cookie
 * with its CSRF token (auth.h).
 */
#include "auth.h"

#include <string.h>
#include <strings.h>

#include "app/account.h"
#include "core/multipart.h"

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* The csrf field of a multipart/form-data body (a form with a file input), or NULL. */
static const char *multipart_csrf(struct bl_req *req)
{
    const char *boundary;
    struct bl_multipart m;
    if (bl_multipart_boundary(bl_req_header(req, "Content-Type"), req->arena, &boundary, NULL) !=
            BL_OK ||
        bl_multipart_parse(req->body, req->body_len, boundary, req->arena, &m, NULL) != BL_OK)
        return NULL;
    const struct bl_multipart_part *p = bl_multipart_get(&m, "csrf");
    return p && !p->filename ? bl_arena_strndup(req->arena, (const char *)p->data, p->len) : NULL;
}

/*
 * The app refuses an unknown, ended or malformed token or session with
 * BL_EDENIED; here that means nobody is authenticated (a 401), which a
 * client must tell from a refusal to someone known (403).
 */
static enum bl_err unauthenticated(enum bl_err e, struct bl_errinfo *ei)
{
    if (e != BL_EDENIED)
        return e;
    if (ei)
        ei->code = BL_EUNAUTH;
    return BL_EUNAUTH;
}

enum bl_err bl_auth_require(struct bl_req *req, struct bl_auth *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    const char *h = bl_req_header(req, "Authorization");
    if (h) {
        if (strncasecmp(h, "Bearer ", 7) != 0)
            return bl_fail(ei, BL_EUNAUTH, "Authorization: only Bearer tokens are accepted");
        out->by_token = true;
        return unauthenticated(bl_app_apitoken_actor(req->app, h + 7, &out->actor, ei), ei);
    }
    const char *cookie = bl_req_cookie(req, BL_SESSION_COOKIE);
    if (!cookie)
        return bl_fail(ei, BL_EUNAUTH, "sign in first (session cookie or API token)");
    enum bl_err e = unauthenticated(
        bl_app_session_get(req->app, cookie, req->arena, &out->session, &out->account, ei), ei);
    if (e != BL_OK)
        return e;
    if (!safe_method(req->method)) {
        const char *csrf = bl_req_header(req, "X-CSRF-Token");
        if (!csrf)
            csrf = bl_req_form(req, "csrf");
        if (!csrf)
            csrf = multipart_csrf(req);
        if (!bl_app_csrf_ok(&out->session, csrf))
            return bl_fail(ei, BL_EDENIED, "missing or wrong CSRF token");
    }
    out->actor.account_id = out->account.id;
    return BL_OK;
}

enum bl_err bl_auth_signin(struct bl_req *req, struct bl_resp *resp, const char *email,
                           const char *password, struct bl_app_session *out, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_login(req->app, email, password ? password : "", req->remote, out, ei);
    if (e == BL_OK)
        e = bl_resp_set_cookie(req, resp, BL_SESSION_COOKIE, out->token, BL_APP_SESSION_TTL);
    return e;
}

enum bl_err bl_auth_signout(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    enum bl_err e = bl_auth_require(req, &who, ei);
    if (e == BL_OK && !who.by_token)
        e = bl_app_logout(req->app, bl_req_cookie(req, BL_SESSION_COOKIE), ei);
    if (e == BL_OK)
        e = bl_resp_set_cookie(req, resp, BL_SESSION_COOKIE, "", 0);
    return e;
}
