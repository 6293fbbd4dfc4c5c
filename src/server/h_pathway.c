/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_pathway.c: pathways in the JSON API (/api/v1/orgs/{slug}/pathways,
 * /api/v1/pathways/{uid}); the definition travels as a JSON object and is
 * checked by the app (core/pathway.c compiles it, errors name the step).
 */
#include <string.h>

#include <jansson.h>

#include "app/badge.h"
#include "app/pathway.h"
#include "auth.h"
#include "core/json.h"
#include "core/pathway.h"
#include "h_api.h"
#include "h_pathway.h"

static json_t *pathway_json(struct bl_req *req, const struct bl_app_pathway_view *v)
{
    json_t *def = NULL;
    struct bl_errinfo ei;

    (void)req;
    if (bl_json_parse(v->row.definition_json, strlen(v->row.definition_json),
                      4u * BL_PATHWAY_JSON_MAX, BL_PATHWAY_JSON_DEPTH, &def, &ei) != BL_OK)
        def = json_null();
    return json_pack(
        "{s:s, s:s, s:s, s:o, s:{s:s?, s:s?, s:n}, s:{s:I, s:I, s:I, s:I, s:I}}", "uid", v->row.uid,
        "name", v->row.name, "description", v->row.description ? v->row.description : "",
        "definition", def, "goal", "badge", v->goal_badge_uid, "badgeName", v->goal_badge_name,
        "opportunity", "funnel", "started", (json_int_t)v->funnel.started, "halfway",
        (json_int_t)v->funnel.halfway, "completed", (json_int_t)v->funnel.completed, "withdrawn",
        (json_int_t)v->funnel.withdrawn, "opportunityTaken", (json_int_t)0);
}

/* The pathway as the API shows it, with whether (and since when) it is archived. */
static json_t *pathway_out(struct bl_req *req, const struct bl_app_pathway_view *v)
{
    json_t *j = pathway_json(req, v);
    json_object_set_new(j, "archived", json_boolean(v->row.archived != 0));
    bl_api_date(j, "archivedAt", v->row.archived);
    return j;
}

/* The string member key of o into *out (arena copy), NULL when absent; another type is refused. */
static enum bl_err opt_text(struct bl_req *req, const json_t *o, const char *key, const char **out,
                            struct bl_errinfo *ei)
{
    const json_t *v = json_object_get(o, key);

    *out = NULL;
    if (v && !json_is_string(v))
        return bl_fail(ei, BL_EINVAL, "%s: a string is expected, not %s", key,
                       bl_json_type_name(v));
    if (v)
        *out = bl_arena_strdup(req->arena, json_string_value(v));
    return BL_OK;
}

/*
 * The body {name, description, definition, goalBadge, archived} as app
 * input (strings in the arena, NULL when absent); *archived: -1 when
 * absent, else 0 or 1.  Which combinations make sense is the app's rule
 * (bl_app_pathway_change).
 */
static enum bl_err read_input(struct bl_req *req, struct bl_app_pathway_input *in, int *archived,
                              struct bl_errinfo *ei)
{
    json_t *o = NULL;
    struct bl_buf b;
    enum bl_err e;

