/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * account.c: accounts, passwords, sessions, CSRF, login throttling and API
 * tokens (account.h).
 */
#include "app/account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/base64.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/rand.h"
#include "core/recipient.h"

#define ARGON_T    2u
#define ARGON_M    (19u * 1024u) /* KiB */
#define ARGON_P    1u
#define ARGON_SALT 16u
#define ARGON_HASH 32u

void bl_app_secret_hash(const char *secret, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[32];
    EVP_Digest(secret, strlen(secret), md, NULL, EVP_sha256(), NULL);
    for (size_t i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

/* 32 random bytes in base64url: 43 characters. */
static void random_token(char out[BL_APP_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    struct bl_buf b;
    struct bl_errinfo ei;
    bl_random(raw, sizeof raw);
    bl_buf_init(&b, 64);
    if (bl_base64url_encode(&b, raw, sizeof raw, &ei) == BL_OK && b.len == BL_APP_TOKEN_LEN)
        memcpy(out, b.p, BL_APP_TOKEN_LEN + 1);
    bl_wipe(raw, sizeof raw);
    bl_buf_free(&b);
}

enum bl_err bl_app_password_hash(const char *password, char **out, struct bl_errinfo *ei)
{
    *out = NULL;
    size_t n = strlen(password);
    if (n < BL_APP_PASSWORD_MIN)
        return bl_fail(ei, BL_EINVAL, "password too short: at least %u characters",
                       BL_APP_PASSWORD_MIN);
    if (n > BL_APP_PASSWORD_MAX)
        return bl_fail(ei, BL_ETOOBIG, "password too long: at most %u bytes", BL_APP_PASSWORD_MAX);
    unsigned char salt[ARGON_SALT];
    bl_random(salt, sizeof salt);
    size_t len = argon2_encodedlen(ARGON_T, ARGON_M, ARGON_P, ARGON_SALT, ARGON_HASH, Argon2_id);
    char *enc = bl_malloc(len);
    int rc = argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, password, n, salt, sizeof salt,
                                   ARGON_HASH, enc, len);
    if (rc != ARGON2_OK) {
        bl_free(enc);
        return bl_fail(ei, BL_ECRYPTO, "argon2id: %s", argon2_error_message(rc));
    }
    *out = enc;
    return BL_OK;
}

enum bl_err bl_app_password_check(const char *password, const char *encoded, struct bl_errinfo *ei)
{
    size_t n = strlen(password);
    if (!encoded || n > BL_APP_PASSWORD_MAX || strncmp(encoded, "$argon2id$", 10) != 0)
        return bl_fail(ei, BL_EDENIED, "email or password is wrong");
    if (argon2id_verify(encoded, password, n) != ARGON2_OK)
        return bl_fail(ei, BL_EDENIED, "email or password is wrong");
    return BL_OK;
}

void bl_app_password_burn(const char *password)
{
    static const char dummy[] = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                "tUxSDmd1vZ9Yd1Xv0y2qmo0c1VIGs6UpPj8Rq6iW0m4";
    struct bl_errinfo ei;
    if (bl_app_password_check(password, dummy, &ei) == BL_OK)
        abort(); /* nobody knows the password of the dummy hash */
}

/* ---- accounts ---- */

struct add_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    struct bl_account acc;
    int64_t org_id;
    enum bl_role role;
};

static enum bl_err add_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct add_ctx *c = cls;
    enum bl_err e = BL_OK;
    if (c->org_id > 0)
        e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ADMIN, ei);
    else if (!c->who->system)
        e = bl_fail(ei, BL_EDENIED, "only the operator creates accounts outside an organisation");
    if (e == BL_OK)
        e = bl_store_account_insert(tx, &c->acc, ei);
    if (e == BL_EEXISTS)
        return bl_fail(ei, BL_EEXISTS, "an account already uses %s", c->acc.email);
    if (e == BL_OK && c->org_id > 0)
        e = bl_store_membership_set(tx, c->org_id, c->acc.id, c->role, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "account.create", c->acc.email, NULL, ei);
    return e;
}

static enum bl_err check_name(const char *name, struct bl_errinfo *ei)
{
    if (!name || !*name)
        return bl_fail(ei, BL_EINVAL, "a name is required");
    if (strlen(name) > BL_APP_NAME_MAX)
        return bl_fail(ei, BL_ETOOBIG, "name too long: at most %u bytes", BL_APP_NAME_MAX);
    return BL_OK;
}

