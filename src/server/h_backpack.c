/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_backpack.c: the young person's backpack (docs/internals/backpack.md).
 *
 *   GET  /sac/connexion            ask an email or a phone
 *   POST /sac/connexion            send a one-time code; the code form
 *   POST /sac/code                 identifier + code: the "sac" cookie, then /sac
 *   GET  /sac/code/{token}         the code's link: a button (mail scanners fetch links)
 *   POST /sac/code/{token}         ... which opens the backpack
 *   GET  /sac/l/{token}            personal link: the cookie, then /sac
 *   POST /sac/deconnexion          ends the session
 *   GET  /sac                      every badge of the holder
 *   GET  /sac/badges/{uid}         one badge: downloads, sharing, LinkedIn
 *   GET  /sac/badges/{uid}/attestation  printable certificate with a QR code
 *   POST /sac/badges/{uid}/partage make public (on=1) or withdraw the page
 *   POST /sac/mineur               a minor allows public pages (or not)
 *   GET  /b/{token}                the public page of a shared badge
 *
 * Nothing about a holder is reachable without their session, except what
 * they made public.  Forms without a session (sign-in) are checked by their
 * Origin; the others carry the session's CSRF token.
 */
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/backpack.h"
#include "app/docs.h"
#include "core/mem.h"
#include "core/paris.h"
#include "core/multipart.h"
#include "core/qr.h"
#include "h_backpack.h"
#include "page.h"
#include "i18n.h"

struct sac {
    struct bl_holder_session s;
    struct bl_holder h;
};

/* Same origin as the configured base URL (or no Origin header). */
static bool same_origin(struct bl_req *req)
{
    const char *o = bl_req_header(req, "Origin");
    const char *base = req->cfg->base_url;
    if (!o || strcmp(o, "null") == 0)
        return o == NULL;
    size_t n = strlen(o);
    return strncmp(base, o, n) == 0 && (base[n] == '\0' || base[n] == '/');
}

static bool safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* A field of a multipart/form-data body (text, or a file when len is given), or NULL. */
static const char *multipart_field(struct bl_req *req, const char *name, size_t *len)
{
    const char *boundary;
    struct bl_multipart m;
    if (bl_multipart_boundary(bl_req_header(req, "Content-Type"), req->arena, &boundary, NULL) !=
            BL_OK ||
        bl_multipart_parse(req->body, req->body_len, boundary, req->arena, &m, NULL) != BL_OK)
        return NULL;
    const struct bl_multipart_part *p = bl_multipart_get(&m, name);
    if (!p || (!len && p->filename))
        return NULL;
    if (len)
        *len = p->len;
    return bl_arena_strndup(req->arena, (const char *)p->data, p->len);
}

/* The signed-in holder; false: resp holds the redirect to /sac/connexion, or *err is set. */
static bool sac_load(struct bl_req *req, struct bl_resp *resp, struct sac *st, enum bl_err *err,
                     struct bl_errinfo *ei)
{
    *err = bl_app_sac_session(req->app, bl_req_cookie(req, BL_SAC_COOKIE), req->arena, &st->s,
                              &st->h, ei);
    if (*err == BL_EDENIED && safe_method(req->method)) {
        bl_resp_redirect(req, resp, "/sac/connexion");
        *err = BL_OK;
        return false;
    }
    if (*err != BL_OK)
        return false;
    const char *csrf = safe_method(req->method) ? NULL : bl_req_form(req, "csrf");
    if (!safe_method(req->method) && !csrf)
        csrf = multipart_field(req, "csrf", NULL);
    if (!safe_method(req->method) && !bl_app_sac_csrf_ok(&st->s, csrf)) {
        *err = bl_fail(ei, BL_EDENIED, "missing or wrong CSRF token");
        return false;
    }
    return true;
}

/* "valide" | "expiré" | "révoqué" and its CSS modifier. */
static const char *state_of(const struct bl_app *app, int64_t expires_at, int64_t revoked_at,
                            const char **cls)
{
    if (revoked_at) {
        *cls = "bad";
        return N_("révoqué");
    }
    if (expires_at && expires_at <= bl_app_now(app)) {
        *cls = "warn";
        return N_("expiré");
    }
    *cls = "ok";
    return N_("valide");
}

