/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_opportunity.c: the opportunities of an organisation in the issuer space
 * (app/opportunity.h).
 *
 *   GET  /espace/{slug}/opportunites                      list
 *   GET  /espace/{slug}/opportunites/nouvelle             empty form
 *   POST /espace/{slug}/opportunites/nouvelle             search badges (action=chercher) or create
 *   GET  /espace/{slug}/opportunites/{uid}                detail and the applications
 *   GET  /espace/{slug}/opportunites/{uid}/modifier       form with the current values
 *   POST /espace/{slug}/opportunites/{uid}/modifier       search badges or save
 *   POST /espace/{slug}/candidatures/{app}/reponse        answer an application
 *   POST /espace/{slug}/candidatures/{app}/issue          record its outcome
 *
 * The requirement picker works without script: the form's "Chercher"
 * button posts the form back with ?q, and the page comes back with the
 * badge classes of the whole network that match as checkboxes, the ones
 * already chosen kept checked.  An applicant shows only what they shared.
 */
#include <string.h>

#include "app/opportunity.h"
#include "app/pathway.h"
#include "app/docs.h"
#include "app/public.h"
#include "core/etag.h"
#include "h_opportunity.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

/* Badge classes a form may carry (chosen ones plus search results). */
#define FORM_BADGES_MAX (BL_APP_OPP_REQ_MAX + BL_APP_OPP_FIND_MAX)

struct field_err {
    const char *id, *msg;
};
struct form_errs {
    struct field_err e[12];
    size_t n;
};

static const char *const KIND_LABELS[][2] = {{"emploi", N_("Emploi")},
                                             {"entretien", N_("Entretien d’embauche")},
                                             {"immersion", N_("Immersion en entreprise")},
                                             {"apprentissage", N_("Apprentissage")},
                                             {"formation", N_("Place en formation")}};

static void add_err(struct form_errs *fe, const char *id, const char *msg)
{
    for (size_t i = 0; i < fe->n; i++)
        if (strcmp(fe->e[i].id, id) == 0)
            return;
    if (fe->n < sizeof fe->e / sizeof fe->e[0])
        fe->e[fe->n++] = (struct field_err){id, msg};
}

static const char *kind_label(const char *k)
{
    for (size_t i = 0; i < sizeof KIND_LABELS / sizeof KIND_LABELS[0]; i++)
        if (k && strcmp(k, KIND_LABELS[i][0]) == 0)
            return KIND_LABELS[i][1];
    return N_("Opportunité");
}

const char *bl_opp_status_fr(const char *s)
{
    static const char *const t[][2] = {{"sent", N_("Envoyée")},
                                       {"seen", N_("Vue")},
                                       {"interview", N_("Entretien proposé")},
                                       {"accepted", N_("Acceptée")},
                                       {"refused", N_("Refusée")},
                                       {"withdrawn", N_("Retirée")}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (s && strcmp(s, t[i][0]) == 0)
            return t[i][1];
    return "";
}

const char *bl_opp_outcome_fr(const char *s)
{
    if (s && strcmp(s, "hired") == 0)
        return N_("Embauché·e");
    if (s && strcmp(s, "not_retained") == 0)
        return "Pas retenu·e";
    if (s && strcmp(s, "no_follow_up") == 0)
        return "Sans suite";
    return "";
}

const char *bl_opp_kind_fr(const char *k)
{
    return kind_label(k);
}

/* "JJ/MM/AAAA" of "AAAA-MM-JJ", "" for "". */
const char *bl_opp_day_fr(struct bl_arena *a, const char *d)
{
    if (!d || strlen(d) != 10)
        return "";
    return bl_arena_printf(a, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}

static bool can_issue(const struct bl_staff *st)
{
    return st->current && st->current->role >= BL_ROLE_ISSUER;
}

/* ---- list ---- */

enum bl_err h_opps_list_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_opp *rows = NULL;
    size_t n = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_opp_list(req->app, &st.auth.actor, st.current->org_id, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    const char *slug = st.current->org_slug;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b}", "title", rows[i].title, "kind",
                      kind_label(rows[i].kind), "href",
                      bl_arena_printf(req->arena, "/espace/%s/opportunites/%s", slug, rows[i].uid),
                      "place", rows[i].place, "end", bl_opp_day_fr(req->arena, rows[i].end_date),
                      "applications", (json_int_t)rows[i].applications, "closed",
                      strcmp(rows[i].status, "open") != 0));
    json_t *ctx = json_pack("{s:o, s:b, s:b, s:s}", "opps", items, "empty", n == 0, "can_create",
                            can_issue(&st), "new",
                            bl_arena_printf(req->arena, "/espace/%s/opportunites/nouvelle", slug));
    return bl_staff_page(req, resp, &st, 200, "opps.html", N_("Opportunités"), ctx, "opportunites",
                         ei);
}

