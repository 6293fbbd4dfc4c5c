/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_staff.c: forgotten passwords, invitations and the team of an
 * organisation (app/reset.h, docs/internals/reset.md).
 *
 *   GET  /mot-de-passe                   ask for a link (?envoye=1: the answer)
 *   POST /mot-de-passe                   email: always the same answer
 *   GET  /mot-de-passe/{token}           the form for the new password
 *   POST /mot-de-passe/{token}           set it, end the sessions, sign in
 *   GET  /espace/{slug}/equipe           the members (admins: forms)
 *   POST /espace/{slug}/equipe/role      change a member's role (admins)
 *   POST /espace/{slug}/equipe/inviter   invite by email with a role (admins)
 *
 * The password forms carry no session, so no CSRF token: a cross-site post
 * is refused by its Origin header, as for the sign-in form.  Viewers and
 * issuers see the team read-only.
 */
#include <string.h>

#include "app/account.h"
#include "app/reset.h"
#include "core/mem.h"
#include "h_staff.h"
#include "i18n.h"
#include "page.h"
#include "staff.h"

#define MSG_SENT  N_("Si un compte existe, un e-mail vient d’être envoyé.")
#define MSG_LIMIT N_("Trop de demandes. Attendez un quart d’heure avant de réessayer.")
#define MSG_EMAIL N_("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
#define MSG_SELF                                                                                   \
    N_("Vous ne pouvez pas abaisser votre propre rôle : demandez à un autre administrateur.")

/* Same origin as the configured base URL (or no Origin header: not a browser form post). */
static bool same_origin(struct bl_req *req)
{
    const char *o = bl_req_header(req, "Origin");
    const char *base = req->cfg->base_url;
    if (!o || strcmp(o, "null") == 0)
        return o == NULL;
    size_t n = strlen(o);
    return strncmp(base, o, n) == 0 && (base[n] == '\0' || base[n] == '/');
}

/* ---- forgotten password ---- */

static enum bl_err request_form(struct bl_req *req, struct bl_resp *resp, unsigned status,
                                const char *email, bool sent, const char *error,
                                struct bl_errinfo *ei)
{
    json_t *ctx =
        json_pack("{s:s, s:b, s:s?}", "email", email ? email : "", "sent", sent, "error", error);
    enum bl_err e = bl_page_render(req, resp, status, "password-request.html",
                                   N_("Mot de passe oublié"), ctx, ei);
    json_decref(ctx);
    return e;
}

enum bl_err h_password_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *sent = bl_req_query(req, "envoye");
    return request_form(req, resp, 200, NULL, sent && strcmp(sent, "1") == 0, NULL, ei);
}

enum bl_err h_password_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *email = bl_req_form(req, "email");
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "password form posted from another site");
    enum bl_err e = bl_app_reset_request(req->app, email, req->remote, ei);
    if (e == BL_EINVAL)
        return request_form(req, resp, 400, email, false, MSG_EMAIL, ei);
    if (e == BL_ELIMIT)
        return request_form(req, resp, 429, email, false, MSG_LIMIT, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, BL_APP_RESET_PATH "?envoye=1");
    return e;
}

static json_t *field_error(const char *field, const char *message)
{
    return json_pack("{s:s, s:s}", "field", field, "message", message);
}

static enum bl_err new_form(struct bl_req *req, struct bl_resp *resp, unsigned status, bool invalid,
                            const char *field, const char *message, struct bl_errinfo *ei)
{
    const char *token = bl_req_param(req, "token");
    json_t *ctx = json_pack("{s:b, s:s, s:I}", "invalid", invalid, "action",
                            bl_arena_printf(req->arena, "%s/%s", BL_APP_RESET_PATH, token), "min",
                            (json_int_t)BL_APP_PASSWORD_MIN);
    if (field) {
        json_object_set_new(ctx, "failed", json_true());
        json_object_set_new(ctx, "errors", json_pack("[o]", field_error(field, message)));
        json_object_set_new(ctx, "e", json_pack("{s:s}", field, message));
    }
    enum bl_err e = bl_page_render(req, resp, status, "password-new.html",
                                   N_("Choisir un mot de passe"), ctx, ei);
    json_decref(ctx);
    return e;
}

