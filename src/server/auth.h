/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * auth.h: who is asking.  An API client sends `Authorization: Bearer
 * blt_...`; a browser sends the session cookie, and for any method that
 * changes something also the session's CSRF token (header X-CSRF-Token or
 * form field `csrf`), so another site cannot act with the cookie.
 */
#ifndef BL_SERVER_AUTH_H
#define BL_SERVER_AUTH_H

#include "app/account.h"
#include "app/app.h"
#include "http.h"

#define BL_SESSION_COOKIE "blason_session"

struct bl_auth {
    struct bl_actor actor;
    struct bl_session session; /* when signed in with the cookie */
    struct bl_account account;
    bool by_token;
};

/*
 * BL_EUNAUTH when nobody is authenticated (no credentials, an unknown,
 * expired or revoked token, an ended session: HTTP 401); BL_EDENIED when the
 * session's CSRF token is missing or wrong (403).
 */
enum bl_err bl_auth_require(struct bl_req *req, struct bl_auth *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Sign in: the session cookie for email and password (bl_app_login's errors
 * otherwise: BL_EDENIED, BL_ELIMIT).  *out holds the session's tokens; the
 * caller wipes it.
 */
enum bl_err bl_auth_signin(struct bl_req *req, struct bl_resp *resp, const char *email,
                           const char *password, struct bl_app_session *out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Sign out: the session (with its CSRF token checked) ends and its cookie is cleared. */
enum bl_err bl_auth_signout(struct bl_req *req, struct bl_resp *resp,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
