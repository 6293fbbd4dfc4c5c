/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_framework.c: competency frameworks (app/framework.h, docs/frameworks.md).
 *
 *   GET  /espace/{slug}/referentiels               the frameworks, the import form
 *   POST /espace/{slug}/referentiels               upload a file (multipart) -> preview
 *   GET  /espace/{slug}/referentiels/import/{id}   the preview: per-line problems or the tree
 *   POST /espace/{slug}/referentiels/import/{id}   save it (one transaction)
 *   GET  /espace/{slug}/referentiels/recherche?q=  search items: JSON for picker.js, or a
 *                                                  page (with ?badge=UID: "align" buttons)
 *   POST /espace/{slug}/badges/{uid}/alignements   align a badge class to an item (no JS)
 *   GET  /referentiels/{uid}                       public page of a framework (item anchors)
 */
#include <string.h>

#include "app/framework.h"
#include "core/multipart.h"
#include "doccache.h"
#include "h_network.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

#define PREVIEW_ITEMS 300u /* items the preview shows (all are saved) */

static const char *mp_text(struct bl_arena *a, const struct bl_multipart *m, const char *name)
{
    const struct bl_multipart_part *p = bl_multipart_get(m, name);
    if (!p || p->filename)
        return "";
    char *s = bl_arena_alloc(a, p->len + 1);
    memcpy(s, p->data, p->len);
    s[p->len] = '\0';
    return strlen(s) == p->len ? s : "";
}

static json_t *str_or_empty(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

/* ---- list and upload ---- */

static enum bl_err list_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                             unsigned status, const char *error, json_t *values,
                             struct bl_errinfo *ei)
{
    struct bl_framework *fw = NULL;
    size_t n = 0;
    enum bl_err e = bl_app_framework_list(req->app, req->arena, &fw, &n, ei);
    if (e != BL_OK) {
        json_decref(values);
        return e;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:I}", "uid", fw[i].uid, "name",
                                              fw[i].name, "version", fw[i].version, "items",
                                              (json_int_t)fw[i].n_items));
    json_t *ctx = json_pack(
        "{s:o, s:b, s:s, s:s, s:s}", "frameworks", rows, "may_import",
        st->current->role >= BL_ROLE_ISSUER, "action",
        bl_arena_printf(req->arena, "/espace/%s/referentiels", st->current->org_slug), "csrf",
        st->auth.session.csrf, "search",
        bl_arena_printf(req->arena, "/espace/%s/referentiels/recherche", st->current->org_slug));
    json_object_set_new(ctx, "v", values ? values : json_object());
    if (error)
        json_object_set_new(ctx, "error", json_string(error));
    const char *done = bl_req_query(req, "enregistre");
    if (done)
        json_object_set_new(ctx, "done", json_string(N_("Référentiel enregistré.")));
    return bl_staff_page(req, resp, st, status, "frameworks.html",
                         N_("Référentiels de compétences"), ctx, "referentiels", ei);
}

enum bl_err h_frameworks_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return list_page(req, resp, &st, 200, NULL, NULL, ei);
}

enum bl_err h_frameworks_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_multipart m;
    struct bl_errinfo pe = {0};
    const char *boundary = NULL;
    char id[23];
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (bl_multipart_boundary(bl_req_header(req, "Content-Type"), req->arena, &boundary, &pe) !=
            BL_OK ||
        bl_multipart_parse(req->body ? req->body : (const unsigned char *)"", req->body_len,
                           boundary, req->arena, &m, &pe) != BL_OK)
        return list_page(req, resp, &st, 400,
                         N_("Le formulaire reçu est mal formé : choisissez à nouveau le fichier."),
                         NULL, ei);
    const struct bl_multipart_part *f = bl_multipart_get(&m, "fichier");
    struct bl_app_fw_input in = {.name = mp_text(req->arena, &m, "name"),
                                 .version = mp_text(req->arena, &m, "version"),
                                 .source = mp_text(req->arena, &m, "source")};
    json_t *v = json_pack("{s:o, s:o, s:o}", "name", str_or_empty(in.name), "version",
                          str_or_empty(in.version), "source", str_or_empty(in.source));
    if (!f || f->len == 0)
        return list_page(req, resp, &st, 422,
                         N_("Choisissez un fichier CSV ou JSON (il est vide)."), v, ei);
    e = bl_app_framework_upload(req->app, &st.auth.actor, st.current->org_id, f->filename, f->data,
                                f->len, &in, id, &pe);
    if (e == BL_ETOOBIG)
        return list_page(req, resp, &st, 413, N_("Le fichier dépasse 8 Mo."), v, ei);
    if (e == BL_EINVAL || e == BL_EUTF8)
        return list_page(req, resp, &st, 400,
                         N_("Vérifiez le nom, la version et l’adresse de la source "
                            "(https://…)."),
                         v, ei);
    json_decref(v);
    if (e != BL_OK) {
        if (ei)
            *ei = pe;
        return e;
    }
    bl_resp_redirect(
        req, resp,
        bl_arena_printf(req->arena, "/espace/%s/referentiels/import/%s", st.current->org_slug, id));
    return BL_OK;
}

