/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_account.c: accounts, memberships, sessions, API tokens and the
 * rate-limit counters (tables accounts, memberships, sessions, api_tokens,
 * throttle).  Emails are stored with ASCII letters lower-cased, so the
 * unique index is case-insensitive for them.
 */
#include <string.h>

#include "store/backend.h"

#define ACCOUNT_COLS "id, email, name, password_hash, created_at, disabled"
#define SESSION_COLS "token_hash, account_id, csrf, created_at, expires_at"
#define TOKEN_COLS   "id, token_hash, account_id, org_id, name, created_at, last_used_at, revoked_at"

static const char SQL_ACCOUNT_INSERT[] =
    "INSERT INTO accounts (email, name, password_hash, created_at, disabled)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_ACCOUNT_GET[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1";
static const char SQL_ACCOUNT_BY_EMAIL[] = "SELECT " ACCOUNT_COLS " FROM accounts WHERE email = $1";
static const char SQL_ACCOUNT_PASSWORD[] = "UPDATE accounts SET password_hash = $2 WHERE id = $1";

static const char SQL_MEMBER_SET[] =
    "INSERT INTO memberships (org_id, account_id, role) VALUES ($1, $2, $3)"
    " ON CONFLICT (org_id, account_id) DO UPDATE SET role = excluded.role";
static const char SQL_MEMBER_DELETE[] =
    "DELETE FROM memberships WHERE org_id = $1 AND account_id = $2";
static const char SQL_MEMBER_ROLE[] =
    "SELECT role FROM memberships WHERE org_id = $1 AND account_id = $2";
