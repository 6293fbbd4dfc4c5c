/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_needs.c: the needs board (app/network.h), visible to every
 * organisation of the network.
 *
 *   GET  /espace/{slug}/besoins                    ranked needs; the form to declare one
 *                                                  (?q= lists framework items to tick)
 *   POST /espace/{slug}/besoins                    declare a need
 *   GET  /espace/{slug}/besoins/{uid}              one need: items, supports, answers
 *   POST /espace/{slug}/besoins/{uid}/soutien      support it (+1 and a comment)
 *   POST /espace/{slug}/besoins/{uid}/reponse      a network admin links a badge class
 *                                                  (field badge) or an event (field event)
 *   GET  /espace/{slug}/besoins/{uid}/modifier     the declaring partner edits it
 *   POST /espace/{slug}/besoins/{uid}/modifier
 *   POST /espace/{slug}/besoins/{uid}/etat         ... closes it (filled, abandoned) or reopens it
 */
#include <string.h>

#include "app/badge.h"
#include "app/event.h"
#include "app/framework.h"
#include "app/network.h"
#include "h_events.h"
#include "paris.h"
#include "h_network.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

#define FORM_ITEMS_MAX 50u /* items a search offers to tick */

static json_t *str_or_empty(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

/* The label of a closed need's reason (store: "filled" | "abandoned"). */
static const char *reason_fr(const char *reason)
{
    return reason && strcmp(reason, "filled") == 0 ? N_("pourvu") : N_("abandonné");
}

/*
 * One answer for need-answer.html (the need page and the board): a badge class (public page), or an
 * event shown as text with its Paris date and place; event pages are staff-only, so only members of
 * the event's organisation get a link.
 */
static json_t *answer_json(struct bl_req *req, const struct bl_staff *st,
                           const struct bl_need_answer *a)
{
    if (strcmp(a->kind, "event") != 0)
        return json_pack("{s:s, s:s}", "label", a->label, "href",
                         bl_arena_printf(req->arena, "/badges/%s", a->ref_uid));
    json_t *ev =
        json_pack("{s:s, s:s, s:o}", "name", a->event_name ? a->event_name : a->label, "date",
                  a->event_name ? bl_paris_format(req->arena, a->event_at, true) : "", "place",
                  str_or_empty(a->event_place));
    if (a->event_name && a->event_org_id == st->current->org_id)
        json_object_set_new(ev, "link",
                            json_string(bl_arena_printf(req->arena, "/espace/%s/evenements/%s",
                                                        a->event_org_slug, a->ref_uid)));
    return json_pack("{s:o}", "event", ev);
}

/* ---- the board ---- */

struct need_form {
    unsigned status;
    const char *field, *message;
    json_t *values; /* owned */
};

/* The refusal of nf, if any, into ctx: the summary (failed, errors) and e.<field>. */
static void form_errors(struct bl_req *req, json_t *ctx, const struct need_form *nf,
                        const char *failed)
{
    if (!nf || !nf->field)
        return;
    json_object_set_new(ctx, "failed", json_string(failed));
    json_object_set_new(ctx, "errors",
                        json_pack("[{s:s, s:s}]", "field",
                                  bl_arena_printf(req->arena, "need-%s", nf->field), "message",
                                  nf->message));
    json_object_set_new(ctx, "e", json_pack("{s:s}", nf->field, nf->message));
}

static enum bl_err board(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                         struct need_form *nf, struct bl_errinfo *ei)
{
    struct bl_need *n = NULL;
    struct bl_need_answer *ans = NULL;
    size_t nn = 0, na = 0;
    struct bl_fw_item *it = NULL;
    size_t ni = 0;
    bool network = false;
    const char *q = bl_req_query(req, "q");
    enum bl_err e =
        bl_app_need_list(req->app, &st->auth.actor, st->current->org_id, req->arena, &n, &nn, ei);
    struct bl_need *cl = NULL;
    size_t ncl = 0;
    if (e == BL_OK)
        e = bl_app_need_list_closed(req->app, &st->auth.actor, st->current->org_id, req->arena, &cl,
                                    &ncl, ei);
    if (e == BL_OK)
        e = bl_app_need_answers_open(req->app, &st->auth.actor, st->current->org_id, req->arena,
                                     &ans, &na, ei);
    if (e == BL_OK)
        e = bl_app_framework_search(req->app, q, req->arena, &it, &ni, ei);
    if (e == BL_OK)
        e = bl_app_org_is_network(req->app, st->current->org_id, &network, ei);
    if (e != BL_OK) {
        if (nf)
            json_decref(nf->values);
        return e;
    }
    const char *slug = st->current->org_slug;
    json_t *rows = json_array();
    for (size_t i = 0; i < nn; i++) {
        json_t *answers = json_array();
        for (size_t k = 0; k < na; k++)
            if (ans[k].need_id == n[i].id)
                json_array_append_new(answers, answer_json(req, st, &ans[k]));
        json_array_append_new(
            rows,
            json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:b, s:o}", "rank",
                      (json_int_t)(i + 1), "href",
                      bl_arena_printf(req->arena, "/espace/%s/besoins/%s", slug, n[i].uid), "title",
                      n[i].title, "org", n[i].org_name, "people", (json_int_t)n[i].people,
                      "supports", (json_int_t)n[i].supports, "sector", str_or_empty(n[i].sector),
                      "horizon", str_or_empty(n[i].horizon), "mine",
                      n[i].org_id == st->current->org_id, "answers", answers));
        json_object_set_new(json_array_get(rows, i), "has_answers",
                            json_boolean(json_array_size(answers) > 0));
    }
    json_t *items = json_array();
    for (size_t i = 0; i < ni && i < FORM_ITEMS_MAX; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)it[i].id,
                                               "code", it[i].code, "label", it[i].label,
                                               "framework", it[i].framework_name));
    json_t *ctx = json_pack("{s:o, s:b, s:o, s:b, s:s, s:s, s:b, s:o}", "needs", rows, "has_needs",
                            nn > 0, "items", items, "has_items", ni > 0, "action",
                            bl_arena_printf(req->arena, "/espace/%s/besoins", slug), "csrf",
                            st->auth.session.csrf, "may_declare",
                            st->current->role >= BL_ROLE_ISSUER, "q", str_or_empty(q));
    json_object_set_new(ctx, "network", json_boolean(network));
    json_t *closed = json_array();
    for (size_t i = 0; i < ncl; i++)
        json_array_append_new(
            closed,
            json_pack("{s:s, s:s, s:s, s:s, s:s}", "href",
                      bl_arena_printf(req->arena, "/espace/%s/besoins/%s", slug, cl[i].uid),
                      "title", cl[i].title, "org", cl[i].org_name, "reason",
                      reason_fr(cl[i].closed_reason), "date", bl_req_date(req, cl[i].closed_at)));
    json_object_set_new(ctx, "closed", closed);
    json_object_set_new(ctx, "has_closed", json_boolean(ncl > 0));
    json_object_set_new(ctx, "searched", json_boolean(q && strlen(q) >= 2));
    json_object_set_new(ctx, "v", nf && nf->values ? nf->values : json_object());
    form_errors(req, ctx, nf, N_("Le besoin n’a pas été enregistré. Corrigez :"));
    return bl_staff_page(req, resp, st, nf ? nf->status : 200, "needs.html",
                         N_("Besoins du réseau"), ctx, "besoins", ei);
}

