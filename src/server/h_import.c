/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_import.c: the CSV import pages of the issuer space (h_import.h).  The
 * file goes to the store on upload; every later page reads it from there by
 * its random id, so nothing of the preview is trusted back from the browser.
 */
#include "h_import.h"

#include <stdio.h>
#include <string.h>

#include "app/badge.h"
#include "app/import.h"
#include "core/multipart.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

/* Room left in the request body for the multipart envelope around the file. */
#define IMPORT_ENVELOPE (64u * 1024)

static size_t file_limit(const struct bl_req *req)
{
    size_t body = req->cfg->max_body;
    size_t lim = body > 2 * IMPORT_ENVELOPE ? body - IMPORT_ENVELOPE : body / 2;
    return lim < BL_CSV_MAX_BYTES ? lim : BL_CSV_MAX_BYTES;
}

static const char *base_path(struct bl_req *req)
{
    return bl_arena_printf(req->arena, "/espace/%s/badges/%s/importer", bl_req_param(req, "slug"),
                           bl_req_param(req, "uid"));
}

/* The reader's messages (csv.h, import.h) in French, with their line number. */
static const char *french(struct bl_req *req, enum bl_err e, const char *msg, size_t limit)
{
    size_t line = 0;
    const char *p = msg;
    if (strncmp(p, "line ", 5) == 0)
        for (p += 5; *p >= '0' && *p <= '9'; p++)
            line = line * 10 + (size_t)(*p - '0');
    static const struct {
        const char *en, *fr;
    } words[] = {
        {"quote opened", N_("un guillemet est ouvert et jamais fermé")},
        {"after a closing quote", N_("caractère inattendu après un guillemet fermant")},
        {"NUL byte", N_("octet nul (ce n’est pas un fichier texte)")},
        {"rows", N_("le fichier a plus de 10 000 lignes")},
        {"columns", N_("plus de 50 colonnes")},
        {"a cell is over", N_("une cellule dépasse 8 192 caractères")},
        {"BOM", N_("le texte n’est pas en UTF-8 alors que le fichier l’annonce (BOM)")},
    };
    if (e == BL_EUNSUPPORTED)
        return N_(
            "Les fichiers UTF-16 ne sont pas pris en charge : enregistrez-le en « CSV UTF-8 » "
            "ou « CSV (séparateur : point-virgule) ».");
    if (strstr(msg, "over the limit"))
        return bl_arena_printf(req->arena,
                               bl_tr(req, N_("Le fichier dépasse la taille maximale de %zu Ko.")),
                               limit / 1024);
    if (strstr(msg, "empty"))
        return N_("Le fichier est vide.");
    if (strstr(msg, "no data line"))
        return N_("Le fichier n’a qu’une ligne d’en-tête : ajoutez une ligne par personne.");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(msg, words[i].en))
            return line ? bl_arena_printf(req->arena, bl_tr(req, N_("Ligne %zu : %s.")), line,
                                          bl_tr(req, words[i].fr))
                        : bl_arena_printf(req->arena, "%s.", bl_tr(req, words[i].fr));
    return N_("Le fichier n’a pas pu être lu comme un fichier CSV.");
}

static enum bl_err form(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                        unsigned status, const char *error, struct bl_errinfo *ei)
{
    struct bl_badgeclass bc;
    enum bl_err e =
        bl_app_badge_get(req->app, &st->auth.actor, bl_req_param(req, "uid"), req->arena, &bc, ei);
    if (e != BL_OK)
        return e;
    json_t *ctx = json_pack("{s:s, s:s, s:s?, s:I}", "action", base_path(req), "badge", bc.name,
                            "error", error, "limit_ko", (json_int_t)(file_limit(req) / 1024));
    return bl_staff_page(req, resp, st, status, "import-form.html", N_("Importer un fichier CSV"),
                         ctx, "badges", ei);
}

enum bl_err h_import_form_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_app_import_allowed(req->app, &st.auth.actor, bl_req_param(req, "uid"), ei)) !=
        BL_OK)
        return e;
    return form(req, resp, &st, 200, NULL, ei);
}

