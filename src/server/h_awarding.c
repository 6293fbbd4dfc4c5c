/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_awarding.c: awarding a badge from a page, the award lists (search,
 * filters, paging, CSV export, revocation with a confirmation step), an
 * award's page for staff, and the dashboard's charts (h_awarding.h).
 * Authorisation is the app's; the role checks here only choose what a page
 * offers (a viewer sees no award form and no revoke button).
 */
#include "h_awarding.h"

#include <string.h>

#include "app/awarding.h"
#include "app/badge.h"
#include "core/paris.h"
#include "core/buf.h"
#include "core/chart.h"
#include "core/csvout.h"
#include "core/mem.h"
#include "core/obdate.h"
#include "core/recipient.h"
#include "doccache.h"
#include "page.h"
#include "i18n.h"

#define PAGE_ROWS  50u
#define DAY_S      86400
#define DATE_INPUT 10u /* YYYY-MM-DD */

static const char *const STATES[] = {"tous", "attribue", "revoque", "expire"};
static const char *const STATE_LABELS[] = {N_("Tous les états"), N_("Attribuées"), N_("Révoquées"),
                                           N_("Expirées")};

static const char *fr_date(struct bl_req *req, int64_t t)
{
    char d[BL_DATE_FR_LEN];
    return t && bl_date_fr(t, d, NULL) == BL_OK ? bl_arena_strdup(req->arena, d) : "";
}

static const char *state_fr(const struct bl_req *req, int64_t revoked_at, int64_t expires_at)
{
    if (revoked_at)
        return N_("Révoquée");
    return expires_at && expires_at <= bl_app_now(req->app) ? N_("Expirée") : N_("Attribuée");
}

static bool may_issue(const struct bl_staff *st)
{
    return st->current && st->current->role >= BL_ROLE_ISSUER;
}

/* s percent-encoded for a query string (unreserved characters kept). */
static const char *qenc(struct bl_req *req, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = s ? strlen(s) : 0;
    char *o = bl_arena_alloc(req->arena, 3 * n + 1), *w = o;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~", c)) {
            *w++ = (char)c;
        } else {
            *w++ = '%';
            *w++ = hex[c >> 4];
            *w++ = hex[c & 15];
        }
    }
    *w = '\0';
    return o;
}

/* A page number from the query: 1..100000, 1 for anything else. */
static size_t page_no(const char *s)
{
    size_t v = 0, n = s ? strlen(s) : 0;
    if (n == 0 || n > 6 || strspn(s, "0123456789") != n)
        return 1;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (size_t)(s[i] - '0');
    return v == 0 ? 1 : v;
}

/* The badge class uid of the org, or an error (404 for another org's). */
static enum bl_err org_badge(struct bl_req *req, const struct bl_staff *st, const char *uid,
                             struct bl_badgeclass *b, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_badge_get(req->app, &st->auth.actor, uid, req->arena, b, ei);
    if (e == BL_OK && b->org_id != st->current->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no badge class %.40s here", uid);
    return e;
}

/* ---- award to one person --------------------------------------------------- */

struct award_form {
    const char *name, *email, *narrative, *evidence_url, *evidence_text, *date;
    const char *phone;
};

static const char *field_or(const char *v)
{
    return v ? v : "";
}

static enum bl_err award_page(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                              unsigned status, const struct bl_badgeclass *b,
                              const struct award_form *f, json_t *errors, struct bl_errinfo *ei)
{
    char today[BL_OBDATE_LEN];
    if (bl_obdate_format(bl_paris_local(bl_app_now(req->app)), today, ei) != BL_OK)
        return ei->code;
    today[DATE_INPUT] = '\0';
    json_t *summary = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v)
    {
        json_array_append_new(summary, json_pack("{s:s, s:O}", "field", key, "message", v));
    }
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}, s:O, s:o, s:b}", "badge",
        b->name, "action",
        bl_arena_printf(req->arena, "/espace/%s/badges/%s/attribuer", st->current->org_slug,
                        b->uid),
        "today", today, "csrf", st->auth.session.csrf, "v", "name", field_or(f->name), "email",
        field_or(f->email), "phone", field_or(f->phone), "narrative", field_or(f->narrative),
        "evidence_url", field_or(f->evidence_url), "evidence_text", field_or(f->evidence_text),
        "date", f->date && *f->date ? f->date : today, "e", errors, "errors", summary, "failed",
        json_array_size(summary) > 0);
    json_object_set_new(ctx, "evidence_required", json_boolean(b->evidence_required));
    return bl_staff_page(req, resp, st, status, "award-form.html", N_("Attribuer un badge"), ctx,
                         "attributions", ei);
}