/* Percent-encoding of a URL query value (RFC 3986 unreserved characters kept). */
static const char *qenc(struct bl_req *req, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s ? s : "");
    char *out = bl_arena_alloc(req->arena, 3 * n + 1), *p = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            *p++ = (char)c;
        } else {
            *p++ = '%';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p = '\0';
    return out;
}

static enum bl_err render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                          const char *name, const char *title, json_t *ctx, struct bl_errinfo *ei)
{
    enum bl_err e = ctx ? bl_page_render(req, resp, status, name, title, ctx, ei)
                        : bl_fail(ei, BL_EINVAL, "page context");
    json_decref(ctx);
    if (e == BL_OK)
        e = bl_resp_header(req, resp, "Cache-Control", "no-store");
    return e;
}

/* ---- sign-in ---- */

static enum bl_err signin_form(struct bl_req *req, struct bl_resp *resp, unsigned status,
                               const char *typed, const char *error, struct bl_errinfo *ei)
{
    return render(req, resp, status, "sac-signin.html", N_("Ouvrir mon sac à badges"),
                  json_pack("{s:s, s:s?}", "identifier", typed ? typed : "", "error", error), ei);
}

static enum bl_err code_form(struct bl_req *req, struct bl_resp *resp, unsigned status,
                             const struct bl_app_ident *id, const char *error,
                             struct bl_errinfo *ei)
{
    bool phone = strcmp(id->kind, "phone") == 0;
    return render(
        req, resp, status, "sac-code.html", N_("Entrer le code"),
        json_pack("{s:s, s:b, s:s?}", "identifier", id->value, "phone", phone, "error", error), ei);
}

enum bl_err h_sac_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return signin_form(req, resp, 200, NULL, NULL, ei);
}

enum bl_err h_sac_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_ident id;
    const char *typed = bl_req_form(req, "identifiant");
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "sign-in form posted from another site");
    if (bl_app_ident_parse(typed, &id, ei) != BL_OK)
        return signin_form(req, resp, 400, typed,
                           N_("Écrivez une adresse e-mail (nom@exemple.fr) ou un numéro de "
                              "téléphone portable (06 12 34 56 78)."),
                           ei);
    enum bl_err e = bl_app_sac_request(req->app, &id, req->remote, &bl_app_sms_outbox, ei);
    if (e == BL_ELIMIT)
        return signin_form(
            req, resp, 429, typed,
            N_("Trop de codes demandés. Attendez un quart d’heure avant de réessayer."), ei);
    if (e != BL_OK)
        return e;
    return code_form(req, resp, 200, &id, NULL, ei);
}

static enum bl_err open_backpack(struct bl_req *req, struct bl_resp *resp,
                                 struct bl_app_hsession *s)
{
    enum bl_err e = bl_resp_set_cookie(req, resp, BL_SAC_COOKIE, s->token, BL_APP_HSESSION_TTL);
    bl_wipe(s, sizeof *s);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac");
    return e;
}

enum bl_err h_sac_code_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_ident id;
    struct bl_app_hsession s;
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "code form posted from another site");
    if (bl_app_ident_parse(bl_req_form(req, "identifiant"), &id, ei) != BL_OK)
        return signin_form(req, resp, 400, NULL,
                           N_("Recommencez : écrivez votre e-mail ou téléphone."), ei);
    char digits[BL_SAC_CODE_BUF];
    h_sac_code_digits(req, digits);
    enum bl_err e = bl_app_sac_verify(req->app, &id, digits, &s, ei);
    if (e == BL_EDENIED)
        return code_form(req, resp, 403, &id,
                         N_("Ce code n’est pas le bon, ou il a expiré. Vérifiez les 6 chiffres."),
                         ei);
    if (e == BL_ELIMIT)
        return code_form(req, resp, 429, &id,
                         N_("Trop d’essais avec ce code. Demandez un nouveau code."), ei);
    if (e != BL_OK)
        return e;
    return open_backpack(req, resp, &s);
}

enum bl_err h_sac_code_link_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    return render(req, resp, 200, "sac-link.html", N_("Ouvrir mon sac à badges"),
                  json_pack("{s:s}", "token", bl_req_param(req, "token")), ei);
}

