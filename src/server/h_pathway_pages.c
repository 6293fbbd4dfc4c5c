/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_pathway_pages.c: the pathway pages of the issuer space.
 *
 *   GET  /espace/{slug}/parcours            list with the funnel counts of each pathway
 *   GET  /espace/{slug}/parcours/nouveau    form (issuer role and up)
 *   POST /espace/{slug}/parcours/nouveau    create, then 303 to the pathway's page
 *   GET  /espace/{slug}/parcours/{uid}      steps, funnel chart (SVG), people's progress
 *   POST /espace/{slug}/parcours/{uid}/archiver   archive (issuer role), 303 to the page
 *   POST /espace/{slug}/parcours/{uid}/reactiver  bring it back, 303 to the page
 *
 * The list leaves archived pathways out unless ?archives=1, like the badge list.
 *
 * The form covers the common case (badges all required, optionally in
 * order, plus "any k of these", an optional delay, a milestone badge) and
 * builds the JSON definition of core/pathway.h from it; a textarea takes a
 * whole definition for nested groups.  The app checks everything.
 */
#include <string.h>

#include <jansson.h>

#include "app/badge.h"
#include "app/opportunity.h"
#include "app/pathway.h"
#include "core/buf.h"
#include "core/chart.h"
#include "core/csvout.h"
#include "core/json.h"
#include "core/pathway.h"
#include "h_pathway.h"
#include "staff.h"
#include "i18n.h"

/* People listed on a pathway's page (the most advanced). */
#define PEOPLE_SHOWN 50u
/* Badge classes offered by the form. */
#define FORM_BADGES_MAX 200u
/* Longest delay offered by the form, in days. */
#define WINDOW_DAYS_MAX 3660

struct ferr {
    json_t *list; /* [{id, msg}] for the summary */
    json_t *by;   /* {id: msg} next to the fields */
};

static void add_err(struct ferr *fe, const char *id, const char *msg)
{
    if (json_object_get(fe->by, id))
        return;
    json_array_append_new(fe->list, json_pack("{s:s, s:s}", "id", id, "msg", msg));
    json_object_set_new(fe->by, id, json_string(msg));
}

static bool can_issue(const struct bl_staff *st)
{
    return st->current && st->current->role >= BL_ROLE_ISSUER;
}

enum bl_err h_pathways_page(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_app_pathway_view *rows = NULL;
    size_t n = 0;
    enum bl_err e;

    const char *arch = bl_req_query(req, "archives");
    bool archives = arch && strcmp(arch, "1") == 0;

    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_pathway_list(req->app, &st.auth.actor, st.current->org_id, archives, req->arena,
                            &rows, &n, ei);
    if (e != BL_OK)
        return e;
    const char *slug = st.current->org_slug;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:s?, s:I, s:I, s:I, s:b}", "name", rows[i].row.name, "href",
                      bl_arena_printf(req->arena, "/espace/%s/parcours/%s", slug, rows[i].row.uid),
                      "goal", rows[i].goal_badge_name, "started",
                      (json_int_t)rows[i].funnel.started, "halfway",
                      (json_int_t)rows[i].funnel.halfway, "completed",
                      (json_int_t)rows[i].funnel.completed, "archived", rows[i].row.archived != 0));
    json_t *ctx = json_pack(
        "{s:o, s:b, s:b, s:s, s:b, s:s}", "pathways", items, "empty", n == 0, "can_create",
        can_issue(&st), "new", bl_arena_printf(req->arena, "/espace/%s/parcours/nouveau", slug),
        "archives", archives, "toggle",
        bl_arena_printf(req->arena, "/espace/%s/parcours%s", slug, archives ? "" : "?archives=1"));
    return bl_staff_page(req, resp, &st, 200, "pathways.html", "Parcours", ctx, "parcours", ei);
}

/* ---- the form ---- */

static bool listed(const char *const *v, size_t n, const char *uid)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], uid) == 0)
            return true;
    return false;
}

/* A positive number of at most max from a form field; 0 when empty, -1 when bad. */
static long small_number(const char *s, long max)
{
    long v = 0;

    if (!s || !*s)
        return 0;
    for (; *s >= '0' && *s <= '9' && v <= max; s++)
        v = v * 10 + (*s - '0');
    return *s || v < 1 || v > max ? -1 : v;
}

