/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_test.c: routes for tests/http only, answering 404 unless the
 * test_routes setting is on.  They put the request API (forms, query,
 * cookies, captures, negotiation) and the response helpers (cookies,
 * redirects, ETags, handler errors) in front of curl.
 */
#include <jansson.h>

#include "http.h"
#include "routes.h"

static enum bl_err enabled(const struct bl_req *req, struct bl_errinfo *ei)
{
    if (!req->cfg->test_routes)
        return bl_fail(ei, BL_ENOTFOUND, "nothing here: %s", req->path);
    return BL_OK;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* POST /test/echo/{name}: what the request API sees, as JSON; sets a cookie. */
enum bl_err h_test_echo(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *tags[8];
    size_t ntags;
    json_t *j, *arr;
    enum bl_err rc = enabled(req, ei);

    if (rc != BL_OK)
        return rc;
    if (bl_req_form_status(req) != BL_OK && bl_req_form_status(req) != BL_EUNSUPPORTED)
        return bl_fail(ei, bl_req_form_status(req), "the form is malformed");
    ntags = bl_req_form_all(req, "tag", tags, 8);
    arr = json_array();
    for (size_t i = 0; i < ntags && i < 8; i++)
        json_array_append_new(arr, json_string(tags[i]));
    j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:I}", "name",
                  str_or_null(bl_req_param(req, "name")), "field",
                  str_or_null(bl_req_form(req, "field")), "q", str_or_null(bl_req_query(req, "q")),
                  "cookie", str_or_null(bl_req_cookie(req, "c")), "tags", arr, "accepts",
                  bl_req_accepts(req) == BL_ACCEPT_HTML ? "html" : "json", "remote",
                  str_or_null(req->remote), "body_len", (json_int_t)req->body_len);
    if (j == NULL)
        return bl_fail(ei, BL_EINVAL, "not UTF-8");
    bl_resp_json(req, resp, 200, j, NULL);
    json_decref(j);
    return bl_resp_set_cookie(req, resp, "seen", "1", 60);
}

/* GET /test/redirect: 303 to /healthz. */
enum bl_err h_test_redirect(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_err rc = enabled(req, ei);

    if (rc == BL_OK)
        bl_resp_redirect(req, resp, "/healthz");
    return rc;
}

/* GET /test/etag: a dynamic response with an ETag. */
enum bl_err h_test_etag(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_err rc = enabled(req, ei);

    if (rc != BL_OK)
        return rc;
    bl_resp_text(resp, 200, "text/plain; charset=utf-8", "version 1\n");
    bl_resp_etag(req, resp, "v1");
    bl_resp_cache(resp, "private, max-age=0");
    return BL_OK;
}

/* GET /test/fail: a handler error whose detail must not reach the client. */
enum bl_err h_test_fail(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_err rc = enabled(req, ei);

    (void)resp;
    if (rc != BL_OK)
        return rc;
    return bl_fail(ei, BL_EDB, "secret database detail");
}