enum bl_err h_sac_code_link_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_hsession s;
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "link form posted from another site");
    enum bl_err e = bl_app_sac_code_link(req->app, bl_req_param(req, "token"), &s, ei);
    if (e == BL_ENOTFOUND)
        return signin_form(req, resp, 410, NULL,
                           N_("Ce lien a déjà servi ou a expiré. Demandez un nouveau code."), ei);
    if (e != BL_OK)
        return e;
    return open_backpack(req, resp, &s);
}

enum bl_err h_sac_personal_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_hsession s;
    enum bl_err e = bl_app_sac_personal_link(req->app, bl_req_param(req, "token"), &s, ei);
    if (e != BL_OK)
        return e;
    return open_backpack(req, resp, &s);
}

/* The award mail's link (app/backpack.h): a page with one button, so a mail scanner's GET uses
 * nothing; the POST puts the award in the backpack of its email and opens it. */
static json_t *holder_json(const struct sac *st);

/* The signed-in holder when there is one (no redirect, no CSRF check). */
static bool sac_current(struct bl_req *req, struct sac *st)
{
    struct bl_errinfo ignored = {0};
    return bl_app_sac_session(req->app, bl_req_cookie(req, BL_SAC_COOKIE), req->arena, &st->s,
                              &st->h, &ignored) == BL_OK;
}

enum bl_err h_sac_receive_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    bool in = sac_current(req, &st);
    return render(req, resp, 200, "sac-receive.html", N_("Garder mon badge"),
                  json_pack("{s:s, s:o*}", "token", bl_req_param(req, "token"), "holder",
                            in ? holder_json(&st) : NULL),
                  ei);
}

enum bl_err h_sac_receive_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_hsession s;
    struct sac st;
    const char *uid = NULL;
    if (!same_origin(req))
        return bl_fail(ei, BL_EDENIED, "receive form posted from another site");
    /* Signed in already: the badge and the address join this backpack, the session goes on. */
    int64_t into = 0;
    if (sac_current(req, &st)) {
        if (!bl_app_sac_csrf_ok(&st.s, bl_req_form(req, "csrf")))
            return bl_fail(ei, BL_EDENIED, "missing or wrong CSRF token");
        into = st.h.id;
    }
    enum bl_err e =
        bl_app_sac_receive(req->app, bl_req_param(req, "token"), into, req->arena, &uid, &s, ei);
    if (e == BL_EEXISTS)
        return signin_form(req, resp, 409, NULL,
                           N_("Ce badge est déjà dans un sac à badges. Ouvrez votre sac avec "
                              "un code reçu par e-mail."),
                           ei);
    if (e == BL_EINVAL)
        return signin_form(req, resp, 410, NULL,
                           N_("Ce lien a expiré. Ouvrez votre sac avec un code reçu par e-mail : "
                              "le badge y est."),
                           ei);
    if (e != BL_OK)
        return e;
    if (!into)
        e = bl_resp_set_cookie(req, resp, BL_SAC_COOKIE, s.token, BL_APP_HSESSION_TTL);
    bl_wipe(&s, sizeof s);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, bl_arena_printf(req->arena, "/sac/badges/%s", uid));
    return e;
}

enum bl_err h_sac_signout_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_sac_logout(req->app, bl_req_cookie(req, BL_SAC_COOKIE), ei);
    if (e == BL_OK)
        e = bl_resp_set_cookie(req, resp, BL_SAC_COOKIE, "", 0);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/connexion");
    return e;
}

/* ---- the backpack ---- */

static json_t *holder_json(const struct sac *st)
{
    return json_pack("{s:s, s:s?, s:s?, s:s}", "first_name", st->h.first_name, "email", st->h.email,
                     "phone", st->h.phone, "csrf", st->s.csrf);
}

static bool holder_minor(const struct bl_app *app, const struct bl_holder *h)
{
    return h->birth_year > 0 && bl_app_year_of(bl_app_now(app)) - h->birth_year < BL_APP_MINOR_AGE;
}