static enum bl_err render_form(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                               unsigned status, struct ferr *fe, struct bl_errinfo *ei)
{
    struct bl_badgeclass *b = NULL;
    size_t n = 0;
    const char *req_v[FORM_BADGES_MAX], *ch_v[FORM_BADGES_MAX];
    size_t nreq = bl_req_form_all(req, "required", req_v, FORM_BADGES_MAX);
    size_t nch = bl_req_form_all(req, "choice", ch_v, FORM_BADGES_MAX);
    const char *goal = bl_req_form(req, "goal");
    enum bl_err e = bl_app_badge_list(req->app, &st->auth.actor, st->current->org_id, 0,
                                      FORM_BADGES_MAX, req->arena, &b, &n, ei);

    if (e != BL_OK)
        return e;
    nreq = nreq < FORM_BADGES_MAX ? nreq : FORM_BADGES_MAX;
    nch = nch < FORM_BADGES_MAX ? nch : FORM_BADGES_MAX;
    json_t *badges = json_array();
    for (size_t i = 0; i < n; i++) {
        if (b[i].archived)
            continue;
        json_array_append_new(badges,
                              json_pack("{s:s, s:s, s:b, s:b, s:b}", "uid", b[i].uid, "name",
                                        b[i].name, "req", listed(req_v, nreq, b[i].uid), "ch",
                                        listed(ch_v, nch, b[i].uid), "goal",
                                        goal && strcmp(goal, b[i].uid) == 0));
    }
    const char *f_names[] = {"name", "description", "choice_need", "window", "definition"};
    json_t *f = json_object();
    for (size_t i = 0; i < sizeof f_names / sizeof f_names[0]; i++) {
        const char *v = bl_req_form(req, f_names[i]);
        json_object_set_new(f, f_names[i], json_string(v ? v : ""));
    }
    if (!bl_req_form(req, "choice_need"))
        json_object_set_new(f, "choice_need", json_string("1"));
    json_object_set_new(f, "ordered", json_boolean(bl_req_form(req, "ordered") != NULL));
    const char *slug = st->current->org_slug;
    json_t *ctx = json_pack("{s:o, s:o, s:b, s:s, s:s}", "badges", badges, "f", f, "no_badges",
                            json_array_size(badges) == 0, "action",
                            bl_arena_printf(req->arena, "/espace/%s/parcours/nouveau", slug),
                            "cancel", bl_arena_printf(req->arena, "/espace/%s/parcours", slug));
    if (fe) {
        json_object_set(ctx, "errors", fe->list);
        json_object_set(ctx, "err", fe->by);
        json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(fe->list) > 0));
    }
    return bl_staff_page(req, resp, st, status, "pathway-form.html", N_("Créer un parcours"), ctx,
                         "parcours", ei);
}

enum bl_err h_pathway_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;

    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!can_issue(&st))
        return bl_fail(ei, BL_EDENIED, "creating a pathway needs the issuer role");
    return render_form(req, resp, &st, 200, NULL, ei);
}

/* Badge steps "b1".."bN" for the uids, appended to steps; their ids into ids. */
static void badge_steps(json_t *steps, json_t *ids, const char *const *uids, size_t n,
                        const struct bl_badgeclass *b, size_t nb, size_t *counter)
{
    char id[32];

    for (size_t i = 0; i < n; i++) {
        const char *title = NULL;
        for (size_t j = 0; j < nb; j++)
            if (strcmp(b[j].uid, uids[i]) == 0)
                title = b[j].name;
        (void)snprintf(id, sizeof id, "b%zu", ++*counter);
        json_t *s = json_pack("{s:s, s:s}", "id", id, "badge", uids[i]);
        if (title)
            json_object_set_new(s, "title", json_string(title));
        json_array_append_new(steps, s);
        json_array_append_new(ids, json_string(id));
    }
}

