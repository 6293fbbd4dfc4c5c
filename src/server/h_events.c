/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_events.c: the event pages of the issuer space (docs/internals/event.md).
 *
 *   GET  /espace/{slug}/evenements                      list
 *   GET  /espace/{slug}/evenements/nouveau              form (issuer role)
 *   POST /espace/{slug}/evenements/nouveau              create, then to the detail page
 *   GET  /espace/{slug}/evenements/{uid}                detail: statistics, claims, approval
 *   GET  /espace/{slug}/evenements/{uid}/modifier       form with the current values
 *   POST /espace/{slug}/evenements/{uid}/modifier       update
 *   POST /espace/{slug}/evenements/{uid}/approuver      issue the chosen (or all) waiting claims
 *   GET  /espace/{slug}/evenements/{uid}/affiche        A4 poster (token good for the window)
 *   GET  /espace/{slug}/evenements/{uid}/ecran          tablet page, rotating QR code
 *   GET  /espace/{slug}/evenements/{uid}/qr.svg         the current rotating QR code
 *   GET  /espace/{slug}/evenements/{uid}/qr.png         ?affiche=1: the poster's, else rotating
 *   GET  /espace/{slug}/evenements/{uid}/stand          stand mode: ?badge= the stand's badge
 *   GET  /espace/{slug}/evenements/{uid}/stand/remettre ?code=: confirm (what a personal QR opens)
 *   POST /espace/{slug}/evenements/{uid}/stand/remettre award the stand badge (idempotent)
 */
#include <string.h>

#include "app/badge.h"
#include "app/event.h"
#include "core/buf.h"
#include "core/chart.h"
#include "core/qr.h"
#include "h_events.h"
#include "paris.h"
#include "page.h"
#include "staff.h"
#include "i18n.h"

#define STAND_COOKIE     "bl_stand" /* the stand badge chosen on this staff phone */
#define STAND_COOKIE_AGE (24 * 3600)
#define FORM_INT_MAX     9

static bool may_issue(const struct bl_staff *st)
{
    return st->current && st->current->role >= BL_ROLE_ISSUER;
}

/* The event of the route, in the current org; "not found" otherwise. */
static enum bl_err load_event(struct bl_req *req, const struct bl_staff *st, struct bl_event *ev,
                              struct bl_event_badge **badges, size_t *nb, struct bl_errinfo *ei)
{
    const char *uid = bl_req_param(req, "uid");
    enum bl_err e =
        bl_app_event_get(req->app, &st->auth.actor, uid, req->arena, ev, badges, nb, ei);
    if (e == BL_OK && ev->org_id != st->current->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no event %.40s here", uid ? uid : "");
    return e;
}

/* The signed-in staff member, then the event of the route; false with *e set otherwise. */
static bool staff_event(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                        struct bl_event *ev, struct bl_event_badge **badges, size_t *nb,
                        enum bl_err *e, struct bl_errinfo *ei)
{
    if (!bl_staff_load(req, resp, st, e, ei))
        return false;
    *e = load_event(req, st, ev, badges, nb, ei);
    return *e == BL_OK;
}

static const char *event_path(struct bl_req *req, const struct bl_staff *st, const char *uid,
                              const char *rest)
{
    return bl_arena_printf(req->arena, "/espace/%s/evenements/%s%s", st->current->org_slug, uid,
                           rest ? rest : "");
}

/* "dd/mm/yyyy à HHhMM" (Paris) in the page's language; "" for 0. */
static const char *when_of(struct bl_req *req, int64_t t)
{
    const char *d = bl_paris_format(req->arena, t, false); /* "YYYY-MM-DDTHH:MM" */
    if (strlen(d) < 16)
        return d;
    return bl_arena_printf(req->arena, bl_tr(req, N_("%.2s/%.2s/%.4s à %.2sh%.2s")), d + 8, d + 5,
                           d, d + 11, d + 14);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* ---- list ---------------------------------------------------------------------- */

enum bl_err h_events_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event *rows = NULL;
    size_t n = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_app_event_list(req->app, &st.auth.actor, st.current->org_id, req->arena, &rows, &n,
                               ei)) != BL_OK)
        return e;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "href",
                                               event_path(req, &st, rows[i].uid, NULL), "name",
                                               rows[i].name, "place", or_empty(rows[i].place),
                                               "starts", when_of(req, rows[i].starts_at), "badge",
                                               rows[i].participation_badge_name));
    json_t *ctx = json_pack(
        "{s:o, s:b, s:b, s:s}", "events", items, "none", n == 0, "can_create", may_issue(&st),
        "new", bl_arena_printf(req->arena, "/espace/%s/evenements/nouveau", st.current->org_slug));
    e = bl_staff_page(req, resp, &st, 200, "events.html", N_("Événements"), ctx, "evenements", ei);
    return e;
}