    memset(in, 0, sizeof *in);
    *archived = -1;
    if (!req->body || req->body_len == 0)
        return bl_fail(ei, BL_EINVAL, "a JSON object is expected in the body");
    e = bl_json_parse((const char *)req->body, req->body_len, 2u * BL_PATHWAY_JSON_MAX,
                      BL_PATHWAY_JSON_DEPTH + 1, &o, ei);
    if (e != BL_OK)
        return e;
    if (!json_is_object(o)) {
        json_decref(o);
        return bl_fail(ei, BL_EINVAL, "a JSON object is expected in the body");
    }
    json_t *arch = json_object_get(o, "archived"), *def = json_object_get(o, "definition");
    if ((e = opt_text(req, o, "name", &in->name, ei)) != BL_OK ||
        (e = opt_text(req, o, "description", &in->description, ei)) != BL_OK ||
        (e = opt_text(req, o, "goalBadge", &in->goal_badge_uid, ei)) != BL_OK)
        goto out;
    if (arch && !json_is_boolean(arch)) {
        e = bl_fail(ei, BL_EINVAL, "archived: true or false is expected, not %s",
                    bl_json_type_name(arch));
        goto out;
    }
    if (arch)
        *archived = json_is_true(arch);
    if (def && !json_is_object(def)) {
        e = bl_fail(ei, BL_EINVAL, "definition: a JSON object is expected");
        goto out;
    }
    if (!def)
        goto out;
    bl_buf_init(&b, 2u * BL_PATHWAY_JSON_MAX);
    e = bl_json_dump(def, JSON_COMPACT, &b, ei);
    if (e == BL_OK)
        in->definition_json = bl_arena_strndup(req->arena, (const char *)b.p, b.len);
    bl_buf_free(&b);
out:
    json_decref(o);
    return e;
}

enum bl_err h_api_pathways_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_app_pathway_view *rows = NULL;
    size_t n = 0;
    const char *arch = bl_req_query(req, "archived");
    enum bl_err e = bl_auth_require(req, &who, ei);

    if (e == BL_OK)
        e = bl_app_org_find(req->app, &who.actor, bl_req_param(req, "slug"), req->arena, &org, ei);
    /* Archived pathways only when asked for: ?archived=1. */
    if (e == BL_OK)
        e = bl_app_pathway_list(req->app, &who.actor, org.id, arch && strcmp(arch, "1") == 0,
                                req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, pathway_out(req, &rows[i]));
    json_t *j = json_pack("{s:o}", "items", arr);
    bl_resp_json(req, resp, 200, j, NULL);
    json_decref(j);
    return BL_OK;
}

static enum bl_err reply_one(struct bl_req *req, struct bl_resp *resp, const struct bl_auth *who,
                             const char *uid, unsigned status, struct bl_errinfo *ei)
{
    struct bl_app_pathway_view v;
    enum bl_err e = bl_app_pathway_get(req->app, &who->actor, uid, req->arena, &v, ei);

    if (e != BL_OK)
        return e;
    json_t *j = pathway_out(req, &v);
    bl_resp_json(req, resp, status, j, NULL);
    json_decref(j);
    return BL_OK;
}

enum bl_err h_api_pathways_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_app_pathway_input in;
    char uid[23];
    int archived;
    enum bl_err e = bl_auth_require(req, &who, ei);

    if (e == BL_OK)
        e = bl_app_org_find(req->app, &who.actor, bl_req_param(req, "slug"), req->arena, &org, ei);
    if (e == BL_OK)
        e = read_input(req, &in, &archived, ei);
    /* A new pathway is active: archiving it at birth would be dropped silently. */
    if (e == BL_OK && archived == 1)
        e = bl_fail(ei, BL_EINVAL, "archived: a new pathway cannot be archived");
    if (e == BL_OK)
        e = bl_app_pathway_create(req->app, &who.actor, org.id, &in, uid, ei);
    if (e != BL_OK)
        return e;
    return reply_one(req, resp, &who, uid, 201, ei);
}

enum bl_err h_api_pathway_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    enum bl_err e = bl_auth_require(req, &who, ei);

    if (e != BL_OK)
        return e;
    return reply_one(req, resp, &who, bl_req_param(req, "uid"), 200, ei);
}

enum bl_err h_api_pathway_update(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_app_pathway_input in;
    int archived;
    const char *uid = bl_req_param(req, "uid");
    enum bl_err e = bl_auth_require(req, &who, ei);

    if (e == BL_OK)
        e = read_input(req, &in, &archived, ei);
    /* Steps, names and archived state in one transaction (docs/openapi.yaml). */
    if (e == BL_OK)
        e = bl_app_pathway_change(req->app, &who.actor, uid, &in, archived, ei);
    if (e != BL_OK)
        return e;
    return reply_one(req, resp, &who, uid, 200, ei);
}