enum bl_err bl_app_account_add(struct bl_app *app, const struct bl_actor *who, const char *email,
                               const char *name, const char *password, int64_t org_id,
                               enum bl_role role, int64_t *id, struct bl_errinfo *ei)
{
    char *norm = NULL, *hash = NULL;
    enum bl_err e;
    *id = 0;
    if (!email || strlen(email) > BL_APP_EMAIL_MAX)
        return bl_fail(ei, BL_EINVAL, "an email address of at most %u bytes is required",
                       BL_APP_EMAIL_MAX);
    if ((e = bl_recipient_email_normalize(email, &norm, ei)) != BL_OK)
        return e;
    if ((e = check_name(name, ei)) != BL_OK)
        goto out;
    if (org_id > 0 && role == BL_ROLE_NONE) {
        e = bl_fail(ei, BL_EINVAL, "a role is required: admin, issuer or viewer");
        goto out;
    }
    if (password && (e = bl_app_password_hash(password, &hash, ei)) != BL_OK)
        goto out;
    struct add_ctx c = {.app = app, .who = who, .org_id = org_id, .role = role};
    c.acc.email = norm;
    c.acc.name = name;
    c.acc.password_hash = hash;
    c.acc.created_at = bl_app_now(app);
    e = bl_store_run(app->store, BL_TX_WRITE, add_tx, &c, ei);
    if (e == BL_OK)
        *id = c.acc.id;
out:
    bl_free(norm);
    bl_free(hash);
    return e;
}

struct member_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const char *email;
    enum bl_role role;
};

static enum bl_err member_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct member_ctx *c = cls;
    struct bl_account acc;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ADMIN, ei);
    if (e == BL_OK)
        e = bl_store_account_by_email(tx, c->email, &acc, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no account uses %s", c->email);
    if (e == BL_OK && acc.id == c->who->account_id && c->role != BL_ROLE_ADMIN)
        e = bl_fail(ei, BL_EDENIED, "an administrator cannot lower their own role");
    if (e == BL_OK)
        e = bl_store_membership_set(tx, c->org_id, acc.id, c->role, ei);
    char detail[40];
    snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", bl_app_role_name(c->role));
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "member.set", c->email, detail, ei);
    return e;
}

enum bl_err bl_app_member_set(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              const char *email, enum bl_role role, struct bl_errinfo *ei)
{
    char *norm = NULL;
    enum bl_err e = bl_recipient_email_normalize(email ? email : "", &norm, ei);
    if (e != BL_OK)
        return e;
    struct member_ctx c = {app, who, org_id, norm, role};
    e = bl_store_run(app->store, BL_TX_WRITE, member_tx, &c, ei);
    bl_free(norm);
    return e;
}

struct id_ctx {
    const char *email;
    int64_t id;
};

static enum bl_err id_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct id_ctx *c = cls;
    struct bl_arena a;
    struct bl_account acc;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_account_by_email(tx, c->email, &acc, ei);
    if (e == BL_OK)
        c->id = acc.id;
    else if (e == BL_ENOTFOUND)
        bl_fail(ei, e, "no account uses %s", c->email);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_account_id(struct bl_app *app, const char *email, int64_t *id,
                              struct bl_errinfo *ei)
{
    char *norm = NULL;
    *id = 0;
    enum bl_err e = bl_recipient_email_normalize(email ? email : "", &norm, ei);
    if (e != BL_OK)
        return e;
    struct id_ctx c = {norm, 0};
    e = bl_store_run(app->store, BL_TX_READ, id_tx, &c, ei);
    *id = c.id;
    bl_free(norm);
    return e;
}

/* ---- login and sessions ---- */

#define LOGIN_CLIENT_MAX (4 * BL_APP_LOGIN_MAX) /* failures from one address a window */

struct login_ctx {
    struct bl_app *app;
    struct bl_arena *arena;
    const char *email;
    char key_email[BL_APP_EMAIL_MAX + 16];
    char key_client[96];
    int64_t window;
    bool limited;
    bool found;
    struct bl_account acc;
    struct bl_app_session *out;
};

/*
 * Every attempt on an email counts and a success clears its counter, so an
 * account takes at most BL_APP_LOGIN_MAX guesses a window.  An address counts
 * failures only: an office behind one address may sign in all its staff.
 */
static enum bl_err login_begin_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct login_ctx *c = cls;
    int64_t he = 0, hc = 0;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_throttle_hit(tx, c->key_email, c->window, &he, ei);
    if (e == BL_OK)
        e = bl_store_throttle_count(tx, c->key_client, c->window, &hc, ei);
    if (e != BL_OK)
        return e;
    c->limited = he > BL_APP_LOGIN_MAX || hc >= LOGIN_CLIENT_MAX;
    e = bl_store_account_by_email(tx, c->email, &c->acc, ei);
    c->found = e == BL_OK && !c->acc.disabled;
    return e == BL_ENOTFOUND ? BL_OK : e;
}