/* ---- create and edit ------------------------------------------------------------ */

struct event_form {
    const char *name, *place, *starts, *ends, *claim_from, *claim_until, *capacity, *pin, *rotate,
        *participation;
    bool approval;
    const char *stands[BL_EVENT_STANDS_MAX + 1];
    size_t n_stands;
};

static void read_form(struct bl_req *req, struct event_form *f)
{
    memset(f, 0, sizeof *f);
    f->name = bl_req_form(req, "name");
    f->place = bl_req_form(req, "place");
    f->starts = bl_req_form(req, "starts");
    f->ends = bl_req_form(req, "ends");
    f->claim_from = bl_req_form(req, "claim_from");
    f->claim_until = bl_req_form(req, "claim_until");
    f->capacity = bl_req_form(req, "capacity");
    f->pin = bl_req_form(req, "pin");
    f->rotate = bl_req_form(req, "rotate");
    f->participation = bl_req_form(req, "participation");
    f->approval = bl_req_form(req, "approval") != NULL;
    f->n_stands = bl_req_form_all(req, "stands", f->stands, BL_EVENT_STANDS_MAX + 1);
}

static void from_event(struct bl_req *req, const struct bl_event *ev,
                       const struct bl_event_badge *b, size_t nb, struct event_form *f)
{
    memset(f, 0, sizeof *f);
    f->name = ev->name;
    f->place = ev->place;
    f->starts = bl_paris_format(req->arena, ev->starts_at, false);
    f->ends = bl_paris_format(req->arena, ev->ends_at, false);
    f->claim_from = bl_paris_format(req->arena, ev->claim_from, false);
    f->claim_until = bl_paris_format(req->arena, ev->claim_until, false);
    f->capacity = ev->capacity ? bl_arena_printf(req->arena, "%lld", (long long)ev->capacity) : "";
    f->pin = ev->pin;
    f->rotate = bl_arena_printf(req->arena, "%lld", (long long)ev->rotate_s);
    f->participation = ev->participation_badge_uid;
    f->approval = ev->approval;
    for (size_t i = 1; i < nb && f->n_stands < BL_EVENT_STANDS_MAX; i++)
        f->stands[f->n_stands++] = b[i].uid;
}

static bool small_int(const char *s, int64_t *out)
{
    int64_t n = 0;
    size_t len = s ? strlen(s) : 0;
    *out = 0;
    if (len == 0)
        return true;
    if (len > FORM_INT_MAX || strspn(s, "0123456789") != len)
        return false;
    for (; *s; s++)
        n = n * 10 + (*s - '0');
    *out = n;
    return true;
}

