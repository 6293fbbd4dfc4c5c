/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_claim.c: the pages of a young person claiming a badge at an event, on
 * their phone, without an account (docs/internals/event.md).
 *
 *   GET  /r/{token}         the claim form, or why it cannot be used (expired, closed)
 *   POST /r/{token}         claim; the personal link goes into a cookie, then 303 to:
 *   GET  /e/{event}/recu    the badge, the personal link and QR, the code for the stands
 *
 * The form has no session to bind a CSRF token to: a cross-site post is
 * refused by its Origin header instead, as the sign-in form does.  The
 * token in the URL is the right to claim.
 */
#include <string.h>

#include "app/event.h"
#include "core/buf.h"
#include "core/qr.h"
#include "h_events.h"
#include "page.h"
#include "i18n.h"

#define CLAIM_COOKIE     "bl_claim" /* the personal link secret, on the phone that claimed */
#define CLAIM_COOKIE_AGE (365L * 24 * 3600)

static bool same_origin(struct bl_req *req)
{
    const char *o = bl_req_header(req, "Origin");
    const char *base = req->cfg->base_url;
    if (!o || strcmp(o, "null") == 0)
        return o == NULL;
    size_t n = strlen(o);
    return strncmp(base, o, n) == 0 && (base[n] == '\0' || base[n] == '/');
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* A page that says why the code cannot be used; status 410 (gone), 404 or 409. */
static enum bl_err refusal(struct bl_req *req, struct bl_resp *resp, unsigned status,
                           const char *title, const char *message, const struct bl_event *ev,
                           struct bl_errinfo *ei)
{
    json_t *ctx = json_pack("{s:s, s:s, s:s?}", "title", title, "message", message, "event",
                            ev && ev->name ? ev->name : NULL);
    enum bl_err e = bl_page_render(req, resp, status, "claim-refused.html", title, ctx, ei);
    json_decref(ctx);
    return e;
}

/* The refusal page of a claim error, or BL_ENOENT-like passthrough (returns false). */
static bool refused(struct bl_req *req, struct bl_resp *resp, enum bl_err e,
                    const struct bl_event *ev, enum bl_err *out, struct bl_errinfo *ei)
{
    const char *m = ei->msg;
    if (e == BL_ENOTFOUND) {
        *out =
            refusal(req, resp, 404, "Code QR inconnu",
                    N_("Ce code QR n’est pas valide. Scannez celui affiché sur place."), NULL, ei);
        return true;
    }
    if (e == BL_ELIMIT) {
        *out = refusal(req, resp, 429, N_("Trop de demandes"),
                       N_("Trop de demandes depuis cette connexion. Réessayez dans 10 minutes."),
                       ev, ei);
        return true;
    }
    if (e != BL_EINVAL)
        return false;
    if (strncmp(m, "expired:", 8) == 0)
        *out = refusal(req, resp, 410, "Code QR expiré",
                       N_("Ce code QR a expiré, scannez celui affiché sur place."), ev, ei);
    else if (strncmp(m, "closed: the claim window has not", 32) == 0)
        *out = refusal(req, resp, 410, "Pas encore ouvert",
                       N_("Ce badge ne peut pas encore être reçu : revenez pendant l’événement."),
                       ev, ei);
    else if (strncmp(m, "closed:", 7) == 0)
        *out = refusal(req, resp, 410, N_("C’est terminé"),
                       N_("La période pour recevoir ce badge est terminée."), ev, ei);
    else if (strncmp(m, "full:", 5) == 0)
        *out = refusal(req, resp, 409, "Événement complet",
                       N_("Toutes les places de cet événement ont été prises : adressez-vous à "
                          "l’accueil."),
                       ev, ei);
    else
        return false;
    return true;
}

struct claim_form {
    const char *first_name, *email, *phone;
};

static enum bl_err form_page(struct bl_req *req, struct bl_resp *resp, unsigned status,
                             const struct bl_event *ev, const struct claim_form *f, json_t *errors,
                             struct bl_errinfo *ei)
{
    json_t *summary = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v)
    {
        json_array_append_new(summary, json_pack("{s:s, s:O}", "field", key, "message", v));
    }
    char tok[BL_EVTOKEN_LEN];
    enum bl_err e = bl_app_claim_form_token(req->app, ev, bl_app_now(req->app), tok, ei);
    if (e != BL_OK) {
        json_decref(summary);
        return e;
    }
    json_t *ctx =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:{s:s, s:s, s:s}, s:O, s:o, s:b}", "action",
                  bl_arena_printf(req->arena, "/r/%s", tok), "event", ev->name, "place",
                  or_empty(ev->place), "badge", ev->participation_badge_name, "image",
                  bl_arena_printf(req->arena, "/badges/%s/image", ev->participation_badge_uid),
                  "pin", ev->pin != NULL, "v", "first_name", or_empty(f->first_name), "email",
                  or_empty(f->email), "phone", or_empty(f->phone), "e", errors, "errors", summary,
                  "failed", json_array_size(summary) > 0);
    e = bl_page_render(req, resp, status, "claim.html", "Recevoir mon badge", ctx, ei);
    json_decref(ctx);
    return e;
}

enum bl_err h_claim_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_event ev;
    struct claim_form f = {0};
    enum bl_err e = bl_app_claim_open(req->app, bl_req_param(req, "token"), req->arena, &ev, ei), r;
    if (e != BL_OK)
        return refused(req, resp, e, &ev, &r, ei) ? r : e;
    json_t *errors = json_object();
    e = form_page(req, resp, 200, &ev, &f, errors, ei);
    json_decref(errors);
    return e;
}

