/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_api.c: the JSON API (/api/v1, described in docs/openapi.yaml) over the
 * use cases of src/app.  Requests and answers are JSON; errors are the one
 * problem+json reply with a stable `code`.  Authorisation is the app's:
 * this file only finds out who asks (auth.h) and maps JSON to app calls.
 */
#include <string.h>

#include <jansson.h>

#include "app/account.h"
#include "app/badge.h"
#include "app/docs.h"
#include "auth.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/obdate.h"
#include "doccache.h"
#include "h_api.h"

#define API_JSON_MAX (1u * 1024u * 1024u) /* a badge class with its image */

/* The request body as a JSON object. */
static enum bl_err body_json(struct bl_req *req, json_t **out, struct bl_errinfo *ei)
{
    *out = NULL;
    if (!req->body || req->body_len == 0)
        return bl_fail(ei, BL_EINVAL, "a JSON object is expected in the body");
    enum bl_err e =
        bl_json_parse((const char *)req->body, req->body_len, API_JSON_MAX, 16, out, ei);
    if (e == BL_OK && !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return bl_fail(ei, BL_EINVAL, "a JSON object is expected in the body");
    }
    return e;
}

/* A string member; BL_EINVAL when present but not a string. */
static const char *jstr(const json_t *o, const char *key, enum bl_err *e, struct bl_errinfo *ei)
{
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *e = bl_fail(ei, BL_EINVAL, "%s: a string is expected", key);
        return NULL;
    }
    return json_string_value(v);
}

static size_t query_size(struct bl_req *req, const char *name, size_t dflt)
{
    const char *v = bl_req_query(req, name);
    size_t n = 0;
    if (!v || !*v)
        return dflt;
    for (; *v >= '0' && *v <= '9' && n < 1000000; v++)
        n = n * 10 + (size_t)(*v - '0');
    return *v ? dflt : n;
}

static void set_date(json_t *o, const char *key, int64_t t)
{
    char d[BL_OBDATE_LEN];
    struct bl_errinfo ei;
    if (t && bl_obdate_format(t, d, &ei) == BL_OK)
        json_object_set_new(o, key, json_string(d));
}

static json_t *badge_json(struct bl_req *req, const struct bl_badgeclass *b)
{
    struct bl_app *app = req->app;
    json_t *al = json_loads(b->alignments_json ? b->alignments_json : "[]", 0, NULL);
    json_t *tags = json_loads(b->tags_json ? b->tags_json : "[]", 0, NULL);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:{s:s?, s:s?}, s:s, s:o*, s:o*, s:s, s:b}", "uid", b->uid, "id",
        bl_app_badge_url(req->arena, app, b->uid), "name", b->name, "description", b->description,
        "criteria", "narrative", b->criteria_narrative, "url", b->criteria_url, "image",
        bl_arena_printf(req->arena, "%s/badges/%s/image", app->base_url, b->uid), "alignments", al,
        "tags", tags, "validity", b->validity, "archived", b->archived);
    set_date(o, "createdAt", b->created_at);
    return o;
}

static json_t *award_json(struct bl_req *req, const struct bl_award *a)
{
    struct bl_app *app = req->app;
    const char *url = bl_app_award_url(req->arena, app, a->uid);
    json_t *o = json_pack("{s:s, s:s, s:{s:s?, s:s?}, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
                          "uid", a->uid, "id", url, "recipient", "email", a->recipient_email,
                          "name", a->recipient_name, "status", a->revoked_at ? "revoked" : "issued",
                          "links", "assertion", url, "assertionJws",
                          bl_arena_printf(req->arena, "%s/assertion.jws", url), "credential",
                          bl_arena_printf(req->arena, "%s/credential", url), "credentialJwt",
                          bl_arena_printf(req->arena, "%s/credential.jwt", url), "png",
                          bl_arena_printf(req->arena, "%s/badge.png", url), "svg",
                          bl_arena_printf(req->arena, "%s/badge.svg", url));
    set_date(o, "issuedOn", a->issued_at);
    set_date(o, "expires", a->expires_at);
    set_date(o, "revokedAt", a->revoked_at);
    if (a->revocation_reason)
        json_object_set_new(o, "revocationReason", json_string(a->revocation_reason));
    return o;
}

static void reply(struct bl_req *req, struct bl_resp *resp, unsigned status, json_t *j)
{
    bl_resp_json(req, resp, status, j, NULL);
    json_decref(j);
}

/* ---- session ---- */

