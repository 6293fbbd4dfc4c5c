/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_sac_password.c: the backpack's optional password
 * (docs/internals/backpack.md "Passwords").
 *
 *   GET  /sac/connexion/mot-de-passe     identifier + password form
 *   POST /sac/connexion/mot-de-passe     the same session as a code, then /sac
 *   GET  /sac/compte/mot-de-passe        choose, change or remove it
 *   POST /sac/compte/mot-de-passe        set or change (the current one when set)
 *   POST /sac/compte/mot-de-passe/retrait  remove it (the current one)
 *   POST /sac/compte/mot-de-passe/oubli    forgotten: a code to a proven identifier
 *   POST /sac/compte/mot-de-passe/oubli/code  ... which removes it
 *
 * Passwords are never put back into a page, even on an error.
 */
#include <string.h>

#include <jansson.h>

#include "app/backpack.h"
#include "core/mem.h"
#include "h_backpack.h"
#include "i18n.h"
#include "page.h"

/* ---- sign-in ---- */

static enum bl_err signin_page(struct bl_req *req, struct bl_resp *resp, unsigned status,
                               const char *typed, const char *error, struct bl_errinfo *ei)
{
    return h_sac_render(req, resp, status, "sac-password-signin.html", N_("J’ai un mot de passe"),
                        json_pack("{s:s, s:s?}", "identifier", typed ? typed : "", "error", error),
                        ei);
}

enum bl_err h_sac_pw_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return signin_page(req, resp, 200, NULL, NULL, ei);
}

enum bl_err h_sac_pw_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_ident id;
    struct bl_app_hsession s;
    const char *typed = bl_req_form(req, "identifiant");
    const char *password = bl_req_form(req, "mot_de_passe");
    if (!h_sac_same_origin(req))
        return bl_fail(ei, BL_EDENIED, "sign-in form posted from another site");
    /* Something that is no identifier at all gets the same answer as a wrong password. */
    enum bl_err e = bl_app_ident_parse(typed, &id, ei);
    if (e == BL_OK)
        e = bl_app_sac_password_signin(req->app, &id, password, req->remote, &s, ei);
    else
        e = bl_app_sac_password_signin(req->app, &(struct bl_app_ident){.kind = "none"},
                                       password ? password : "", req->remote, &s, ei);
    if (e == BL_EDENIED)
        return signin_page(req, resp, 403, typed, N_("Identifiant ou mot de passe incorrect."), ei);
    if (e == BL_ELIMIT)
        return signin_page(req, resp, 429, typed,
                           N_("Trop d’essais avec un mot de passe. Attendez un quart d’heure, ou "
                              "demandez un code : il marche toujours."),
                           ei);
    if (e != BL_OK)
        return e;
    return h_sac_open(req, resp, &s);
}

/* ---- account: choose, change, remove ---- */

static enum bl_err account_page(struct bl_req *req, struct bl_resp *resp,
                                const struct bl_holder_session *s, const struct bl_holder *h,
                                unsigned status, const char *field, const char *message,
                                struct bl_errinfo *ei)
{
    bool has = false;
    enum bl_err e = bl_app_sac_password_is_set(req->app, h->id, &has, ei);
    if (e != BL_OK)
        return e;
    const char *done = bl_req_query(req, "fait");
    json_t *ctx =
        json_pack("{s:{s:s}, s:b, s:I, s:s?}", "holder", "csrf", s->csrf, "has", has, "min",
                  (json_int_t)BL_APP_PASSWORD_MIN, "done", done ? N_("C’est enregistré.") : NULL);
    if (ctx && field) {
        json_object_set_new(ctx, "failed", json_true());
        json_object_set_new(ctx, "errors",
                            json_pack("[{s:s, s:s}]", "field", field, "message", message));
        json_object_set_new(ctx, "e", json_pack("{s:s}", field, message));
    }
    return h_sac_render(req, resp, status, "sac-password.html", N_("Mon mot de passe"), ctx, ei);
}

enum bl_err h_sac_password_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    return account_page(req, resp, &st.s, &st.h, 200, NULL, NULL, ei);
}

