/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_endorse.c: endorsements in the issuer space (app/endorse.h).
 *
 *   GET  /espace/{slug}/reconnaissances                   requests received, endorsements given
 *   POST /espace/{slug}/reconnaissances                   endorse a badge class (its URL)
 *   POST /espace/{slug}/reconnaissances/{id}/accepter     accept a request with a comment
 *   POST /espace/{slug}/reconnaissances/{id}/decliner     decline it
 *   POST /espace/{slug}/reconnaissances/retrait           withdraw an endorsement given
 *   GET  /espace/{slug}/badges/{uid}/reconnaissances      a badge class: who endorses, who was
 * asked POST /espace/{slug}/badges/{uid}/reconnaissances      ask organisations to endorse it
 *
 * Every staff form is POST with the session's CSRF token (checked by
 * bl_staff_load); the tutor's form has no session, so its Origin must be
 * ours (as the password forms) and answers 303 to the page with a message; a form with a
 * mistake is shown again, values kept, the error next to its field.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/docs.h"
#include "app/badge.h"
#include "app/endorse.h"
#include "app/org.h"
#include "app/recommend.h"
#include "core/obdate.h"
#include "doccache.h"
#include "h_endorse.h"
#include "page.h"
#include "paris.h"
#include "staff.h"
#include "i18n.h"

#define MAX_ASK 100u /* organisations asked with one form */

/* "YYYY-MM-DD" (a date input) to the end of that day in Paris; 0 for empty; -1 when malformed. */
static int64_t end_of_day(const char *s)
{
    int64_t t;
    if (!s || !*s)
        return 0;
    return bl_paris_day_end(s, &t) ? t : -1;
}

/* The last path segment of a badge URL, or the text itself (a uid). */
static const char *badge_key(const char *s)
{
    const char *p = s ? strrchr(s, '/') : NULL;
    return p ? p + 1 : s;
}

/* What a failed form brings back to the org page. */
struct org_form {
    unsigned status;
    const char *failed;
    const char *field, *message; /* "badge", "comment", "expires" (new), or "r{id}-comment" */
    const char *badge, *comment, *expires;
    int64_t request_id; /* the request whose form failed, 0 for the new one */
};

static json_t *field_errors(const char *id, const char *message)
{
    return json_pack("[{s:s, s:s}]", "field", id, "message", message ? message : "");
}