enum bl_err h_sac_home_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    struct bl_award_brief *rows;
    size_t n;
    enum bl_err e;
    struct bl_app *app = req->app;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_app_sac_awards(app, st.h.id, req->arena, &rows, &n, ei)) != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *cls;
        const char *state = state_of(app, rows[i].expires_at, rows[i].revoked_at, &cls);
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s}", "uid", rows[i].uid, "name",
                      rows[i].badge_name, "image",
                      bl_arena_printf(req->arena, "/badges/%s/image", rows[i].badge_uid), "issued",
                      bl_req_date(req, rows[i].issued_at), "state", state, "state_class", cls));
    }
    json_t *ctx = json_pack("{s:o, s:o, s:I, s:b, s:b, s:b}", "holder", holder_json(&st), "awards",
                            list, "count", (json_int_t)n, "has", n > 0, /* 0 is true in a section */
                            "plural", n > 1, "minor", holder_minor(app, &st.h));
    return render(req, resp, 200, "sac-home.html", N_("Mon sac à badges"), ctx, ei);
}

/* What the badge page and the public page show of an item. */
static json_t *item_json(struct bl_req *req, const struct bl_app_sac_item *it)
{
    struct bl_app *app = req->app;
    const char *cls;
    const struct bl_award *a = &it->award;
    const char *url = bl_app_award_url(req->arena, app, a->uid);
    const char *state = state_of(app, a->expires_at, a->revoked_at, &cls);
    json_t *al = json_loads(it->badge.alignments_json ? it->badge.alignments_json : "[]", 0, NULL);
    json_t *ev = json_loads(a->evidence_json ? a->evidence_json : "[]", 0, NULL);
    if (json_array_size(al) == 0) {
        json_decref(al);
        al = NULL;
    }
    if (json_array_size(ev) == 0) {
        json_decref(ev);
        ev = NULL;
    }
    return json_pack(
        "{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s?, s:s?, s:s, s:s, s:o*, s:o*, s:s?,"
        " s:{s:s, s:s, s:s, s:s, s:s}}",
        "uid", a->uid, "name", it->badge.name, "description", it->badge.description, "criteria",
        it->badge.criteria_narrative, "image",
        bl_arena_printf(req->arena, "/badges/%s/image", it->badge.uid), "issuer", it->org.name,
        "issuer_page", bl_arena_printf(req->arena, "/o/%s", it->org.slug), "issued",
        bl_req_date(req, a->issued_at), "expires", bl_req_date(req, a->expires_at), "state", state,
        "state_class", cls, "alignments", al, "evidence", ev, "reason", a->revocation_reason,
        "links", "url", url, "png", bl_arena_printf(req->arena, "%s/badge.png", url), "svg",
        bl_arena_printf(req->arena, "%s/badge.svg", url), "credential",
        bl_arena_printf(req->arena, "%s/credential", url), "jwt",
        bl_arena_printf(req->arena, "%s/credential.jwt", url));
}

/* "Ajouter à mon profil LinkedIn": the certification form of LinkedIn, filled in. */
static const char *linkedin_url(struct bl_req *req, const struct bl_app_sac_item *it,
                                const char *cert_url)
{
    struct tm tm;
    time_t t = (time_t)bl_paris_local(it->award.issued_at); /* the month shown on the page */
    if (!gmtime_r(&t, &tm))
        return NULL;
    return bl_arena_printf(req->arena,
                           "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME"
                           "&name=%s&organizationName=%s&issueYear=%d&issueMonth=%d&certUrl=%s"
                           "&certId=%s",
                           qenc(req, it->badge.name), qenc(req, it->org.name), tm.tm_year + 1900,
                           tm.tm_mon + 1, qenc(req, cert_url), qenc(req, it->award.uid));
}

enum bl_err h_sac_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    struct bl_app_sac_item it;
    enum bl_err e;
    struct bl_app *app = req->app;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_sac_item(app, st.h.id, bl_req_param(req, "uid"), req->arena, &it, ei);
    if (e != BL_OK)
        return e;
    json_t *item = item_json(req, &it);
    json_t *ctx =
        json_pack("{s:o, s:o, s:b}", "holder", holder_json(&st), "badge", item, "minor", it.minor);
    if (ctx && it.share_token) {
        const char *share = bl_arena_printf(req->arena, "%s%s/%s", app->base_url, BL_APP_SHARE_PATH,
                                            it.share_token);
        json_object_set_new(ctx, "share", json_string(share));
        json_object_set_new(ctx, "linkedin", json_string(linkedin_url(req, &it, share)));
    }
    return render(req, resp, 200, "sac-badge.html", it.badge.name, ctx, ei);
}