/* ---- preview and save ---- */

static enum bl_err preview_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                                unsigned status, const char *error, struct bl_errinfo *ei)
{
    struct bl_app_fw_input in;
    struct bl_fw_file f;
    struct bl_errinfo pe = {0};
    const char *id = bl_req_param(req, "id");
    enum bl_err e = bl_app_framework_preview(req->app, &st->auth.actor, st->current->org_id, id,
                                             req->arena, &in, &f, &pe);
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s}", "csrf", st->auth.session.csrf, "action",
        bl_arena_printf(req->arena, "/espace/%s/referentiels/import/%s", st->current->org_slug, id),
        "back", bl_arena_printf(req->arena, "/espace/%s/referentiels", st->current->org_slug));
    if (e == BL_ENOTFOUND || e == BL_EDENIED) {
        json_decref(ctx);
        if (ei)
            *ei = pe;
        return e;
    }
    if (e != BL_OK && e != BL_EDB) {
        /* The file itself cannot be read: say so, nothing per line. */
        json_object_set_new(ctx, "unreadable",
                            json_string(e == BL_ETOOBIG ? N_("Le fichier dépasse une limite "
                                                             "(8 Mo, 20 000 éléments).")
                                        : e == BL_EJSON
                                            ? N_("Le JSON est mal formé.")
                                            : N_("La première ligne doit nommer au moins "
                                                 "les colonnes « code » et « libellé ».")));
        status = 422;
    } else if (e != BL_OK) {
        json_decref(ctx);
        if (ei)
            *ei = pe;
        return e;
    } else {
        json_t *problems = json_array(), *items = json_array();
        for (size_t i = 0; i < f.n_problems; i++)
            json_array_append_new(problems, json_pack("{s:I, s:o, s:s}", "line",
                                                      (json_int_t)f.problems[i].line, "code",
                                                      str_or_empty(f.problems[i].code), "message",
                                                      f.problems[i].message));
        for (size_t i = 0; i < f.n_items && i < PREVIEW_ITEMS && f.problems_total == 0; i++)
            json_array_append_new(items, json_pack("{s:s, s:s, s:I}", "code", f.items[i].code,
                                                   "label", f.items[i].label, "depth",
                                                   (json_int_t)f.items[i].depth));
        json_object_set_new(ctx, "problems", problems);
        json_object_set_new(ctx, "items", items);
        json_object_set_new(ctx, "n_items", json_integer((json_int_t)f.n_items));
        json_object_set_new(ctx, "n_problems", json_integer((json_int_t)f.problems_total));
        json_object_set_new(ctx, "has_problems", json_boolean(f.problems_total > 0));
        json_object_set_new(ctx, "more_problems", json_boolean(f.problems_total > f.n_problems));
        json_object_set_new(ctx, "more_items", json_boolean(f.n_items > PREVIEW_ITEMS));
        json_object_set_new(ctx, "format", json_string(f.format));
        json_object_set_new(ctx, "name", str_or_empty(in.name ? in.name : f.name));
        json_object_set_new(ctx, "version", str_or_empty(in.version ? in.version : f.version));
        json_object_set_new(ctx, "ok", json_boolean(f.problems_total == 0));
        if (f.problems_total > 0 && status == 200)
            status = 422;
    }
    if (error)
        json_object_set_new(ctx, "error", json_string(error));
    return bl_staff_page(req, resp, st, status, "fw-preview.html", N_("Aperçu du référentiel"), ctx,
                         "referentiels", ei);
}

enum bl_err h_fw_preview_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return preview_page(req, resp, &st, 200, NULL, ei);
}