enum bl_err h_award_form_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_badgeclass b;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = org_badge(req, &st, bl_req_param(req, "uid"), &b, ei)) != BL_OK)
        return e;
    if (!may_issue(&st))
        return bl_fail(ei, BL_EDENIED, "awarding needs the issuer role");
    struct award_form f = {0};
    json_t *errors = json_object();
    e = award_page(req, resp, &st, 200, &b, &f, errors, ei);
    json_decref(errors);
    return e;
}

/* The issue date of a YYYY-MM-DD field: 0 (now) for today, noon UTC of a past day. */
static const char *issue_date(struct bl_req *req, const char *s, int64_t *at)
{
    int64_t t, now = bl_app_now(req->app);
    *at = 0;
    if (!s || !*s)
        return NULL;
    if (strlen(s) != DATE_INPUT || s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") != 10 ||
        bl_obdate_parse_tz(bl_arena_printf(req->arena, "%sT12:00:00Z", s), &t, NULL) != BL_OK)
        return N_("Date invalide : choisissez une date dans le calendrier (format JJ/MM/AAAA).");
    int64_t day = (t - t % DAY_S) / DAY_S,
            today = bl_paris_day(now); /* the form's day is Paris's */
    if (day > today)
        return N_("La date d’attribution ne peut pas être dans le futur.");
    if (day < today)
        *at = t;
    return NULL;
}

/* The French message of an app validation error, by the field its message names. */
static const char *field_message(const char *msg, const char **field)
{
    static const char *const map[][2] = {
        {"email", N_("Adresse e-mail invalide : vérifiez-la (exemple : prenom.nom@exemple.fr).")},
        {"phone", N_("Numéro de téléphone invalide : dix chiffres commençant par 0 (exemple : "
                     "06 12 34 56 78) ou +indicatif pays.")},
        {"name", N_("Le nom est trop long (200 caractères au plus) ou contient des caractères "
                    "non permis.")},
        {"narrative", N_("Le commentaire est trop long (8 000 caractères au plus) ou contient des "
                         "caractères non permis.")},
        {"evidence_url", "Adresse de la preuve invalide : elle doit commencer par https:// "
                         "(ou http://)."},
        {"evidence_text", N_("La description de la preuve est trop longue (8 000 caractères au "
                             "plus) ou contient des caractères non permis.")},
    };
    if (strncmp(msg, "evidence:", 9) == 0) { /* the badge class requires evidence */
        *field = "evidence_url";
        return N_("Ce badge demande une preuve : donnez son adresse web ou décrivez-la.");
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i][0]);
        if (strncmp(msg, map[i][0], n) == 0 && msg[n] == ':') {
            *field = map[i][0];
            return map[i][1];
        }
    }
    *field = NULL;
    return NULL;
}