enum bl_err h_sac_certificate_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    struct bl_app_sac_item it;
    enum bl_err e;
    const char *svg = NULL;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_sac_item(req->app, st.h.id, bl_req_param(req, "uid"), req->arena, &it, ei);
    if (e != BL_OK)
        return e;
    json_t *item = item_json(req, &it);
    const char *verify = bl_app_award_url(req->arena, req->app, it.award.uid);
    if ((e = bl_qr_svg(verify, req->arena, &svg, ei)) != BL_OK) {
        json_decref(item);
        return e;
    }
    json_t *ctx = json_pack(
        "{s:o, s:s, s:s, s:s}", "badge", item, "first_name", st.h.first_name, "verify", verify,
        "qr",
        bl_arena_printf(req->arena, "data:image/svg+xml;base64,%s", bl_qr_base64(req->arena, svg)));
    return render(req, resp, 200, "sac-certificate.html", it.badge.name, ctx, ei);
}

enum bl_err h_sac_share_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    const char *uid = bl_req_param(req, "uid"), *on = bl_req_form(req, "on");
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_sac_share(req->app, st.h.id, uid, on && strcmp(on, "1") == 0, req->arena, NULL, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, bl_arena_printf(req->arena, "/sac/badges/%s", uid));
    return e;
}

enum bl_err h_sac_minor_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    const char *allow = bl_req_form(req, "autoriser");
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    e = bl_app_sac_minor_public(req->app, st.h.id, allow && strcmp(allow, "1") == 0, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac");
    return e;
}

enum bl_err h_share_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct bl_app_sac_item it;
    const char *first = NULL;
    enum bl_err e =
        bl_app_sac_public(req->app, bl_req_param(req, "token"), req->arena, &it, &first, ei);
    if (e != BL_OK)
        return e;
    json_t *ctx = json_pack("{s:o, s:s?}", "badge", item_json(req, &it), "first_name",
                            first && *first ? first : NULL);
    return render(req, resp, 200, "sac-public.html", it.badge.name, ctx, ei);
}

/* ---- tests ---- */

struct outbox_ctx {
    const char *channel, *to;
    struct bl_outbox m;
    struct bl_arena *arena;
};

static enum bl_err outbox_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct outbox_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_outbox_last_to(tx, c->channel, c->to, &c->m, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err h_test_sac_outbox(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    if (!req->cfg->test_routes)
        return bl_fail(ei, BL_ENOTFOUND, "nothing here: %s", req->path);
    const char *ch = bl_req_query(req, "channel");
    struct outbox_ctx c = {
        .channel = ch ? ch : "sms", .to = bl_req_query(req, "to"), .arena = req->arena};
    if (!c.to)
        return bl_fail(ei, BL_EINVAL, "to: required");
    enum bl_err e = bl_store_run(((struct bl_app *)req->app)->store, BL_TX_READ, outbox_tx, &c, ei);
    if (e != BL_OK)
        return e;
    /* The delivery state too: the SMS gateway tests read what became of the message. */
    json_t *j =
        json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s?, s:I, s:I}", "to", c.m.to_addr, "subject",
                  c.m.subject, "text", c.m.body_text, "attempts", (json_int_t)c.m.attempts,
                  "next_attempt_at", (json_int_t)c.m.next_attempt_at, "sent_at",
                  (json_int_t)c.m.sent_at, "last_error", c.m.last_error, "created_at",
                  (json_int_t)c.m.created_at, "expires_at", (json_int_t)c.m.expires_at);
    bl_resp_json(req, resp, 200, j, NULL);
    json_decref(j);
    return BL_OK;
}

/* ---- identifiers: /sac/identifiants ---- */

static enum bl_err idents_page(struct bl_req *req, struct bl_resp *resp, const struct sac *st,
                               unsigned status, const char *typed, const char *error,
                               struct bl_errinfo *ei)
{
    struct bl_holder_ident *rows;
    size_t n;
    enum bl_err e = bl_app_sac_idents(req->app, st->h.id, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:b, s:b}", "value", rows[i].value, "phone",
                                              strcmp(rows[i].kind, "phone") == 0, "verified",
                                              rows[i].verified_at != 0));
    const char *added = bl_req_query(req, "ajoute");
    json_t *ctx =
        json_pack("{s:o, s:o, s:s, s:s?, s:b}", "holder", holder_json(st), "idents", list,
                  "identifier", typed ? typed : "", "error", error, "added", added != NULL);
    return render(req, resp, status, "sac-idents.html", N_("Mes adresses et téléphones"), ctx, ei);
}

