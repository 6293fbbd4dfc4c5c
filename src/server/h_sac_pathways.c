/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_sac_pathways.c: GET /sac/parcours, the signed-in young person's
 * pathways as progress maps (steps done, next, where to earn them) and the
 * opportunities open to them or one step away (app/sac_pathway.h).
 * Private like the rest of the backpack: no session, no page.
 */
#include <string.h>

#include <jansson.h>

#include "app/backpack.h"
#include "app/sac_pathway.h"
#include "h_backpack.h"
#include "h_sac_pathways.h"
#include "i18n.h"
#include "page.h"

static json_t *steps_json(struct bl_req *req, const struct bl_app_sac_pathway *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct bl_app_sac_step *s = &p->steps[i];
        /* On an ended pathway there is no "later": what is not done stays so. */
        const char *later = p->ended ? bl_tr(req, N_("non obtenu")) : "plus tard";
        const char *state = s->done ? "fait" : s->next ? "à faire maintenant" : later;
        const char *cls = s->done ? "done" : s->next ? "next" : "later";
        json_array_append_new(
            a,
            json_pack("{s:s, s:b, s:s?, s:s, s:s, s:I, s:I}", "title", s->title, "group", s->group,
                      "href",
                      s->badge_uid ? bl_arena_printf(req->arena, "/badges/%s", s->badge_uid) : NULL,
                      "state", state, "state_class", cls, "k", (json_int_t)s->k, "n",
                      (json_int_t)s->n));
    }
    return a;
}

static json_t *opps_json(const struct bl_app_opp_match *m, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "uid", m[i].opp.uid,
                                           "title", m[i].opp.title, "org", m[i].opp.org_name,
                                           "place", m[i].opp.place, "missing",
                                           m[i].missing_one ? m[i].missing_one->badge_name : NULL));
    return a;
}

enum bl_err h_sac_pathways_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_holder_session s;
    struct bl_holder h;
    struct bl_app_sac_pathway *rows;
    struct bl_app_opp_match *open, *one;
    size_t n, n_open, n_one;
    enum bl_err e =
        bl_app_sac_session(req->app, bl_req_cookie(req, BL_SAC_COOKIE), req->arena, &s, &h, ei);
    if (e == BL_EDENIED) {
        bl_resp_redirect(req, resp, "/sac/connexion");
        return BL_OK;
    }
    if (e == BL_OK)
        e = bl_app_sac_pathways(req->app, h.id, req->arena, &rows, &n, &open, &n_open, &one, &n_one,
                                ei);
    if (e != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s?, s:s?, s:i, s:b, s:b, s:b, s:b, s:o}", "uid", rows[i].uid,
                      "name", rows[i].name, "description", rows[i].description, "org",
                      rows[i].org_name, "pct", rows[i].progress_pct, "complete", rows[i].complete,
                      "one_step", rows[i].one_step, "started", rows[i].started, "ended",
                      rows[i].ended, "steps", steps_json(req, &rows[i])));
    json_t *ctx = json_pack("{s:o, s:b, s:o, s:b, s:o, s:b}", "pathways", list, "has", n > 0,
                            "open", opps_json(open, n_open), "has_open", n_open > 0, "one_step",
                            opps_json(one, n_one), "has_one", n_one > 0);
    e = ctx ? bl_page_render(req, resp, 200, "sac-pathways.html", "Mes parcours", ctx, ei)
            : bl_fail(ei, BL_EINVAL, "page context");
    json_decref(ctx);
    if (e == BL_OK)
        e = bl_resp_header(req, resp, "Cache-Control", "no-store");
    return e;
}