static const char SQL_MEMBER_LIST[] =
    "SELECT m.org_id, m.account_id, m.role, o.slug, o.name FROM memberships m"
    " JOIN orgs o ON o.id = m.org_id WHERE m.account_id = $1 ORDER BY o.name, o.id";

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions (token_hash, account_id, csrf, created_at, expires_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING token_hash";
static const char SQL_SESSION_GET[] =
    "SELECT " SESSION_COLS " FROM sessions WHERE token_hash = $1 AND expires_at > $2";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = $1";
static const char SQL_SESSION_PURGE[] = "DELETE FROM sessions WHERE expires_at <= $1";

static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO api_tokens (token_hash, account_id, org_id, name, created_at, last_used_at,"
    " revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_TOKEN_USE[] = "UPDATE api_tokens SET last_used_at = $2"
                                    " WHERE token_hash = $1 AND revoked_at = 0"
                                    " RETURNING " TOKEN_COLS;
static const char SQL_TOKEN_REVOKE[] =
    "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at = 0";
static const char SQL_TOKEN_EXISTS[] = "SELECT id FROM api_tokens WHERE id = $1";

static const char SQL_THROTTLE_DROP[] = "DELETE FROM throttle WHERE key = $1 AND window_start < $2";
static const char SQL_THROTTLE_HIT[] =
    "INSERT INTO throttle (key, window_start, hits) VALUES ($1, $2, 1)"
    " ON CONFLICT (key, window_start) DO UPDATE SET hits = throttle.hits + 1 RETURNING hits";
static const char SQL_THROTTLE_CLEAR[] = "DELETE FROM throttle WHERE key = $1";
static const char SQL_THROTTLE_COUNT[] =
    "SELECT hits FROM throttle WHERE key = $1 AND window_start = $2";

/* A copy of email in the transaction's arena with A-Z lower-cased; NULL stays NULL. */
static const char *lower_email(struct bl_tx *tx, const char *email)
{
    char *s = bl_arena_strdup(bl_tx_arena(tx), email);
    for (char *p = s; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return s;
}

static void account_row(const struct bl_rows *r, size_t i, struct bl_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = bl_cell_int(r, i, 0);
    a->email = bl_cell_text(r, i, 1);
    a->name = bl_cell_text(r, i, 2);
    a->password_hash = bl_cell_text(r, i, 3);
    a->created_at = bl_cell_int(r, i, 4);
    a->disabled = bl_cell_int(r, i, 5) != 0;
}

static void token_row(const struct bl_rows *r, size_t i, struct bl_apitoken *t)
{
    memset(t, 0, sizeof *t);
    t->id = bl_cell_int(r, i, 0);
    t->token_hash = bl_cell_text(r, i, 1);
    t->account_id = bl_cell_int(r, i, 2);
    t->org_id = bl_cell_int(r, i, 3);
    t->name = bl_cell_text(r, i, 4);
    t->created_at = bl_cell_int(r, i, 5);
    t->last_used_at = bl_cell_int(r, i, 6);
    t->revoked_at = bl_cell_int(r, i, 7);
}

enum bl_err bl_store_account_insert(struct bl_tx *tx, struct bl_account *a, struct bl_errinfo *ei)
{
    const char *email = lower_email(tx, a->email);
    struct bl_val p[] = {bl_v_text(email), bl_v_text(a->name), bl_v_text(a->password_hash),
                         bl_v_int(a->created_at), bl_v_int(a->disabled != 0)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ACCOUNT_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "an account with this email exists");
    a->id = bl_cell_int(&r, 0, 0);
    a->email = email;
    return BL_OK;
}

enum bl_err bl_store_account_get(struct bl_tx *tx, int64_t id, struct bl_account *out,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ACCOUNT_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no account %lld", (long long)id);
    account_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_account_by_email(struct bl_tx *tx, const char *email, struct bl_account *out,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(lower_email(tx, email))};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ACCOUNT_BY_EMAIL, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no account with this email");
    account_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_account_set_password(struct bl_tx *tx, int64_t id, const char *password_hash,
                                          struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_text(password_hash)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ACCOUNT_PASSWORD, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no account %lld", (long long)id);
    return rc;
}

enum bl_err bl_store_membership_set(struct bl_tx *tx, int64_t org_id, int64_t account_id,
                                    enum bl_role role, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(account_id), bl_v_int((int64_t)role)};

    if (role == BL_ROLE_NONE)
        return bl_store__exec(tx, SQL_MEMBER_DELETE, p, 2, NULL, ei);
    if (role != BL_ROLE_VIEWER && role != BL_ROLE_ISSUER && role != BL_ROLE_ADMIN)
        return bl_fail(ei, BL_EINVAL, "unknown role %d", (int)role);
    return bl_store__exec(tx, SQL_MEMBER_SET, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_membership_role(struct bl_tx *tx, int64_t org_id, int64_t account_id,
                                     enum bl_role *role, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(account_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_MEMBER_ROLE, p, BL_NPARAMS(p), &r, ei);

    *role = BL_ROLE_NONE;
    if (rc == BL_OK && r.nrows > 0)
        *role = (enum bl_role)bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_membership_list(struct bl_tx *tx, int64_t account_id,
                                     struct bl_membership **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(account_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_MEMBER_LIST, p, 1, &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_membership *m = &(*rows)[i];
        m->org_id = bl_cell_int(&r, i, 0);
        m->account_id = bl_cell_int(&r, i, 1);
        m->role = (enum bl_role)bl_cell_int(&r, i, 2);
        m->org_slug = bl_cell_text(&r, i, 3);
        m->org_name = bl_cell_text(&r, i, 4);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_session_insert(struct bl_tx *tx, const struct bl_session *s,
                                    struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(s->token_hash), bl_v_int(s->account_id), bl_v_text(s->csrf),
                         bl_v_int(s->created_at), bl_v_int(s->expires_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SESSION_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "session token already exists");
    return rc;
}

enum bl_err bl_store_session_get(struct bl_tx *tx, const char *token_hash, int64_t now,
                                 struct bl_session *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SESSION_GET, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no session, or expired");
    memset(out, 0, sizeof *out);
    out->token_hash = bl_cell_text(&r, 0, 0);
    out->account_id = bl_cell_int(&r, 0, 1);
    out->csrf = bl_cell_text(&r, 0, 2);
    out->created_at = bl_cell_int(&r, 0, 3);
    out->expires_at = bl_cell_int(&r, 0, 4);
    return BL_OK;
}

enum bl_err bl_store_session_delete(struct bl_tx *tx, const char *token_hash, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SESSION_DELETE, p, 1, &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such session");
    return rc;
}

enum bl_err bl_store_session_purge(struct bl_tx *tx, int64_t now, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SESSION_PURGE, p, 1, &r, ei);
    *n = rc == BL_OK ? (size_t)r.changes : 0;
    return rc;
}

enum bl_err bl_store_apitoken_insert(struct bl_tx *tx, struct bl_apitoken *t, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(t->token_hash), bl_v_int(t->account_id),
                         bl_v_int(t->org_id),      bl_v_text(t->name),
                         bl_v_int(t->created_at),  bl_v_int(t->last_used_at),
                         bl_v_int(t->revoked_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_TOKEN_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "API token already exists");
    t->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_apitoken_use(struct bl_tx *tx, const char *token_hash, int64_t now,
                                  struct bl_apitoken *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_TOKEN_USE, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such API token, or revoked");
    token_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_apitoken_revoke(struct bl_tx *tx, int64_t id, int64_t at,
                                     struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_TOKEN_REVOKE, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK || r.changes > 0)
        return rc;
    rc = bl_store__exec(tx, SQL_TOKEN_EXISTS, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no API token %lld", (long long)id);
    return bl_fail(ei, BL_EEXISTS, "API token %lld is already revoked", (long long)id);
}

enum bl_err bl_store_throttle_hit(struct bl_tx *tx, const char *key, int64_t window_start,
                                  int64_t *hits, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(key), bl_v_int(window_start)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_THROTTLE_DROP, p, BL_NPARAMS(p), NULL, ei);

    *hits = 0;
    if (rc == BL_OK)
        rc = bl_store__exec(tx, SQL_THROTTLE_HIT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK)
        *hits = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_throttle_count(struct bl_tx *tx, const char *key, int64_t window_start,
                                    int64_t *hits, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(key), bl_v_int(window_start)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_THROTTLE_COUNT, p, BL_NPARAMS(p), &r, ei);

    *hits = 0;
    if (rc == BL_OK && r.nrows > 0)
        *hits = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_throttle_clear(struct bl_tx *tx, const char *key, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(key)};
    return bl_store__exec(tx, SQL_THROTTLE_CLEAR, p, 1, NULL, ei);
}

/* A window that starts at a moment (a lock set at `now`) is found by its age. */
static const char SQL_THROTTLE_SINCE[] = "SELECT CAST(COALESCE(SUM(hits), 0) AS BIGINT) FROM "
                                         "throttle WHERE key = $1 AND window_start >= $2";

enum bl_err bl_store_throttle_since(struct bl_tx *tx, const char *key, int64_t since, int64_t *hits,
                                    struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(key), bl_v_int(since)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_THROTTLE_SINCE, p, BL_NPARAMS(p), &r, ei);
    *hits = 0;
    if (rc == BL_OK && r.nrows > 0)
        *hits = bl_cell_int(&r, 0, 0);
    return rc;
}