enum bl_err h_sac_idents_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    return idents_page(req, resp, &st, 200, NULL, NULL, ei);
}

static enum bl_err ident_code_form(struct bl_req *req, struct bl_resp *resp, const struct sac *st,
                                   unsigned status, const struct bl_app_ident *id,
                                   const char *error, struct bl_errinfo *ei)
{
    return render(req, resp, status, "sac-ident-code.html", "Confirmer",
                  json_pack("{s:o, s:s, s:b, s:s?}", "holder", holder_json(st), "identifier",
                            id->value, "phone", strcmp(id->kind, "phone") == 0, "error", error),
                  ei);
}

enum bl_err h_sac_idents_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    struct bl_app_ident id;
    enum bl_err e;
    const char *typed = bl_req_form(req, "identifiant");
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    if (bl_app_ident_parse(typed, &id, ei) != BL_OK)
        return idents_page(req, resp, &st, 400, typed,
                           N_("Écrivez une adresse e-mail (nom@exemple.fr) ou un numéro de "
                              "téléphone portable (06 12 34 56 78)."),
                           ei);
    e = bl_app_sac_ident_request(req->app, st.h.id, &id, req->remote, &bl_app_sms_outbox, ei);
    if (e == BL_ELIMIT)
        return idents_page(
            req, resp, &st, 429, typed,
            N_("Trop de codes demandés. Attendez un quart d’heure avant de réessayer."), ei);
    if (e != BL_OK)
        return e;
    return ident_code_form(req, resp, &st, 200, &id, NULL, ei);
}

enum bl_err h_sac_ident_code_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    struct bl_app_ident id;
    enum bl_err e;
    size_t merged = 0;
    char digits[BL_SAC_CODE_BUF];
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    if (bl_app_ident_parse(bl_req_form(req, "identifiant"), &id, ei) != BL_OK)
        return idents_page(req, resp, &st, 400, NULL, "Recommencez.", ei);
    h_sac_code_digits(req, digits);
    e = bl_app_sac_ident_verify(req->app, st.h.id, &id, digits, &merged, ei);
    if (e == BL_EDENIED)
        return ident_code_form(
            req, resp, &st, 403, &id,
            N_("Ce code n’est pas le bon, ou il a expiré. Vérifiez les 6 chiffres."), ei);
    if (e == BL_ELIMIT)
        return ident_code_form(req, resp, &st, 429, &id,
                               N_("Trop d’essais avec ce code. Demandez un nouveau code."), ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/identifiants?ajoute=1");
    return e;
}

/* ---- account: /sac/compte ---- */

/* The profile form as typed, with the message of the field refused (NULL: as stored). */
struct profile_form {
    const char *first_name, *year;
    const char *first_name_error, *year_error;
};

static enum bl_err account_page(struct bl_req *req, struct bl_resp *resp, const struct sac *st,
                                unsigned status, const char *error, const struct profile_form *pf,
                                struct bl_errinfo *ei)
{
    bool pw = false;
    enum bl_err e = bl_app_sac_password_is_set(req->app, st->h.id, &pw, ei);
    if (e != BL_OK)
        return e;
    const char *year =
        st->h.birth_year ? bl_arena_printf(req->arena, "%lld", (long long)st->h.birth_year) : "";
    json_t *profile = json_pack(
        "{s:s, s:s, s:s?, s:s?, s:b}", "first_name", pf ? pf->first_name : st->h.first_name, "year",
        pf ? pf->year : year, "first_name_error", pf ? pf->first_name_error : NULL, "year_error",
        pf ? pf->year_error : NULL, "saved", bl_req_query(req, "profil") != NULL);
    return render(req, resp, status, "sac-account.html", N_("Mon compte"),
                  json_pack("{s:o, s:s?, s:b, s:o*}", "holder", holder_json(st), "error", error,
                            "has_password", pw, "profile", profile),
                  ei);
}

