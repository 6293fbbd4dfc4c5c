/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_reset.c: password-reset and invitation links (table password_resets,
 * migration 007), ending all sessions of an account, and the member list
 * of an organisation for the staff page.
 */
#include <string.h>

#include "store/backend.h"

static const char SQL_RESET_INSERT[] =
    "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at, used_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING token_hash";
static const char SQL_RESET_GET[] = "SELECT token_hash, account_id, created_at, expires_at, used_at"
                                    " FROM password_resets WHERE token_hash = $1";
static const char SQL_RESET_USE[] =
    "UPDATE password_resets SET used_at = $2"
    " WHERE token_hash = $1 AND used_at = 0 AND expires_at > $2 RETURNING account_id";
static const char SQL_RESET_PURGE[] = "DELETE FROM password_resets WHERE expires_at < $1";
static const char SQL_SESSION_DELETE_ACCOUNT[] = "DELETE FROM sessions WHERE account_id = $1";
static const char SQL_MEMBERS[] =
    "SELECT a.id, a.email, a.name, m.role, a.password_hash IS NOT NULL FROM memberships m"
    " JOIN accounts a ON a.id = m.account_id WHERE m.org_id = $1 ORDER BY a.name, a.email";

enum bl_err bl_store_reset_insert(struct bl_tx *tx, const struct bl_reset *r, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(r->token_hash), bl_v_int(r->account_id), bl_v_int(r->created_at),
                         bl_v_int(r->expires_at), bl_v_int(r->used_at)};
    struct bl_rows rows;
    enum bl_err rc = bl_store__exec(tx, SQL_RESET_INSERT, p, BL_NPARAMS(p), &rows, ei);
    if (rc == BL_OK && rows.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "password reset token already exists");
    return rc;
}

enum bl_err bl_store_reset_get(struct bl_tx *tx, const char *token_hash, struct bl_reset *out,
                               struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_RESET_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such password reset link");
    memset(out, 0, sizeof *out);
    out->token_hash = bl_cell_text(&r, 0, 0);
    out->account_id = bl_cell_int(&r, 0, 1);
    out->created_at = bl_cell_int(&r, 0, 2);
    out->expires_at = bl_cell_int(&r, 0, 3);
    out->used_at = bl_cell_int(&r, 0, 4);
    return BL_OK;
}

enum bl_err bl_store_reset_use(struct bl_tx *tx, const char *token_hash, int64_t now,
                               int64_t *account_id, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash), bl_v_int(now)};
    struct bl_rows r;
    *account_id = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_RESET_USE, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "password reset link unknown, used or expired");
    *account_id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_reset_purge(struct bl_tx *tx, int64_t before, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(before)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_RESET_PURGE, p, 1, &r, ei);
    *n = rc == BL_OK ? (size_t)r.changes : 0;
    return rc;
}

enum bl_err bl_store_session_delete_account(struct bl_tx *tx, int64_t account_id, size_t *n,
                                            struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(account_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SESSION_DELETE_ACCOUNT, p, 1, &r, ei);
    *n = rc == BL_OK ? (size_t)r.changes : 0;
    return rc;
}

enum bl_err bl_store_member_list(struct bl_tx *tx, int64_t org_id, struct bl_member **rows,
                                 size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_MEMBERS, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_member *m = &(*rows)[i];
        m->account_id = bl_cell_int(&r, i, 0);
        m->email = bl_cell_text(&r, i, 1);
        m->name = bl_cell_text(&r, i, 2);
        m->role = (enum bl_role)bl_cell_int(&r, i, 3);
        m->has_password = bl_cell_int(&r, i, 4) != 0;
    }
    *n = r.nrows;
    return BL_OK;
}