/* ---- the form ---- */

static const char *trimmed(struct bl_req *req, const char *name)
{
    const char *s = bl_req_form(req, name);
    if (!s)
        return "";
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return bl_arena_strndup(req->arena, s, n);
}

/*
 * The form context: values f, kinds, and the badge checkboxes: chosen
 * (checked) first, then the search results not chosen.
 */
static json_t *form_ctx(struct bl_req *req, const struct bl_staff *st, json_t *f, const char *kind,
                        json_t *chosen, const char *q, bool searched)
{
    json_t *kinds = json_array();
    for (size_t i = 0; i < sizeof KIND_LABELS / sizeof KIND_LABELS[0]; i++)
        json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "id", KIND_LABELS[i][0], "label",
                                               KIND_LABELS[i][1], "selected",
                                               kind && strcmp(kind, KIND_LABELS[i][0]) == 0));
    json_t *badges = json_deep_copy(chosen);
    json_t *found = json_array();
    if (searched) {
        struct bl_opp_req *rows = NULL;
        size_t n = 0;
        struct bl_errinfo sei = {0};
        if (bl_app_opp_badge_find(req->app, &st->auth.actor, st->current->org_id, q, req->arena,
                                  &rows, &n, &sei) == BL_OK)
            for (size_t i = 0; i < n; i++) {
                bool have = false;
                for (size_t k = 0; k < json_array_size(chosen); k++)
                    have =
                        have ||
                        strcmp(json_string_value(json_object_get(json_array_get(chosen, k), "uid")),
                               rows[i].badge_uid) == 0;
                if (!have)
                    json_array_append_new(found,
                                          json_pack("{s:s, s:s, s:s, s:b}", "uid",
                                                    rows[i].badge_uid, "name", rows[i].badge_name,
                                                    "issuer", rows[i].org_name, "checked", false));
            }
    }
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:s, s:b, s:b, s:b}", "f", f, "kinds", kinds,
                            "badges", badges, "found", found, "q", q ? q : "", "searched", searched,
                            "no_found", searched && json_array_size(found) == 0, "no_badges",
                            json_array_size(badges) == 0);
    return ctx;
}

/*
 * The pathway picker: none, the organisation's pathways not archived, and
 * the one the opportunity names (current, 0: none), kept even when archived
 * or of another organisation of the network.  The posted choice, else the
 * current one, is selected.
 */
static json_t *pathway_options(struct bl_req *req, const struct bl_staff *st, int64_t current)
{
    struct bl_app_pathway_view *rows = NULL;
    struct bl_pathway_row cur;
    struct bl_errinfo pei = {0};
    size_t n = 0;
    const char *chosen = bl_req_form(req, "pathway");
    bool have_cur =
        current > 0 && bl_app_opp_pathway(req->app, &st->auth.actor, st->current->org_id, NULL,
                                          current, req->arena, &cur, &pei) == BL_OK;
    json_t *a = json_array();

    if (!chosen)
        chosen = have_cur ? cur.uid : "";
    if (have_cur)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:b}", "uid", cur.uid, "name", cur.name,
                                           "archived", cur.archived != 0, "selected",
                                           strcmp(chosen, cur.uid) == 0));
    if (bl_app_pathway_list(req->app, &st->auth.actor, st->current->org_id, false, req->arena,
                            &rows, &n, &pei) != BL_OK)
        n = 0;
    for (size_t i = 0; i < n; i++)
        if (!have_cur || rows[i].row.id != cur.id)
            json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:b}", "uid", rows[i].row.uid,
                                               "name", rows[i].row.name, "archived", false,
                                               "selected", strcmp(chosen, rows[i].row.uid) == 0));
    return a;
}