/* Mon compte: the first name and birth year. */
enum bl_err h_sac_profile_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    struct profile_form pf = {.first_name = bl_req_form(req, "prenom"),
                              .year = bl_req_form(req, "annee")};
    pf.first_name = pf.first_name ? pf.first_name : "";
    pf.year = pf.year ? pf.year : "";
    int64_t year = 0;
    size_t digits = strspn(pf.year, "0123456789");
    if (*pf.year && (digits != 4 || pf.year[4] != '\0'))
        pf.year_error = N_("Écrivez l’année en 4 chiffres, par exemple 2008, ou laissez vide.");
    for (size_t i = 0; !pf.year_error && i < digits; i++)
        year = year * 10 + (pf.year[i] - '0');
    if (!pf.year_error) {
        e = bl_app_sac_profile(req->app, st.h.id, pf.first_name, year, ei);
        if (e == BL_OK) {
            bl_resp_redirect(req, resp, "/sac/compte?profil=1");
            return BL_OK;
        }
        if (e != BL_EINVAL && e != BL_ETOOBIG && e != BL_EUTF8)
            return e;
        if (strncmp(ei->msg, "birth_year", 10) == 0)
            pf.year_error = N_("Cette année de naissance n’est pas possible.");
        else
            pf.first_name_error = N_("Écrivez votre prénom (100 caractères au plus).");
    }
    return account_page(req, resp, &st, 400, NULL, &pf, ei);
}

enum bl_err h_sac_account_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    return account_page(req, resp, &st, 200, NULL, NULL, ei);
}

enum bl_err h_sac_export_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    const unsigned char *zip;
    size_t len;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    if ((e = bl_app_sac_export(req->app, st.h.id, req->arena, &zip, &len, ei)) != BL_OK)
        return e;
    bl_resp_bytes(resp, 200, "application/zip", zip, len);
    bl_resp_cache(resp, "no-store");
    return bl_resp_header(req, resp, "Content-Disposition",
                          "attachment; filename=\"mon-sac-a-badges.zip\"");
}

enum bl_err h_sac_delete_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    size_t n = 0;
    const char *confirm = bl_req_form(req, "confirmer");
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    if (!confirm || strcmp(confirm, "oui") != 0)
        return account_page(req, resp, &st, 400,
                            N_("Cochez la case pour confirmer que vous voulez tout supprimer."),
                            NULL, ei);
    if ((e = bl_app_sac_delete(req->app, st.h.id, &n, ei)) != BL_OK)
        return e;
    if ((e = bl_resp_set_cookie(req, resp, BL_SAC_COOKIE, "", 0)) != BL_OK)
        return e;
    return render(
        req, resp, 200, "sac-deleted.html", N_("Compte supprimé"),
        json_pack("{s:I, s:b, s:b}", "awards", (json_int_t)n, "has", n > 0, "plural", n > 1), ei);
}

/* ---- badges from elsewhere: /sac/importer ---- */

static const char *verdict_fr(const char *v, const char **cls)
{
    static const struct {
        const char *name, *fr, *cls;
    } t[] = {{"valid", N_("valide"), "ok"},
             {"valid_with_warnings", N_("valide (avec remarques)"), "ok"},
             {"invalid", N_("non valide"), "bad"},
             {"revoked", N_("révoqué"), "bad"},
             {"expired", N_("expiré"), "warn"},
             {"not_yet_valid", N_("pas encore valide"), "warn"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (v && strcmp(v, t[i].name) == 0) {
            *cls = t[i].cls;
            return t[i].fr;
        }
    *cls = "warn";
    return N_("impossible à vérifier");
}

static struct bl_app_import_opts import_opts(const struct bl_req *req)
{
    return (struct bl_app_import_opts){.allow_http = req->cfg->verifier_allow_http,
                                       .allow_private = req->cfg->verifier_allow_private};
}

static enum bl_err imports_page(struct bl_req *req, struct bl_resp *resp, const struct sac *st,
                                unsigned status, const char *error, struct bl_errinfo *ei)
{
    struct bl_holder_import *rows;
    size_t n;
    enum bl_err e = bl_app_sac_imports(req->app, st->h.id, req->arena, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *cls, *fr = verdict_fr(rows[i].verdict, &cls);
        json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s}", "id",
                                              (json_int_t)rows[i].id, "state", fr, "state_class",
                                              cls, "achievement", rows[i].achievement, "issuer",
                                              rows[i].issuer, "checked",
                                              bl_req_date(req, rows[i].verified_at)));
    }
    json_t *ctx = json_pack("{s:o, s:o, s:b, s:s?}", "holder", holder_json(st), "imports", list,
                            "has", n > 0, "error", error);
    return render(req, resp, status, "sac-imports.html", N_("Ajouter un badge reçu ailleurs"), ctx,
                  ei);
}

