/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_sac_opps.c: opportunities in the young person's backpack
 * (app/opportunity.h), behind the backpack session of h_backpack.c.
 *
 *   GET  /sac/opportunites                  open to me now, one badge away, my applications
 *   GET  /sac/opportunites/{uid}            one opportunity: what applying shares, with whom
 *   POST /sac/opportunites/{uid}/postuler   apply (one tap; CSRF)
 *   POST /sac/candidatures/{app}/retirer    withdraw an application
 */
#include <string.h>

#include <jansson.h>

#include "app/backpack.h"
#include "app/docs.h"
#include "app/opportunity.h"
#include "h_backpack.h"
#include "h_opportunity.h"
#include "page.h"
#include "i18n.h"

struct sac {
    struct bl_holder_session s;
    struct bl_holder h;
};

/* The signed-in holder, as h_backpack.c does; false: resp or *err says what to answer. */
static bool sac_load(struct bl_req *req, struct bl_resp *resp, struct sac *st, enum bl_err *err,
                     struct bl_errinfo *ei)
{
    bool safe = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
    *err = bl_app_sac_session(req->app, bl_req_cookie(req, BL_SAC_COOKIE), req->arena, &st->s,
                              &st->h, ei);
    if (*err == BL_EDENIED && safe) {
        bl_resp_redirect(req, resp, "/sac/connexion");
        *err = BL_OK;
        return false;
    }
    if (*err != BL_OK)
        return false;
    if (!safe && !bl_app_sac_csrf_ok(&st->s, bl_req_form(req, "csrf"))) {
        *err = bl_fail(ei, BL_EDENIED, "missing or wrong CSRF token");
        return false;
    }
    return true;
}

static enum bl_err render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                          const char *name, const char *title, json_t *ctx, struct bl_errinfo *ei)
{
    enum bl_err e = bl_page_render(req, resp, status, name, title, ctx, ei);
    json_decref(ctx);
    if (e == BL_OK)
        e = bl_resp_header(req, resp, "Cache-Control", "no-store");
    return e;
}

/* An opportunity as a card of the list. */
static json_t *card(struct bl_req *req, const struct bl_app_opp_match *m)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "title", m->opp.title, "kind",
                          bl_opp_kind_fr(m->opp.kind), "org", m->opp.org_name, "place",
                          m->opp.place, "end", bl_opp_day_fr(req->arena, m->opp.end_date), "href",
                          bl_arena_printf(req->arena, "/sac/opportunites/%s", m->opp.uid));
    if (m->missing_one)
        json_object_set_new(o, "missing", json_string(m->missing_one->badge_name));
    json_object_set_new(o, "full", json_boolean(m->opp.accepted >= m->opp.places));
    return o;
}

enum bl_err h_sac_opps_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    struct bl_app_opp_match *open = NULL, *step = NULL;
    struct bl_application *mine = NULL;
    size_t n_open = 0, n_step = 0, n_mine = 0;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_opp_for_holder(req->app, st.h.id, req->arena, &open, &n_open, &step, &n_step, ei);
    if (e == BL_OK)
        e = bl_app_opp_my_applications(req->app, st.h.id, req->arena, &mine, &n_mine, ei);
    if (e != BL_OK)
        return e;
    json_t *jo = json_array(), *js = json_array(), *jm = json_array();
    for (size_t i = 0; i < n_open; i++)
        json_array_append_new(jo, card(req, &open[i]));
    for (size_t i = 0; i < n_step; i++)
        json_array_append_new(js, card(req, &step[i]));
    for (size_t i = 0; i < n_mine; i++)
        json_array_append_new(
            jm, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "title", mine[i].opp_title, "org",
                          mine[i].org_name, "status", bl_opp_status_fr(mine[i].status), "answer",
                          mine[i].answer, "outcome", bl_opp_outcome_fr(mine[i].outcome), "href",
                          bl_arena_printf(req->arena, "/sac/opportunites/%s", mine[i].opp_uid)));
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:b, s:b, s:b}", "open", jo, "step", js, "mine", jm,
                            "no_open", n_open == 0, "no_step", n_step == 0, "no_mine", n_mine == 0);
    return render(req, resp, 200, "sac-opps.html", N_("Opportunités"), ctx, ei);
}

