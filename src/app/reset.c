/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * reset.c: password links by email — reset and invitation (reset.h).  The
 * HTML part comes from web/templates/mail-password.html, embedded in this
 * library with the other mail templates.
 */
#include "app/reset.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/mail.h"
#include "app/util.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/recipient.h"

#define MAIL_TEMPLATE "mail-password.html"
#define KEY_MAX       (BL_APP_EMAIL_MAX + 32)

/* What a link's message says. */
struct link_mail {
    const char *to, *name, *org_name, *role; /* org_name and role: invitations only */
    const char *token;
    bool invite;
};

/* Compose the message of a link and queue it in tx, due now. */
static enum bl_err queue_mail(struct bl_tx *tx, const struct bl_app *app, int64_t org_id,
                              const struct link_mail *lm, struct bl_errinfo *ei)
{
    struct bl_arena *a = bl_tx_arena(tx);
    const char *link = bl_arena_printf(a, "%s%s/%s", app->base_url, BL_APP_RESET_PATH, lm->token);
    const char *valid = lm->invite ? "7 jours" : "1 heure";
    const char *subject =
        lm->invite ? bl_arena_printf(a, "Invitation à rejoindre %s sur Blason", lm->org_name)
                   : "Changer votre mot de passe Blason";
    char *subj = bl_arena_strdup(a, subject);
    for (char *p = subj; *p; p++) /* a name may hold line breaks; a header may not */
        if ((unsigned char)*p < 0x20)
            *p = ' ';
    const char *text =
        lm->invite
            ? bl_arena_printf(a,
                              "Bonjour %s,\n\n%s vous invite à rejoindre son équipe sur Blason, "
                              "avec le rôle « %s ».\n\nPour commencer, choisissez votre mot de "
                              "passe :\n%s\n\nCe lien est valable %s et ne sert qu'une fois.\n",
                              lm->name, lm->org_name, lm->role, link, valid)
            : bl_arena_printf(a,
                              "Bonjour %s,\n\nQuelqu'un (sans doute vous) a demandé à changer le "
                              "mot de passe de votre compte Blason.\n\nChoisir un nouveau mot de "
                              "passe :\n%s\n\nCe lien est valable %s et ne sert qu'une fois. Si "
                              "vous n'avez rien demandé, ignorez ce message : votre mot de passe "
                              "ne change pas.\n",
                              lm->name, link, valid);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:b}", "subject", subj, "name", lm->name, "link",
                            link, "valid", valid, "invite", lm->invite);
    if (!ctx)
        return bl_fail(ei, BL_EINVAL, "mail: a name cannot be used in the message");
    if (lm->invite) {
        json_object_set_new(ctx, "org", json_string(lm->org_name));
        json_object_set_new(ctx, "role", json_string(lm->role));
    }
    const char *html = NULL;
    enum bl_err e = bl_app_mail_html(MAIL_TEMPLATE, ctx, a, &html, ei);
    json_decref(ctx);
    if (e != BL_OK)
        return e;
    int64_t now = bl_app_now(app);
    struct bl_outbox m = {.org_id = org_id,
                          .to_addr = lm->to,
                          .subject = subj,
                          .body_text = text,
                          .body_html = html,
                          .created_at = now,
                          .next_attempt_at = now};
    return bl_store_outbox_enqueue(tx, &m, ei);
}

/* A new link for account_id valid ttl seconds; its secret in token. */
static enum bl_err insert_link(struct bl_tx *tx, const struct bl_app *app, int64_t account_id,
                               int64_t ttl, char token[BL_APP_TOKEN_LEN + 1], struct bl_errinfo *ei)
{
    char h[65];
    bl_app_secret(token);
    bl_app_secret_hash(token, h);
    int64_t now = bl_app_now(app);
    struct bl_reset r = {
        .token_hash = h, .account_id = account_id, .created_at = now, .expires_at = now + ttl};
    return bl_store_reset_insert(tx, &r, ei);
}

/* ---- reset request ---- */

struct request_ctx {
    const struct bl_app *app;
    const char *email;
    char key_email[KEY_MAX], key_client[KEY_MAX];
    int64_t window;
    bool limited;
};

static enum bl_err request_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct request_ctx *c = cls;
    struct bl_arena arena;
    struct bl_account acc;
    struct bl_membership *orgs = NULL;
    size_t n = 0;
    int64_t he = 0, hc = 0;
    char token[BL_APP_TOKEN_LEN + 1];
    enum bl_err e = bl_store_throttle_hit(tx, c->key_email, c->window, &he, ei);
    if (e == BL_OK)
        e = bl_store_throttle_hit(tx, c->key_client, c->window, &hc, ei);
    c->limited = he > BL_APP_RESET_MAX || hc > BL_APP_RESET_CLIENT_MAX;
    if (e != BL_OK || c->limited)
        return e;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    e = bl_store_account_by_email(tx, c->email, &acc, ei);
    if (e == BL_ENOTFOUND || (e == BL_OK && acc.disabled)) {
        e = BL_OK; /* same answer: nothing tells whether the account exists */
        goto out;
    }
    if (e == BL_OK)
        e = bl_store_membership_list(tx, acc.id, &orgs, &n, ei);
    if (e != BL_OK || n == 0) /* the outbox sends in an organisation's name */
        goto out;
    if ((e = insert_link(tx, c->app, acc.id, BL_APP_RESET_TTL, token, ei)) == BL_OK) {
        struct link_mail lm = {.to = acc.email, .name = acc.name, .token = token};
        e = queue_mail(tx, c->app, orgs[0].org_id, &lm, ei);
    }
    bl_wipe(token, sizeof token);