enum bl_err h_award_form_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_badgeclass b;
    struct bl_award a;
    bool existed;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if ((e = org_badge(req, &st, bl_req_param(req, "uid"), &b, ei)) != BL_OK)
        return e;
    struct award_form f = {bl_req_form(req, "name"),          bl_req_form(req, "email"),
                           bl_req_form(req, "narrative"),     bl_req_form(req, "evidence_url"),
                           bl_req_form(req, "evidence_text"), bl_req_form(req, "date"),
                           bl_req_form(req, "phone")};
    json_t *errors = json_object();
    struct bl_app_award_input in = {
        .email = f.email && *f.email ? f.email : NULL,
        .phone = f.phone && *f.phone ? f.phone : NULL,
        .name = f.name && *f.name ? f.name : NULL,
        .narrative = f.narrative && *f.narrative ? f.narrative : NULL,
        .evidence_url = f.evidence_url && *f.evidence_url ? f.evidence_url : NULL,
        .evidence_text = f.evidence_text && *f.evidence_text ? f.evidence_text : NULL,
        .notify = true, /* the recipient is told by email (mail.h) */
    };
    const char *bad_date = issue_date(req, f.date, &in.issued_at);
    if (bad_date)
        json_object_set_new(errors, "date", json_string(bad_date));
    char *norm = NULL;
    const char *field = NULL;
    char phone[BL_RECIPIENT_PHONE_LEN];
    if (!in.email && !in.phone)
        json_object_set_new(
            errors, "email",
            json_string(N_("Indiquez l’adresse e-mail ou le numéro de téléphone de la personne.")));
    else if (in.email && (strlen(f.email) > BL_APP_EMAIL_MAX ||
                          bl_recipient_email_normalize(f.email, &norm, NULL) != BL_OK))
        json_object_set_new(errors, "email", json_string(field_message("email:", &field)));
    if (in.phone && (strlen(f.phone) > BL_APP_PHONE_INPUT_MAX ||
                     bl_recipient_phone_normalize(f.phone, phone, NULL) != BL_OK))
        json_object_set_new(errors, "phone", json_string(field_message("phone:", &field)));
    bl_free(norm);
    if (json_object_size(errors) == 0) {
        e = bl_app_award(req->app, &st.auth.actor, b.uid, &in, req->arena, &a, &existed, ei);
        if (e == BL_OK) {
            json_decref(errors);
            bl_doccache_clear();
            bl_resp_redirect(req, resp,
                             bl_arena_printf(req->arena, "/espace/%s/attributions/%s?ok=attribue",
                                             st.current->org_slug, a.uid));
            return BL_OK;
        }
        const char *msg = NULL;
        if (e == BL_EINVAL || e == BL_ETOOBIG)
            msg = field_message(ei->msg, &field);
        if (field) {
            json_object_set_new(errors, field, json_string(msg));
        } else if (e == BL_EINVAL) {
            json_object_set_new(errors, "badge",
                                json_string(N_("Ce badge ne peut plus être attribué (archivé ou "
                                               "arrivé à sa date de fin de validité).")));
        } else {
            json_decref(errors);
            return e; /* denied (viewer): 403; anything else: its status */
        }
    }
    e = award_page(req, resp, &st, 400, &b, &f, errors, ei);
    json_decref(errors);
    return e;
}

/* ---- the list ------------------------------------------------------------------ */

struct list_query {
    struct bl_app_award_query q;
    const char *state_name, *badge, *search;
    size_t page;
};

static void read_query(struct bl_req *req, const struct bl_staff *st, struct list_query *lq)
{
    memset(lq, 0, sizeof *lq);
    lq->search = bl_req_query(req, "q");
    lq->badge = bl_req_query(req, "badge");
    lq->state_name = bl_req_query(req, "etat");
    lq->page = page_no(bl_req_query(req, "page"));
    lq->q.org_id = st->current->org_id;
    lq->q.search = lq->search;
    lq->q.badge_uid = lq->badge;
    for (size_t i = 0; lq->state_name && i < sizeof STATES / sizeof STATES[0]; i++)
        if (strcmp(lq->state_name, STATES[i]) == 0)
            lq->q.state = (enum bl_award_state)i;
}

/* "q=...&badge=...&etat=..." of the current filters (for paging and the export link). */
static const char *filter_qs(struct bl_req *req, const struct list_query *lq)
{
    return bl_arena_printf(req->arena, "q=%s&badge=%s&etat=%s", qenc(req, lq->search),
                           qenc(req, lq->badge), STATES[lq->q.state]);
}

static const char *flash(struct bl_req *req)
{
    const char *ok = bl_req_query(req, "ok");
    if (!ok)
        return NULL;
    if (strcmp(ok, "attribue") == 0)
        return N_("Le badge a été attribué.");
    if (strcmp(ok, "revoque") == 0) {
        size_t n = page_no(bl_req_query(req, "n"));
        return n > 1 ? bl_arena_printf(req->arena,
                                       bl_tr(req, N_("%zu attributions ont été révoquées.")), n)
                     : N_("L’attribution a été révoquée.");
    }
    return NULL;
}