enum bl_err h_import_upload_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_multipart m;
    struct bl_errinfo pe = {0};
    const char *boundary = NULL;
    char id[23];
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_app_import_allowed(req->app, &st.auth.actor, bl_req_param(req, "uid"), ei)) !=
        BL_OK)
        return e;
    if (bl_multipart_boundary(bl_req_header(req, "Content-Type"), req->arena, &boundary, &pe) !=
            BL_OK ||
        bl_multipart_parse(req->body ? req->body : (const unsigned char *)"", req->body_len,
                           boundary, req->arena, &m, &pe) != BL_OK)
        return form(req, resp, &st, 400,
                    N_("Le formulaire reçu est mal formé : choisissez à nouveau "
                       "le fichier."),
                    ei);
    const struct bl_multipart_part *f = bl_multipart_get(&m, "fichier");
    if (!f || f->len == 0)
        return form(req, resp, &st, 422, N_("Choisissez un fichier CSV (il est vide ou manquant)."),
                    ei);
    size_t limit = file_limit(req);
    e = bl_app_import_create(req->app, &st.auth.actor, bl_req_param(req, "uid"), f->filename,
                             f->data, f->len, limit, id, &pe);
    if (e == BL_EINVAL || e == BL_ETOOBIG || e == BL_EUTF8 || e == BL_EUNSUPPORTED)
        return form(req, resp, &st, e == BL_ETOOBIG ? 413 : 422, french(req, e, pe.msg, limit), ei);
    if (e != BL_OK) {
        if (ei)
            *ei = pe;
        return e;
    }
    bl_resp_redirect(req, resp, bl_arena_printf(req->arena, "%s/%s", base_path(req), id));
    return BL_OK;
}

static const char *sep_name(char c)
{
    return c == ';' ? "point-virgule" : c == '\t' ? "tabulation" : "virgule";
}

static json_t *preview_ctx(struct bl_req *req, const struct bl_import_view *v)
{
    json_t *cols = json_array(), *lines = json_array();
    for (size_t k = 0; k < v->n_cols; k++) {
        json_t *opts = json_array();
        for (int f = 0; f < BL_IMPORT_F_COUNT; f++)
            json_array_append_new(opts,
                                  json_pack("{s:s, s:s, s:b}", "key",
                                            bl_import_field_key((enum bl_import_field)f), "label",
                                            bl_import_field_label((enum bl_import_field)f),
                                            "selected", v->mapping[k] == (unsigned)f));
        json_array_append_new(cols, json_pack("{s:I, s:I, s:s, s:o}", "index", (json_int_t)k,
                                              "number", (json_int_t)(k + 1), "header",
                                              v->csv.rows[0].cells[k], "options", opts));
    }
    for (size_t i = 0; i < v->n_lines; i++) {
        const struct bl_import_line *l = &v->lines[i];
        json_array_append_new(
            lines, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:b}", "line", (json_int_t)l->line,
                             "name", l->name, "email", l->email, "phone", l->phone, "date", l->date,
                             "problem", l->problem, "existing", l->existing_uid != NULL));
    }
    size_t to_issue = v->n_good + v->n_existing;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:I, s:b, s:b, s:b, s:s}",
                     "badge", v->badge.name, "filename", v->im.filename, "encoding",
                     bl_csv_encoding_name(v->csv.encoding), "separator", sep_name(v->csv.sep),
                     "base", base_path(req), "columns", cols, "lines", lines, "n_lines",
                     (json_int_t)v->n_lines, "n_good", (json_int_t)v->n_good, "n_bad",
                     (json_int_t)v->n_bad, "n_existing", (json_int_t)v->n_existing, "can_issue",
                     to_issue > 0, "good_plural", v->n_good > 1, "bad_plural", v->n_bad > 1, "id",
                     v->im.uid);
}