out:
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_reset_request(struct bl_app *app, const char *email, const char *client,
                                 struct bl_errinfo *ei)
{
    char *norm = NULL;
    if (!email || strlen(email) > BL_APP_EMAIL_MAX ||
        bl_recipient_email_normalize(email, &norm, ei) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "an email address is required");
    struct request_ctx c = {.app = app, .email = norm};
    int64_t now = bl_app_now(app);
    c.window = now - now % BL_APP_LOGIN_WINDOW;
    snprintf(c.key_email, sizeof c.key_email, "reset:%s", norm);
    snprintf(c.key_client, sizeof c.key_client, "reset-ip:%.80s", client ? client : "?");
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, request_tx, &c, ei);
    if (e == BL_OK && c.limited)
        e = bl_fail(ei, BL_ELIMIT, "too many reset requests: wait %d minutes",
                    BL_APP_LOGIN_WINDOW / 60);
    bl_free(norm);
    return e;
}

/* ---- using a link ---- */

struct check_ctx {
    const struct bl_app *app;
    char hash[65];
};

static enum bl_err check_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct check_ctx *c = cls;
    struct bl_arena arena;
    struct bl_reset r;
    bl_arena_init(&arena);
    bl_tx_set_arena(tx, &arena);
    enum bl_err e = bl_store_reset_get(tx, c->hash, &r, ei);
    if (e == BL_OK && r.used_at != 0)
        e = bl_fail(ei, BL_ENOTFOUND, "this link was already used");
    else if (e == BL_OK && r.expires_at <= bl_app_now(c->app))
        e = bl_fail(ei, BL_ENOTFOUND, "this link has expired");
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

static bool token_shape(const char *token)
{
    return token && strlen(token) == BL_APP_TOKEN_LEN &&
           strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               BL_APP_TOKEN_LEN;
}

enum bl_err bl_app_reset_check(struct bl_app *app, const char *token, struct bl_errinfo *ei)
{
    if (!token_shape(token))
        return bl_fail(ei, BL_ENOTFOUND, "no such link");
    struct check_ctx c = {.app = app};
    bl_app_secret_hash(token, c.hash);
    return bl_store_run(app->store, BL_TX_READ, check_tx, &c, ei);
}

struct finish_ctx {
    const struct bl_app *app;
    char hash[65];
    const char *password_hash;
    char *email;
};

static enum bl_err finish_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct finish_ctx *c = cls;
    struct bl_account acc;
    int64_t id = 0;
    size_t n = 0;
    bl_free(c->email); /* a retried transaction starts over */
    c->email = NULL;
    enum bl_err e = bl_store_reset_use(tx, c->hash, bl_app_now(c->app), &id, ei);
    if (e == BL_OK)
        e = bl_store_account_get(tx, id, &acc, ei);
    if (e == BL_OK && acc.disabled)
        e = bl_fail(ei, BL_ENOTFOUND, "this account is disabled");
    if (e == BL_OK)
        e = bl_store_account_set_password(tx, id, c->password_hash, ei);
    if (e == BL_OK)
        e = bl_store_session_delete_account(tx, id, &n, ei);
    struct bl_actor self = {.account_id = id};
    char detail[48];
    snprintf(detail, sizeof detail, "{\"sessions_ended\":%zu}", n);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &self, 0, "account.password", acc.email, detail, ei);
    if (e == BL_OK)
        c->email = bl_strdup(acc.email);
    return e;
}

enum bl_err bl_app_reset_finish(struct bl_app *app, const char *token, const char *password,
                                char **email, struct bl_errinfo *ei)
{
    char *hash = NULL;
    *email = NULL;
    if (!token_shape(token))
        return bl_fail(ei, BL_ENOTFOUND, "no such link");
    if (!password || strlen(password) > BL_APP_PASSWORD_MAX)
        return bl_fail(ei, BL_EINVAL, "password too long: at most %u bytes", BL_APP_PASSWORD_MAX);
    /* Hashed before the transaction (tens of ms) and before the link is spent. */
    enum bl_err e = bl_app_password_hash(password, &hash, ei);
    if (e != BL_OK)
        return e;
    struct finish_ctx c = {.app = app, .password_hash = hash};
    bl_app_secret_hash(token, c.hash);
    e = bl_store_run(app->store, BL_TX_WRITE, finish_tx, &c, ei);
    if (e == BL_OK)
        *email = c.email;
    else
        bl_free(c.email);
    bl_free(hash);
    return e;
}

