/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * account.h: staff accounts, passwords (Argon2id), sessions, CSRF tokens,
 * login rate limiting and API tokens.
 *
 * Secrets given to clients (session cookie, API token) are 32 random bytes
 * in base64url; the store keeps only their SHA-256, so a database leak does
 * not open sessions.  Logins are limited to BL_APP_LOGIN_MAX failures per
 * BL_APP_LOGIN_WINDOW for one email and for one client address.
 */
#ifndef BL_APP_ACCOUNT_H
#define BL_APP_ACCOUNT_H

#include "app/app.h"

#define BL_APP_TOKEN_LEN  43u /* base64url of 32 bytes */
#define BL_APP_API_PREFIX "blt_"

/* Argon2id encoded string of password (t=2, m=19 MiB, p=1: OWASP's baseline), in *out. */
enum bl_err bl_app_password_hash(const char *password, char **out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BL_OK when password matches the encoded hash, BL_EDENIED otherwise. */
enum bl_err bl_app_password_check(const char *password, const char *encoded,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Check password against a hash nobody knows the password of: the same cost
 * as bl_app_password_check, for an unknown user or one without a password,
 * so the answer's timing does not tell whether they exist.
 */
void bl_app_password_burn(const char *password);

/*
 * Create an account (email lower-cased and checked, name, password of
 * BL_APP_PASSWORD_MIN..MAX bytes or NULL for an invitation without one).
 * When org_id > 0 the account joins it with `role`.  who must be admin of
 * org_id (or the system).  *id is set.  BL_EEXISTS when the email is taken.
 */
enum bl_err bl_app_account_add(struct bl_app *app, const struct bl_actor *who, const char *email,
                               const char *name, const char *password, int64_t org_id,
                               enum bl_role role, int64_t *id,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The id of the account with this email; BL_ENOTFOUND when none. */
enum bl_err bl_app_account_id(struct bl_app *app, const char *email, int64_t *id,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Add, change or remove (BL_ROLE_NONE) a member; who must be admin of org_id. */
enum bl_err bl_app_member_set(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              const char *email, enum bl_role role,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_app_session {
    char token[BL_APP_TOKEN_LEN + 1]; /* the cookie value */
    char csrf[BL_APP_TOKEN_LEN + 1];
    int64_t account_id;
    int64_t expires_at;
};

/*
 * Check email and password and open a session.  `client` (the remote
 * address) and the email are rate limited: BL_ELIMIT once either had
 * BL_APP_LOGIN_MAX failures in the window.  A wrong email and a wrong
 * password give the same BL_EDENIED "email or password is wrong".
 */
enum bl_err bl_app_login(struct bl_app *app, const char *email, const char *password,
                         const char *client, struct bl_app_session *out,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The session of a cookie value, with its account; BL_EDENIED when unknown or expired. */
enum bl_err bl_app_session_get(struct bl_app *app, const char *token, struct bl_arena *arena,
                               struct bl_session *out, struct bl_account *account,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_logout(struct bl_app *app, const char *token,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The organisations of an account with its role in each, by name. */
enum bl_err bl_app_memberships(struct bl_app *app, int64_t account_id, struct bl_arena *arena,
                               struct bl_membership **rows, size_t *n,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Constant-time comparison of a submitted CSRF token with the session's. */
bool bl_app_csrf_ok(const struct bl_session *s, const char *submitted);

/*
 * A new API token for the account in org_id (who must be admin there, or
 * the account itself holding a role there): "blt_" + 43 characters, shown
 * once.  *out is bl_malloc'd.
 */
enum bl_err bl_app_apitoken_create(struct bl_app *app, const struct bl_actor *who,
                                   int64_t account_id, int64_t org_id, const char *name, char **out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The actor an API token stands for; BL_EDENIED when unknown or revoked. */
enum bl_err bl_app_apitoken_actor(struct bl_app *app, const char *token, struct bl_actor *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Hex SHA-256 of a secret (for the store). */
void bl_app_secret_hash(const char *secret, char out[65]);

#endif