enum bl_err h_needs_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return board(req, resp, &st, NULL, ei);
}

static const char *need_french(const char *field)
{
    if (strcmp(field, "title") == 0)
        return N_("Donnez un titre au besoin (200 caractères au plus).");
    if (strcmp(field, "description") == 0)
        return N_("Décrivez le besoin en quelques phrases.");
    if (strcmp(field, "people") == 0)
        return N_("Indiquez un nombre de personnes entre 0 et 100 000.");
    if (strcmp(field, "sector") == 0)
        return N_("Le secteur est trop long (120 caractères au plus).");
    if (strcmp(field, "horizon") == 0)
        return N_("L’échéance est trop longue (60 caractères au plus).");
    if (strcmp(field, "items") == 0)
        return N_("Choisissez 20 compétences au plus parmi celles proposées.");
    return N_("Ce champ n’est pas valable.");
}

/* A decimal number of at most 9 digits, else -1. */
static int64_t small_number(const char *s)
{
    int64_t v = 0;
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 9)
        return n == 0 ? 0 : -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/*
 * The need form of req into in (ids: its item storage) and nf->values;
 * false with nf->field set when the items cannot be read.
 */
static bool read_need_form(struct bl_req *req, struct bl_app_need_input *in, int64_t *ids,
                           struct need_form *nf)
{
    const char *raw[BL_APP_NEED_ITEMS + 1];
    size_t nraw = bl_req_form_all(req, "item", raw, BL_APP_NEED_ITEMS + 1);
    *in = (struct bl_app_need_input){.title = bl_req_form(req, "title"),
                                     .description = bl_req_form(req, "description"),
                                     .sector = bl_req_form(req, "sector"),
                                     .horizon = bl_req_form(req, "horizon"),
                                     .people = small_number(bl_req_form(req, "people")),
                                     .item_ids = ids};
    nf->status = 400;
    nf->values =
        json_pack("{s:o, s:o, s:o, s:o, s:o}", "title", str_or_empty(in->title), "description",
                  str_or_empty(in->description), "sector", str_or_empty(in->sector), "horizon",
                  str_or_empty(in->horizon), "people", str_or_empty(bl_req_form(req, "people")));
    for (size_t i = 0; i < nraw; i++) {
        int64_t id = i < BL_APP_NEED_ITEMS ? small_number(raw[i]) : -1;
        if (id <= 0) {
            nf->field = "items";
            nf->message = need_french("items");
            return false;
        }
        ids[in->n_items++] = id;
    }
    return true;
}