/* ---- invitations and the member list ---- */

struct invite_ctx {
    const struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const char *email, *name;
    enum bl_role role;
    bool invited;
};

static const char *role_fr(enum bl_role r)
{
    return r == BL_ROLE_ADMIN ? "administrateur" : r == BL_ROLE_ISSUER ? "émetteur" : "lecteur";
}

static enum bl_err invite_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct invite_ctx *c = cls;
    struct bl_account acc;
    struct bl_org org;
    char token[BL_APP_TOKEN_LEN + 1];
    char detail[40];
    c->invited = false;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ADMIN, ei);
    if (e == BL_OK)
        e = bl_store_account_by_email(tx, c->email, &acc, ei);
    if (e == BL_OK) {
        /* Already has an account: joins now (their own role is not lowered here). */
        if (acc.id == c->who->account_id && c->role != BL_ROLE_ADMIN)
            return bl_fail(ei, BL_EDENIED, "an administrator cannot lower their own role");
        e = bl_store_membership_set(tx, c->org_id, acc.id, c->role, ei);
        snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", bl_app_role_name(c->role));
        if (e == BL_OK)
            e = bl_app_audit(tx, c->app, c->who, c->org_id, "member.set", acc.email, detail, ei);
        return e;
    }
    if (e != BL_ENOTFOUND)
        return e;
    memset(&acc, 0, sizeof acc);
    acc.email = c->email;
    acc.name = c->name;
    acc.created_at = bl_app_now(c->app);
    if ((e = bl_store_account_insert(tx, &acc, ei)) != BL_OK ||
        (e = bl_store_membership_set(tx, c->org_id, acc.id, c->role, ei)) != BL_OK ||
        (e = bl_store_org_get(tx, c->org_id, &org, ei)) != BL_OK)
        return e;
    if ((e = insert_link(tx, c->app, acc.id, BL_APP_INVITE_TTL, token, ei)) == BL_OK) {
        struct link_mail lm = {.to = acc.email,
                               .name = acc.name,
                               .org_name = org.name,
                               .role = role_fr(c->role),
                               .token = token,
                               .invite = true};
        e = queue_mail(tx, c->app, c->org_id, &lm, ei);
    }
    bl_wipe(token, sizeof token);
    snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", bl_app_role_name(c->role));
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "member.invite", acc.email, detail, ei);
    if (e == BL_OK)
        c->invited = true;
    return e;
}

enum bl_err bl_app_invite(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                          const char *email, const char *name, enum bl_role role, bool *invited,
                          struct bl_errinfo *ei)
{
    char *norm = NULL, *local = NULL;
    enum bl_err e;
    *invited = false;
    if (!email || strlen(email) > BL_APP_EMAIL_MAX)
        return bl_fail(ei, BL_EINVAL, "an email address of at most %u bytes is required",
                       BL_APP_EMAIL_MAX);
    if ((e = bl_recipient_email_normalize(email, &norm, ei)) != BL_OK)
        return e;
    if (role != BL_ROLE_VIEWER && role != BL_ROLE_ISSUER && role != BL_ROLE_ADMIN) {
        e = bl_fail(ei, BL_EINVAL, "a role is required: admin, issuer or viewer");
        goto out;
    }
    if (!name || !*name) {
        local = bl_strdup(norm);
        local[strcspn(local, "@")] = '\0';
        name = local;
    }
    if (strlen(name) > BL_APP_NAME_MAX) {
        e = bl_fail(ei, BL_ETOOBIG, "name too long: at most %u bytes", BL_APP_NAME_MAX);
        goto out;
    }
    struct invite_ctx c = {
        .app = app, .who = who, .org_id = org_id, .email = norm, .name = name, .role = role};
    e = bl_store_run(app->store, BL_TX_WRITE, invite_tx, &c, ei);
    *invited = e == BL_OK && c.invited;
out:
    bl_free(local);
    bl_free(norm);
    return e;
}

struct members_ctx {
    const struct bl_actor *who;
    int64_t org_id;
    struct bl_arena *arena;
    struct bl_member **rows;
    size_t *n;
};

static enum bl_err members_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct members_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_OK)
        e = bl_store_member_list(tx, c->org_id, c->rows, c->n, ei);
    return e;
}

enum bl_err bl_app_members(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                           struct bl_arena *arena, struct bl_member **rows, size_t *n,
                           struct bl_errinfo *ei)
{
    struct members_ctx c = {who, org_id, arena, rows, n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, members_tx, &c, ei);
}

enum bl_err bl_app_invite_in(struct bl_tx *tx, const struct bl_app *app, const struct bl_actor *who,
                             int64_t org_id, const char *email, const char *name, enum bl_role role,
                             bool *invited, struct bl_errinfo *ei)
{
    struct invite_ctx c = {
        .app = app, .who = who, .org_id = org_id, .email = email, .name = name, .role = role};
    enum bl_err e = invite_tx(tx, &c, ei);
    *invited = e == BL_OK && c.invited;
    return e;
}