enum bl_err h_awards_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct list_query lq;
    struct bl_award_brief *rows = NULL;
    struct bl_badgeclass *badges = NULL;
    size_t n = 0, nb = 0;
    int64_t total = 0;
    const char *refused = NULL;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    read_query(req, &st, &lq);
    e = bl_app_award_search(req->app, &st.auth.actor, &lq.q, (lq.page - 1) * PAGE_ROWS, PAGE_ROWS,
                            req->arena, &rows, &n, &total, ei);
    if (e == BL_EINVAL || e == BL_ETOOBIG || (e == BL_ENOTFOUND && lq.badge && *lq.badge)) {
        refused = lq.search && *lq.search ? BL_PAGE_SEARCH_REFUSED
                                          : N_("Ce badge n’existe pas : le filtre "
                                               "a été retiré.");
        lq.q.search = lq.search = NULL; /* a bad filter: show everything, say so */
        lq.q.badge_uid = lq.badge = NULL;
        e = bl_app_award_search(req->app, &st.auth.actor, &lq.q, 0, PAGE_ROWS, req->arena, &rows,
                                &n, &total, ei);
        lq.page = 1;
    }
    if (e == BL_OK)
        e = bl_app_badge_list(req->app, &st.auth.actor, st.current->org_id, 0, BL_STORE_PAGE_MAX,
                              req->arena, &badges, &nb, ei);
    if (e != BL_OK)
        return e;
    const char *slug = st.current->org_slug, *qs = filter_qs(req, &lq);
    json_t *items = json_array(), *opts = json_array(), *states = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items,
            json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s, s:b}", "uid", rows[i].uid, "name",
                      rows[i].recipient_name, "email", rows[i].recipient_email, "badge",
                      rows[i].badge_name, "date", fr_date(req, rows[i].issued_at), "state",
                      state_fr(req, rows[i].revoked_at, rows[i].expires_at), "href",
                      bl_arena_printf(req->arena, "/espace/%s/attributions/%s", slug, rows[i].uid),
                      "revocable", rows[i].revoked_at == 0));
    for (size_t i = 0; i < nb; i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "uid", badges[i].uid, "name",
                                              badges[i].name, "selected",
                                              lq.badge && strcmp(lq.badge, badges[i].uid) == 0));
    for (size_t i = 0; i < sizeof STATES / sizeof STATES[0]; i++)
        json_array_append_new(states, json_pack("{s:s, s:s, s:b}", "value", STATES[i], "label",
                                                STATE_LABELS[i], "selected",
                                                lq.q.state == (enum bl_award_state)i));
    size_t pages = total > 0 ? (size_t)((total + PAGE_ROWS - 1) / PAGE_ROWS) : 1;
    const char *base = bl_arena_printf(req->arena, "/espace/%s/attributions", slug);
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:b, s:I, s:I, s:s?, s:s?, s:b, s:s, s:s, s:s?}",
        "action", base, "revoke", bl_arena_printf(req->arena, "%s/revocation", base), "csrf",
        st.auth.session.csrf, "items", items, "badges", opts, "states", states, "total",
        (json_int_t)total, "plural", total > 1, "page", (json_int_t)lq.page, "pages",
        (json_int_t)pages, "prev",
        lq.page > 1 ? bl_arena_printf(req->arena, "%s?%s&page=%zu", base, qs, lq.page - 1) : NULL,
        "next",
        lq.page < pages ? bl_arena_printf(req->arena, "%s?%s&page=%zu", base, qs, lq.page + 1)
                        : NULL,
        "issuer", may_issue(&st), "q", field_or(lq.search), "csv",
        bl_arena_printf(req->arena, "%s.csv?%s", base, qs), "flash", flash(req));
    json_object_set_new(ctx, "empty", json_boolean(n == 0));
    if (refused)
        json_object_set_new(ctx, "q_error", json_string(refused));
    return bl_staff_page(req, resp, &st, 200, "awards.html", "Attributions", ctx, "attributions",
                         ei);
}