/* The opportunity page; error (may be NULL) is said at the top of the page. */
static enum bl_err opp_page(struct bl_req *req, struct bl_resp *resp, const struct sac *st,
                            unsigned status, const char *error, struct bl_errinfo *ei)
{
    struct bl_app_opp_match m;
    struct bl_app *app = req->app;
    enum bl_err e = bl_app_opp_view(app, st->h.id, bl_req_param(req, "uid"), req->arena, &m, ei);
    if (e != BL_OK)
        return e;
    char today[11];
    bl_app_opp_day(bl_app_now(app), today);
    bool open = strcmp(m.opp.status, "open") == 0 &&
                (!*m.opp.end_date || strcmp(m.opp.end_date, today) >= 0);
    json_t *reqs = json_array();
    for (size_t i = 0; i < m.n_reqs; i++) {
        json_t *held = json_array();
        for (size_t k = 0; k < m.n_held[i]; k++)
            json_array_append_new(
                held, json_pack("{s:s, s:s, s:s, s:b, s:s}", "uid", m.held[i][k].uid, "field",
                                bl_arena_printf(req->arena, "award-%zu-%zu", i, k), "group",
                                bl_arena_printf(req->arena, "award-%zu", i), "first", k == 0,
                                "badge", m.reqs[i].badge_name));
        json_array_append_new(
            reqs, json_pack("{s:s, s:s, s:o, s:b, s:b, s:s}", "name", m.reqs[i].badge_name,
                            "issuer", m.reqs[i].org_name, "held", held, "missing", m.n_held[i] == 0,
                            "several", m.n_held[i] > 1, "badge_href",
                            bl_app_badge_url(req->arena, app, m.reqs[i].badge_uid)));
    }
    json_t *contacts = json_array();
    if (st->h.email)
        json_array_append_new(contacts,
                              json_pack("{s:s, s:s}", "value", st->h.email, "id", "contact-email"));
    if (st->h.phone)
        json_array_append_new(contacts,
                              json_pack("{s:s, s:s}", "value", st->h.phone, "id", "contact-phone"));
    json_t *opp = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "title", m.opp.title, "kind",
        bl_opp_kind_fr(m.opp.kind), "org", m.opp.org_name, "description", m.opp.description,
        "place", m.opp.place, "start", bl_opp_day_fr(req->arena, m.opp.start_date), "end",
        bl_opp_day_fr(req->arena, m.opp.end_date), "places", (json_int_t)m.opp.places);
    bool full = m.opp.accepted >= m.opp.places;
    json_object_set_new(opp, "places_left", json_integer(full ? 0 : m.opp.places - m.opp.accepted));
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:b, s:b, s:b, s:s, s:s, s:I}", "opp", opp,
                            "requirements", reqs, "contacts", contacts, "can_apply",
                            open && !full && m.qualifies && !m.applied, "closed", !open,
                            "pathway_missing", !m.pathway_ok, "csrf", st->s.csrf, "apply_action",
                            bl_arena_printf(req->arena, "/sac/opportunites/%s/postuler", m.opp.uid),
                            "missing", (json_int_t)m.missing);
    if (m.applied) {
        const struct bl_application *a = m.applied;
        json_object_set_new(
            ctx, "applied",
            json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "status", bl_opp_status_fr(a->status),
                      "answer", a->answer, "outcome", bl_opp_outcome_fr(a->outcome), "contact",
                      a->contact, "withdrawn", strcmp(a->status, "withdrawn") == 0,
                      "withdraw_action",
                      bl_arena_printf(req->arena, "/sac/candidatures/%s/retirer", a->uid)));
    }
    json_object_set_new(ctx, "full", json_boolean(open && full));
    if (error)
        json_object_set_new(ctx, "error", json_string(error));
    return render(req, resp, status, "sac-opp.html", m.opp.title, ctx, ei);
}

enum bl_err h_sac_opp_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    return opp_page(req, resp, &st, 200, NULL, ei);
}

enum bl_err h_sac_opp_apply_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    const char *awards[BL_APP_OPP_REQ_MAX + 1];
    char uid[23];
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    /* One radio group per requirement: award-0, award-1, ... */
    size_t n = 0;
    for (size_t i = 0; i <= BL_APP_OPP_REQ_MAX; i++) {
        const char *v = bl_req_form(req, bl_arena_printf(req->arena, "award-%zu", i));
        if (v && *v && n <= BL_APP_OPP_REQ_MAX)
            awards[n++] = v;
    }
    const char *contact = bl_req_form(req, "contact"), *message = bl_req_form(req, "message");
    struct bl_errinfo aei = {0};
    e = bl_app_opp_apply(req->app, st.h.id, bl_req_param(req, "uid"), awards, n,
                         contact ? contact : "", message ? message : "", uid, &aei);
    if (e == BL_OK) {
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/sac/opportunites/%s#candidature",
                                         bl_req_param(req, "uid")));
        return BL_OK;
    }
    if (e == BL_ENOTFOUND || e == BL_EDB || e == BL_ERETRY)
        return bl_fail(ei, e, "%s", aei.msg);
    const char *msg;
    unsigned status = 422;
    if (e == BL_EDENIED) {
        status = 403;
        msg = strncmp(aei.msg, "full:", 5) == 0
                  ? N_("Cette opportunité est complète : toutes ses places sont prises, elle "
                       "n’accepte plus de candidatures.")
              : strstr(aei.msg, "closed") || strstr(aei.msg, "ended")
                  ? N_("Cette opportunité n’accepte plus de candidatures.")
                  : N_("Vous ne pouvez pas encore postuler : il vous manque au moins un des badges "
                       "demandés (voir la liste ci-dessous).");
    } else if (e == BL_EEXISTS) {
        status = 409;
        msg = N_("Vous avez déjà postulé à cette opportunité.");
    } else if (strncmp(aei.msg, "contact", 7) == 0) {
        msg = N_("Choisissez un contact parmi les vôtres, ou aucun.");
    } else if (strncmp(aei.msg, "message", 7) == 0) {
        msg = N_("Votre message doit faire 2000 caractères au plus.");
    } else {
        msg = N_("Choisissez un de vos badges pour chaque badge demandé.");
    }
    return opp_page(req, resp, &st, status, msg, ei);
}

enum bl_err h_sac_app_withdraw_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_opp_withdraw(req->app, st.h.id, bl_req_param(req, "app"), ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/opportunites");
    return e;
}