/* French message of a field named by the app's message; *field is the form field id. */
static const char *field_message(const char *msg, const char **field)
{
    static const char *const map[][3] = {
        {"name", "name", N_("Indiquez le nom de l’événement (200 caractères au plus).")},
        {"place", "place", N_("Le lieu est trop long (200 caractères au plus).")},
        {"starts_at", "starts", N_("Indiquez la date et l’heure de début.")},
        {"ends_at", "ends",
         N_("Indiquez une fin après le début (un événement dure 31 jours au plus).")},
        {"claim_until", "claim_until",
         N_("La période de réception doit finir après son début (31 jours au plus).")},
        {"capacity", "capacity", N_("La capacité est un nombre entre 0 (sans limite) et 100 000.")},
        {"pin", "pin", N_("Le code PIN est fait de 4 à 8 chiffres.")},
        {"rotate_s", "rotate", N_("Le code QR change toutes les 10 à 600 secondes.")},
        {"participation_badge", "participation", N_("Choisissez le badge de participation.")},
        {"stands", "stands", N_("Choisissez au plus 20 badges de stand parmi vos badges.")},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i][0]);
        if (strncmp(msg, map[i][0], n) == 0 && msg[n] == ':') {
            *field = map[i][1];
            return map[i][2];
        }
    }
    *field = NULL;
    return NULL;
}

static bool listed(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], s) == 0)
            return true;
    return false;
}

static enum bl_err form_page(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                             unsigned status, const char *action, const char *title,
                             const struct event_form *f, json_t *errors, struct bl_errinfo *ei)
{
    struct bl_badgeclass *badges = NULL;
    size_t nb = 0;
    enum bl_err e = bl_app_badge_list(req->app, &st->auth.actor, st->current->org_id, 0,
                                      BL_STORE_PAGE_MAX, req->arena, &badges, &nb, ei);
    if (e != BL_OK)
        return e;
    json_t *opts = json_array(), *summary = json_array();
    for (size_t i = 0; i < nb; i++)
        json_array_append_new(
            opts,
            json_pack("{s:s, s:s, s:b, s:b, s:I}", "uid", badges[i].uid, "name", badges[i].name,
                      "participation",
                      f->participation && strcmp(f->participation, badges[i].uid) == 0, "stand",
                      listed(f->stands, f->n_stands, badges[i].uid), "i", (json_int_t)i));
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v)
    {
        json_array_append_new(summary, json_pack("{s:s, s:O}", "field", key, "message", v));
    }
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}, s:O, s:o, s:b, "
        "s:o, s:b}",
        "action", action, "heading", title, "csrf", st->auth.session.csrf, "v", "name",
        or_empty(f->name), "place", or_empty(f->place), "starts", or_empty(f->starts), "ends",
        or_empty(f->ends), "claim_from", or_empty(f->claim_from), "claim_until",
        or_empty(f->claim_until), "capacity", or_empty(f->capacity), "pin", or_empty(f->pin),
        "rotate", f->rotate && *f->rotate ? f->rotate : "30", "approval", f->approval, "e", errors,
        "errors", summary, "failed", json_array_size(summary) > 0, "badges", opts, "no_badges",
        nb == 0);
    e = bl_staff_page(req, resp, st, status, "event-form.html", title, ctx, "evenements", ei);
    return e;
}