static enum bl_err login_failed_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct login_ctx *c = cls;
    int64_t hits = 0;
    return bl_store_throttle_hit(tx, c->key_client, c->window, &hits, ei);
}

static enum bl_err login_open_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct login_ctx *c = cls;
    struct bl_session s = {
        .account_id = c->acc.id,
        .csrf = c->out->csrf,
        .created_at = bl_app_now(c->app),
        .expires_at = c->out->expires_at,
    };
    char h[65];
    bl_app_secret_hash(c->out->token, h);
    s.token_hash = h;
    enum bl_err e = bl_store_session_insert(tx, &s, ei);
    if (e == BL_OK)
        e = bl_store_throttle_clear(tx, c->key_email, ei);
    return e;
}

enum bl_err bl_app_login(struct bl_app *app, const char *email, const char *password,
                         const char *client, struct bl_app_session *out, struct bl_errinfo *ei)
{
    char *norm = NULL;
    struct bl_arena arena;
    memset(out, 0, sizeof *out);
    if (!email || !password || strlen(email) > BL_APP_EMAIL_MAX ||
        bl_recipient_email_normalize(email, &norm, ei) != BL_OK)
        return bl_fail(ei, BL_EDENIED, "email or password is wrong");
    bl_arena_init(&arena);
    struct login_ctx c = {.app = app, .arena = &arena, .email = norm, .out = out};
    int64_t now = bl_app_now(app);
    c.window = now - now % BL_APP_LOGIN_WINDOW;
    snprintf(c.key_email, sizeof c.key_email, "login:%s", norm);
    snprintf(c.key_client, sizeof c.key_client, "login-ip:%.80s", client ? client : "?");
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, login_begin_tx, &c, ei);
    if (e != BL_OK)
        goto out;
    if (c.limited) {
        e = bl_fail(ei, BL_ELIMIT, "too many sign-in attempts: wait %d minutes",
                    BL_APP_LOGIN_WINDOW / 60);
        goto out;
    }
    /* The hash is checked outside any transaction (it takes tens of ms). */
    if (!c.found) {
        /* Same cost and answer as a wrong password: no account enumeration. */
        bl_app_password_burn(password);
        e = BL_EDENIED;
    } else {
        e = bl_app_password_check(password, c.acc.password_hash, ei);
    }
    if (e == BL_EDENIED) {
        /* A failure that cannot be counted is a database error, not a free guess. */
        e = bl_store_run(app->store, BL_TX_WRITE, login_failed_tx, &c, ei);
        if (e == BL_OK)
            e = bl_fail(ei, BL_EDENIED, "email or password is wrong");
    }
    if (e != BL_OK)
        goto out;
    random_token(out->token);
    random_token(out->csrf);
    out->account_id = c.acc.id;
    out->expires_at = now + BL_APP_SESSION_TTL;
    e = bl_store_run(app->store, BL_TX_WRITE, login_open_tx, &c, ei);
out:
    if (e != BL_OK)
        bl_wipe(out, sizeof *out);
    bl_arena_free(&arena);
    bl_free(norm);
    return e;
}

struct session_ctx {
    struct bl_app *app;
    struct bl_arena *arena;
    char hash[65];
    struct bl_session *s;
    struct bl_account *acc;
};

static enum bl_err session_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct session_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_session_get(tx, c->hash, bl_app_now(c->app), c->s, ei);
    if (e == BL_OK)
        e = bl_store_account_get(tx, c->s->account_id, c->acc, ei);
    if (e == BL_OK && c->acc->disabled)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_EDENIED, "session expired: sign in again");
    return e;
}

enum bl_err bl_app_session_get(struct bl_app *app, const char *token, struct bl_arena *arena,
                               struct bl_session *out, struct bl_account *account,
                               struct bl_errinfo *ei)
{
    if (!token || strlen(token) != BL_APP_TOKEN_LEN)
        return bl_fail(ei, BL_EDENIED, "sign in first");
    struct session_ctx c = {.app = app, .arena = arena, .s = out, .acc = account};
    bl_app_secret_hash(token, c.hash);
    return bl_store_run(app->store, BL_TX_READ, session_tx, &c, ei);
}