/* The posted pathway into in->pathway_id (bl_app_opp_pathway_pick); a refusal next to the field. */
static void form_pathway(struct bl_req *req, const struct bl_staff *st, int64_t current,
                         struct bl_app_opp_input *in, struct form_errs *fe)
{
    struct bl_errinfo pei = {0};
    enum bl_err e =
        bl_app_opp_pathway_pick(req->app, &st->auth.actor, st->current->org_id, current,
                                bl_req_form(req, "pathway"), req->arena, &in->pathway_id, &pei);
    if (e == BL_EINVAL && strstr(pei.msg, "archived"))
        add_err(fe, "pathway",
                N_("Ce parcours est archivé : il ne peut plus être demandé. Choisissez un "
                   "parcours actif, ou aucun."));
    else if (e != BL_OK)
        add_err(fe, "pathway", N_("Choisissez un parcours dans la liste."));
}

static enum bl_err render_form(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                               unsigned status, json_t *ctx, const char *uid, int64_t pathway_id,
                               const struct form_errs *fe, struct bl_errinfo *ei)
{
    const char *slug = st->current->org_slug;
    json_object_set_new(ctx, "pathways", pathway_options(req, st, pathway_id));
    json_t *errs = json_array(), *err = json_object();
    for (size_t i = 0; fe && i < fe->n; i++) {
        json_array_append_new(errs,
                              json_pack("{s:s, s:s}", "id", fe->e[i].id, "msg", fe->e[i].msg));
        json_object_set_new(err, fe->e[i].id, json_string(fe->e[i].msg));
    }
    json_object_set_new(ctx, "errors", errs);
    json_object_set_new(ctx, "has_errors", json_boolean(fe && fe->n > 0));
    json_object_set_new(ctx, "err", err);
    json_object_set_new(ctx, "editing", json_boolean(uid != NULL));
    json_object_set_new(
        ctx, "action",
        json_string(
            uid ? bl_arena_printf(req->arena, "/espace/%s/opportunites/%s/modifier", slug, uid)
                : bl_arena_printf(req->arena, "/espace/%s/opportunites/nouvelle", slug)));
    json_object_set_new(
        ctx, "cancel",
        json_string(uid ? bl_arena_printf(req->arena, "/espace/%s/opportunites/%s", slug, uid)
                        : bl_arena_printf(req->arena, "/espace/%s/opportunites", slug)));
    const char *title = uid ? N_("Modifier l’opportunité") : N_("Proposer une opportunité");
    json_object_set_new(ctx, "title", json_string(title));
    return bl_staff_page(req, resp, st, status, "opp-form.html", title, ctx, "opportunites", ei);
}

/* The use case's "field: ..." message in French next to its field. */
static void app_error(const char *msg, struct form_errs *fe)
{
    size_t k = strcspn(msg, ":");
    if (strncmp(msg, "title", k) == 0 && k == 5)
        add_err(fe, "title",
                strstr(msg, "required") ? N_("Donnez un titre à l’opportunité.")
                                        : N_("Le titre doit faire 200 caractères au plus, sans "
                                             "caractère invisible."));
    else if (strncmp(msg, "description", k) == 0 && k == 11)
        add_err(fe, "description", N_("La description doit faire 8000 caractères au plus."));
    else if (strncmp(msg, "place", k) == 0 && k == 5)
        add_err(fe, "place", N_("Le lieu doit faire 200 caractères au plus."));
    else if (strncmp(msg, "kind", k) == 0 && k == 4)
        add_err(fe, "kind", N_("Choisissez le type d’opportunité dans la liste."));
    else if (strncmp(msg, "start_date", k) == 0 && k == 10)
        add_err(fe, "start_date", N_("La date de début doit être une date valide (AAAA-MM-JJ)."));
    else if (strncmp(msg, "end_date", k) == 0 && k == 8)
        add_err(fe, "end_date",
                strstr(msg, "before")
                    ? N_("La date de fin ne peut pas précéder la date de début.")
                    : N_("La date de fin doit être une date valide (AAAA-MM-JJ)."));
    else if (strncmp(msg, "places", k) == 0 && k == 6)
        add_err(fe, "places", N_("Indiquez un nombre de places entre 1 et 10 000."));
    else if (strncmp(msg, "badges", k) == 0 && k == 6)
        add_err(fe, "badges",
                strstr(msg, "required")
                    ? N_("Choisissez au moins un badge demandé : cherchez-le par son nom.")
                    : N_("Choisissez 20 badges au plus, parmi ceux que la recherche propose."));
    else
        add_err(fe, "title",
                N_("L’opportunité n’a pas pu être enregistrée : vérifiez les champs."));
}