enum bl_err h_password_link_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_reset_check(req->app, bl_req_param(req, "token"), ei);
    if (e == BL_ENOTFOUND)
        return new_form(req, resp, 404, true, NULL, NULL, ei);
    if (e != BL_OK)
        return e;
    return new_form(req, resp, 200, false, NULL, NULL, ei);
}

enum bl_err h_password_link_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    const char *token = bl_req_param(req, "token");
    const char *p1 = bl_req_form(req, "password"), *p2 = bl_req_form(req, "password2");
    char *email = NULL;
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "password form posted from another site");
    if (!p1 || strlen(p1) < BL_APP_PASSWORD_MIN)
        return new_form(req, resp, 400, false, "password",
                        bl_arena_printf(req->arena,
                                        bl_tr(req, N_("Le mot de passe doit avoir au moins "
                                                      "%u caractères.")),
                                        BL_APP_PASSWORD_MIN),
                        ei);
    if (strlen(p1) > BL_APP_PASSWORD_MAX)
        return new_form(req, resp, 400, false, "password",
                        bl_arena_printf(req->arena,
                                        bl_tr(req, N_("Le mot de passe doit avoir au plus "
                                                      "%u caractères.")),
                                        BL_APP_PASSWORD_MAX),
                        ei);
    if (!p2 || strcmp(p1, p2) != 0)
        return new_form(req, resp, 400, false, "password2",
                        N_("Les deux mots de passe ne sont pas identiques."), ei);
    enum bl_err e = bl_app_reset_finish(req->app, token, p1, &email, ei);
    if (e == BL_ENOTFOUND)
        return new_form(req, resp, 404, true, NULL, NULL, ei);
    if (e != BL_OK)
        return e;
    /* Signed in with the new password at once: the old sessions are gone. */
    struct bl_app_session s;
    e = bl_auth_signin(req, resp, email, p1, &s, ei);
    bl_wipe(&s, sizeof s);
    bl_free(email);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/espace");
    else if (e == BL_EDENIED || e == BL_ELIMIT) {
        bl_resp_redirect(req, resp, "/connexion");
        e = BL_OK;
    }
    return e;
}

/* ---- the team ---- */

static const char *role_fr(enum bl_role r)
{
    return r == BL_ROLE_ADMIN    ? N_("administrateur")
           : r == BL_ROLE_ISSUER ? N_("émetteur")
                                 : N_("lecteur");
}

static json_t *role_options(enum bl_role selected)
{
    static const enum bl_role roles[] = {BL_ROLE_VIEWER, BL_ROLE_ISSUER, BL_ROLE_ADMIN};
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", bl_app_role_name(roles[i]),
                                           "label", role_fr(roles[i]), "selected",
                                           roles[i] == selected));
    return a;
}

/* What a failed POST brings back to the page. */
struct team_view {
    unsigned status;
    const char *failed;          /* summary, NULL when nothing failed */
    const char *field, *message; /* the field in error (invite form) */
    const char *email, *name;    /* invite values kept */
    enum bl_role role;
};