/* The definition the simple form describes, or NULL with errors in fe. */
static char *form_definition(struct bl_req *req, const struct bl_staff *st, struct ferr *fe)
{
    const char *req_v[FORM_BADGES_MAX], *ch_v[FORM_BADGES_MAX];
    size_t nreq = bl_req_form_all(req, "required", req_v, FORM_BADGES_MAX);
    size_t nch = bl_req_form_all(req, "choice", ch_v, FORM_BADGES_MAX);
    long need = small_number(bl_req_form(req, "choice_need"), BL_PATHWAY_MAX_CHILDREN);
    long days = small_number(bl_req_form(req, "window"), WINDOW_DAYS_MAX);
    struct bl_badgeclass *b = NULL;
    size_t nb = 0, counter = 0;
    struct bl_errinfo ei;

    if (nreq > BL_PATHWAY_MAX_CHILDREN)
        add_err(fe, "required", "Au plus 64 badges obligatoires.");
    if (nch > BL_PATHWAY_MAX_CHILDREN)
        add_err(fe, "choice", N_("Au plus 64 badges au choix."));
    if (nreq + nch == 0)
        add_err(fe, "required", N_("Choisissez au moins un badge obligatoire ou au choix."));
    for (size_t i = 0; i < nreq && i < FORM_BADGES_MAX; i++)
        if (listed(ch_v, nch < FORM_BADGES_MAX ? nch : FORM_BADGES_MAX, req_v[i]))
            add_err(fe, "choice",
                    N_("Un badge ne peut pas être à la fois obligatoire et au choix."));
    if (nch > 0 && (need < 1 || (size_t)need > nch))
        add_err(
            fe, "choice_need",
            bl_arena_printf(req->arena, bl_tr(req, N_("Indiquez un nombre entre 1 et %zu.")), nch));
    if (days < 0)
        add_err(fe, "window", N_("Indiquez un nombre de jours entre 1 et 3660, ou laissez vide."));
    if (json_array_size(fe->list) > 0)
        return NULL;
    if (bl_app_badge_list(req->app, &st->auth.actor, st->current->org_id, 0, FORM_BADGES_MAX,
                          req->arena, &b, &nb, &ei) != BL_OK)
        nb = 0;

    json_t *steps = json_array(), *top = json_array(), *reqs = json_array(), *chs = json_array();
    badge_steps(steps, reqs, req_v, nreq, b, nb, &counter);
    badge_steps(steps, chs, ch_v, nch, b, nb, &counter);
    if (nreq > 1 && bl_req_form(req, "ordered") != NULL) {
        /* The required badges in list order, as one ordered group. */
        json_array_append_new(steps,
                              json_pack("{s:s, s:s, s:O, s:b}", "id", "obligatoires", "title",
                                        "Badges obligatoires", "steps", reqs, "ordered", 1));
        json_array_append_new(top, json_string("obligatoires"));
    } else {
        json_array_extend(top, reqs);
    }
    if (nch > 0) {
        json_array_append_new(steps, json_pack("{s:s, s:s, s:I, s:O}", "id", "au-choix", "title",
                                               "Au choix", "need", (json_int_t)need, "steps", chs));
        json_array_append_new(top, json_string("au-choix"));
    }
    json_t *root =
        json_pack("{s:s, s:s, s:O}", "id", "parcours", "title", "Parcours", "steps", top);
    if (days > 0)
        json_object_set_new(root, "window", json_integer((json_int_t)days * 86400));
    json_array_append_new(steps, root);
    json_t *def = json_pack("{s:i, s:s, s:o}", "version", 1, "root", "parcours", "steps", steps);
    struct bl_buf buf;
    char *out = NULL;
    bl_buf_init(&buf, 2u * BL_PATHWAY_JSON_MAX);
    if (bl_json_dump(def, JSON_COMPACT, &buf, &ei) == BL_OK)
        out = bl_arena_strndup(req->arena, (const char *)buf.p, buf.len);
    bl_buf_free(&buf);
    json_decref(def);
    json_decref(top);
    json_decref(reqs);
    json_decref(chs);
    return out;
}