static enum bl_err logout_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_session_delete(tx, cls, ei);
    return e == BL_ENOTFOUND ? BL_OK : e;
}

enum bl_err bl_app_logout(struct bl_app *app, const char *token, struct bl_errinfo *ei)
{
    char h[65];
    if (!token || strlen(token) != BL_APP_TOKEN_LEN)
        return BL_OK;
    bl_app_secret_hash(token, h);
    return bl_store_run(app->store, BL_TX_WRITE, logout_tx, h, ei);
}

struct members_ctx {
    struct bl_arena *arena;
    int64_t account_id;
    struct bl_membership **rows;
    size_t *n;
};

static enum bl_err members_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct members_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    return bl_store_membership_list(tx, c->account_id, c->rows, c->n, ei);
}

enum bl_err bl_app_memberships(struct bl_app *app, int64_t account_id, struct bl_arena *arena,
                               struct bl_membership **rows, size_t *n, struct bl_errinfo *ei)
{
    struct members_ctx c = {arena, account_id, rows, n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, members_tx, &c, ei);
}

bool bl_app_csrf_ok(const struct bl_session *s, const char *submitted)
{
    if (!s || !s->csrf || !submitted)
        return false;
    size_t n = strlen(s->csrf);
    return n == BL_APP_TOKEN_LEN && strlen(submitted) == n &&
           CRYPTO_memcmp(s->csrf, submitted, n) == 0;
}

/* ---- API tokens ---- */

struct token_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    struct bl_apitoken t;
    struct bl_actor *actor;
    struct bl_arena *arena;
};

static enum bl_err token_create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct token_ctx *c = cls;
    enum bl_role role = BL_ROLE_NONE;
    enum bl_err e;
    if (c->who->system || c->who->account_id != c->t.account_id) {
        e = bl_app_authorize(tx, c->who, c->t.org_id, BL_ROLE_ADMIN, ei);
    } else {
        e = bl_store_membership_role(tx, c->t.org_id, c->t.account_id, &role, ei);
        if (e == BL_OK && role == BL_ROLE_NONE)
            e = bl_fail(ei, BL_EDENIED, "not a member of this organisation");
    }
    if (e == BL_OK)
        e = bl_store_apitoken_insert(tx, &c->t, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->t.org_id, "apitoken.create", c->t.name, NULL, ei);
    return e;
}

enum bl_err bl_app_apitoken_create(struct bl_app *app, const struct bl_actor *who,
                                   int64_t account_id, int64_t org_id, const char *name, char **out,
                                   struct bl_errinfo *ei)
{
    char raw[BL_APP_TOKEN_LEN + 1], full[BL_APP_TOKEN_LEN + 8], h[65];
    *out = NULL;
    if (!name || !*name || strlen(name) > BL_APP_NAME_MAX)
        return bl_fail(ei, BL_EINVAL, "a token needs a name of at most %u bytes", BL_APP_NAME_MAX);
    random_token(raw);
    snprintf(full, sizeof full, "%s%s", BL_APP_API_PREFIX, raw);
    bl_app_secret_hash(full, h);
    struct token_ctx c = {.app = app, .who = who};
    c.t.token_hash = h;
    c.t.account_id = account_id;
    c.t.org_id = org_id;
    c.t.name = name;
    c.t.created_at = bl_app_now(app);
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, token_create_tx, &c, ei);
    if (e == BL_OK)
        *out = bl_strdup(full);
    bl_wipe(raw, sizeof raw);
    bl_wipe(full, sizeof full);
    return e;
}

static enum bl_err token_use_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct token_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_apitoken_use(tx, c->t.token_hash, bl_app_now(c->app), &c->t, ei);
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_EDENIED, "unknown or revoked API token");
    return e;
}

enum bl_err bl_app_apitoken_actor(struct bl_app *app, const char *token, struct bl_actor *out,
                                  struct bl_errinfo *ei)
{
    char h[65];
    struct bl_arena arena;
    memset(out, 0, sizeof *out);
    if (!token || strncmp(token, BL_APP_API_PREFIX, 4) != 0 ||
        strlen(token) != BL_APP_TOKEN_LEN + 4)
        return bl_fail(ei, BL_EDENIED, "malformed API token");
    bl_app_secret_hash(token, h);
    bl_arena_init(&arena);
    struct token_ctx c = {.app = app, .arena = &arena};
    c.t.token_hash = h;
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, token_use_tx, &c, ei);
    if (e == BL_OK) {
        out->account_id = c.t.account_id;
        out->org_id = c.t.org_id;
    }
    bl_arena_free(&arena);
    return e;
}