enum bl_err h_fw_preview_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_errinfo pe = {0};
    char uid[23];
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_framework_save(req->app, &st.auth.actor, st.current->org_id, bl_req_param(req, "id"),
                              uid, &pe);
    if (e == BL_OK) {
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/espace/%s/referentiels?enregistre=%s",
                                         st.current->org_slug, uid));
        return BL_OK;
    }
    if (e == BL_EEXISTS)
        return preview_page(req, resp, &st, 409,
                            N_("Un référentiel de ce nom et de cette version existe déjà : "
                               "importez-le à nouveau avec une autre version."),
                            ei);
    if (e == BL_EINVAL && strncmp(pe.msg, "name:", 5) == 0)
        return preview_page(
            req, resp, &st, 400,
            N_("Le référentiel n’a pas de nom : importez-le à nouveau en le nommant."), ei);
    if (e == BL_EINVAL)
        return preview_page(req, resp, &st, 422, N_("Corrigez d’abord les lignes signalées."), ei);
    if (ei)
        *ei = pe;
    return e;
}

/* ---- search (the picker) ---- */

enum bl_err h_fw_search_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_fw_item *it = NULL;
    size_t n = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *q = bl_req_query(req, "q");
    const char *badge = bl_req_query(req, "badge");
    if (badge && (strlen(badge) != 22 || strspn(badge, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                                       "qrstuvwxyz0123456789-_") != 22))
        badge = NULL;
    e = bl_app_framework_search(req->app, q, req->arena, &it, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *al = bl_app_fw_alignment(req->app, req->arena, &it[i]);
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)it[i].id,
                                        "code", it[i].code, "label", it[i].label, "framework",
                                        it[i].framework_name, "alignment", al));
    }
    if (bl_req_accepts(req) == BL_ACCEPT_JSON) {
        json_t *body = json_pack("{s:o}", "items", items);
        bl_resp_json(req, resp, 200, body, NULL);
        json_decref(body);
        return BL_OK;
    }
    json_t *ctx = json_pack(
        "{s:o, s:s, s:b, s:b, s:s, s:s}", "items", items, "q", q ? q : "", "searched",
        q && strlen(q) >= 2, "has_items", n > 0, "action",
        bl_arena_printf(req->arena, "/espace/%s/referentiels/recherche", st.current->org_slug),
        "csrf", st.auth.session.csrf);
    if (badge && st.current->role >= BL_ROLE_ISSUER) {
        json_object_set_new(ctx, "badge", json_string(badge));
        json_object_set_new(
            ctx, "align_action",
            json_string(bl_arena_printf(req->arena, "/espace/%s/badges/%s/alignements",
                                        st.current->org_slug, badge)));
        json_object_set_new(ctx, "back",
                            json_string(bl_arena_printf(req->arena, "/espace/%s/badges/%s",
                                                        st.current->org_slug, badge)));
    }
    return bl_staff_page(req, resp, &st, 200, "fw-search.html", N_("Chercher une compétence"), ctx,
                         "referentiels", ei);
}

enum bl_err h_badge_align_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_errinfo pe = {0};
    json_int_t id = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *item = bl_req_form(req, "item");
    for (const char *p = item; p && *p && id < 1000000000000LL; p++) {
        if (*p < '0' || *p > '9') {
            id = 0;
            break;
        }
        id = id * 10 + (*p - '0');
    }
    if (id <= 0)
        return bl_fail(ei, BL_EINVAL, "item: a framework item id is expected");
    const char *uid = bl_req_param(req, "uid");
    e = bl_app_badge_align(req->app, &st.auth.actor, uid, (int64_t)id, &pe);
    if (e == BL_OK)
        bl_doccache_clear(); /* the badge class document changes at once */
    if (e == BL_OK || e == BL_EEXISTS) {
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/espace/%s/badges/%s?aligne=1",
                                         st.current->org_slug, uid));
        return BL_OK;
    }
    if (ei)
        *ei = pe;
    return e;
}

/* ---- public page ---- */

enum bl_err h_fw_public_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_framework fw;
    struct bl_fw_item *it = NULL;
    size_t n = 0;
    enum bl_err e =
        bl_app_framework_get(req->app, bl_req_param(req, "uid"), req->arena, &fw, &it, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)it[i].id, "code",
                              it[i].code, "label", it[i].label, "depth", (json_int_t)it[i].depth);
        if (it[i].description)
            json_object_set_new(o, "description", json_string(it[i].description));
        if (it[i].url)
            json_object_set_new(o, "url", json_string(it[i].url));
        json_array_append_new(items, o);
    }
    json_t *ctx = json_pack("{s:s, s:s, s:o, s:I}", "name", fw.name, "version", fw.version, "items",
                            items, "n", (json_int_t)n);
    if (fw.source_url)
        json_object_set_new(ctx, "source", json_string(fw.source_url));
    e = bl_page_render(req, resp, 200, "framework.html", fw.name, ctx, ei);
    json_decref(ctx);
    return e;
}