enum bl_err h_pathway_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct ferr fe = {json_array(), json_object()};
    enum bl_err e;
    char uid[23];

    if (!bl_staff_load(req, resp, &st, &e, ei))
        goto out;
    if (!can_issue(&st)) {
        e = bl_fail(ei, BL_EDENIED, "creating a pathway needs the issuer role");
        goto out;
    }
    const char *name = bl_req_form(req, "name"), *text = bl_req_form(req, "definition");
    bool advanced = text && *text;
    if (!name || !*name)
        add_err(&fe, "name", N_("Indiquez le nom du parcours."));
    struct bl_app_pathway_input in = {
        .name = name,
        .description = bl_req_form(req, "description"),
        .definition_json = advanced ? text : form_definition(req, &st, &fe),
        .goal_badge_uid = bl_req_form(req, "goal"),
    };
    if (json_array_size(fe.list) == 0) {
        struct bl_errinfo aei = {0};
        e = bl_app_pathway_create(req->app, &st.auth.actor, st.current->org_id, &in, uid, &aei);
        if (e == BL_OK) {
            bl_resp_redirect(req, resp,
                             bl_arena_printf(req->arena, "/espace/%s/parcours/%s?ok=cree",
                                             st.current->org_slug, uid));
            goto out;
        }
        if (e == BL_EDENIED || e == BL_ENOTFOUND || e == BL_EDB || e == BL_ERETRY) {
            e = bl_fail(ei, e, "%s", aei.msg);
            goto out;
        }
        /* The app names the field first ("definition: ..."); its detail is kept as is. */
        if (strncmp(aei.msg, "name", 4) == 0)
            add_err(&fe, "name", N_("Le nom est trop long ou contient des caractères refusés."));
        else if (strncmp(aei.msg, "description", 11) == 0)
            add_err(&fe, "description",
                    N_("La description est trop longue ou contient des "
                       "caractères refusés."));
        else if (strncmp(aei.msg, "goal_badge", 10) == 0)
            add_err(&fe, "goal",
                    N_("Le badge d’étape ne peut pas être une étape de son propre "
                       "parcours."));
        else
            add_err(&fe, advanced ? "definition" : "required",
                    bl_arena_printf(req->arena, bl_tr(req, N_("La définition est refusée (%s).")),
                                    aei.msg));
    }
    e = render_form(req, resp, &st, 422, &fe, ei);
out:
    json_decref(fe.list);
    json_decref(fe.by);
    return e;
}

/* ---- one pathway ---- */

/* A French sentence for step s of pw (badge names from b). */
static const char *describe(struct bl_req *req, const struct bl_pathway *pw, uint32_t s,
                            const struct bl_badgeclass *b, size_t nb, unsigned depth)
{
    const struct bl_pathway_step *st = &pw->steps[s];

    if (st->kind == BL_PATHWAY_BADGE) {
        for (size_t j = 0; j < nb; j++)
            if (strcmp(b[j].uid, st->badge) == 0)
                return bl_arena_printf(req->arena, bl_tr(req, N_("le badge « %s »")), b[j].name);
        return bl_arena_printf(req->arena, bl_tr(req, N_("le badge %s")), st->badge);
    }
    if (depth > 3)
        return bl_tr(req, N_("un groupe d’étapes"));
    struct bl_buf o;
    bl_buf_init(&o, 8192);
    enum bl_err e = st->k == st->n ? bl_buf_puts(&o, bl_tr(req, N_("tous ces éléments")))
                                   : bl_buf_printf(&o, bl_tr(req, N_("au moins %u parmi")), st->k);
    if (e == BL_OK && st->ordered)
        e = bl_buf_puts(&o, bl_tr(req, N_(" (dans l’ordre)")));
    if (e == BL_OK && st->window)
        e = bl_buf_printf(&o, bl_tr(req, N_(" (en %lld jours au plus)")),
                          (long long)(st->window / 86400));
    if (e == BL_OK)
        e = bl_buf_puts(&o, " : ");
    for (uint32_t j = 0; j < st->n && e == BL_OK; j++)
        e = bl_buf_printf(&o, "%s%s", j ? " ; " : "",
                          describe(req, pw, st->child[j], b, nb, depth + 1));
    const char *r = e == BL_OK ? bl_arena_strndup(req->arena, (const char *)o.p, o.len)
                               : bl_tr(req, N_("un groupe d’étapes"));
    bl_buf_free(&o);
    return r;
}

/* s with its first (ASCII) letter in capital, in the arena. */
static const char *capital(struct bl_req *req, const char *s)
{
    char *c = bl_arena_strdup(req->arena, s);
    if (c[0] >= 'a' && c[0] <= 'z')
        c[0] = (char)(c[0] - 'a' + 'A');
    return c;
}

