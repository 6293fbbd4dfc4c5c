/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_api_network.c: the partner network and its opportunities in the JSON
 * API (docs/openapi.yaml, docs/internals/api-network.md):
 *
 *   GET  /api/v1/orgs/{slug}/opportunities                     list (viewer)
 *   POST /api/v1/orgs/{slug}/opportunities                     create (issuer)
 *   GET  /api/v1/orgs/{slug}/opportunities/{uid}               one (viewer)
 *   POST /api/v1/orgs/{slug}/opportunities/{uid}               change the members sent (issuer)
 *   GET  /api/v1/orgs/{slug}/opportunities/{uid}/applications  what the partner page shows
 *   POST /api/v1/orgs/{slug}/applications/{uid}/answer         {status, message} (issuer)
 *   POST /api/v1/orgs/{slug}/applications/{uid}/outcome        {outcome} (issuer)
 *   GET  /api/v1/orgs/{slug}/needs                             the ranked open needs (member)
 *   GET  /api/v1/partners                                      the organisations (no sign-in)
 *
 * Only app calls (app/opportunity.h, app/network.h): authorisation and the
 * places rule are the app's.  A refused field is a 400 problem+json naming
 * the field by its API name in `field`; the places rule is a 409 with the
 * code `no_places_left`, an application its holder withdrew a 409 `withdrawn`.
 */
#include <string.h>

#include <jansson.h>

#include "app/docs.h"
#include "app/network.h"
#include "app/opportunity.h"
#include "core/etag.h"
#include "core/json.h"
#include "h_api.h"
#include "h_api_network.h"

#define API_MERGE_TRIES 3u /* a change without If-Match, merged again when overtaken */

/* The fields the app and the API may name in a refusal; the app says some as the forms do. */
static const char *const FIELDS[][2] = {
    {"kind", "kind"},           {"title", "title"},          {"description", "description"},
    {"place", "place"},         {"start_date", "startDate"}, {"end_date", "endDate"},
    {"startDate", "startDate"}, {"endDate", "endDate"},      {"places", "places"},
    {"closed", "closed"},       {"badges", "badges"},        {"pathway", "pathway"},
    {"status", "status"},       {"answer", "message"},       {"message", "message"},
    {"outcome", "outcome"}};

/* A POST body for an opportunity over the values it changes (strings in the arena). */
struct opp_body {
    struct bl_app_opp_input in;
    const char *uids[BL_APP_OPP_REQ_MAX];
    const char *pathway; /* a pathway uid, "" for none, NULL: unchanged */
};

static enum bl_err finish(struct bl_req *req, struct bl_resp *resp, enum bl_err e,
                          const struct bl_errinfo *ei);
static enum bl_err get_text(struct bl_req *req, const json_t *o, const char *key, const char **out,
                            struct bl_errinfo *ei);
static enum bl_err read_opp(struct bl_req *req, struct opp_body *b, struct bl_errinfo *ei);
static enum bl_err set_pathway(struct bl_req *req, const struct bl_auth *who, int64_t org_id,
                               int64_t current, struct opp_body *b, struct bl_errinfo *ei);
static json_t *opp_json(struct bl_req *req, const struct bl_auth *who, const struct bl_opp *o,
                        const struct bl_opp_req *reqs, size_t n);
static json_t *application_json(struct bl_req *req, const struct bl_app_opp_applicant *row);
static enum bl_err reply_opp(struct bl_req *req, struct bl_resp *resp, const struct bl_auth *who,
                             int64_t org_id, const char *uid, unsigned status,
                             struct bl_errinfo *ei);
static void reply(struct bl_req *req, struct bl_resp *resp, unsigned status, json_t *j);

/* ---- opportunities ---- */

enum bl_err h_api_opps_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_opp *rows = NULL;
    size_t n = 0;
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_app_opp_list(req->app, &who.actor, org.id, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        struct bl_opp o;
        struct bl_opp_req *reqs = NULL;
        size_t nr = 0;
        /* The list query has no requirements: each opportunity's are read with it. */
        e = bl_app_opp_get(req->app, &who.actor, org.id, rows[i].uid, req->arena, &o, &reqs, &nr,
                           ei);
        if (e != BL_OK) {
            json_decref(arr);
            return e;
        }
        json_t *j = opp_json(req, &who, &rows[i], reqs, nr);
        json_object_set_new(j, "applications", json_integer((json_int_t)rows[i].applications));
        json_array_append_new(arr, j);
    }
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