/* A refusal of the app naming its field ("title: ..."): nf says it; false otherwise. */
static bool need_refused(struct bl_req *req, enum bl_err e, const struct bl_errinfo *pe,
                         struct need_form *nf)
{
    const char *colon = strchr(pe->msg, ':');
    if ((e != BL_EINVAL && e != BL_ETOOBIG && e != BL_EUTF8) || !colon)
        return false;
    char field[24];
    size_t k =
        (size_t)(colon - pe->msg) < sizeof field - 1 ? (size_t)(colon - pe->msg) : sizeof field - 1;
    memcpy(field, pe->msg, k);
    field[k] = '\0';
    nf->field = bl_arena_strdup(req->arena, field);
    nf->message = need_french(field);
    return true;
}

static enum bl_err edit_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                             struct need_form *nf, struct bl_errinfo *ei);

/*
 * Declare a need (uid NULL: the board's form) or change need uid (its edit
 * page): the same form, rules and messages; a refusal comes back on the page
 * it was sent from, with the values kept.
 */
static enum bl_err save_need(struct bl_req *req, struct bl_resp *resp, const char *uid,
                             struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_errinfo pe = {0};
    struct bl_app_need_input in;
    int64_t ids[BL_APP_NEED_ITEMS];
    struct need_form nf = {0};
    char made[23];
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (read_need_form(req, &in, ids, &nf)) {
        e = uid ? bl_app_need_update(req->app, &st.auth.actor, st.current->org_id, uid, &in, &pe)
                : bl_app_need_create(req->app, &st.auth.actor, st.current->org_id, &in, made, &pe);
        if (e == BL_OK) {
            json_decref(nf.values);
            bl_resp_redirect(req, resp,
                             bl_arena_printf(req->arena, "/espace/%s/besoins/%s%s",
                                             st.current->org_slug, uid ? uid : made,
                                             uid ? "?fait=modifie" : ""));
            return BL_OK;
        }
        if (!need_refused(req, e, &pe, &nf)) {
            json_decref(nf.values);
            if (ei)
                *ei = pe;
            return e;
        }
    }
    return uid ? edit_page(req, resp, &st, &nf, ei) : board(req, resp, &st, &nf, ei);
}

enum bl_err h_needs_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return save_need(req, resp, NULL, ei);
}

/* ---- one need ---- */