enum bl_err h_sac_imports_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    return imports_page(req, resp, &st, 200, NULL, ei);
}

enum bl_err h_sac_imports_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    size_t n = 0;
    int64_t id = 0;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    const char *source = "file";
    const char *p = multipart_field(req, "fichier", &n);
    if (!p || n == 0) {
        source = "text";
        p = bl_req_form(req, "badge");
        if (!p)
            p = multipart_field(req, "badge", NULL);
        n = p ? strlen(p) : 0;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\r'))
            n--;
    }
    if (!p || n == 0)
        return imports_page(req, resp, &st, 400,
                            N_("Choisissez l’image du badge, ou collez son adresse ou son texte."),
                            ei);
    struct bl_app_import_opts o = import_opts(req);
    e = bl_app_sac_import(req->app, st.h.id, source, (const unsigned char *)p, n, &o, &id, ei);
    if (e == BL_ETOOBIG)
        return imports_page(req, resp, &st, 413, N_("Ce fichier est trop gros (2 Mo au plus)."),
                            ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/importer");
    return e;
}

enum bl_err h_sac_import_check_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei)
{
    struct sac st;
    enum bl_err e;
    int64_t id = 0;
    if (!sac_load(req, resp, &st, &e, ei))
        return e;
    for (const char *p = bl_req_param(req, "id"); p && *p; p++) {
        if (*p < '0' || *p > '9' || id > INT64_MAX / 10 - 10)
            return bl_fail(ei, BL_ENOTFOUND, "no such imported badge");
        id = id * 10 + (*p - '0');
    }
    struct bl_app_import_opts o = import_opts(req);
    e = bl_app_sac_reverify(req->app, st.h.id, id, &o, ei);
    if (e == BL_OK)
        bl_resp_redirect(req, resp, "/sac/importer");
    return e;
}

/* ---- shared with h_sac_password.c ---- */

bool h_sac_same_origin(struct bl_req *req)
{
    return same_origin(req);
}

enum bl_err h_sac_open(struct bl_req *req, struct bl_resp *resp, struct bl_app_hsession *s)
{
    return open_backpack(req, resp, s);
}

/* ---- shared with h_collections.c (h_backpack.h) ---- */

bool h_sac_load(struct bl_req *req, struct bl_resp *resp, struct h_sac *st, enum bl_err *err,
                struct bl_errinfo *ei)
{
    struct sac s = {0};
    bool ok = sac_load(req, resp, &s, err, ei);
    st->s = s.s;
    st->h = s.h;
    return ok;
}

enum bl_err h_sac_render(struct bl_req *req, struct bl_resp *resp, unsigned status,
                         const char *name, const char *title, json_t *ctx, struct bl_errinfo *ei)
{
    return render(req, resp, status, name, title, ctx, ei);
}

void h_sac_code_digits(struct bl_req *req, char out[BL_SAC_CODE_BUF])
{
    size_t n = 0;
    for (const char *p = bl_req_form(req, "code"); p && *p && n < BL_SAC_CODE_BUF - 1; p++)
        if (*p != ' ')
            out[n++] = *p;
    out[n] = '\0';
}

const char *h_sac_state(const struct bl_app *app, int64_t expires_at, int64_t revoked_at,
                        const char **cls)
{
    return state_of(app, expires_at, revoked_at, cls);
}

json_t *h_sac_holder_json(const struct h_sac *st)
{
    struct sac s = {st->s, st->h};
    return holder_json(&s);
}

json_t *h_sac_item_json(struct bl_req *req, const struct bl_app_sac_item *it)
{
    return item_json(req, it);
}