/* A whole number 1..max written in decimal digits only, in *out (max + 9 must fit). */
static bool form_count(const char *s, int64_t max, int64_t *out)
{
    int64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= max / 10; p++)
        v = v * 10 + (*p - '0');
    *out = v;
    return !*p && p != s && v >= 1 && v <= max;
}

/*
 * Read the posted form: input for the use case, and the context to show it
 * again.  The edit form carries the version it was filled from: the save is
 * based on it, so a change made meanwhile (the API, another tab) is not
 * silently undone.  Absent (a form older than versions): last write wins;
 * not a version: -1, which never matches.
 */
static json_t *read_form(struct bl_req *req, struct bl_app_opp_input *in, const char **uids,
                         struct form_errs *fe)
{
    memset(in, 0, sizeof *in);
    in->kind = trimmed(req, "kind");
    in->title = trimmed(req, "title");
    in->description = trimmed(req, "description");
    in->place = trimmed(req, "place");
    in->start_date = trimmed(req, "start_date");
    in->end_date = trimmed(req, "end_date");
    in->closed = strcmp(trimmed(req, "closed"), "1") == 0;
    const char *places = trimmed(req, "places");
    if (!form_count(places, BL_APP_OPP_PLACES_MAX, &in->places))
        add_err(fe, "places", N_("Indiquez un nombre de places entre 1 et 10 000."));
    const char *version = trimmed(req, "version");
    if (*version && !form_count(version, BL_ETAG_VERSION_MAX, &in->version))
        in->version = -1;
    /* Said here too, so that every field's error shows at once, not one round after another. */
    if (!*in->title)
        add_err(fe, "title", N_("Donnez un titre à l’opportunité."));
    if (*in->start_date && *in->end_date && strcmp(in->end_date, in->start_date) < 0)
        add_err(fe, "end_date", N_("La date de fin ne peut pas précéder la date de début."));
    size_t n = bl_req_form_all(req, "badge", uids, FORM_BADGES_MAX);
    in->badge_uids = uids;
    in->n_badges = n;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "title", in->title, "description",
                     in->description, "place", in->place, "start_date", in->start_date, "end_date",
                     in->end_date, "places", places, "closed", in->closed, "version", version);
}

/* The chosen badges of a posted form as checkboxes (names looked up again: never trusted). */
static json_t *chosen_from_form(struct bl_req *req, const char **uids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        struct bl_app_view v;
        struct bl_errinfo vei = {0};
        if (bl_app_view(req->app, BL_VIEW_BADGE, uids[i], req->arena, &v, &vei) != BL_OK)
            continue;
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "uid", v.badge.uid, "name",
                                           v.badge.name, "issuer", v.org.name, "checked", true));
    }
    return a;
}

/*
 * Changed by someone else since the form was filled: the posted values are
 * shown again over the version read now (f's "version", and the pathway it
 * names in *pathway_id), so that saving them again is a choice made knowing.
 */
static enum bl_err stale_again(struct bl_req *req, const struct bl_staff *st, const char *uid,
                               json_t *f, int64_t *pathway_id, struct bl_errinfo *ei)
{
    struct bl_opp o;
    struct bl_opp_req *reqs = NULL;
    size_t n = 0;
    enum bl_err e = bl_app_opp_get(req->app, &st->auth.actor, st->current->org_id, uid, req->arena,
                                   &o, &reqs, &n, ei);
    if (e == BL_OK) {
        json_object_set_new(f, "version",
                            json_string(bl_arena_printf(req->arena, "%lld", (long long)o.version)));
        *pathway_id = o.pathway_id;
    }
    return e;
}