static json_t *summary_ctx(struct bl_req *req, const struct bl_import_view *v)
{
    const struct bl_import *im = &v->im;
    bool running = strcmp(im->state, "done") != 0;
    json_t *ctx =
        json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "badge", v->badge.name,
                  "filename", im->filename, "base", base_path(req), "running", running, "done",
                  (json_int_t)im->done, "total", (json_int_t)im->total, "percent",
                  (json_int_t)(im->total ? 100 * im->done / im->total : 100), "issued",
                  (json_int_t)im->issued, "existing", (json_int_t)im->existing, "failed",
                  (json_int_t)im->failed, "skipped", (json_int_t)0);
    json_object_set_new(ctx, "id", json_string(im->uid));
    if (!running) {
        json_t *r = json_loads(im->results ? im->results : "[]", 0, NULL);
        json_t *rows = json_array(), *x;
        size_t i, skipped = 0;
        json_array_foreach(r, i, x)
        {
            const char *s = json_string_value(json_object_get(x, "status"));
            const char *label = !s                           ? "?"
                                : strcmp(s, "issued") == 0   ? N_("émis")
                                : strcmp(s, "existing") == 0 ? N_("déjà émis")
                                : strcmp(s, "skipped") == 0  ? N_("non émis")
                                                             : N_("échec");
            if (s && strcmp(s, "skipped") == 0)
                skipped++;
            json_t *row = json_deep_copy(x);
            json_object_set_new(row, "label", json_string(label));
            json_object_set_new(
                row, "ok",
                json_boolean(s && (strcmp(s, "issued") == 0 || strcmp(s, "existing") == 0)));
            json_array_append_new(rows, row);
        }
        json_decref(r);
        json_object_set_new(ctx, "results", rows);
        json_object_set_new(ctx, "skipped", json_integer((json_int_t)skipped));
    }
    return ctx;
}

enum bl_err h_import_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_import_view v;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_import_view(req->app, &st.auth.actor, bl_req_param(req, "uid"),
                           bl_req_param(req, "id"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    if (strcmp(v.im.state, "preview") == 0)
        return bl_staff_page(req, resp, &st, 200, "import-preview.html", N_("Aperçu de l’import"),
                             preview_ctx(req, &v), "badges", ei);
    return bl_staff_page(req, resp, &st, 200, "import-summary.html", N_("Résultat de l’import"),
                         summary_ctx(req, &v), "badges", ei);
}

enum bl_err h_import_map_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_import_view v;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_import_view(req->app, &st.auth.actor, bl_req_param(req, "uid"),
                           bl_req_param(req, "id"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    enum bl_import_field *f = bl_arena_zalloc(req->arena, (v.n_cols + 1) * sizeof *f);
    for (size_t k = 0; k < v.n_cols; k++) {
        char name[32];
        snprintf(name, sizeof name, "col%zu", k);
        enum bl_import_field x = bl_import_field_parse(bl_req_form(req, name));
        f[k] = x == BL_IMPORT_F_COUNT ? v.mapping[k] : x;
    }
    e = bl_app_import_map(req->app, &st.auth.actor, bl_req_param(req, "uid"),
                          bl_req_param(req, "id"), f, v.n_cols, ei);
    if (e != BL_OK && e != BL_EEXISTS)
        return e;
    bl_resp_redirect(req, resp,
                     bl_arena_printf(req->arena, "%s/%s", base_path(req), bl_req_param(req, "id")));
    return BL_OK;
}

enum bl_err h_import_issue_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_import_issue(req->app, &st.auth.actor, bl_req_param(req, "uid"),
                            bl_req_param(req, "id"), true, ei);
    if (e == BL_ELIMIT)
        return bl_fail(ei, BL_ELIMIT,
                       N_("Trop d’imports sont en cours d’émission : réessayez dans une minute."));
    /* Already started (a second click): the summary shows where it is. */
    if (e != BL_OK && e != BL_EEXISTS)
        return e;
    bl_resp_redirect(req, resp,
                     bl_arena_printf(req->arena, "%s/%s", base_path(req), bl_req_param(req, "id")));
    return BL_OK;
}

enum bl_err h_import_state_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_import_view v;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_import_view(req->app, &st.auth.actor, bl_req_param(req, "uid"),
                           bl_req_param(req, "id"), req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    json_t *j = json_pack("{s:s, s:I, s:I}", "state", v.im.state, "done", (json_int_t)v.im.done,
                          "total", (json_int_t)v.im.total);
    bl_resp_json(req, resp, 200, j, NULL);
    json_decref(j);
    return BL_OK;
}

void bl_import_fini(void)
{
    bl_app_import_drain();
}