/* Validate and save the form; BL_OK with *uid set, or errors filled (then BL_EINVAL). */
static enum bl_err save(struct bl_req *req, const struct bl_staff *st, const char *uid,
                        const struct event_form *f, json_t *errors, char out_uid[23],
                        struct bl_errinfo *ei)
{
    struct bl_app_event_input in = {
        .name = f->name,
        .place = f->place && *f->place ? f->place : NULL,
        .pin = f->pin && *f->pin ? f->pin : NULL,
        .approval = f->approval,
        .participation_badge_uid = f->participation,
        .stand_badge_uids = f->stands,
        .n_stands = f->n_stands,
    };
    if (f->starts && *f->starts && !bl_paris_parse(f->starts, &in.starts_at))
        json_object_set_new(errors, "starts", json_string(N_("Date de début invalide.")));
    if (f->ends && *f->ends && !bl_paris_parse(f->ends, &in.ends_at))
        json_object_set_new(errors, "ends", json_string(N_("Date de fin invalide.")));
    if (f->claim_from && *f->claim_from && !bl_paris_parse(f->claim_from, &in.claim_from))
        json_object_set_new(errors, "claim_from", json_string(N_("Date invalide.")));
    if (f->claim_until && *f->claim_until && !bl_paris_parse(f->claim_until, &in.claim_until))
        json_object_set_new(errors, "claim_until", json_string(N_("Date invalide.")));
    if (!in.claim_from != !in.claim_until)
        json_object_set_new(errors, "claim_until",
                            json_string(N_("Donnez le début et la fin de la période de réception, "
                                           "ou aucun des deux (les dates de l’événement).")));
    if (!small_int(f->capacity, &in.capacity))
        json_object_set_new(errors, "capacity",
                            json_string(N_("La capacité est un nombre entier (0 : sans limite).")));
    if (!small_int(f->rotate, &in.rotate_s))
        json_object_set_new(errors, "rotate", json_string(N_("Un nombre de secondes.")));
    if (json_object_size(errors) > 0)
        return BL_EINVAL;
    enum bl_err e =
        uid ? bl_app_event_update(req->app, &st->auth.actor, uid, &in, ei)
            : bl_app_event_create(req->app, &st->auth.actor, st->current->org_id, &in, out_uid, ei);
    if (e == BL_EINVAL || e == BL_ETOOBIG) {
        const char *field = NULL, *msg = field_message(ei->msg, &field);
        if (field) {
            json_object_set_new(errors, field, json_string(msg));
            return BL_EINVAL;
        }
    }
    return e;
}

enum bl_err h_event_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct event_form f;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!may_issue(&st))
        return bl_fail(ei, BL_EDENIED, "creating an event needs the issuer role");
    memset(&f, 0, sizeof f);
    json_t *errors = json_object();
    e = form_page(
        req, resp, &st, 200,
        bl_arena_printf(req->arena, "/espace/%s/evenements/nouveau", st.current->org_slug),
        N_("Nouvel événement"), &f, errors, ei);
    json_decref(errors);
    return e;
}

enum bl_err h_event_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct event_form f;
    char uid[23];
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!may_issue(&st))
        return bl_fail(ei, BL_EDENIED, "creating an event needs the issuer role");
    read_form(req, &f);
    json_t *errors = json_object();
    e = save(req, &st, NULL, &f, errors, uid, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, event_path(req, &st, uid, "?ok=cree"));
    else if (e == BL_EINVAL)
        e = form_page(
            req, resp, &st, 400,
            bl_arena_printf(req->arena, "/espace/%s/evenements/nouveau", st.current->org_slug),
            N_("Nouvel événement"), &f, errors, ei);
    json_decref(errors);
    return e;
}

enum bl_err h_event_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    struct bl_event_badge *b = NULL;
    size_t nb = 0;
    struct event_form f;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, &b, &nb, &e, ei))
        return e;
    if (!may_issue(&st))
        return bl_fail(ei, BL_EDENIED, "changing an event needs the issuer role");
    from_event(req, &ev, b, nb, &f);
    json_t *errors = json_object();
    e = form_page(req, resp, &st, 200, event_path(req, &st, ev.uid, "/modifier"),
                  N_("Modifier l’événement"), &f, errors, ei);
    json_decref(errors);
    return e;
}

enum bl_err h_event_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    struct event_form f;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *uid = bl_req_param(req, "uid");
    if ((e = load_event(req, &st, &ev, NULL, NULL, ei)) != BL_OK)
        return e;
    if (!may_issue(&st))
        return bl_fail(ei, BL_EDENIED, "changing an event needs the issuer role");
    read_form(req, &f);
    json_t *errors = json_object();
    e = save(req, &st, uid, &f, errors, NULL, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, event_path(req, &st, uid, "?ok=modifie"));
    else if (e == BL_EINVAL)
        e = form_page(req, resp, &st, 400, event_path(req, &st, uid, "/modifier"),
                      N_("Modifier l’événement"), &f, errors, ei);
    json_decref(errors);
    return e;
}

/* ---- detail ---------------------------------------------------------------------- */

static const char *status_label(int s)
{
    return s == BL_CLAIM_ISSUED ? N_("reçu") : s == BL_CLAIM_REJECTED ? N_("refusé") : "en attente";
}