static enum bl_err form_post(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                             const char *uid, int64_t pathway_id, struct bl_errinfo *ei)
{
    struct bl_app_opp_input in;
    struct form_errs fe = {0};
    const char *uids[FORM_BADGES_MAX];
    char out_uid[23];
    if (bl_req_form_status(req) != BL_OK)
        return bl_fail(ei, BL_EINVAL, N_("Le formulaire reçu est mal formé. Réessayez l’envoi."));
    json_t *f = read_form(req, &in, uids, &fe);
    form_pathway(req, st, pathway_id, &in, &fe);
    const char *q = trimmed(req, "q");
    bool search = strcmp(trimmed(req, "action"), "chercher") == 0;
    json_t *chosen = chosen_from_form(req, uids, in.n_badges);
    if (search) {
        json_t *ctx = form_ctx(req, st, f, in.kind, chosen, q, true);
        json_decref(chosen);
        return render_form(req, resp, st, 200, ctx, uid, pathway_id, NULL, ei);
    }
    if (fe.n == 0) {
        struct bl_errinfo aei = {0};
        enum bl_err e = bl_app_opp_save(req->app, &st->auth.actor, st->current->org_id, uid, &in,
                                        out_uid, &aei);
        if (e == BL_OK) {
            json_decref(f);
            json_decref(chosen);
            bl_resp_redirect(req, resp,
                             bl_arena_printf(req->arena, "/espace/%s/opportunites/%s",
                                             st->current->org_slug, out_uid));
            return BL_OK;
        }
        if (e == BL_ESTALE && uid && stale_again(req, st, uid, f, &pathway_id, &aei) == BL_OK) {
            json_t *ctx = form_ctx(req, st, f, in.kind, chosen, q, *q != '\0');
            json_decref(chosen);
            json_object_set_new(ctx, "stale", json_true());
            return render_form(req, resp, st, 409, ctx, uid, pathway_id, NULL, ei);
        }
        if (e != BL_EINVAL) {
            json_decref(f);
            json_decref(chosen);
            return bl_fail(ei, e, "%s", aei.msg);
        }
        app_error(aei.msg, &fe);
    }
    json_t *ctx = form_ctx(req, st, f, in.kind, chosen, q, *q != '\0');
    json_decref(chosen);
    return render_form(req, resp, st, 422, ctx, uid, pathway_id, &fe, ei);
}

enum bl_err h_opp_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "offering an opportunity needs the issuer role");
    json_t *f = json_pack("{s:s}", "places", "1");
    json_t *none = json_array();
    json_t *ctx = form_ctx(req, &st, f, "emploi", none, "", false);
    json_decref(none);
    return render_form(req, resp, &st, 200, ctx, NULL, 0, NULL, ei);
}

enum bl_err h_opp_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "offering an opportunity needs the issuer role");
    return form_post(req, resp, &st, NULL, 0, ei);
}

enum bl_err h_opp_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_opp o;
    struct bl_opp_req *reqs = NULL;
    size_t n = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_opp_get(req->app, &st.auth.actor, st.current->org_id, bl_req_param(req, "uid"),
                       req->arena, &o, &reqs, &n, ei);
    if (e != BL_OK)
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "changing an opportunity needs the issuer role");
    json_t *chosen = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(chosen, json_pack("{s:s, s:s, s:s, s:b}", "uid", reqs[i].badge_uid,
                                                "name", reqs[i].badge_name, "issuer",
                                                reqs[i].org_name, "checked", true));
    json_t *f =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "title", o.title, "description",
                  o.description, "place", o.place, "start_date", o.start_date, "end_date",
                  o.end_date, "places", bl_arena_printf(req->arena, "%lld", (long long)o.places),
                  "closed", strcmp(o.status, "open") != 0, "version",
                  bl_arena_printf(req->arena, "%lld", (long long)o.version));
    json_t *ctx = form_ctx(req, &st, f, o.kind, chosen, "", false);
    json_decref(chosen);
    return render_form(req, resp, &st, 200, ctx, o.uid, o.pathway_id, NULL, ei);
}