static enum bl_err org_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                            const struct org_form *f, struct bl_errinfo *ei)
{
    struct bl_app_endorse_view v;
    const char *slug = st->current->org_slug;
    bool issuer = st->current->role >= BL_ROLE_ISSUER;
    enum bl_err e =
        bl_app_endorse_org_view(req->app, &st->auth.actor, st->current->org_id, req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    json_t *pending = json_array(), *answered = json_array(), *given = json_array();
    for (size_t i = 0; i < v.n_received; i++) {
        const struct bl_endreq *r = &v.received[i];
        bool mine = f && f->request_id == r->id;
        json_t *o = json_pack(
            "{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s}", "id", (json_int_t)r->id, "badge",
            r->badge_name, "badge_url", bl_app_badge_url(req->arena, req->app, r->badge_uid),
            "requester", r->requester_name, "message", r->message, "date",
            bl_req_date(req, r->created_at), "accept",
            bl_arena_printf(req->arena, "/espace/%s/reconnaissances/%lld/accepter", slug,
                            (long long)r->id),
            "decline",
            bl_arena_printf(req->arena, "/espace/%s/reconnaissances/%lld/decliner", slug,
                            (long long)r->id));
        if (mine) {
            json_object_set_new(o, "comment", json_string(f->comment ? f->comment : ""));
            json_object_set_new(o, "expires", json_string(f->expires ? f->expires : ""));
            if (f->message)
                json_object_set_new(o, "error", json_string(f->message));
        }
        if (strcmp(r->state, "pending") == 0) {
            json_array_append_new(pending, o);
        } else {
            json_object_set_new(o, "accepted", json_boolean(strcmp(r->state, "accepted") == 0));
            json_array_append_new(answered, o);
        }
    }
    int64_t now = bl_app_now(req->app);
    for (size_t i = 0; i < v.n_given; i++) {
        const struct bl_endorsement *d = &v.given[i];
        const char *state = d->withdrawn_at                         ? N_("retirée")
                            : d->expires_at && d->expires_at <= now ? N_("expirée")
                                                                    : NULL;
        json_array_append_new(given,
                              json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:b}", "uid",
                                        d->uid, "comment", d->comment, "url",
                                        bl_app_endorsement_url(req->arena, req->app, d->uid),
                                        "date", bl_req_date(req, d->issued_at), "until",
                                        bl_req_date(req, d->expires_at), "state", state, "kind",
                                        strcmp(d->subject_kind, "badge") == 0 ? "badge"
                                        : strcmp(d->subject_kind, "org") == 0 ? "organisation"
                                                                              : "attribution",
                                        "withdrawable", issuer && !d->withdrawn_at && !state));
    }
    json_t *ctx = json_pack(
        "{s:s, s:o, s:b, s:o, s:b, s:o, s:b, s:b, s:s, s:s, s:s}", "org", st->current->org_name,
        "pending", pending, "has_pending", json_array_size(pending) > 0, "answered", answered,
        "has_answered", json_array_size(answered) > 0, "given", given, "has_given",
        json_array_size(given) > 0, "issuer", issuer, "csrf", st->auth.session.csrf, "action_new",
        bl_arena_printf(req->arena, "/espace/%s/reconnaissances", slug), "action_withdraw",
        bl_arena_printf(req->arena, "/espace/%s/reconnaissances/retrait", slug));
    const char *done = bl_req_query(req, "fait");
    static const char *const flashes[][2] = {
        {"reconnu", N_("Votre reconnaissance est signée et publiée.")},
        {"decline", N_("La demande a été déclinée.")},
        {"retrait", N_("La reconnaissance a été retirée : elle n’est plus valide.")}};
    for (size_t i = 0; done && i < sizeof flashes / sizeof flashes[0]; i++)
        if (strcmp(done, flashes[i][0]) == 0)
            json_object_set_new(ctx, "done", json_string(flashes[i][1]));
    if (f && f->failed) {
        json_object_set_new(ctx, "failed", json_string(f->failed));
        if (f->field && !f->request_id) {
            json_object_set_new(
                ctx, "errors",
                field_errors(bl_arena_printf(req->arena, "new-%s", f->field), f->message));
            json_object_set_new(ctx, "e", json_pack("{s:s}", f->field, f->message));
        } else if (f->request_id) {
            json_object_set_new(
                ctx, "errors",
                field_errors(bl_arena_printf(req->arena, "r%lld-comment", (long long)f->request_id),
                             f->message));
        }
        if (!f->request_id)
            json_object_set_new(ctx, "v",
                                json_pack("{s:s, s:s, s:s}", "badge", f->badge ? f->badge : "",
                                          "comment", f->comment ? f->comment : "", "expires",
                                          f->expires ? f->expires : ""));
    }
    return bl_staff_page(req, resp, st, f ? f->status : 200, "endorse-org.html", "Reconnaissances",
                         ctx, "reconnaissances", ei);
}

enum bl_err h_endorse_org_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return org_page(req, resp, &st, NULL, ei);
}

static void back_to(struct bl_req *req, struct bl_resp *resp, const struct bl_staff *st,
                    const char *done)
{
    bl_doccache_clear(); /* the BadgeClass's endorsement list and the status list change */
    bl_resp_redirect(req, resp,
                     bl_arena_printf(req->arena, "/espace/%s/reconnaissances?fait=%s",
                                     st->current->org_slug, done));
}

/* The messages of the app's field errors, in French for the form. */
static const char *why(const struct bl_errinfo *ei, enum bl_err e, const char **field)
{
    if (strncmp(ei->msg, "comment", 7) == 0) {
        *field = "comment";
        return N_("Écrivez un commentaire (2 000 caractères au plus).");
    }
    if (strncmp(ei->msg, "expires", 7) == 0) {
        *field = "expires";
        return N_("La date de fin doit être dans le futur.");
    }
    *field = "badge";
    if (e == BL_ENOTFOUND)
        return N_("Aucun badge ne correspond à cette adresse.");
    if (strstr(ei->msg, "own"))
        return N_("Une organisation ne reconnaît pas ses propres badges.");
    return N_("Ce badge ne peut pas être reconnu.");
}