static enum bl_err chart(struct bl_req *req, const struct bl_event *ev,
                         const struct bl_app_event_stats *s, json_t *ctx, struct bl_errinfo *ei)
{
    struct bl_chart_bar bars[BL_CHART_BARS_MAX];
    size_t n = s->hours < BL_CHART_BARS_MAX ? s->hours : BL_CHART_BARS_MAX;
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t h = s->hour0 + (int64_t)i * 3600;
        const char *when = when_of(req, h), *iso = bl_paris_format(req->arena, h, false);
        bars[i].label = strlen(iso) < 16 ? when
                                         : bl_arena_printf(req->arena, bl_tr(req, N_("%.2sh%.2s")),
                                                           iso + 11, iso + 14);
        bars[i].value = s->per_hour[i];
        json_array_append_new(
            rows, json_pack("{s:s, s:I}", "label", when, "value", (json_int_t)s->per_hour[i]));
    }
    struct bl_buf b;
    bl_buf_init(&b, BL_CHART_SVG_MAX);
    enum bl_err e = bl_chart_svg(
        &b, BL_CHART_COLUMNS, "claims-per-hour", bl_tr(req, N_("Réceptions par heure")),
        bl_arena_printf(req->arena,
                        bl_tr(req, N_("Badges de participation reçus par heure, "
                                      "« %s »")),
                        ev->name),
        bars, n, ei);
    if (e == BL_OK)
        /* The SVG is ours, every label escaped by bl_chart_svg: inserted raw by the template. */
        json_object_set_new(
            ctx, "chart", json_pack("{s:s%, s:o}", "svg", (const char *)b.p, b.len, "rows", rows));
    else
        json_decref(rows);
    bl_buf_free(&b);
    return e;
}

enum bl_err h_event_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    struct bl_event_badge *b = NULL;
    struct bl_event_claim *claims = NULL;
    struct bl_app_event_stats s;
    struct bl_need *needs = NULL;
    size_t nb = 0, nc = 0, nn = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = load_event(req, &st, &ev, &b, &nb, ei)) != BL_OK ||
        (e = bl_app_event_claims(req->app, &st.auth.actor, &ev, -1, req->arena, &claims, &nc,
                                 ei)) != BL_OK ||
        (e = bl_app_event_stats(req->app, &st.auth.actor, &ev, &s, ei)) != BL_OK ||
        (e = bl_app_event_needs(req->app, &st.auth.actor, ev.uid, req->arena, &needs, &nn, ei)) !=
            BL_OK)
        return e;
    json_t *rows = json_array(), *stands = json_array(), *answers = json_array();
    /* The needs board is network-wide: every member may open these needs. */
    for (size_t i = 0; i < nn; i++)
        json_array_append_new(answers,
                              json_pack("{s:s, s:s, s:s}", "title", needs[i].title, "org",
                                        needs[i].org_name, "href",
                                        bl_arena_printf(req->arena, "/espace/%s/besoins/%s",
                                                        st.current->org_slug, needs[i].uid)));
    for (size_t i = 0; i < nc; i++) {
        const struct bl_event_claim *c = &claims[i];
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:b, s:s?}", "id",
                                              (json_int_t)c->id, "first_name", c->first_name,
                                              "code", c->code, "at", when_of(req, c->claimed_at),
                                              "status", status_label(c->status), "award",
                                              c->award_uid, "waiting", c->status != BL_CLAIM_ISSUED,
                                              "contact", c->email ? c->email : c->phone));
    }
    for (size_t i = 1; i < nb; i++)
        json_array_append_new(
            stands,
            json_pack("{s:s, s:s}", "name", b[i].name, "href",
                      event_path(req, &st, ev.uid,
                                 bl_arena_printf(req->arena, "/stand?badge=%s", b[i].uid))));
    const char *ok = bl_req_query(req, "ok"), *flash = NULL;
    if (ok && strcmp(ok, "cree") == 0)
        flash = N_("L’événement a été créé.");
    else if (ok && strcmp(ok, "modifie") == 0)
        flash = N_("L’événement a été modifié.");
    else if (ok && strcmp(ok, "approuve") == 0)
        flash = bl_arena_printf(req->arena, bl_tr(req, N_("%s badge(s) émis.")),
                                or_empty(bl_req_query(req, "n")));
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:b, "
        "s:b, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}",
        "name", ev.name, "place", or_empty(ev.place), "starts", when_of(req, ev.starts_at), "ends",
        when_of(req, ev.ends_at), "claim_from", when_of(req, ev.claim_from), "claim_until",
        when_of(req, ev.claim_until), "badge", ev.participation_badge_name, "pin", ev.pin,
        "approval", ev.approval, "capacity", (json_int_t)ev.capacity, "issued",
        (json_int_t)s.issued, "pending", (json_int_t)s.pending, "stand_awards",
        (json_int_t)s.stand_awards, "total", (json_int_t)(s.issued + s.pending + s.rejected),
        "claims", rows, "stands", stands, "can_issue", may_issue(&st), "has_pending", s.pending > 0,
        "edit", event_path(req, &st, ev.uid, "/modifier"), "poster",
        event_path(req, &st, ev.uid, "/affiche"), "screen", event_path(req, &st, ev.uid, "/ecran"),
        "approve", event_path(req, &st, ev.uid, "/approuver"), "csrf", st.auth.session.csrf,
        "flash", flash, "list",
        bl_arena_printf(req->arena, "/espace/%s/evenements", st.current->org_slug));
    json_object_set_new(ctx, "needs", answers);
    json_object_set_new(ctx, "has_needs", json_boolean(nn > 0));
    /* bl_staff_page takes ctx. */
    if ((e = chart(req, &ev, &s, ctx, ei)) == BL_OK)
        e = bl_staff_page(req, resp, &st, 200, "event.html", ev.name, ctx, "evenements", ei);
    else
        json_decref(ctx);
    return e;
}