enum bl_err h_awards_csv_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct list_query lq;
    struct bl_award_brief *rows = NULL;
    size_t n = 0;
    struct bl_buf b;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    read_query(req, &st, &lq);
    if ((e = bl_app_award_export(req->app, &st.auth.actor, &lq.q, req->arena, &rows, &n, ei)) !=
        BL_OK)
        return e;
    static const char *const head[] = {"Nom",        "Adresse e-mail",     "Téléphone",
                                       "Badge",      "Date d’attribution", "Date d’expiration",
                                       "État",       "Date de révocation", "Motif de révocation",
                                       "Identifiant"};
    bl_buf_init(&b, (size_t)256 * 1024 * 1024);
    e = bl_csvout_bom(&b);
    for (size_t i = 0; e == BL_OK && i < sizeof head / sizeof head[0]; i++)
        e = bl_csvout_cell(&b, head[i], i == 0);
    if (e == BL_OK)
        e = bl_csvout_eol(&b);
    for (size_t i = 0; e == BL_OK && i < n; i++) {
        const struct bl_award_brief *r = &rows[i];
        const char *cells[] = {r->recipient_name,
                               r->recipient_email,
                               r->recipient_phone,
                               r->badge_name,
                               fr_date(req, r->issued_at),
                               fr_date(req, r->expires_at),
                               state_fr(req, r->revoked_at, r->expires_at),
                               fr_date(req, r->revoked_at),
                               r->revocation_reason,
                               r->uid};
        for (size_t k = 0; e == BL_OK && k < sizeof cells / sizeof cells[0]; k++)
            e = bl_csvout_cell(&b, cells[k], k == 0);
        if (e == BL_OK)
            e = bl_csvout_eol(&b);
    }
    if (e != BL_OK) {
        bl_buf_free(&b);
        return bl_fail(ei, e, "the CSV export does not fit");
    }
    char *body = bl_arena_strndup(req->arena, (const char *)b.p, b.len);
    size_t len = b.len;
    bl_buf_free(&b);
    bl_resp_bytes(resp, 200, "text/csv; charset=utf-8", body, len);
    return bl_resp_header(req, resp, "Content-Disposition",
                          bl_arena_printf(req->arena,
                                          "attachment; filename=\"attributions-%s.csv\"",
                                          st.current->org_slug));
}

/* ---- revocation: a confirmation page, then one transaction ----------------------- */

enum bl_err h_awards_revoke_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    const char *uids[BL_APP_REVOKE_MANY_MAX];
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    if (!may_issue(&st))
        return bl_fail(ei, BL_EDENIED, "revoking needs the issuer role");
    size_t n = bl_req_form_all(req, "award", uids, BL_APP_REVOKE_MANY_MAX);
    const char *reason = bl_req_form(req, "reason"), *confirm = bl_req_form(req, "confirm");
    const char *error = NULL, *slug = st.current->org_slug;
    unsigned status = 200;
    if (n > BL_APP_REVOKE_MANY_MAX) {
        error = N_("Trop d’attributions choisies : 500 au plus à la fois.");
        n = BL_APP_REVOKE_MANY_MAX;
        status = 400;
    } else if (n == 0) {
        error = N_("Choisissez au moins une attribution à révoquer.");
        status = 400;
    } else if (reason && strlen(reason) > BL_APP_REASON_MAX) {
        error = N_("Le motif est trop long : 500 caractères au plus.");
        status = 400;
    } else if (confirm && strcmp(confirm, "1") == 0) {
        e = bl_app_revoke_many(req->app, &st.auth.actor, st.current->org_id, uids, n, reason, ei);
        if (e == BL_OK) {
            bl_doccache_clear(); /* the lists and the assertions change at once here */
            bl_resp_redirect(
                req, resp,
                bl_arena_printf(req->arena, "/espace/%s/attributions?ok=revoque&n=%zu", slug, n));
            return BL_OK;
        }
        if (e == BL_EEXISTS) {
            error = N_("Une des attributions choisies était déjà révoquée : rien n’a été révoqué. "
                       "Retirez-la de la sélection.");
            status = 409;
        } else if (e == BL_EINVAL) {
            error = N_("Le motif contient des caractères non permis.");
            status = 400;
        } else {
            return e;
        }
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        struct bl_award a;
        e = bl_app_award_get(req->app, &st.auth.actor, uids[i], req->arena, &a, ei);
        if (e == BL_OK && a.org_id != st.current->org_id)
            e = bl_fail(ei, BL_ENOTFOUND, "no award %.40s here", uids[i]);
        if (e != BL_OK) {
            json_decref(items);
            return e;
        }
        json_array_append_new(items,
                              json_pack("{s:s, s:s?, s:s?, s:s, s:b}", "uid", a.uid, "name",
                                        a.recipient_name, "email", a.recipient_email, "date",
                                        fr_date(req, a.issued_at), "revoked", a.revoked_at != 0));
    }
    json_t *ctx =
        json_pack("{s:s, s:s, s:o, s:s, s:s?, s:I, s:b, s:s}", "action",
                  bl_arena_printf(req->arena, "/espace/%s/attributions/revocation", slug), "csrf",
                  st.auth.session.csrf, "items", items, "reason", field_or(reason), "error", error,
                  "count", (json_int_t)n, "plural", n > 1, "back",
                  bl_arena_printf(req->arena, "/espace/%s/attributions", slug));
    return bl_staff_page(req, resp, &st, status, "awards-revoke.html",
                         N_("Révoquer des attributions"), ctx, "attributions", ei);
}