/* The root's rule into *intro, and one line per child of the root. */
static json_t *steps_text(struct bl_req *req, const struct bl_staff *st, const char *definition,
                          const char **intro)
{
    struct bl_pathway *pw = NULL;
    struct bl_badgeclass *b = NULL;
    size_t nb = 0;
    struct bl_errinfo ei;
    json_t *out = json_array();

    *intro = "";
    if (bl_pathway_parse(definition, strlen(definition), &pw, &ei) != BL_OK)
        return out;
    if (bl_app_badge_list(req->app, &st->auth.actor, st->current->org_id, 0, FORM_BADGES_MAX,
                          req->arena, &b, &nb, &ei) != BL_OK)
        nb = 0;
    const struct bl_pathway_step *root = &pw->steps[pw->root];
    if (root->kind == BL_PATHWAY_BADGE) {
        json_array_append_new(
            out, json_pack("{s:s}", "text", capital(req, describe(req, pw, pw->root, b, nb, 0))));
    } else {
        const char *when =
            root->window ? bl_arena_printf(req->arena, bl_tr(req, N_(", en %lld jours au plus")),
                                           (long long)(root->window / 86400))
                         : "";
        *intro =
            root->k == root->n
                ? bl_arena_printf(req->arena, bl_tr(req, N_("Il faut tout ce qui suit%s%s.")),
                                  root->ordered ? bl_tr(req, N_(", dans l’ordre")) : "", when)
                : bl_arena_printf(
                      req->arena, bl_tr(req, N_("Il faut au moins %u des étapes qui suivent%s%s.")),
                      root->k, root->ordered ? bl_tr(req, N_(", dans l’ordre")) : "", when);
        for (uint32_t j = 0; j < root->n; j++) {
            const char *d = capital(req, describe(req, pw, root->child[j], b, nb, 1));
            json_array_append_new(out, json_pack("{s:s}", "text", d));
        }
    }
    bl_pathway_free(pw);
    return out;
}

/*
 * The open opportunities that still name archived pathway v: nobody who
 * had not finished it can qualify, so staff should close or change them.
 * Those of an organisation the staff member belongs to link to its page;
 * the others (partners of the network) show their title and organisation.
 */
static enum bl_err naming_ctx(struct bl_req *req, const struct bl_staff *st,
                              const struct bl_app_pathway_view *v, json_t *ctx,
                              struct bl_errinfo *ei)
{
    struct bl_app_opp_naming *rows;
    size_t n;
    enum bl_err e =
        bl_app_opp_naming_pathway(req->app, &st->auth.actor, v->row.id, req->arena, &rows, &n, ei);

    if (e != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s?}", "title", rows[i].title, "org", rows[i].org_name, "href",
                      rows[i].member ? bl_arena_printf(req->arena, "/espace/%s/opportunites/%s",
                                                       rows[i].org_slug, rows[i].uid)
                                     : NULL));
    json_object_set_new(ctx, "naming", list);
    json_object_set_new(ctx, "has_naming", json_boolean(n > 0));
    return BL_OK;
}

/* The archived state of v on its page: the notice, the flash, the button. */
static void archive_ctx(struct bl_req *req, const struct bl_staff *st,
                        const struct bl_app_pathway_view *v, const char *ok, json_t *ctx)
{
    const char *path =
        bl_arena_printf(req->arena, "/espace/%s/parcours/%s/%s", st->current->org_slug, v->row.uid,
                        v->row.archived ? "reactiver" : "archiver");
    json_object_set_new(ctx, "archived", json_boolean(v->row.archived != 0));
    if (v->row.archived)
        json_object_set_new(ctx, "archived_on", json_string(bl_req_date(req, v->row.archived)));
    json_object_set_new(ctx, "flash_archived", json_boolean(ok && strcmp(ok, "archive") == 0));
    json_object_set_new(ctx, "flash_restored", json_boolean(ok && strcmp(ok, "reactive") == 0));
    if (can_issue(st))
        json_object_set_new(ctx, "archive_action", json_string(path));
    json_object_set_new(ctx, "csrf", json_string(st->auth.session.csrf));
}