enum bl_err h_event_approve_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    int64_t ids[64];
    const char *v[64];
    size_t n = 0, issued = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *uid = bl_req_param(req, "uid");
    size_t nv = bl_req_form_all(req, "claim", v, 64);
    for (size_t i = 0; i < nv; i++)
        if (small_int(v[i], &ids[n]) && ids[n] > 0)
            n++;
    if (!bl_req_form(req, "all") && n == 0) {
        bl_resp_redirect(req, resp, event_path(req, &st, uid, "?ok=approuve&n=0"));
        return BL_OK;
    }
    e = bl_app_claim_approve(req->app, &st.auth.actor, uid, ids, bl_req_form(req, "all") ? 0 : n,
                             &issued, ei);
    if (e == BL_OK)
        bl_resp_redirect(
            req, resp,
            event_path(req, &st, uid, bl_arena_printf(req->arena, "?ok=approuve&n=%zu", issued)));
    return e;
}

/* ---- QR codes: poster, screen ----------------------------------------------------- */

static const char *claim_url(struct bl_req *req, const struct bl_event *ev, char kind,
                             struct bl_errinfo *ei)
{
    char tok[BL_EVTOKEN_LEN];
    if (bl_app_event_token(req->app, ev, kind, bl_app_now(req->app), tok, ei) != BL_OK)
        return NULL;
    return bl_arena_printf(req->arena, "%s/r/%s", req->cfg->base_url, tok);
}

static enum bl_err qr_svg(struct bl_req *req, const char *url, const char *title, const char **out,
                          struct bl_errinfo *ei)
{
    struct bl_buf b;
    bl_buf_init(&b, BL_QR_SVG_MAX);
    enum bl_err e = bl_qr_svg_titled(url, title, &b, ei);
    if (e == BL_OK)
        *out = bl_arena_strndup(req->arena, (const char *)b.p, b.len);
    bl_buf_free(&b);
    return e;
}