enum bl_err h_api_opps_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct opp_body b = {.in = {.kind = "",
                                .title = "",
                                .description = "",
                                .place = "",
                                .start_date = "",
                                .end_date = "",
                                .places = 1}};
    char uid[23];
    const struct bl_app *app = req->app;
    b.in.badge_uids = b.uids;
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = read_opp(req, &b, ei);
    if (e == BL_OK)
        e = set_pathway(req, &who, org.id, 0, &b, ei);
    if (e == BL_OK)
        e = bl_app_opp_save(req->app, &who.actor, org.id, NULL, &b.in, uid, ei);
    if (e == BL_OK)
        e = bl_resp_header(req, resp, "Location",
                           bl_arena_printf(req->arena, "%s/api/v1/orgs/%s/opportunities/%s",
                                           app->base_url, org.slug, uid));
    if (e == BL_OK)
        e = reply_opp(req, resp, &who, org.id, uid, 201, ei);
    return finish(req, resp, e, ei);
}

enum bl_err h_api_opp_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    if (e != BL_OK)
        return e;
    return reply_opp(req, resp, &who, org.id, bl_req_param(req, "uid"), 200, ei);
}

/* One try of a partial change: read, the body over it, a write based on based_on or what was read.
 */
static enum bl_err merge_save(struct bl_req *req, const struct bl_auth *who, int64_t org_id,
                              int64_t based_on, struct bl_opp *o, struct bl_errinfo *ei)
{
    struct bl_opp_req *reqs = NULL;
    size_t nr = 0;
    struct opp_body b;
    char uid[23];
    enum bl_err e = bl_app_opp_get(req->app, &who->actor, org_id, bl_req_param(req, "uid"),
                                   req->arena, o, &reqs, &nr, ei);
    if (e != BL_OK)
        return e;
    /* What the body does not name stays as it is. */
    memset(&b, 0, sizeof b);
    b.in = (struct bl_app_opp_input){.kind = o->kind,
                                     .title = o->title,
                                     .description = o->description ? o->description : "",
                                     .place = o->place ? o->place : "",
                                     .start_date = o->start_date ? o->start_date : "",
                                     .end_date = o->end_date ? o->end_date : "",
                                     .places = o->places,
                                     .closed = strcmp(o->status, "open") != 0,
                                     .pathway_id = o->pathway_id,
                                     .badge_uids = b.uids,
                                     .version = based_on != 0 ? based_on : o->version};
    for (size_t i = 0; i < nr && i < BL_APP_OPP_REQ_MAX; i++)
        b.uids[b.in.n_badges++] = reqs[i].badge_uid;
    e = read_opp(req, &b, ei);
    if (e == BL_OK)
        e = set_pathway(req, who, org_id, o->pathway_id, &b, ei);
    if (e == BL_OK)
        e = bl_app_opp_save(req->app, &who->actor, org_id, o->uid, &b.in, uid, ei);
    return e;
}

/*
 * The version a change is based on, from If-Match: 0 without one or for
 * "*", -1 for a value that names no version of ours (it can never match:
 * the compare-and-set refuses it, after the checks that say 404 or 403).
 */
static int64_t if_match(struct bl_req *req)
{
    const char *h = bl_req_header(req, "If-Match");
    int64_t v = 0;
    if (h && bl_etag_version(h, strlen(h), &v) != BL_OK)
        return -1;
    return v;
}

/*
 * A partial change: the members the body has over the opportunity as read.
 * With If-Match, the write is a compare-and-set on that version (412
 * version_mismatch when another change came first).  Without it, the
 * members sent win, but the ones not sent must stay as they are: the
 * change is based on the version read here, and read and merged again when
 * another change lands in between.
 */
enum bl_err h_api_opp_update(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_opp o;
    int64_t based_on = if_match(req);
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    for (unsigned try = 1; e == BL_OK; try++) {
        e = merge_save(req, &who, org.id, based_on, &o, ei);
        if (e == BL_ESTALE && based_on != 0)
            e = bl_fail(ei, BL_ESTALE,
                        "If-Match: the opportunity changed since that version (or it is not one"
                        " of its ETags); GET it again and redo the change");
        if (e != BL_ESTALE || based_on != 0)
            break; /* done, refused, or stale against the client's own version: 412 */
        if (try == API_MERGE_TRIES) {
            e = bl_fail(ei, BL_ERETRY, "opportunity: changed %u times while merging, try again",
                        API_MERGE_TRIES);
            break;
        }
        e = BL_OK;
    }
    if (e == BL_OK)
        e = reply_opp(req, resp, &who, org.id, o.uid, 200, ei);
    return finish(req, resp, e, ei);
}