enum bl_err h_sac_password_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct h_sac st;
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    const char *cur = bl_req_form(req, "actuel");
    const char *p1 = bl_req_form(req, "nouveau"), *p2 = bl_req_form(req, "nouveau2");
    if (!p1 || strlen(p1) < BL_APP_PASSWORD_MIN)
        return account_page(req, resp, &st.s, &st.h, 400, "nouveau",
                            bl_arena_printf(req->arena,
                                            bl_tr(req, N_("Le mot de passe doit avoir au moins "
                                                          "%u caractères.")),
                                            BL_APP_PASSWORD_MIN),
                            ei);
    if (strlen(p1) > BL_APP_PASSWORD_MAX)
        return account_page(req, resp, &st.s, &st.h, 400, "nouveau",
                            bl_arena_printf(req->arena,
                                            bl_tr(req, N_("Le mot de passe doit avoir au plus "
                                                          "%u caractères.")),
                                            BL_APP_PASSWORD_MAX),
                            ei);
    if (!p2 || strcmp(p1, p2) != 0)
        return account_page(req, resp, &st.s, &st.h, 400, "nouveau2",
                            N_("Les deux mots de passe ne sont pas identiques."), ei);
    e = bl_app_sac_password_set(req->app, st.h.id, cur, p1, ei);
    if (e == BL_EDENIED)
        return account_page(req, resp, &st.s, &st.h, 403, "actuel",
                            N_("Le mot de passe actuel n’est pas le bon."), ei);
    if (e == BL_EINVAL)
        return account_page(req, resp, &st.s, &st.h, 400, "nouveau",
                            N_("Choisissez un mot de passe qui n’est ni votre prénom, ni votre "
                               "e-mail, ni votre téléphone."),
                            ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/compte/mot-de-passe?fait=1");
    return e;
}

enum bl_err h_sac_password_remove_post(struct bl_req *req, struct bl_resp *resp,
                                       struct bl_errinfo *ei)
{
    struct h_sac st;
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_sac_password_remove(req->app, st.h.id, bl_req_form(req, "actuel"), ei);
    if (e == BL_EDENIED)
        return account_page(req, resp, &st.s, &st.h, 403, "actuel_retrait",
                            N_("Le mot de passe actuel n’est pas le bon."), ei);
    if (e == BL_ENOTFOUND) /* already removed (another tab): nothing to do */
        e = BL_OK;
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/compte/mot-de-passe?fait=1");
    return e;
}

/* ---- forgotten password ---- */

static enum bl_err forget_page(struct bl_req *req, struct bl_resp *resp,
                               const struct bl_holder_session *s, unsigned status,
                               const struct bl_app_ident *id, const char *error,
                               struct bl_errinfo *ei)
{
    return h_sac_render(req, resp, status, "sac-password-code.html", N_("Mot de passe oublié"),
                        json_pack("{s:{s:s}, s:s, s:b, s:s?}", "holder", "csrf", s->csrf,
                                  "identifier", id->value, "phone", strcmp(id->kind, "phone") == 0,
                                  "error", error),
                        ei);
}

enum bl_err h_sac_password_forget_post(struct bl_req *req, struct bl_resp *resp,
                                       struct bl_errinfo *ei)
{
    struct h_sac st;
    struct bl_holder_ident *rows;
    struct bl_app_ident id = {0};
    size_t n;
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_app_sac_idents(req->app, st.h.id, req->arena, &rows, &n, ei)) != BL_OK)
        return e;
    /* Proven ones come first: the code goes to the first of them. */
    if (n == 0 || !rows[0].verified_at || bl_app_ident_parse(rows[0].value, &id, ei) != BL_OK)
        return account_page(req, resp, &st.s, &st.h, 400, "oubli",
                            N_("Votre sac n’a pas encore d’adresse ou de téléphone confirmé. "
                               "Ajoutez-en un dans « Mes adresses et téléphones »."),
                            ei);
    e = bl_app_sac_ident_request(req->app, st.h.id, &id, req->remote, &bl_app_sms_outbox, ei);
    if (e == BL_ELIMIT)
        return account_page(
            req, resp, &st.s, &st.h, 429, "oubli",
            N_("Trop de codes demandés. Attendez un quart d’heure avant de réessayer."), ei);
    if (e != BL_OK)
        return e;
    return forget_page(req, resp, &st.s, 200, &id, NULL, ei);
}

enum bl_err h_sac_password_forget_code_post(struct bl_req *req, struct bl_resp *resp,
                                            struct bl_errinfo *ei)
{
    struct h_sac st;
    struct bl_app_ident id;
    char digits[BL_SAC_CODE_BUF];
    enum bl_err e;
    if (!h_sac_load(req, resp, &st, &e, ei))
        return e;
    if (bl_app_ident_parse(bl_req_form(req, "identifiant"), &id, ei) != BL_OK)
        return account_page(req, resp, &st.s, &st.h, 400, "oubli", N_("Recommencez."), ei);
    h_sac_code_digits(req, digits);
    e = bl_app_sac_password_forget(req->app, st.h.id, &id, digits, ei);
    if (e == BL_EDENIED)
        return forget_page(req, resp, &st.s, 403, &id,
                           N_("Ce code n’est pas le bon, ou il a expiré. Vérifiez les 6 chiffres."),
                           ei);
    if (e == BL_ELIMIT)
        return forget_page(req, resp, &st.s, 429, &id,
                           N_("Trop d’essais avec ce code. Demandez un nouveau code."), ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/compte/mot-de-passe?fait=1");
    return e;
}