enum bl_err h_endorse_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    struct org_form f = {.status = 400,
                         .failed = N_("La reconnaissance n’a pas été faite. Corrigez :"),
                         .badge = bl_req_form(req, "badge"),
                         .comment = bl_req_form(req, "comment"),
                         .expires = bl_req_form(req, "expires")};
    int64_t until = end_of_day(f.expires);
    if (until < 0) {
        f.field = "expires";
        f.message = N_("Indiquez une date au format AAAA-MM-JJ.");
        return org_page(req, resp, &st, &f, ei);
    }
    if (!f.badge || !*f.badge) {
        f.field = "badge";
        f.message = N_("Indiquez l’adresse du badge à reconnaître.");
        return org_page(req, resp, &st, &f, ei);
    }
    struct bl_app_endorse_input in = {.kind = BL_ENDORSE_BADGE,
                                      .subject = badge_key(f.badge),
                                      .comment = f.comment,
                                      .expires_at = until};
    struct bl_endorsement out;
    e = bl_app_endorse(req->app, &st.auth.actor, st.current->org_id, &in, req->arena, &out, ei);
    if (e == BL_EINVAL || e == BL_ENOTFOUND) {
        f.message = why(ei, e, &f.field);
        return org_page(req, resp, &st, &f, ei);
    }
    if (e == BL_OK)
        back_to(req, resp, &st, "reconnu");
    return e;
}

static int64_t request_id(struct bl_req *req)
{
    const char *s = bl_req_param(req, "id");
    int64_t n = 0;
    if (!s || !*s || strlen(s) > 18)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        n = n * 10 + (*s - '0');
    }
    return n;
}

enum bl_err h_endorse_accept_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    int64_t id = request_id(req);
    if (!id)
        return bl_fail(ei, BL_ENOTFOUND, "no such request");
    struct org_form f = {.status = 400,
                         .failed = N_("La demande n’a pas été acceptée. Corrigez :"),
                         .comment = bl_req_form(req, "comment"),
                         .expires = bl_req_form(req, "expires"),
                         .request_id = id};
    int64_t until = end_of_day(f.expires);
    if (until < 0) {
        f.message = N_("Indiquez une date de fin au format AAAA-MM-JJ.");
        return org_page(req, resp, &st, &f, ei);
    }
    struct bl_endorsement out;
    e = bl_app_endorse_accept(req->app, &st.auth.actor, st.current->org_id, id, f.comment, until,
                              req->arena, &out, ei);
    if (e == BL_EINVAL) {
        const char *field;
        f.message = why(ei, e, &field);
        return org_page(req, resp, &st, &f, ei);
    }
    if (e == BL_OK)
        back_to(req, resp, &st, "reconnu");
    return e;
}

enum bl_err h_endorse_decline_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    int64_t id = request_id(req);
    if (!id)
        return bl_fail(ei, BL_ENOTFOUND, "no such request");
    e = bl_app_endorse_decline(req->app, &st.auth.actor, st.current->org_id, id, ei);
    if (e == BL_OK)
        back_to(req, resp, &st, "decline");
    return e;
}

enum bl_err h_endorse_withdraw_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_endorse_withdraw(req->app, &st.auth.actor, bl_req_form(req, "uid"), ei);
    if (e == BL_OK) {
        back_to(req, resp, &st, "retrait");
    }
    return e;
}

/* ---- a badge class: its endorsements and the requests about it ---- */