/* ---- one award, for staff ---------------------------------------------------------- */

enum bl_err h_award_staff_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    struct bl_award a;
    struct bl_badgeclass *badges = NULL;
    size_t nb = 0;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_award_get(req->app, &st.auth.actor, bl_req_param(req, "uid"), req->arena, &a, ei);
    if (e == BL_OK && a.org_id != st.current->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no award here");
    if (e == BL_OK)
        e = bl_app_badge_list(req->app, &st.auth.actor, st.current->org_id, 0, BL_STORE_PAGE_MAX,
                              req->arena, &badges, &nb, ei);
    if (e != BL_OK)
        return e;
    const char *badge = "";
    for (size_t i = 0; i < nb; i++)
        if (badges[i].id == a.badgeclass_id)
            badge = badges[i].name;
    json_t *evidence = json_array(),
           *ev = json_loads(a.evidence_json ? a.evidence_json : "[]", 0, NULL);
    size_t i;
    json_t *item;
    json_array_foreach(ev, i, item)
    {
        const char *url = json_string_value(json_object_get(item, "id"));
        const char *text = json_string_value(json_object_get(item, "narrative"));
        bool web = url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
        json_array_append_new(evidence,
                              json_pack("{s:s?, s:s?}", "url", web ? url : NULL, "text", text));
    }
    json_decref(ev);
    const char *pub = bl_arena_printf(req->arena, "%s/awards/%s", req->cfg->base_url, a.uid);
    json_t *docs = json_array();
    static const char *const forms[][2] = {
        {"", N_("Assertion Open Badges 2.0 (JSON-LD hébergé)")},
        {"/assertion.jws", N_("Assertion 2.0 signée (JWS)")},
        {"/credential", N_("Attestation Open Badges 3.0 (JSON-LD signé)")},
        {"/credential.jwt", "Attestation 3.0 (VC-JWT)"},
        {"/badge.png", N_("Image PNG du badge (3.0)")},
        {"/badge.svg", N_("Image SVG du badge (3.0)")},
        {"/badge-ob2.png", N_("Image PNG du badge (2.0)")},
    };
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++)
        json_array_append_new(docs, json_pack("{s:s, s:s}", "href",
                                              bl_arena_printf(req->arena, "%s%s", pub, forms[k][0]),
                                              "label", forms[k][1]));
    json_t *ctx = json_pack(
        "{s:s, s:s?, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s?, s:o, s:o, s:b, s:s, s:s?, s:b, s:s,"
        " s:s, s:s, s:s?}",
        "uid", a.uid, "name", a.recipient_name, "email", a.recipient_email, "phone",
        a.recipient_phone, "badge", badge, "date", fr_date(req, a.issued_at), "expires",
        fr_date(req, a.expires_at), "state", state_fr(req, a.revoked_at, a.expires_at), "narrative",
        a.narrative, "evidence", evidence, "docs", docs, "revoked", a.revoked_at != 0,
        "revoked_date", fr_date(req, a.revoked_at), "reason", a.revocation_reason, "can_revoke",
        may_issue(&st) && a.revoked_at == 0, "csrf", st.auth.session.csrf, "revoke",
        bl_arena_printf(req->arena, "/espace/%s/attributions/revocation", st.current->org_slug),
        "back", bl_arena_printf(req->arena, "/espace/%s/attributions", st.current->org_slug),
        "flash", flash(req));
    return bl_staff_page(req, resp, &st, 200, "award-staff.html", "Attribution", ctx,
                         "attributions", ei);
}

/* ---- the dashboard's charts ----------------------------------------------------------- */

