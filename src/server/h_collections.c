/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_collections.c: the young person's collections (app/collection.h,
 * docs/internals/backpack.md).
 *
 *   GET  /sac/collections                  the collections and a form to make one
 *   POST /sac/collections                  make one, then its page
 *   GET  /sac/collections/{uid}            name, description, badges, public page, delete
 *   POST /sac/collections/{uid}            save name, description and the badges ticked
 *   POST /sac/collections/{uid}/partage    publish (on=1) or withdraw the public page
 *   POST /sac/collections/{uid}/ordre      move badge={award uid} up (sens=haut) or down (bas)
 *   POST /sac/collections/{uid}/suppression delete (confirmer=oui)
 *   GET  /c/{token}                        the public page of a collection
 *
 * Every POST carries the session's CSRF token (h_sac_load) and answers 303.
 */
#include <string.h>

#include "app/collection.h"
#include "h_backpack.h"
#include "i18n.h"

/* Form errors of a name and a description, from what bl_app_coll_check said. */
struct coll_err {
    const char *name, *description, *items, *form;
};

static void field_error(enum bl_err e, const struct bl_errinfo *ei, struct coll_err *fe)
{
    bool desc = strncmp(ei->msg, "description", 11) == 0;
    const char *bad = N_("Ce texte contient des caractères qui ne sont pas permis.");
    if (e == BL_ELIMIT)
        fe->form = N_("Vous avez déjà 50 collections. Supprimez-en une pour en créer une autre.");
    else if (strncmp(ei->msg, "items", 5) == 0)
        fe->items = N_("Une collection contient 100 badges au plus.");
    else if (desc)
        fe->description =
            e == BL_ETOOBIG ? N_("La description est trop longue : 500 caractères au plus.") : bad;
    else if (e == BL_ETOOBIG)
        fe->name = N_("Le nom est trop long : 80 caractères au plus.");
    else if (strstr(ei->msg, "required"))
        fe->name = N_("Donnez un nom à la collection.");
    else
        fe->name = bad;
}

/* A form error is one of ours: the page is shown again with the values kept. */
static bool is_form_error(enum bl_err e)
{
    return e == BL_EINVAL || e == BL_ETOOBIG || e == BL_EUTF8 || e == BL_ELIMIT;
}

static json_t *errors_json(const struct coll_err *fe)
{
    return json_pack("{s:s?, s:s?, s:s?, s:s?, s:b}", "name", fe->name, "description",
                     fe->description, "items", fe->items, "form", fe->form, "any",
                     fe->name || fe->description || fe->items || fe->form);
}

/* ---- the list ---- */

static enum bl_err list_page(struct bl_req *req, struct bl_resp *resp, const struct h_sac *st,
                             unsigned status, const char *name, const char *description,
                             const struct coll_err *fe, struct bl_errinfo *ei)
{
    struct bl_holder_coll *rows;
    size_t n;
    enum bl_err e = bl_app_coll_list(req->app, st->h.id, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:I, s:b, s:b}", "uid", rows[i].uid, "name",
                                        rows[i].name, "count", (json_int_t)rows[i].nitems, "plural",
                                        rows[i].nitems > 1, "public", rows[i].share_token != NULL));
    json_t *ctx =
        json_pack("{s:o, s:o, s:b, s:s, s:s, s:o}", "holder", h_sac_holder_json(st), "collections",
                  list, "has", n > 0, "name", name ? name : "", "description",
                  description ? description : "", "errors", errors_json(fe));
    return h_sac_render(req, resp, status, "sac-colls.html", N_("Mes collections"), ctx, ei);
}

enum bl_err h_sac_colls_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    struct coll_err fe = {0};
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    return list_page(req, resp, &st, 200, NULL, NULL, &fe, ei);
}

enum bl_err h_sac_colls_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    struct coll_err fe = {0};
    enum bl_err e;
    const char *uid = NULL, *name = bl_req_form(req, "nom"),
               *desc = bl_req_form(req, "description");
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_coll_create(req->app, st.h.id, name, desc, req->arena, &uid, ei);
    if (is_form_error(e)) {
        field_error(e, ei, &fe);
        return list_page(req, resp, &st, e == BL_ELIMIT ? 409 : 400, name, desc, &fe, ei);
    }
    if (e == BL_OK)
        bl_resp_redirect(req, resp, bl_arena_printf(req->arena, "/sac/collections/%s", uid));
    return e;
}

/* ---- one collection ---- */