static enum bl_err badge_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                              unsigned status, const char *error, const char *message,
                              struct bl_errinfo *ei)
{
    struct bl_app_endorse_view v;
    const char *slug = st->current->org_slug, *uid = bl_req_param(req, "uid");
    enum bl_err e = bl_app_endorse_badge_view(req->app, &st->auth.actor, st->current->org_id, uid,
                                              req->arena, &v, ei);
    if (e != BL_OK)
        return e;
    int64_t now = bl_app_now(req->app);
    json_t *endorsed = json_array(), *asked = json_array(), *orgs = json_array();
    for (size_t i = 0; i < v.n_of_badge; i++) {
        const struct bl_endorsement *d = &v.of_badge[i];
        const char *state = d->withdrawn_at                         ? N_("retirée")
                            : d->expires_at && d->expires_at <= now ? N_("expirée")
                                                                    : NULL;
        json_array_append_new(endorsed,
                              json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "name", d->endorser_org_name,
                                        "comment", d->comment, "date",
                                        bl_req_date(req, d->issued_at), "state", state, "url",
                                        bl_app_endorsement_url(req->arena, req->app, d->uid)));
    }
    for (size_t i = 0; i < v.n_asked; i++) {
        const struct bl_endreq *r = &v.asked[i];
        const char *state = strcmp(r->state, "pending") == 0    ? N_("en attente")
                            : strcmp(r->state, "accepted") == 0 ? N_("acceptée")
                                                                : N_("déclinée");
        json_array_append_new(asked, json_pack("{s:s, s:s, s:s?}", "name", r->target_name, "state",
                                               state, "date", bl_req_date(req, r->created_at)));
    }
    for (size_t i = 0; i < v.n_orgs; i++) {
        bool done = false;
        for (size_t j = 0; j < v.n_asked; j++)
            if (v.asked[j].target_org_id == v.orgs[i].id)
                done = true;
        if (!done)
            json_array_append_new(orgs, json_pack("{s:I, s:s, s:s}", "n", (json_int_t)i, "slug",
                                                  v.orgs[i].slug, "name", v.orgs[i].name));
    }
    bool issuer = st->current->role >= BL_ROLE_ISSUER;
    json_t *ctx = json_pack(
        "{s:s, s:s, s:o, s:b, s:o, s:b, s:o, s:b, s:b, s:s, s:s, s:s}", "badge", v.badge.name,
        "back", bl_arena_printf(req->arena, "/espace/%s/badges/%s", slug, v.badge.uid), "endorsed",
        endorsed, "has_endorsed", json_array_size(endorsed) > 0, "asked", asked, "has_asked",
        json_array_size(asked) > 0, "orgs", orgs, "can_ask", issuer && json_array_size(orgs) > 0,
        "issuer", issuer, "csrf", st->auth.session.csrf, "action",
        bl_arena_printf(req->arena, "/espace/%s/badges/%s/reconnaissances", slug, v.badge.uid),
        "message", message ? message : "");
    const char *done = bl_req_query(req, "demande");
    if (done)
        json_object_set_new(ctx, "done",
                            json_string(strcmp(done, "0") == 0
                                            ? N_("Ces organisations avaient déjà été sollicitées.")
                                            : N_("Demande envoyée : chaque organisation la voit "
                                                 "dans son espace.")));
    if (error)
        json_object_set_new(ctx, "failed", json_string(error));
    return bl_staff_page(
        req, resp, st, status, "endorse-badge.html",
        bl_arena_printf(req->arena, bl_tr(req, N_("Reconnaissances — %s")), v.badge.name), ctx,
        "badges", ei);
}

enum bl_err h_endorse_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return badge_page(req, resp, &st, 200, NULL, NULL, ei);
}

enum bl_err h_endorse_ask_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *slugs[MAX_ASK];
    size_t n = bl_req_form_all(req, "orgs", slugs, MAX_ASK);
    const char *message = bl_req_form(req, "message");
    if (n == 0)
        return badge_page(req, resp, &st, 400, N_("Choisissez au moins une organisation."), message,
                          ei);
    if (n > MAX_ASK)
        n = MAX_ASK;
    size_t asked = 0;
    e = bl_app_endorse_ask(req->app, &st.auth.actor, bl_req_param(req, "uid"), slugs, n, message,
                           &asked, ei);
    if (e == BL_EINVAL)
        return badge_page(req, resp, &st, 400, N_("La demande n’a pas pu être envoyée."), message,
                          ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena,
                                         "/espace/%s/badges/%s/reconnaissances?demande=%zu",
                                         st.current->org_slug, bl_req_param(req, "uid"), asked));
    return e;
}

/* ---- recommendations by a tutor, from an emailed link (app/recommend.h) ---- */

/* Same origin as the configured base URL, or no Origin header (not a browser form post). */
static bool same_origin(struct bl_req *req)
{
    const char *o = bl_req_header(req, "Origin");
    const char *base = req->cfg->base_url;
    if (!o || strcmp(o, "null") == 0)
        return o == NULL;
    size_t n = strlen(o);
    return strncmp(base, o, n) == 0 && (base[n] == '\0' || base[n] == '/');
}

static enum bl_err tutor_page(struct bl_req *req, struct bl_resp *resp, unsigned status,
                              const char *comment, const char *error, struct bl_errinfo *ei)
{
    struct bl_app_recommend_view v;
    const char *token = bl_req_param(req, "token");
    enum bl_err e = bl_app_recommend_check(req->app, token, req->arena, &v, ei);
    json_t *ctx;
    if (e == BL_ENOTFOUND) {
        ctx = json_pack("{s:b}", "invalid", 1);
        status = 404;
    } else if (e != BL_OK) {
        return e;
    } else {
        const char *thanks = bl_req_query(req, "merci");
        ctx = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?, s:b, s:b, s:s, s:s}", "tutor",
                        v.tutor_name, "org", v.org.name, "recipient", v.award.recipient_name,
                        "badge", v.badge.name, "image",
                        bl_arena_printf(req->arena, "%s/badges/%s/image",
                                        ((struct bl_app *)req->app)->base_url, v.badge.uid),
                        "issued", bl_req_date(req, v.award.issued_at), "used", v.used, "thanks",
                        v.used && thanks != NULL, "action",
                        bl_arena_printf(req->arena, "%s/%s", BL_RECOMMEND_PATH, token), "comment",
                        comment ? comment : "");
        if (error) {
            json_object_set_new(ctx, "failed", json_true());
            json_object_set_new(ctx, "error", json_string(error));
        }
    }
    e = bl_page_render(req, resp, status, "recommend.html", N_("Recommander un badge"), ctx, ei);
    json_decref(ctx);
    return e;
}