enum bl_err h_api_session_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    json_t *in = NULL;
    struct bl_app_session s;
    enum bl_err e = body_json(req, &in, ei);
    if (e != BL_OK)
        return e;
    const char *email = jstr(in, "email", &e, ei), *password = jstr(in, "password", &e, ei);
    if (e == BL_OK)
        e = bl_auth_signin(req, resp, email, password, &s, ei);
    json_decref(in);
    if (e == BL_OK) {
        json_t *o = json_pack("{s:s, s:I}", "csrf", s.csrf, "account", (json_int_t)s.account_id);
        set_date(o, "expires", s.expires_at);
        reply(req, resp, 200, o);
    }
    bl_wipe(&s, sizeof s);
    return e;
}

enum bl_err h_api_session_delete(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_err e = bl_auth_signout(req, resp, ei);
    if (e == BL_OK)
        bl_resp_bytes(resp, 204, NULL, "", 0);
    return e;
}

/* ---- badge classes ---- */

static enum bl_err find_org(struct bl_req *req, struct bl_auth *who, struct bl_org *org,
                            struct bl_errinfo *ei)
{
    enum bl_err e = bl_auth_require(req, who, ei);
    if (e == BL_OK)
        e = bl_app_org_find(req->app, &who->actor, bl_req_param(req, "slug"), req->arena, org, ei);
    return e;
}

enum bl_err h_api_badges_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_badgeclass *rows = NULL;
    size_t n = 0;
    enum bl_err e = find_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_app_badge_list(req->app, &who.actor, org.id, query_size(req, "offset", 0),
                              query_size(req, "limit", 50), req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, badge_json(req, &rows[i]));
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

/* "data:image/png;base64,...." into bytes in the arena. */
static enum bl_err data_uri(struct bl_req *req, const char *uri, const unsigned char **p, size_t *n,
                            struct bl_errinfo *ei)
{
    const char *comma = uri ? strstr(uri, ";base64,") : NULL;
    if (!uri || strncmp(uri, "data:image/", 11) != 0 || !comma)
        return bl_fail(ei, BL_EINVAL, "image: a data:image/...;base64, URI is expected");
    struct bl_buf b;
    bl_buf_init(&b, BL_APP_IMAGE_MAX + 16);
    enum bl_err e = bl_base64_decode(&b, comma + 8, strlen(comma + 8), BL_BASE64_PAD_OPTIONAL, ei);
    if (e == BL_OK) {
        *p = bl_arena_memdup(req->arena, b.p, b.len);
        *n = b.len;
    } else if (e == BL_ETOOBIG) {
        e = bl_fail(ei, BL_ETOOBIG, "image: at most %u KiB", BL_APP_IMAGE_MAX / 1024);
    } else {
        e = bl_fail(ei, BL_EINVAL, "image: the base64 data is broken");
    }
    bl_buf_free(&b);
    return e;
}

/* A JSON member as text for the app (NULL when absent; the app checks its shape). */
static const char *jarray_text(struct bl_req *req, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    struct bl_buf b;
    struct bl_errinfo ei;
    const char *s = NULL;
    if (!v)
        return NULL;
    bl_buf_init(&b, API_JSON_MAX);
    if (bl_json_dump(v, JSON_COMPACT, &b, &ei) == BL_OK)
        s = bl_arena_strndup(req->arena, (const char *)b.p, b.len);
    bl_buf_free(&b);
    return s ? s : "null";
}

enum bl_err h_api_badges_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    json_t *in = NULL;
    enum bl_err e = find_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = body_json(req, &in, ei);
    if (e != BL_OK)
        return e;
    const json_t *crit = json_object_get(in, "criteria");
    struct bl_app_badge_input bi = {
        .name = jstr(in, "name", &e, ei),
        .description = jstr(in, "description", &e, ei),
        .criteria_narrative = json_is_object(crit) ? jstr(crit, "narrative", &e, ei) : NULL,
        .criteria_url = json_is_object(crit) ? jstr(crit, "url", &e, ei) : NULL,
        .alignments_json = jarray_text(req, in, "alignments"),
        .tags_json = jarray_text(req, in, "tags"),
        .validity = jstr(in, "validity", &e, ei),
    };
    const char *image = jstr(in, "image", &e, ei);
    if (e == BL_OK)
        e = data_uri(req, image, &bi.image, &bi.image_len, ei);
    char uid[23];
    int64_t id = 0;
    if (e == BL_OK)
        e = bl_app_badge_create(req->app, &who.actor, org.id, &bi, uid, &id, ei);
    json_decref(in);
    if (e != BL_OK)
        return e;
    struct bl_badgeclass b;
    if ((e = bl_app_badge_get(req->app, &who.actor, uid, req->arena, &b, ei)) != BL_OK)
        return e;
    if ((e = bl_resp_header(req, resp, "Location", bl_app_badge_url(req->arena, req->app, uid))) !=
        BL_OK)
        return e;
    reply(req, resp, 201, badge_json(req, &b));
    return BL_OK;
}