/* Pathway uid, if it is one of the organisation in the address; "not found" otherwise. */
static enum bl_err pathway_here(struct bl_req *req, const struct bl_staff *st, const char *uid,
                                struct bl_app_pathway_view *v, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_pathway_get(req->app, &st->auth.actor, uid, req->arena, v, ei);
    if (e == BL_OK && v->row.org_id != st->current->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no pathway %.40s here", uid);
    return e;
}

enum bl_err h_pathway_page(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_app_pathway_view v;
    struct bl_pathway_progress *people = NULL;
    size_t np = 0;
    enum bl_err e;

    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *uid = bl_req_param(req, "uid");
    e = pathway_here(req, &st, uid, &v, ei);
    if (e == BL_OK)
        e = bl_app_pathway_progress(req->app, &st.auth.actor, uid, 0, PEOPLE_SHOWN, req->arena,
                                    &people, &np, ei);
    if (e != BL_OK)
        return e;
    struct bl_chart_bar bars[] = {
        {bl_tr(req, N_("Commencé")), v.funnel.started},
        {bl_tr(req, N_("À mi-parcours")), v.funnel.halfway},
        {bl_tr(req, N_("Terminé")), v.funnel.completed},
        {bl_tr(req, N_("Opportunité obtenue")), 0}, /* opportunities come later (issue 9) */
    };
    const char *desc = bl_arena_printf(req->arena,
                                       bl_tr(req, N_("%lld jeune(s) ont commencé le parcours, %lld "
                                                     "sont à mi-parcours ou plus, %lld l’ont "
                                                     "terminé.")),
                                       (long long)v.funnel.started, (long long)v.funnel.halfway,
                                       (long long)v.funnel.completed);
    struct bl_buf svg;
    bl_buf_init(&svg, BL_CHART_SVG_MAX);
    e = bl_chart_svg(&svg, BL_CHART_BARS, "entonnoir", bl_tr(req, N_("Entonnoir du parcours")),
                     desc, bars, 4, ei);
    if (e != BL_OK) {
        bl_buf_free(&svg);
        return e;
    }
    json_t *funnel = json_array();
    for (size_t i = 0; i < 4; i++)
        json_array_append_new(funnel, json_pack("{s:s, s:I}", "label", bars[i].label, "value",
                                                (json_int_t)bars[i].value));
    json_t *rows = json_array();
    for (size_t i = 0; i < np; i++) {
        char d[BL_DATE_FR_LEN];
        const char *done =
            people[i].completed_at && bl_date_fr(people[i].completed_at, d, NULL) == BL_OK
                ? bl_arena_strdup(req->arena, d)
                : NULL;
        json_array_append_new(rows,
                              json_pack("{s:s, s:I, s:s?}", "who", people[i].person_key, "percent",
                                        (json_int_t)(people[i].progress_pm / 10), "done", done));
    }
    const char *ok = bl_req_query(req, "ok"), *intro;
    json_t *steps = steps_text(req, &st, v.row.definition_json, &intro);
    /* The SVG is ours, every label in it escaped by bl_chart_svg: inserted raw by pathway.html. */
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s?, s:o, s:s%, s:s, s:o, s:o, s:b, s:I, s:I, s:b, s:s}", "name", v.row.name,
        "description", v.row.description ? v.row.description : "", "goal", v.goal_badge_name,
        "steps", steps, "svg", (const char *)svg.p, svg.len, "desc", desc, "funnel", funnel,
        "people", rows, "has_people", np > 0, "shown", (json_int_t)np, "withdrawn",
        (json_int_t)v.funnel.withdrawn, "created", ok && strcmp(ok, "cree") == 0, "back",
        bl_arena_printf(req->arena, "/espace/%s/parcours", st.current->org_slug));
    bl_buf_free(&svg);
    json_object_set_new(ctx, "steps_intro", json_string(intro));
    archive_ctx(req, &st, &v, ok, ctx);
    if (v.row.archived && (e = naming_ctx(req, &st, &v, ctx, ei)) != BL_OK) {
        json_decref(ctx);
        return e;
    }
    if (v.funnel.withdrawn == 0) /* a 0 would still open the section */
        json_object_set_new(ctx, "withdrawn", json_null());
    return bl_staff_page(req, resp, &st, 200, "pathway.html", v.row.name, ctx, "parcours", ei);
}

/* POST .../archiver and .../reactiver: the same use case, the state from the address. */
static enum bl_err archive_post(struct bl_req *req, struct bl_resp *resp, bool archived,
                                struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_app_pathway_view v;
    enum bl_err e;

    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *uid = bl_req_param(req, "uid");
    e = pathway_here(req, &st, uid, &v, ei);
    if (e == BL_OK)
        e = bl_app_pathway_archive(req->app, &st.auth.actor, uid, archived, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/espace/%s/parcours/%s?ok=%s",
                                         st.current->org_slug, v.row.uid,
                                         archived ? "archive" : "reactive"));
    return e;
}

enum bl_err h_pathway_archive_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return archive_post(req, resp, true, ei);
}

enum bl_err h_pathway_restore_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return archive_post(req, resp, false, ei);
}