/* ---- applications ---- */

enum bl_err h_api_opp_applications_get(struct bl_req *req, struct bl_resp *resp,
                                       struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_app_opp_applicant *rows = NULL;
    size_t n = 0;
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_app_opp_applications(req->app, &who.actor, org.id, bl_req_param(req, "uid"),
                                    req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, application_json(req, &rows[i]));
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

/* POST .../answer {status, message} or .../outcome {outcome}: 200 with the application as it now
 * is. */
static enum bl_err application_post(struct bl_req *req, struct bl_resp *resp, bool outcome,
                                    struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    json_t *in = NULL;
    const char *value = NULL, *message = "";
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_api_body(req, &in, ei);
    if (e == BL_OK)
        e = get_text(req, in, outcome ? "outcome" : "status", &value, ei);
    if (e == BL_OK && !outcome)
        e = get_text(req, in, "message", &message, ei);
    json_decref(in);
    const char *uid = bl_req_param(req, "uid");
    if (e == BL_OK)
        e = outcome ? bl_app_opp_outcome(req->app, &who.actor, org.id, uid, value ? value : "", ei)
                    : bl_app_opp_answer(req->app, &who.actor, org.id, uid, value ? value : "",
                                        message, ei);
    struct bl_app_opp_applicant one;
    if (e == BL_OK)
        e = bl_app_opp_application(req->app, &who.actor, org.id, uid, req->arena, &one, ei);
    if (e == BL_OK)
        reply(req, resp, 200, application_json(req, &one));
    return finish(req, resp, e, ei);
}

enum bl_err h_api_app_answer(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return application_post(req, resp, false, ei);
}

enum bl_err h_api_app_outcome(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return application_post(req, resp, true, ei);
}

/* ---- the needs board and the partners ---- */

enum bl_err h_api_needs_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_auth who;
    struct bl_org org;
    struct bl_need *rows = NULL;
    size_t n = 0;
    enum bl_err e = bl_api_org(req, &who, &org, ei);
    if (e == BL_OK)
        e = bl_app_need_list(req->app, &who.actor, org.id, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct bl_need *d = &rows[i];
        json_t *j =
            json_pack("{s:I, s:s, s:s, s:s?, s:{s:s, s:s}, s:I, s:s?, s:s?, s:I, s:b}", "rank",
                      (json_int_t)(i + 1), "uid", d->uid, "title", d->title, "description",
                      d->description, "organisation", "slug", d->org_slug, "name", d->org_name,
                      "people", (json_int_t)d->people, "sector", d->sector, "horizon", d->horizon,
                      "supports", (json_int_t)d->supports, "mine", d->org_id == org.id);
        bl_api_date(j, "createdAt", d->created_at);
        json_array_append_new(arr, j);
    }
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

enum bl_err h_api_partners_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_partner *p = NULL;
    size_t n = 0;
    enum bl_err e = bl_app_partner_list(req->app, req->arena, &p, &n, ei);
    if (e != BL_OK)
        return e;
    /* What the public partner pages show, no contact, no SIRET. */
    const struct bl_app *app = req->app;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr,
            json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s}", "slug", p[i].slug, "name", p[i].name,
                      "kind", p[i].profile.kind ? p[i].profile.kind : "network", "sector",
                      p[i].profile.sector, "website", p[i].url, "page",
                      bl_arena_printf(req->arena, "%s/partenaires/%s", app->base_url, p[i].slug)));
    reply(req, resp, 200, json_pack("{s:o}", "items", arr));
    return BL_OK;
}

/* ---- helpers ---- */

/*
 * The answer to a refusal: a field (ei->msg "field: why") is a 400 naming
 * it, the places rule and a withdrawn application a 409 with their own
 * code; the rest goes to the server's mapping of enum bl_err.
 */