static enum bl_err team_page(struct bl_req *req, struct bl_resp *resp, struct bl_staff *st,
                             const struct team_view *v, struct bl_errinfo *ei)
{
    struct bl_member *m = NULL;
    size_t n = 0;
    const char *slug = st->current->org_slug;
    bool admin = st->current->role == BL_ROLE_ADMIN;
    enum bl_err e =
        bl_app_members(req->app, &st->auth.actor, st->current->org_id, req->arena, &m, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *members = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "n", (json_int_t)i, "name",
                      m[i].name, "email", m[i].email, "role", role_fr(m[i].role), "pending",
                      !m[i].has_password, "admin", admin, "csrf", st->auth.session.csrf,
                      "action_role", bl_arena_printf(req->arena, "/espace/%s/equipe/role", slug));
        json_object_set_new(o, "options", role_options(m[i].role));
        json_array_append_new(members, o);
    }
    json_t *ctx =
        json_pack("{s:s, s:o, s:b, s:s, s:s, s:o}", "org", st->current->org_name, "members",
                  members, "admin", admin, "csrf", st->auth.session.csrf, "action_invite",
                  bl_arena_printf(req->arena, "/espace/%s/equipe/inviter", slug), "invite_options",
                  role_options(v && v->role ? v->role : BL_ROLE_ISSUER));
    const char *done = bl_req_query(req, "fait");
    if (done && strcmp(done, "invite") == 0)
        json_object_set_new(ctx, "done", json_string(N_("Invitation envoyée par e-mail.")));
    else if (done && strcmp(done, "ajout") == 0)
        json_object_set_new(ctx, "done", json_string(N_("La personne a rejoint l’équipe.")));
    else if (done && strcmp(done, "role") == 0)
        json_object_set_new(ctx, "done", json_string(N_("Rôle modifié.")));
    if (v && v->failed) {
        json_object_set_new(ctx, "failed", json_string(v->failed));
        if (v->field) {
            json_object_set_new(ctx, "has_errors", json_true());
            json_object_set_new(ctx, "errors",
                                json_pack("[{s:s, s:s}]", "field",
                                          bl_arena_printf(req->arena, "invite-%s", v->field),
                                          "message", v->message));
            json_object_set_new(ctx, "e", json_pack("{s:s}", v->field, v->message));
        }
        json_object_set_new(ctx, "v",
                            json_pack("{s:s, s:s}", "email", v->email ? v->email : "", "name",
                                      v->name ? v->name : ""));
    }
    return bl_staff_page(req, resp, st, v ? v->status : 200, "team.html", N_("Équipe"), ctx,
                         "equipe", ei);
}

enum bl_err h_team_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    return team_page(req, resp, &st, NULL, ei);
}

enum bl_err h_team_role_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    enum bl_role role = bl_app_role_parse(bl_req_form(req, "role"));
    if (role == BL_ROLE_NONE)
        return bl_fail(ei, BL_EINVAL, "role: admin, issuer or viewer");
    e = bl_app_member_set(req->app, &st.auth.actor, st.current->org_id, bl_req_form(req, "email"),
                          role, ei);
    if (e == BL_EDENIED && st.current->role == BL_ROLE_ADMIN) {
        /* An admin is refused only one thing here: lowering their own role. */
        struct team_view v = {.status = 403, .failed = MSG_SELF};
        return team_page(req, resp, &st, &v, ei);
    }
    if (e == BL_OK)
        bl_resp_redirect(
            req, resp,
            bl_arena_printf(req->arena, "/espace/%s/equipe?fait=role", st.current->org_slug));
    return e;
}

enum bl_err h_team_invite_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_staff st;
    enum bl_err e;
    bool invited = false;
    if (!bl_staff_load(req, resp, &st, &e, ei))
        return e;
    const char *email = bl_req_form(req, "email"), *name = bl_req_form(req, "name");
    enum bl_role role = bl_app_role_parse(bl_req_form(req, "role"));
    struct team_view v = {.status = 400,
                          .failed = N_("La personne n’a pas été invitée. Corrigez :"),
                          .email = email,
                          .name = name,
                          .role = role};
    if (st.current->role != BL_ROLE_ADMIN)
        return bl_fail(ei, BL_EDENIED, "only an administrator invites");
    if (role == BL_ROLE_NONE)
        return bl_fail(ei, BL_EINVAL, "role: admin, issuer or viewer");
    e = bl_app_invite(req->app, &st.auth.actor, st.current->org_id, email, name, role, &invited,
                      ei);
    if (e == BL_EINVAL) {
        v.field = "email";
        v.message = MSG_EMAIL;
        return team_page(req, resp, &st, &v, ei);
    }
    if (e == BL_ETOOBIG) {
        v.field = "name";
        v.message = N_("Le nom est trop long : 200 caractères au plus.");
        return team_page(req, resp, &st, &v, ei);
    }
    if (e == BL_EDENIED) {
        v.status = 403;
        v.failed = MSG_SELF;
        return team_page(req, resp, &st, &v, ei);
    }
    if (e == BL_OK)
        bl_resp_redirect(req, resp,
                         bl_arena_printf(req->arena, "/espace/%s/equipe?fait=%s",
                                         st.current->org_slug, invited ? "invite" : "ajout"));
    return e;
}