static enum bl_err add_chart(json_t *charts, enum bl_chart_kind kind, const char *id,
                             const char *title, const char *desc, const char *column,
                             const struct bl_chart_bar *bars, size_t n, struct bl_errinfo *ei)
{
    struct bl_buf b;
    bl_buf_init(&b, BL_CHART_SVG_MAX);
    enum bl_err e = bl_chart_svg(&b, kind, id, title, desc, bars, n, ei);
    if (e != BL_OK) {
        bl_buf_free(&b);
        return e;
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:I}", "label", bars[i].label, "value",
                                              (json_int_t)bars[i].value));
    /* The SVG is ours, every label in it escaped by bl_chart_svg: inserted raw by space.html. */
    json_array_append_new(charts, json_pack("{s:s, s:s, s:s, s:s, s:s%, s:o}", "id", id, "title",
                                            title, "desc", desc, "column", column, "svg",
                                            (const char *)b.p, b.len, "rows", rows));
    bl_buf_free(&b);
    return BL_OK;
}

enum bl_err bl_awarding_dashboard(struct bl_req *req, const struct bl_staff *st, json_t *ctx,
                                  struct bl_errinfo *ei)
{
    struct bl_app_award_stats s;
    struct bl_chart_bar weeks[BL_APP_STATS_WEEKS], *classes = NULL, totals[3];
    enum bl_err e =
        bl_app_award_stats(req->app, &st->auth.actor, st->current->org_id, req->arena, &s, ei);
    if (e != BL_OK)
        return e;
    int64_t in_weeks = 0;
    for (size_t i = 0; i < BL_APP_STATS_WEEKS; i++) {
        weeks[i].label = bl_arena_printf(req->arena, "%.5s", fr_date(req, s.week_start[i]));
        weeks[i].value = s.per_week[i];
        in_weeks += s.per_week[i];
    }
    size_t nc = s.n_classes > BL_CHART_BARS_MAX ? BL_CHART_BARS_MAX : s.n_classes;
    if (nc)
        classes = bl_arena_alloc(req->arena, nc * sizeof *classes);
    for (size_t i = 0; i < nc; i++) {
        classes[i].label = s.classes[i].badge_name;
        classes[i].value = s.classes[i].awards;
    }
    totals[0] = (struct bl_chart_bar){bl_tr(req, N_("Valides")), s.totals.valid};
    totals[1] = (struct bl_chart_bar){bl_tr(req, N_("Expirées")), s.totals.expired};
    totals[2] = (struct bl_chart_bar){bl_tr(req, N_("Révoquées")), s.totals.revoked};
    json_t *charts = json_array();
    e = add_chart(
        charts, BL_CHART_COLUMNS, "chart-weeks",
        bl_tr(req, N_("Attributions par semaine (12 dernières semaines)")),
        bl_arena_printf(
            req->arena,
            bl_tr(req, N_("%lld attribution%s en 12 semaines, semaine du %s à celle du %s "
                          "(en colonnes, une par semaine).")),
            (long long)in_weeks, in_weeks > 1 ? "s" : "", fr_date(req, s.week_start[0]),
            fr_date(req, s.week_start[BL_APP_STATS_WEEKS - 1])),
        bl_tr(req, N_("Semaine du")), weeks, BL_APP_STATS_WEEKS, ei);
    if (e == BL_OK)
        e = add_chart(
            charts, BL_CHART_BARS, "chart-classes", bl_tr(req, N_("Attributions par badge")),
            bl_arena_printf(req->arena,
                            bl_tr(req, N_("Nombre d’attributions de chacun des %zu badges.")), nc),
            "Badge", classes, nc, ei);
    if (e == BL_OK)
        e = add_chart(
            charts, BL_CHART_BARS, "chart-states", bl_tr(req, N_("Valides, expirées et révoquées")),
            bl_arena_printf(req->arena,
                            bl_tr(req, N_("%lld valide%s, %lld expirée%s, %lld révoquée%s.")),
                            (long long)s.totals.valid, s.totals.valid > 1 ? "s" : "",
                            (long long)s.totals.expired, s.totals.expired > 1 ? "s" : "",
                            (long long)s.totals.revoked, s.totals.revoked > 1 ? "s" : ""),
            bl_tr(req, N_("État")), totals, 3, ei);
    if (e != BL_OK) {
        json_decref(charts);
        return e;
    }
    json_object_set_new(ctx, "charts", charts);
    json_object_set_new(
        ctx, "awards_link",
        json_string(bl_arena_printf(req->arena, "/espace/%s/attributions", st->current->org_slug)));
    return BL_OK;
}