/* chosen: the uids ticked in a refused form (kept), or NULL for what is stored. */
static enum bl_err coll_page(struct bl_req *req, struct bl_resp *resp, const struct h_sac *st,
                             unsigned status, const char *name, const char *description,
                             const char **chosen, size_t nchosen, const struct coll_err *fe,
                             struct bl_errinfo *ei)
{
    struct bl_app_coll_view v;
    struct bl_app *app = req->app;
    enum bl_err e = bl_app_coll_get(app, st->h.id, bl_req_param(req, "uid"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    json_t *awards = json_array(), *items = json_array();
    for (size_t i = 0; i < v.nawards; i++) {
        const struct bl_award_brief *b = &v.awards[i];
        const char *cls, *state = h_sac_state(app, b->expires_at, b->revoked_at, &cls);
        bool on = v.chosen[i];
        if (chosen) {
            on = false;
            for (size_t j = 0; j < nchosen; j++)
                on = on || strcmp(chosen[j], b->uid) == 0;
        }
        json_array_append_new(
            awards,
            json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:b}", "uid", b->uid, "name", b->badge_name,
                      "image", bl_arena_printf(req->arena, "/badges/%s/image", b->badge_uid),
                      "issued", bl_req_date(req, b->issued_at), "state", state, "state_class", cls,
                      "checked", on));
    }
    for (size_t i = 0; i < v.nitems; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:b, s:b}", "award", v.items[i].uid, "name",
                             v.items[i].badge_name, "image",
                             bl_arena_printf(req->arena, "/badges/%s/image", v.items[i].badge_uid),
                             "first", i == 0, "last", i + 1 == v.nitems));
    json_t *ctx =
        json_pack("{s:o, s:s, s:s, s:s, s:o, s:b, s:o, s:b, s:I, s:b, s:o, s:b}", "holder",
                  h_sac_holder_json(st), "uid", v.coll.uid, "name", name ? name : v.coll.name,
                  "description", description ? description : v.coll.description, "awards", awards,
                  "has_awards", v.nawards > 0, "items", items, "has_items", v.nitems > 0, "count",
                  (json_int_t)v.nitems, "minor", v.minor, "errors", errors_json(fe), "saved",
                  bl_req_query(req, "enregistre") != NULL);
    if (ctx && v.coll.share_token)
        json_object_set_new(
            ctx, "share",
            json_string(bl_arena_printf(req->arena, "%s%s/%s", app->base_url,
                                        BL_APP_COLL_SHARE_PATH, v.coll.share_token)));
    return h_sac_render(req, resp, status, "sac-coll.html", v.coll.name, ctx, ei);
}

enum bl_err h_sac_coll_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    struct coll_err fe = {0};
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    return coll_page(req, resp, &st, 200, NULL, NULL, NULL, 0, &fe, ei);
}

enum bl_err h_sac_coll_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    struct coll_err fe = {0};
    enum bl_err e;
    const char *uid = bl_req_param(req, "uid"), *name = bl_req_form(req, "nom"),
               *desc = bl_req_form(req, "description");
    /* one more than allowed: the app says "too many" rather than dropping some */
    const char *ticked[BL_APP_COLL_ITEMS_MAX + 1];
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    size_t n = bl_req_form_all(req, "badge", ticked, BL_APP_COLL_ITEMS_MAX + 1);
    if (n > BL_APP_COLL_ITEMS_MAX + 1)
        n = BL_APP_COLL_ITEMS_MAX + 1;
    e = bl_app_coll_update(req->app, st.h.id, uid, name, desc, ticked, n, ei);
    if (is_form_error(e)) {
        field_error(e, ei, &fe);
        return coll_page(req, resp, &st, 400, name ? name : "", desc ? desc : "", ticked, n, &fe,
                         ei);
    }
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/sac/collections/%s?enregistre=1", uid));
    return e;
}

enum bl_err h_sac_coll_share_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    enum bl_err e;
    const char *uid = bl_req_param(req, "uid"), *on = bl_req_form(req, "on");
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_coll_share(req->app, st.h.id, uid, on && strcmp(on, "1") == 0, req->arena, NULL, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, bl_arena_printf(req->arena, "/sac/collections/%s", uid));
    return e;
}

/* One place up or down; 303 back to the badge moved (its item is the target). */
enum bl_err h_sac_coll_move_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    enum bl_err e;
    const char *uid = bl_req_param(req, "uid"), *badge = bl_req_form(req, "badge"),
               *dir = bl_req_form(req, "sens");
    int step = 0;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    if (dir && strcmp(dir, "haut") == 0)
        step = -1;
    else if (dir && strcmp(dir, "bas") == 0)
        step = 1;
    e = bl_app_coll_move(req->app, st.h.id, uid, badge, step, ei);
    /* badge is one of the collection's award uids here: safe in a URL */
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/sac/collections/%s#o-%s", uid, badge));
    return e;
}

enum bl_err h_sac_coll_delete_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    struct coll_err fe = {0};
    enum bl_err e;
    const char *confirm = bl_req_form(req, "confirmer");
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    if (!confirm || strcmp(confirm, "oui") != 0) {
        fe.form = N_("Cochez la case pour confirmer que vous voulez supprimer cette collection.");
        return coll_page(req, resp, &st, 400, NULL, NULL, NULL, 0, &fe, ei);
    }
    e = bl_app_coll_delete(req->app, st.h.id, bl_req_param(req, "uid"), ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/collections");
    return e;
}

/* ---- the public page ---- */

enum bl_err h_coll_public_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_holder_coll coll;
    struct bl_app_sac_item *items;
    size_t n;
    const char *first = NULL;
    enum bl_err e = bl_app_coll_public(req->app, bl_req_param(req, "token"), req->arena, &coll,
                                       &items, &n, &first, ei);
    if (e != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, h_sac_item_json(req, &items[i]));
    json_t *ctx =
        json_pack("{s:s, s:s?, s:s?, s:o, s:b}", "name", coll.name, "description",
                  coll.description && *coll.description ? coll.description : NULL, "first_name",
                  first && *first ? first : NULL, "badges", list, "has", n > 0);
    return h_sac_render(req, resp, 200, "sac-coll-public.html", coll.name, ctx, ei);
}