static enum bl_err finish(struct bl_req *req, struct bl_resp *resp, enum bl_err e,
                          const struct bl_errinfo *ei)
{
    if (e == BL_OK)
        return BL_OK;
    if (e == BL_EEXISTS && strncmp(ei->msg, "places:", 7) == 0) {
        bl_resp_error(req, resp, 409, "no_places_left", ei->msg);
        return BL_OK;
    }
    if (e == BL_EEXISTS && strncmp(ei->msg, "status:", 7) == 0) {
        bl_resp_error(req, resp, 409, "withdrawn", ei->msg);
        return BL_OK;
    }
    if (e != BL_EINVAL && e != BL_ETOOBIG && e != BL_EUTF8)
        return e;
    size_t k = strcspn(ei->msg, ":");
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
        if (ei->msg[k] != ':' || strlen(FIELDS[i][0]) != k || strncmp(ei->msg, FIELDS[i][0], k))
            continue;
        const char *field = FIELDS[i][1];
        json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type", "about:blank", "title",
                              bl_http_reason(400), "status", 400, "detail",
                              bl_arena_printf(req->arena, "%s%s", field, ei->msg + k), "code",
                              bl_err_name(e), "field", field);
        if (j == NULL) /* a detail that is not UTF-8: the title says enough */
            return e;
        bl_resp_json(req, resp, 400, j, "application/problem+json");
        json_decref(j);
        return BL_OK;
    }
    return e;
}

/* Member key of o as text in the arena: absent leaves *out, null gives "". */
static enum bl_err get_text(struct bl_req *req, const json_t *o, const char *key, const char **out,
                            struct bl_errinfo *ei)
{
    const json_t *v = json_object_get(o, key);
    if (v == NULL)
        return BL_OK;
    if (json_is_null(v)) {
        *out = "";
        return BL_OK;
    }
    if (!json_is_string(v))
        return bl_fail(ei, BL_EINVAL, "%s: a string is expected, not %s", key,
                       bl_json_type_name(v));
    *out = bl_arena_strdup(req->arena, json_string_value(v));
    return BL_OK;
}

/* The body {kind, title, ..., badges, pathway} over b: only the members present change. */
static enum bl_err read_opp(struct bl_req *req, struct opp_body *b, struct bl_errinfo *ei)
{
    json_t *o = NULL;
    enum bl_err e = bl_api_body(req, &o, ei);
    const json_t *v;
    if (e == BL_OK)
        e = get_text(req, o, "kind", &b->in.kind, ei);
    if (e == BL_OK)
        e = get_text(req, o, "title", &b->in.title, ei);
    if (e == BL_OK)
        e = get_text(req, o, "description", &b->in.description, ei);
    if (e == BL_OK)
        e = get_text(req, o, "place", &b->in.place, ei);
    if (e == BL_OK)
        e = get_text(req, o, "startDate", &b->in.start_date, ei);
    if (e == BL_OK)
        e = get_text(req, o, "endDate", &b->in.end_date, ei);
    if (e == BL_OK)
        e = get_text(req, o, "pathway", &b->pathway, ei);
    if (e == BL_OK && (v = json_object_get(o, "places")) != NULL) {
        if (json_is_integer(v))
            b->in.places = (int64_t)json_integer_value(v);
        else
            e = bl_fail(ei, BL_EINVAL, "places: a whole number is expected, not %s",
                        bl_json_type_name(v));
    }
    if (e == BL_OK && (v = json_object_get(o, "closed")) != NULL) {
        if (json_is_boolean(v))
            b->in.closed = json_is_true(v);
        else
            e = bl_fail(ei, BL_EINVAL, "closed: true or false is expected, not %s",
                        bl_json_type_name(v));
    }
    if (e == BL_OK && (v = json_object_get(o, "badges")) != NULL) {
        if (!json_is_array(v))
            e = bl_fail(ei, BL_EINVAL, "badges: an array of badge class uids is expected");
        else if (json_array_size(v) > BL_APP_OPP_REQ_MAX)
            e = bl_fail(ei, BL_EINVAL, "badges: %u at most", BL_APP_OPP_REQ_MAX);
        b->in.n_badges = 0;
        for (size_t i = 0; e == BL_OK && i < json_array_size(v); i++) {
            const char *s = json_string_value(json_array_get(v, i));
            if (s == NULL)
                e = bl_fail(ei, BL_EINVAL, "badges: item %zu is not a badge class uid", i);
            else
                b->uids[b->in.n_badges++] = bl_arena_strdup(req->arena, s);
        }
    }
    json_decref(o);
    return e;
}

/*
 * The body's pathway uid into in.pathway_id (bl_app_opp_pathway_pick): an
 * unknown one is a refused field, and so is an archived one named anew.
 */
static enum bl_err set_pathway(struct bl_req *req, const struct bl_auth *who, int64_t org_id,
                               int64_t current, struct opp_body *b, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_opp_pathway_pick(req->app, &who->actor, org_id, current, b->pathway,
                                            req->arena, &b->in.pathway_id, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_EINVAL, "pathway: no pathway %.40s in the network", b->pathway);
    return e;
}