enum bl_err h_api_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_badgeclass b;
    enum bl_err e = bl_auth_require(req, &who, ei);
    if (e == BL_OK)
        e = bl_app_badge_get(req->app, &who.actor, bl_req_param(req, "uid"), req->arena, &b, ei);
    if (e == BL_OK)
        reply(req, resp, 200, badge_json(req, &b));
    return e;
}

/* ---- awards ---- */

enum bl_err h_api_awards_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    json_t *in = NULL;
    enum bl_err e = bl_auth_require(req, &who, ei);
    if (e == BL_OK)
        e = body_json(req, &in, ei);
    if (e != BL_OK)
        return e;
    const char *idem = bl_req_header(req, "Idempotency-Key");
    struct bl_app_award_input ai = {
        .email = jstr(in, "email", &e, ei),
        .name = jstr(in, "name", &e, ei),
        .narrative = jstr(in, "narrative", &e, ei),
        .evidence_url = jstr(in, "evidenceUrl", &e, ei),
        .evidence_text = jstr(in, "evidence", &e, ei),
        .idem_key = idem ? idem : jstr(in, "idempotencyKey", &e, ei),
        /* The recipient is told by email unless the body says "notify": false. */
        .notify = !json_is_false(json_object_get(in, "notify")),
    };
    struct bl_award a;
    bool existed = false;
    if (e == BL_OK)
        e = bl_app_award(req->app, &who.actor, bl_req_param(req, "uid"), &ai, req->arena, &a,
                         &existed, ei);
    json_decref(in);
    if (e != BL_OK)
        return e;
    if ((e = bl_resp_header(req, resp, "Location",
                            bl_app_award_url(req->arena, req->app, a.uid))) != BL_OK)
        return e;
    reply(req, resp, existed ? 200 : 201, award_json(req, &a));
    return BL_OK;
}

enum bl_err h_api_awards_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_award *rows = NULL;
    size_t n = 0;
    enum bl_err e = find_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_app_award_list(req->app, &who.actor, org.id, bl_req_query(req, "badge"),
                              query_size(req, "offset", 0), query_size(req, "limit", 50),
                              req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, award_json(req, &rows[i]));
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

enum bl_err h_api_award_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_award a;
    enum bl_err e = bl_auth_require(req, &who, ei);
    if (e == BL_OK)
        e = bl_app_award_get(req->app, &who.actor, bl_req_param(req, "uid"), req->arena, &a, ei);
    if (e == BL_OK)
        reply(req, resp, 200, award_json(req, &a));
    return e;
}

enum bl_err h_api_award_revoke(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_award a;
    json_t *in = NULL;
    const char *reason = NULL;
    enum bl_err e = bl_auth_require(req, &who, ei);
    if (e == BL_OK && req->body_len > 0 && (e = body_json(req, &in, ei)) == BL_OK)
        reason = jstr(in, "reason", &e, ei);
    const char *uid = bl_req_param(req, "uid");
    if (e == BL_OK)
        e = bl_app_revoke(req->app, &who.actor, uid, reason, ei);
    if (e == BL_OK)
        bl_doccache_clear(); /* the lists and the assertion change at once here */
    json_decref(in);
    if (e == BL_OK)
        e = bl_app_award_get(req->app, &who.actor, uid, req->arena, &a, ei);
    if (e == BL_OK)
        reply(req, resp, 200, award_json(req, &a));
    return e;
}

enum bl_err h_api_audit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_audit *rows = NULL;
    size_t n = 0;
    enum bl_err e = find_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_app_audit_list(req->app, &who.actor, org.id, query_size(req, "offset", 0),
                              query_size(req, "limit", 50), req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:s?, s:I}", "action", rows[i].action, "subject",
                              rows[i].subject, "account", (json_int_t)rows[i].account_id);
        set_date(o, "at", rows[i].at);
        json_array_append_new(arr, o);
    }
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

/* ---- shared with the other files of the API (h_api.h) ---- */

enum bl_err bl_api_body(struct bl_req *req, json_t **out, struct bl_errinfo *ei)
{
    return body_json(req, out, ei);
}

void bl_api_date(json_t *o, const char *key, int64_t t)
{
    set_date(o, key, t);
}

enum bl_err bl_api_org(struct bl_req *req, struct bl_auth *who, struct bl_org *org,
                       struct bl_errinfo *ei)
{
    return find_org(req, who, org, ei);
}