enum bl_err h_recommend_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return tutor_page(req, resp, 200, NULL, NULL, ei);
}

enum bl_err h_recommend_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *token = bl_req_param(req, "token"), *comment = bl_req_form(req, "comment");
    struct bl_endorsement out;
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "recommendation posted from another site");
    enum bl_err e = bl_app_recommend_submit(req->app, token, comment, req->arena, &out, ei);
    if (e == BL_EINVAL)
        return tutor_page(req, resp, 400, comment,
                          N_("Écrivez votre recommandation (2 000 caractères au plus)."), ei);
    if (e == BL_ENOTFOUND)
        return tutor_page(req, resp, 404, NULL, NULL, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "%s/%s?merci=1", BL_RECOMMEND_PATH, token));
    return e;
}

/* The issuer asks a tutor: a form on the award (staff), then the mail. */
static enum bl_err invite_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                               unsigned status, const char *field, const char *message,
                               struct bl_errinfo *ei)
{
    const char *uid = bl_req_param(req, "uid"), *slug = st->current->org_slug;
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:s, s:s}", "csrf", st->auth.session.csrf, "action",
        bl_arena_printf(req->arena, "/espace/%s/attributions/%s/recommandation", slug, uid), "back",
        bl_arena_printf(req->arena, "/espace/%s/attributions/%s", slug, uid), "public",
        bl_app_award_url(req->arena, req->app, uid), "org", st->current->org_name);
    const char *sent = bl_req_query(req, "envoye");
    if (sent)
        json_object_set_new(ctx, "done",
                            json_string(N_("Le lien de recommandation a été envoyé par e-mail.")));
    if (field) {
        json_object_set_new(ctx, "failed", json_true());
        json_object_set_new(ctx, "errors",
                            field_errors(bl_arena_printf(req->arena, "tutor-%s", field), message));
        json_object_set_new(ctx, "e", json_pack("{s:s}", field, message));
        json_object_set_new(ctx, "v",
                            json_pack("{s:s, s:s}", "name",
                                      bl_req_form(req, "name") ? bl_req_form(req, "name") : "",
                                      "email",
                                      bl_req_form(req, "email") ? bl_req_form(req, "email") : ""));
    }
    return bl_staff_page(req, resp, st, status, "recommend-invite.html",
                         N_("Demander une recommandation"), ctx, "attributions", ei);
}

enum bl_err h_recommend_invite_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    /* Only an award of this organisation: another's is "not found", like everywhere else. */
    struct bl_award a;
    e = bl_app_award_get(req->app, &st.auth.actor, bl_req_param(req, "uid"), req->arena, &a, ei);
    if (e == BL_OK && a.org_id != st.current->org_id)
        e = bl_fail(ei, BL_ENOTFOUND, "no such award in this organisation");
    if (e != BL_OK)
        return e;
    return invite_page(req, resp, &st, 200, NULL, NULL, ei);
}

enum bl_err h_recommend_invite_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *uid = bl_req_param(req, "uid");
    e = bl_app_recommend_invite(req->app, &st.auth.actor, uid, bl_req_form(req, "email"),
                                bl_req_form(req, "name"), NULL, ei);
    if (e == BL_EINVAL && strncmp(ei->msg, "name", 4) == 0)
        return invite_page(
            req, resp, &st, 400, "name",
            N_("Indiquez le nom du tuteur ou de l’employeur (200 caractères au plus)."), ei);
    if (e == BL_EINVAL && strncmp(ei->msg, "email", 5) == 0)
        return invite_page(req, resp, &st, 400, "email",
                           N_("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
                           ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena,
                                         "/espace/%s/attributions/%s/recommandation?envoye=1",
                                         st.current->org_slug, uid));
    return e;
}