enum bl_err h_event_poster_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    const char *url, *svg = NULL;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, NULL, NULL, &e, ei))
        return e;
    if (!(url = claim_url(req, &ev, 'p', ei)))
        return ei->code;
    if ((e = qr_svg(req, url, bl_tr(req, N_("Code QR de l’événement")), &svg, ei)) != BL_OK)
        return e;
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s}", "name", ev.name, "place",
                            or_empty(ev.place), "when", when_of(req, ev.starts_at), "until",
                            when_of(req, ev.claim_until), "badge", ev.participation_badge_name,
                            "qr", svg, "pin", ev.pin, "url", url);
    e = bl_staff_page(req, resp, &st, 200, "event-poster.html", ev.name, ctx, "evenements", ei);
    return e;
}

enum bl_err h_event_screen_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, NULL, NULL, &e, ei))
        return e;
    json_t *ctx = json_pack("{s:s, s:s, s:s?, s:I, s:s, s:s}", "name", ev.name, "badge",
                            ev.participation_badge_name, "pin", ev.pin, "every",
                            (json_int_t)ev.rotate_s, "qr", event_path(req, &st, ev.uid, "/qr.svg"),
                            "self", event_path(req, &st, ev.uid, "/ecran"));
    e = bl_staff_page(req, resp, &st, 200, "event-screen.html", ev.name, ctx, "evenements", ei);
    return e;
}

enum bl_err h_event_qr_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    const char *url, *svg = NULL;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, NULL, NULL, &e, ei))
        return e;
    if (!(url = claim_url(req, &ev, 'r', ei)))
        return ei->code;
    if ((e = qr_svg(req, url, bl_tr(req, N_("Code QR à scanner pour recevoir le badge")), &svg,
                    ei)) != BL_OK)
        return e;
    bl_resp_text(resp, 200, "image/svg+xml", svg);
    /* The claim URL, for the tests and for a screen that shows it as text. */
    return bl_resp_header(req, resp, "X-Claim-Url", url);
}

enum bl_err h_event_qr_png_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    const char *url;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, NULL, NULL, &e, ei))
        return e;
    if (!(url = claim_url(req, &ev, bl_req_query(req, "affiche") ? 'p' : 'r', ei)))
        return ei->code;
    struct bl_buf b;
    bl_buf_init(&b, BL_QR_PNG_MAX);
    e = bl_qr_png(url, 12, &b, ei);
    if (e == BL_OK) {
        void *p = bl_arena_alloc(req->arena, b.len);
        memcpy(p, b.p, b.len);
        bl_resp_bytes(resp, 200, "image/png", p, b.len);
    }
    bl_buf_free(&b);
    return e;
}

/* ---- stand mode ------------------------------------------------------------------ */

/* The stand badge: ?badge= or the one this phone chose before; must be one of the event's. */
static const struct bl_event_badge *stand_badge(struct bl_req *req, const char *want,
                                                const struct bl_event_badge *b, size_t nb)
{
    if (!want || !*want)
        want = bl_req_cookie(req, STAND_COOKIE);
    for (size_t i = 0; want && i < nb; i++)
        if (strcmp(b[i].uid, want) == 0)
            return &b[i];
    return NULL;
}

enum bl_err h_event_stand_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    struct bl_event_badge *b = NULL;
    size_t nb = 0;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, &b, &nb, &e, ei))
        return e;
    const struct bl_event_badge *chosen = stand_badge(req, bl_req_query(req, "badge"), b, nb);
    if (chosen &&
        (e = bl_resp_set_cookie(req, resp, STAND_COOKIE, chosen->uid, STAND_COOKIE_AGE)) != BL_OK)
        return e;
    json_t *opts = json_array();
    for (size_t i = 0; i < nb; i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "uid", b[i].uid, "name", b[i].name,
                                              "selected", chosen == &b[i]));
    json_t *ctx =
        json_pack("{s:s, s:o, s:s?, s:s?, s:s, s:s}", "name", ev.name, "badges", opts, "badge",
                  chosen ? chosen->name : NULL, "badge_uid", chosen ? chosen->uid : NULL, "give",
                  event_path(req, &st, ev.uid, "/stand/remettre"), "self",
                  event_path(req, &st, ev.uid, "/stand"));
    e = bl_staff_page(req, resp, &st, 200, "event-stand.html", "Stand", ctx, "evenements", ei);
    return e;
}