static enum bl_err need_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                             unsigned status, const char *error, struct bl_errinfo *ei)
{
    struct bl_app_need_detail d;
    struct bl_badgeclass *b = NULL;
    struct bl_event *ev = NULL;
    size_t nb = 0, nev = 0;
    bool network = false;
    const char *slug = st->current->org_slug;
    enum bl_err e = bl_app_need_get(req->app, &st->auth.actor, st->current->org_id,
                                    bl_req_param(req, "uid"), req->arena, &d, ei);
    if (e == BL_OK)
        e = bl_app_org_is_network(req->app, st->current->org_id, &network, ei);
    bool may_answer = network && st->current->role >= BL_ROLE_ISSUER;
    if (e == BL_OK && may_answer)
        e = bl_app_badge_list(req->app, &st->auth.actor, st->current->org_id, 0, 200, req->arena,
                              &b, &nb, ei);
    if (e == BL_OK && may_answer)
        e = bl_app_event_list(req->app, &st->auth.actor, st->current->org_id, req->arena, &ev, &nev,
                              ei);
    if (e != BL_OK)
        return e;
    json_t *items = json_array(), *supports = json_array(), *answers = json_array(),
           *badges = json_array(), *events = json_array();
    for (size_t i = 0; i < d.n_items; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:s}", "code", d.items[i].code, "label",
                             d.items[i].label, "framework", d.items[i].framework_name, "href",
                             bl_arena_printf(req->arena, "/referentiels/%s#c%lld",
                                             d.items[i].framework_uid, (long long)d.items[i].id)));
    bool supported = false;
    for (size_t i = 0; i < d.n_supports; i++) {
        supported |= d.supports[i].org_id == st->current->org_id;
        json_array_append_new(supports,
                              json_pack("{s:s, s:s, s:o, s:s}", "org", d.supports[i].org_name,
                                        "slug", d.supports[i].org_slug, "comment",
                                        str_or_empty(d.supports[i].comment), "date",
                                        bl_req_date(req, d.supports[i].created_at)));
    }
    for (size_t i = 0; i < d.n_answers; i++)
        json_array_append_new(answers, answer_json(req, st, &d.answers[i]));
    for (size_t i = 0; i < nb; i++)
        if (!b[i].archived)
            json_array_append_new(badges,
                                  json_pack("{s:s, s:s}", "uid", b[i].uid, "name", b[i].name));
    for (size_t i = 0; i < nev; i++)
        json_array_append_new(
            events, json_pack("{s:s, s:s, s:s}", "uid", ev[i].uid, "name", ev[i].name, "date",
                              bl_paris_format(req->arena, ev[i].starts_at, true)));
    const char *base = bl_arena_printf(req->arena, "/espace/%s/besoins/%s", slug, d.need.uid);
    json_t *ctx =
        json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:s, s:o, s:b, s:o, s:b, s:o, s:b, s:s}",
                  "title", d.need.title, "description", d.need.description, "org", d.need.org_name,
                  "people", (json_int_t)d.need.people, "n_supports", (json_int_t)d.n_supports,
                  "sector", str_or_empty(d.need.sector), "horizon", str_or_empty(d.need.horizon),
                  "date", bl_req_date(req, d.need.created_at), "items", items, "has_items",
                  d.n_items > 0, "supports", supports, "has_supports", d.n_supports > 0, "answers",
                  answers, "has_answers", d.n_answers > 0, "csrf", st->auth.session.csrf);
    json_object_set_new(ctx, "org_slug", json_string(d.need.org_slug));
    bool mine = d.need.org_id == st->current->org_id && st->current->role >= BL_ROLE_ISSUER;
    bool closed = d.need.closed_at != 0;
    json_object_set_new(ctx, "may_support",
                        json_boolean(d.need.org_id != st->current->org_id &&
                                     st->current->role >= BL_ROLE_ISSUER && !closed));
    if (closed)
        json_object_set_new(ctx, "closed",
                            json_pack("{s:s, s:s}", "reason", reason_fr(d.need.closed_reason),
                                      "date", bl_req_date(req, d.need.closed_at)));
    if (mine)
        json_object_set_new(ctx, "own",
                            json_pack("{s:s, s:s, s:b}", "edit_href",
                                      bl_arena_printf(req->arena, "%s/modifier", base),
                                      "state_action", bl_arena_printf(req->arena, "%s/etat", base),
                                      "open", !closed));
    json_object_set_new(ctx, "supported", json_boolean(supported));
    json_object_set_new(ctx, "support_action",
                        json_string(bl_arena_printf(req->arena, "%s/soutien", base)));
    json_object_set_new(ctx, "may_answer", json_boolean(may_answer && nb > 0));
    json_object_set_new(ctx, "badges", badges);
    json_object_set_new(ctx, "may_answer_event", json_boolean(may_answer && nev > 0));
    json_object_set_new(ctx, "events", events);
    json_object_set_new(ctx, "answer_action",
                        json_string(bl_arena_printf(req->arena, "%s/reponse", base)));
    json_object_set_new(ctx, "back",
                        json_string(bl_arena_printf(req->arena, "/espace/%s/besoins", slug)));
    const char *done = bl_req_query(req, "fait");
    if (done && strcmp(done, "soutien") == 0)
        json_object_set_new(ctx, "done", json_string(N_("Votre soutien est enregistré.")));
    else if (done && strcmp(done, "reponse") == 0)
        json_object_set_new(ctx, "done", json_string(N_("La réponse est liée au besoin.")));
    else if (done && strcmp(done, "etat") == 0)
        json_object_set_new(ctx, "done", json_string(N_("L’état du besoin est enregistré.")));
    else if (done && strcmp(done, "modifie") == 0)
        json_object_set_new(ctx, "done", json_string(N_("Le besoin est modifié.")));
    if (error)
        json_object_set_new(ctx, "error", json_string(error));
    return bl_staff_page(req, resp, st, status, "need.html", d.need.title, ctx, "besoins", ei);
}