enum bl_err h_opp_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_opp o;
    struct bl_opp_req *reqs = NULL;
    size_t n = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_opp_get(req->app, &st.auth.actor, st.current->org_id, bl_req_param(req, "uid"),
                       req->arena, &o, &reqs, &n, ei);
    if (e != BL_OK)
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "changing an opportunity needs the issuer role");
    return form_post(req, resp, &st, o.uid, o.pathway_id, ei);
}

/* ---- detail and applications ---- */

enum bl_err h_opp_detail_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_opp o;
    struct bl_opp_req *reqs = NULL;
    struct bl_app_opp_applicant *apps = NULL;
    size_t n = 0, n_apps = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *uid = bl_req_param(req, "uid");
    e = bl_app_opp_get(req->app, &st.auth.actor, st.current->org_id, uid, req->arena, &o, &reqs, &n,
                       ei);
    if (e == BL_OK)
        e = bl_app_opp_applications(req->app, &st.auth.actor, st.current->org_id, uid, req->arena,
                                    &apps, &n_apps, ei);
    if (e != BL_OK)
        return e;
    struct bl_app *app = req->app;
    const char *slug = st.current->org_slug;
    json_t *rq = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rq, json_pack("{s:s, s:s, s:s}", "name", reqs[i].badge_name, "issuer",
                                            reqs[i].org_name, "href",
                                            bl_app_badge_url(req->arena, app, reqs[i].badge_uid)));
    json_t *list = json_array();
    for (size_t i = 0; i < n_apps; i++) {
        const struct bl_application *a = &apps[i].a;
        json_t *aw = json_array();
        for (size_t k = 0; k < apps[i].n_awards; k++)
            json_array_append_new(
                aw, json_pack("{s:s, s:s, s:b}", "name", apps[i].awards[k].badge_name, "href",
                              bl_arena_printf(req->arena, "%s/awards/%s", app->base_url,
                                              apps[i].awards[k].uid),
                              "revoked", apps[i].awards[k].revoked_at != 0));
        const char *base = bl_arena_printf(req->arena, "/espace/%s/candidatures/%s", slug, a->uid);
        json_t *one =
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:s, s:s}", "id", a->uid,
                      "first_name", a->first_name, "contact", a->contact, "message", a->message,
                      "status", bl_opp_status_fr(a->status), "answer", a->answer, "awards", aw,
                      "outcome", bl_opp_outcome_fr(a->outcome), "outcome_id", a->outcome,
                      "withdrawn", strcmp(a->status, "withdrawn") == 0, "answer_action",
                      bl_arena_printf(req->arena, "%s/reponse", base), "outcome_action",
                      bl_arena_printf(req->arena, "%s/issue", base));
        static const char *const st_ids[] = {"seen", "interview", "accepted", "refused"};
        json_t *choices = json_array();
        for (size_t k = 0; k < 4; k++)
            json_array_append_new(
                choices, json_pack("{s:s, s:s, s:s, s:b}", "id", st_ids[k], "fid",
                                   bl_arena_printf(req->arena, "s-%s-%s", st_ids[k], a->uid),
                                   "label", bl_opp_status_fr(st_ids[k]), "checked",
                                   strcmp(a->status, st_ids[k]) == 0));
        json_object_set_new(one, "statuses", choices);
        static const char *const oc_ids[] = {"hired", "not_retained", "no_follow_up"};
        json_t *oc = json_array();
        for (size_t k = 0; k < 3; k++)
            json_array_append_new(
                oc, json_pack("{s:s, s:s, s:s, s:b}", "id", oc_ids[k], "fid",
                              bl_arena_printf(req->arena, "o-%s-%s", oc_ids[k], a->uid), "label",
                              bl_opp_outcome_fr(oc_ids[k]), "checked",
                              strcmp(a->outcome, oc_ids[k]) == 0));
        json_object_set_new(one, "outcomes", oc);
        json_array_append_new(list, one);
    }
    json_t *opp = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:I}", "title", o.title,
                            "kind", kind_label(o.kind), "description", o.description, "place",
                            o.place, "start", bl_opp_day_fr(req->arena, o.start_date), "end",
                            bl_opp_day_fr(req->arena, o.end_date), "places", (json_int_t)o.places,
                            "closed", strcmp(o.status, "open") != 0, "places_left",
                            (json_int_t)(o.accepted < o.places ? o.places - o.accepted : 0));
    json_t *ctx = json_pack(
        "{s:o, s:o, s:o, s:b, s:b, s:s, s:s}", "opp", opp, "requirements", rq, "applications", list,
        "no_applications", n_apps == 0, "can_answer", can_issue(&st), "edit_href",
        bl_arena_printf(req->arena, "/espace/%s/opportunites/%s/modifier", slug, o.uid),
        "list_href", bl_arena_printf(req->arena, "/espace/%s/opportunites", slug));
    json_object_set_new(ctx, "opp_uid", json_string(o.uid));
    if (o.pathway_id)
        json_object_set_new(ctx, "pathway", json_true());
    return bl_staff_page(req, resp, &st, 200, "opp-detail.html", o.title, ctx, "opportunites", ei);
}