static const char *field_message(const char *msg, const char **field)
{
    static const char *const map[][2] = {
        {"first_name", N_("Indiquez votre prénom (60 caractères au plus).")},
        {"email", N_("Adresse e-mail invalide : vérifiez-la, ou laissez-la vide.")},
        {"phone", N_("Numéro invalide : dix chiffres commençant par 0 (06 12 34 56 78), ou laissez "
                     "vide.")},
        {"pin", N_("Ce n’est pas le bon code PIN : demandez-le à l’accueil.")},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i][0]);
        if (strncmp(msg, map[i][0], n) == 0 && msg[n] == ':') {
            *field = map[i][0];
            return map[i][1];
        }
    }
    return NULL;
}

/* The result page for a person recognised by email or phone on another phone: no link. */
static enum bl_err known_page(struct bl_req *req, struct bl_resp *resp,
                              const struct bl_app_claim_result *res, struct bl_errinfo *ei)
{
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:s, s:b}", "first_name", res->claim.first_name, "event", res->event.name,
        "badge", res->event.participation_badge_name, "image",
        bl_arena_printf(req->arena, "/badges/%s/image", res->event.participation_badge_uid),
        "issued", res->claim.status == BL_CLAIM_ISSUED);
    enum bl_err e = bl_page_render(req, resp, 200, "claim-known.html", N_("Déjà reçu"), ctx, ei);
    json_decref(ctx);
    return e;
}

enum bl_err h_claim_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_claim_result res;
    enum bl_err e, r;
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "cross-site claim refused");
    struct claim_form f = {bl_req_form(req, "first_name"), bl_req_form(req, "email"),
                           bl_req_form(req, "phone")};
    struct bl_app_claim_input in = {.token = bl_req_param(req, "token"),
                                    .first_name = f.first_name,
                                    .email = f.email,
                                    .phone = f.phone,
                                    .pin = bl_req_form(req, "pin"),
                                    .link_token = bl_req_cookie(req, CLAIM_COOKIE),
                                    .client = req->remote};
    e = bl_app_claim(req->app, &in, req->arena, &res, ei);
    if (e == BL_OK && !res.link_token)
        return known_page(req, resp, &res, ei);
    if (e == BL_OK) {
        if ((e = bl_resp_set_cookie(req, resp, CLAIM_COOKIE, res.link_token, CLAIM_COOKIE_AGE)) !=
            BL_OK)
            return e;
        bl_resp_redirect(req, resp, bl_arena_printf(req->arena, "/e/%s/recu", res.event.uid));
        return BL_OK;
    }
    if (refused(req, resp, e, &res.event, &r, ei))
        return r;
    const char *field = NULL, *msg = e == BL_EINVAL ? field_message(ei->msg, &field) : NULL;
    if (!msg)
        return e;
    json_t *errors = json_object();
    json_object_set_new(errors, field, json_string(msg));
    e = form_page(req, resp, 400, &res.event, &f, errors, ei);
    json_decref(errors);
    return e;
}

static const char *qr(struct bl_req *req, const char *url, const char *title)
{
    struct bl_buf b;
    const char *s = NULL;
    bl_buf_init(&b, BL_QR_SVG_MAX);
    if (bl_qr_svg_titled(url, title, &b, NULL) == BL_OK)
        s = bl_arena_strndup(req->arena, (const char *)b.p, b.len);
    bl_buf_free(&b);
    return s ? s : "";
}

enum bl_err h_claim_mine_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_claim_result res;
    enum bl_err e = bl_app_claim_mine(req->app, bl_req_param(req, "event"),
                                      bl_req_cookie(req, CLAIM_COOKIE), req->arena, &res, ei);
    if (e == BL_ENOTFOUND)
        return refusal(req, resp, 404, N_("Aucun badge sur ce téléphone"),
                       N_("Ce téléphone n’a pas reçu de badge à cet événement. Scannez le code QR "
                          "affiché sur place, ou ouvrez votre lien personnel."),
                       NULL, ei);
    if (e != BL_OK)
        return e;
    const char *base = req->cfg->base_url;
    const char *link = bl_arena_printf(req->arena, "%s/sac/l/%s", base, res.link_token);
    const char *stand =
        bl_arena_printf(req->arena, "%s/espace/%s/evenements/%s/stand/remettre?code=%s", base,
                        res.org_slug, res.event.uid, res.claim.code);
    bool issued = res.claim.status == BL_CLAIM_ISSUED;
    json_t *badges = json_array();
    for (size_t i = 0; i < res.n_badges; i++)
        json_array_append_new(badges, json_pack("{s:s, s:s}", "name", res.badges[i].badge_name,
                                                "award", res.badges[i].uid));
    /* The QR codes are SVG from bl_qr_svg_titled (its title escaped): inserted raw by the template.
     */
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:s, s:b, s:s?, s:s, s:s, s:s, s:s, s:s}", "first_name",
        res.claim.first_name, "event", res.event.name, "badge", res.event.participation_badge_name,
        "image", bl_arena_printf(req->arena, "/badges/%s/image", res.event.participation_badge_uid),
        "issued", issued, "award", issued ? res.award.uid : NULL, "link", link, "link_qr",
        qr(req, link, bl_tr(req, N_("Votre lien personnel"))), "code", res.claim.code, "code_qr",
        qr(req, stand, bl_tr(req, N_("Votre code pour les stands"))), "sac", "/sac");
    json_object_set_new(ctx, "badges", badges);
    json_object_set_new(ctx, "has_badges", json_boolean(res.n_badges > 0));
    e = bl_page_render(req, resp, 200, "claim-done.html", N_("Mon badge"), ctx, ei);
    json_decref(ctx);
    return e;
}