enum bl_err h_need_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return need_page(req, resp, &st, 200, NULL, ei);
}

static void back_to_need(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                         const char *what)
{
    bl_resp_redirect(req, resp,
                     bl_arena_printf(req->arena, "/espace/%s/besoins/%s?fait=%s",
                                     st->current->org_slug, bl_req_param(req, "uid"), what));
}

enum bl_err h_need_support_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_errinfo pe = {0};
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_need_support(req->app, &st.auth.actor, st.current->org_id, bl_req_param(req, "uid"),
                            bl_req_form(req, "comment"), &pe);
    if (e == BL_OK) {
        back_to_need(req, resp, &st, "soutien");
        return BL_OK;
    }
    if (e == BL_EINVAL || e == BL_ETOOBIG || e == BL_EUTF8)
        return need_page(req, resp, &st, 400,
                         strncmp(pe.msg, "need:", 5) == 0
                             ? N_("Votre organisation ne peut pas soutenir son propre besoin.")
                             : N_("Le commentaire est trop long ou contient des caractères "
                                  "interdits."),
                         ei);
    if (ei)
        *ei = pe;
    return e;
}

enum bl_err h_need_answer_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_errinfo pe = {0};
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *event = bl_req_form(req, "event");
    if (event && *event)
        e = bl_app_need_answer_event(req->app, &st.auth.actor, st.current->org_id,
                                     bl_req_param(req, "uid"), event, &pe);
    else
        e = bl_app_need_answer(req->app, &st.auth.actor, st.current->org_id,
                               bl_req_param(req, "uid"), bl_req_form(req, "badge"), &pe);
    if (e == BL_OK || e == BL_EEXISTS) {
        back_to_need(req, resp, &st, "reponse");
        return BL_OK;
    }
    if (ei)
        *ei = pe;
    return e;
}

/* ---- the declaring partner: edit, close, reopen ---- */

/* The edit form: values from nf (after a refusal) or from the need as it is. */
static enum bl_err edit_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                             struct need_form *nf, struct bl_errinfo *ei)
{
    struct bl_app_need_detail d;
    enum bl_err e = bl_app_need_get(req->app, &st->auth.actor, st->current->org_id,
                                    bl_req_param(req, "uid"), req->arena, &d, ei);
    if (e == BL_OK && (d.need.org_id != st->current->org_id || st->current->role < BL_ROLE_ISSUER))
        e = bl_fail(ei, BL_ENOTFOUND, "no such need");
    if (e != BL_OK) {
        json_decref(nf ? nf->values : NULL);
        return e;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < d.n_items; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:b}", "id",
                                               (json_int_t)d.items[i].id, "code", d.items[i].code,
                                               "label", d.items[i].label, "framework",
                                               d.items[i].framework_name, "checked", 1));
    json_t *v = nf && nf->values
                    ? nf->values
                    : json_pack("{s:s, s:s, s:o, s:o, s:s}", "title", d.need.title, "description",
                                d.need.description, "sector", str_or_empty(d.need.sector),
                                "horizon", str_or_empty(d.need.horizon), "people",
                                bl_arena_printf(req->arena, "%lld", (long long)d.need.people));
    const char *base =
        bl_arena_printf(req->arena, "/espace/%s/besoins/%s", st->current->org_slug, d.need.uid);
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:s, s:s, s:o}", "title", d.need.title, "items", items,
                            "has_items", d.n_items > 0, "action",
                            bl_arena_printf(req->arena, "%s/modifier", base), "back", base, "v", v);
    json_object_set_new(ctx, "csrf", json_string(st->auth.session.csrf));
    json_object_set_new(ctx, "editing", json_true());
    form_errors(req, ctx, nf, N_("Le besoin n’a pas été modifié. Corrigez :"));
    return bl_staff_page(req, resp, st, nf ? nf->status : 200, "need-edit.html",
                         N_("Modifier le besoin"), ctx, "besoins", ei);
}

enum bl_err h_need_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return edit_page(req, resp, &st, NULL, ei);
}

enum bl_err h_need_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return save_need(req, resp, bl_req_param(req, "uid"), ei);
}

enum bl_err h_need_state_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_need_set_state(req->app, &st.auth.actor, st.current->org_id,
                              bl_req_param(req, "uid"), bl_req_form(req, "state"), ei);
    if (e == BL_OK)
        back_to_need(req, resp, &st, "etat");
    return e;
}