/* Back to the opportunity of the application after an answer or an outcome. */
static enum bl_err back_to_opp(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                               struct bl_errinfo *ei)
{
    const char *opp = bl_req_form(req, "opportunity");
    if (!opp || strlen(opp) != 22 ||
        strspn(opp, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    "0123456789-_") != 22)
        return bl_fail(ei, BL_EINVAL, "opportunity: missing");
    bl_resp_redirect(req, resp,
                     bl_arena_printf(req->arena, "/espace/%s/opportunites/%s#c-%s",
                                     st->current->org_slug, opp, bl_req_param(req, "app")));
    return BL_OK;
}

enum bl_err h_opp_answer_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *status = bl_req_form(req, "status"), *msg = bl_req_form(req, "answer");
    e = bl_app_opp_answer(req->app, &st.auth.actor, st.current->org_id, bl_req_param(req, "app"),
                          status ? status : "", msg ? msg : "", ei);
    if (e == BL_EINVAL)
        return bl_fail(ei, BL_EINVAL,
                       N_("Réponse non enregistrée : choisissez une réponse dans la liste, et un "
                          "message de 2000 caractères au plus."));
    if (e == BL_EEXISTS && strncmp(ei->msg, "places:", 7) == 0) {
        struct bl_opp o;
        struct bl_opp_req *rq;
        size_t nrq;
        const char *opp = bl_req_form(req, "opportunity");
        struct bl_errinfo oei = {0};
        long long places = 0;
        if (opp && bl_app_opp_get(req->app, &st.auth.actor, st.current->org_id, opp, req->arena, &o,
                                  &rq, &nrq, &oei) == BL_OK)
            places = (long long)o.places;
        return bl_fail(
            ei, BL_EEXISTS, "%s",
            bl_arena_printf(req->arena,
                            bl_tr(req, N_("Candidature non acceptée : toutes les places "
                                          "de cette opportunité (%lld) sont déjà prises. "
                                          "Passez une autre candidature acceptée à "
                                          "« refusée » pour libérer une place.")),
                            places));
    }
    if (e == BL_EEXISTS)
        return bl_fail(ei, BL_EEXISTS, N_("Cette candidature a été retirée par la personne."));
    return e == BL_OK ? back_to_opp(req, resp, &st, ei) : e;
}

enum bl_err h_opp_outcome_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *outcome = bl_req_form(req, "outcome");
    e = bl_app_opp_outcome(req->app, &st.auth.actor, st.current->org_id, bl_req_param(req, "app"),
                           outcome ? outcome : "", ei);
    if (e == BL_EINVAL)
        return bl_fail(ei, BL_EINVAL, N_("Issue non enregistrée : choisissez-la dans la liste."));
    if (e == BL_EEXISTS)
        return bl_fail(ei, BL_EEXISTS, N_("Cette candidature a été retirée par la personne."));
    return e == BL_OK ? back_to_opp(req, resp, &st, ei) : e;
}