static enum bl_err give_page(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                             const struct bl_event *ev, const struct bl_event_badge *badge,
                             unsigned status, json_t *extra, struct bl_errinfo *ei)
{
    json_t *ctx = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:s}", "name", ev->name, "badge",
                            badge ? badge->name : NULL, "badge_uid", badge ? badge->uid : NULL,
                            "code", or_empty(bl_req_query(req, "code")), "give",
                            event_path(req, st, ev->uid, "/stand/remettre"), "stand",
                            event_path(req, st, ev->uid, "/stand"), "csrf", st->auth.session.csrf);
    json_object_update(ctx, extra);
    enum bl_err e = bl_staff_page(req, resp, st, status, "event-give.html", N_("Remettre un badge"),
                                  ctx, "evenements", ei);
    return e;
}

enum bl_err h_event_give_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    struct bl_event_badge *b = NULL;
    size_t nb = 0;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, &b, &nb, &e, ei))
        return e;
    const struct bl_event_badge *badge = stand_badge(req, bl_req_query(req, "badge"), b, nb);
    json_t *extra = json_pack("{s:b, s:b}", "confirm", badge != NULL, "choose", badge == NULL);
    e = give_page(req, resp, &st, &ev, badge, 200, extra, ei);
    json_decref(extra);
    return e;
}

enum bl_err h_event_give_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_event ev;
    struct bl_event_badge *b = NULL;
    struct bl_event_claim claim;
    struct bl_award aw;
    bool existed = false;
    size_t nb = 0;
    enum bl_err e;
    if (!staff_event(req, resp, &st, &ev, &b, &nb, &e, ei))
        return e;
    const struct bl_event_badge *badge = stand_badge(req, bl_req_form(req, "badge"), b, nb);
    const char *code = bl_req_form(req, "code");
    bool json = bl_req_accepts(req) == BL_ACCEPT_JSON && bl_req_header(req, "X-CSRF-Token");
    e = badge ? bl_app_stand_award(req->app, &st.auth.actor, ev.uid, badge->uid, code, req->arena,
                                   &claim, &aw, &existed, ei)
              : bl_fail(ei, BL_EINVAL, "badge: choose the stand's badge");
    if (json) {
        json_t *j = e == BL_OK ? json_pack("{s:s, s:s, s:b, s:s}", "status", "ok", "first_name",
                                           claim.first_name, "existed", existed, "award", aw.uid)
                               : json_pack("{s:s, s:s}", "status", "error", "message",
                                           e == BL_EINVAL ? "code" : "erreur");
        bl_resp_json(req, resp,
                     e == BL_OK       ? 200
                     : e == BL_EINVAL ? 422
                                      : bl_http_status_of(e),
                     j, NULL);
        json_decref(j);
        return BL_OK;
    }
    if (e != BL_OK && e != BL_EINVAL)
        return e;
    json_t *extra =
        e == BL_OK ? json_pack("{s:b, s:s, s:b, s:s}", "done", 1, "first_name", claim.first_name,
                               "existed", existed, "code", claim.code)
                   : json_pack("{s:b, s:s, s:s}", "confirm", badge != NULL, "error",
                               strncmp(ei->msg, "badge", 5) == 0
                                   ? N_("Choisissez d’abord le badge de votre stand.")
                                   : N_("Aucun jeune n’a ce code à cet événement : vérifiez les 6 "
                                        "caractères (sans 0, O, 1, I ni L)."),
                               "code", or_empty(code));
    e = give_page(req, resp, &st, &ev, badge, e == BL_OK ? 200 : 422, extra, ei);
    json_decref(extra);
    return e;
}