static json_t *opp_json(struct bl_req *req, const struct bl_auth *who, const struct bl_opp *o,
                        const struct bl_opp_req *reqs, size_t n)
{
    struct bl_app *app = req->app;
    json_t *rq = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rq,
                              json_pack("{s:s, s:s, s:s?, s:s}", "uid", reqs[i].badge_uid, "name",
                                        reqs[i].badge_name, "issuer", reqs[i].org_name, "url",
                                        bl_app_badge_url(req->arena, app, reqs[i].badge_uid)));
    json_t *pw = json_null();
    struct bl_pathway_row p;
    struct bl_errinfo pei = {0};
    if (o->pathway_id > 0 && bl_app_opp_pathway(app, &who->actor, o->org_id, NULL, o->pathway_id,
                                                req->arena, &p, &pei) == BL_OK) {
        json_decref(pw);
        pw =
            json_pack("{s:s, s:s, s:b}", "uid", p.uid, "name", p.name, "archived", p.archived != 0);
    }
    int64_t left = o->accepted < o->places ? o->places - o->accepted : 0;
    json_t *j = json_pack(
        "{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:I, s:s, s:{s:s?, s:s?}, s:o, s:o}",
        "uid", o->uid, "kind", o->kind, "title", o->title, "description", o->description, "place",
        o->place, "startDate", o->start_date && *o->start_date ? o->start_date : NULL, "endDate",
        o->end_date && *o->end_date ? o->end_date : NULL, "places", (json_int_t)o->places,
        "accepted", (json_int_t)o->accepted, "placesLeft", (json_int_t)left, "status", o->status,
        "organisation", "slug", o->org_slug, "name", o->org_name, "requirements", rq, "pathway",
        pw);
    bl_api_date(j, "createdAt", o->created_at);
    bl_api_date(j, "updatedAt", o->updated_at);
    return j;
}

/* An application as its organisation sees it: exactly the awards the young person shared. */
static json_t *application_json(struct bl_req *req, const struct bl_app_opp_applicant *row)
{
    const struct bl_application *a = &row->a;
    json_t *aw = json_array();
    for (size_t k = 0; k < row->n_awards; k++) {
        const struct bl_award_brief *w = &row->awards[k];
        json_t *one =
            json_pack("{s:s, s:{s:s, s:s}, s:s, s:b}", "uid", w->uid, "badge", "uid", w->badge_uid,
                      "name", w->badge_name, "url", bl_app_award_url(req->arena, req->app, w->uid),
                      "revoked", w->revoked_at != 0);
        bl_api_date(one, "issuedOn", w->issued_at);
        bl_api_date(one, "expires", w->expires_at);
        bl_api_date(one, "revokedAt", w->revoked_at);
        json_array_append_new(aw, one);
    }
    json_t *j =
        json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:o}", "uid", a->uid, "firstName",
                  a->first_name, "contact", a->contact && *a->contact ? a->contact : NULL,
                  "message", a->message, "status", a->status, "answer", a->answer, "outcome",
                  a->outcome && *a->outcome ? a->outcome : NULL, "awards", aw);
    bl_api_date(j, "createdAt", a->created_at);
    bl_api_date(j, "updatedAt", a->updated_at);
    bl_api_date(j, "answeredAt", a->answered_at);
    bl_api_date(j, "outcomeAt", a->outcome_at);
    return j;
}

static enum bl_err reply_opp(struct bl_req *req, struct bl_resp *resp, const struct bl_auth *who,
                             int64_t org_id, const char *uid, unsigned status,
                             struct bl_errinfo *ei)
{
    struct bl_opp o;
    struct bl_opp_req *reqs = NULL;
    size_t n = 0;
    enum bl_err e =
        bl_app_opp_get(req->app, &who->actor, org_id, uid, req->arena, &o, &reqs, &n, ei);
    char tag[BL_ETAG_LEN];
    if (e == BL_OK) {
        reply(req, resp, status, opp_json(req, who, &o, reqs, n));
        /* The version (If-Match it to change it safely) and a hash of the
         * body: places taken, names and archiving move the tag, not the version. */
        bl_etag_of(o.version, resp->body, resp->body_len, tag);
        bl_resp_etag(req, resp, tag);
    }
    return e;
}

static void reply(struct bl_req *req, struct bl_resp *resp, unsigned status, json_t *j)
{
    bl_resp_json(req, resp, status, j, NULL);
    json_decref(j);
}
