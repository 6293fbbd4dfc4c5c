/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_backpack.c: the backpack's one-time codes, sessions and share links
 * (tables holder_codes, holder_sessions, holder_shares; migration 010), and
 * messages of no organisation in the outbox (sign-in codes by email or SMS).
 */
#include <string.h>

#include "store/backend.h"

#define CODE_COLS                                                                                  \
    "id, kind, value, purpose, holder_id, code_hash, link_hash, attempts, created_at,"             \
    " expires_at, used_at"
#define SHARE_COLS "id, token, holder_id, award_id, created_at, withdrawn_at"

static const char SQL_CODE_INSERT[] =
    "INSERT INTO holder_codes (kind, value, purpose, holder_id, code_hash, link_hash, attempts,"
    " created_at, expires_at, used_at) VALUES ($1, $2, $3, NULLIF($4, 0), $5, $6, 0, $7, $8, 0)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_CODE_LATEST[] =
    "SELECT " CODE_COLS " FROM holder_codes WHERE kind = $1 AND value = $2 AND purpose = $3"
    " AND used_at = 0 AND expires_at > $4 ORDER BY created_at DESC, id DESC LIMIT 1";
static const char SQL_CODE_BY_LINK[] = "SELECT " CODE_COLS " FROM holder_codes"
                                       " WHERE link_hash = $1 AND used_at = 0 AND expires_at > $2";
static const char SQL_CODE_ATTEMPT[] =
    "UPDATE holder_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts";
static const char SQL_CODE_USE[] =
    "UPDATE holder_codes SET used_at = $2 WHERE id = $1 AND used_at = 0 RETURNING id";
static const char SQL_HSESSION_INSERT[] =
    "INSERT INTO holder_sessions (token_hash, holder_id, csrf, created_at, expires_at)"
    " VALUES ($1, $2, $3, $4, $5)";
static const char SQL_HSESSION_GET[] =
    "SELECT s.token_hash, s.holder_id, s.csrf, s.created_at, s.expires_at FROM holder_sessions s"
    " JOIN holders h ON h.id = s.holder_id"
    " WHERE s.token_hash = $1 AND s.expires_at > $2 AND h.deleted_at = 0";
static const char SQL_HSESSION_DELETE[] = "DELETE FROM holder_sessions WHERE token_hash = $1";
static const char SQL_SHARE_INSERT[] =
    "INSERT INTO holder_shares (token, holder_id, award_id, created_at, withdrawn_at)"
    " VALUES ($1, $2, $3, $4, 0) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_SHARE_BY_TOKEN[] =
    "SELECT " SHARE_COLS " FROM holder_shares WHERE token = $1 AND withdrawn_at = 0";
static const char SQL_SHARE_FOR_AWARD[] =
    "SELECT " SHARE_COLS " FROM holder_shares"
    " WHERE holder_id = $1 AND award_id = $2 AND withdrawn_at = 0 ORDER BY id DESC LIMIT 1";
static const char SQL_SHARE_WITHDRAW[] =
    "UPDATE holder_shares SET withdrawn_at = $3"
    " WHERE holder_id = $1 AND ($2 = 0 OR award_id = $2) AND withdrawn_at = 0";
static const char SQL_OUTBOX_CHANNEL[] =
    "INSERT INTO outbox (org_id, award_id, to_addr, subject, body_text, body_html, created_at,"
    " attempts, next_attempt_at, sent_at, channel, expires_at)"
    " VALUES (NULL, NULL, $1, $2, $3, $4, $5, 0, $5, 0, $6, $7) RETURNING id";
static const char SQL_OUTBOX_LAST_TO[] =
    "SELECT id, COALESCE(org_id, 0), COALESCE(award_id, 0), to_addr, subject, body_text,"
    " body_html, created_at, attempts, next_attempt_at, sent_at, last_error, expires_at FROM outbox"
    " WHERE to_addr = $1 AND channel = $2 ORDER BY id DESC LIMIT 1";

static void code_row(const struct bl_rows *r, struct bl_holder_code *c)
{
    memset(c, 0, sizeof *c);
    c->id = bl_cell_int(r, 0, 0);
    c->kind = bl_cell_text(r, 0, 1);
    c->value = bl_cell_text(r, 0, 2);
    c->purpose = bl_cell_text(r, 0, 3);
    c->holder_id = bl_cell_int(r, 0, 4);
    c->code_hash = bl_cell_text(r, 0, 5);
    c->link_hash = bl_cell_text(r, 0, 6);
    c->attempts = bl_cell_int(r, 0, 7);
    c->created_at = bl_cell_int(r, 0, 8);
    c->expires_at = bl_cell_int(r, 0, 9);
    c->used_at = bl_cell_int(r, 0, 10);
}

static void share_row(const struct bl_rows *r, struct bl_holder_share *s)
{
    memset(s, 0, sizeof *s);
    s->id = bl_cell_int(r, 0, 0);
    s->token = bl_cell_text(r, 0, 1);
    s->holder_id = bl_cell_int(r, 0, 2);
    s->award_id = bl_cell_int(r, 0, 3);
    s->created_at = bl_cell_int(r, 0, 4);
    s->withdrawn_at = bl_cell_int(r, 0, 5);
}

enum bl_err bl_store_hcode_insert(struct bl_tx *tx, struct bl_holder_code *c, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(c->kind),      bl_v_text(c->value),     bl_v_text(c->purpose),
                         bl_v_int(c->holder_id),  bl_v_text(c->code_hash), bl_v_text(c->link_hash),
                         bl_v_int(c->created_at), bl_v_int(c->expires_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_CODE_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "code link already exists");
    else if (rc == BL_OK)
        c->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_hcode_latest(struct bl_tx *tx, const char *kind, const char *value,
                                  const char *purpose, int64_t now, struct bl_holder_code *out,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(kind), bl_v_text(value), bl_v_text(purpose), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_CODE_LATEST, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no valid code for this %s", kind);
    code_row(&r, out);
    return BL_OK;
}

enum bl_err bl_store_hcode_by_link(struct bl_tx *tx, const char *link_hash, int64_t now,
                                   struct bl_holder_code *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(link_hash), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_CODE_BY_LINK, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "sign-in link unknown, used or expired");
    code_row(&r, out);
    return BL_OK;
}

enum bl_err bl_store_hcode_attempt(struct bl_tx *tx, int64_t id, int64_t *attempts,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    *attempts = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_CODE_ATTEMPT, p, 1, &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such code");
    else if (rc == BL_OK)
        *attempts = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_hcode_use(struct bl_tx *tx, int64_t id, int64_t now, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_CODE_USE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "code already used");
    return rc;
}

enum bl_err bl_store_hsession_insert(struct bl_tx *tx, const struct bl_holder_session *s,
                                     struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(s->token_hash), bl_v_int(s->holder_id), bl_v_text(s->csrf),
                         bl_v_int(s->created_at), bl_v_int(s->expires_at)};
    return bl_store__exec(tx, SQL_HSESSION_INSERT, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_hsession_get(struct bl_tx *tx, const char *token_hash, int64_t now,
                                  struct bl_holder_session *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_HSESSION_GET, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such backpack session");
    memset(out, 0, sizeof *out);
    out->token_hash = bl_cell_text(&r, 0, 0);
    out->holder_id = bl_cell_int(&r, 0, 1);
    out->csrf = bl_cell_text(&r, 0, 2);
    out->created_at = bl_cell_int(&r, 0, 3);
    out->expires_at = bl_cell_int(&r, 0, 4);
    return BL_OK;
}

enum bl_err bl_store_hsession_delete(struct bl_tx *tx, const char *token_hash,
                                     struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token_hash)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_HSESSION_DELETE, p, 1, &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such backpack session");
    return rc;
}

enum bl_err bl_store_hshare_insert(struct bl_tx *tx, struct bl_holder_share *sh,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(sh->token), bl_v_int(sh->holder_id), bl_v_int(sh->award_id),
                         bl_v_int(sh->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SHARE_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "share token already exists");
    else if (rc == BL_OK)
        sh->id = bl_cell_int(&r, 0, 0);
    return rc;
}

static enum bl_err share_one(struct bl_tx *tx, const char *sql, const struct bl_val *p, size_t np,
                             struct bl_holder_share *out, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such share");
    share_row(&r, out);
    return BL_OK;
}

enum bl_err bl_store_hshare_by_token(struct bl_tx *tx, const char *token,
                                     struct bl_holder_share *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(token)};
    return share_one(tx, SQL_SHARE_BY_TOKEN, p, 1, out, ei);
}

enum bl_err bl_store_hshare_for_award(struct bl_tx *tx, int64_t holder_id, int64_t award_id,
                                      struct bl_holder_share *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_int(award_id)};
    return share_one(tx, SQL_SHARE_FOR_AWARD, p, 2, out, ei);
}

enum bl_err bl_store_hshare_withdraw(struct bl_tx *tx, int64_t holder_id, int64_t award_id,
                                     int64_t at, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_int(award_id), bl_v_int(at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_SHARE_WITHDRAW, p, BL_NPARAMS(p), &r, ei);
    *n = rc == BL_OK ? (size_t)r.changes : 0;
    return rc;
}

enum bl_err bl_store_outbox_enqueue_channel(struct bl_tx *tx, const char *channel, const char *to,
                                            const char *subject, const char *text, const char *html,
                                            int64_t now, int64_t *id, struct bl_errinfo *ei)
{
    return bl_store_outbox_enqueue_expiring(tx, channel, to, subject, text, html, now, 0, id, ei);
}

enum bl_err bl_store_outbox_enqueue_expiring(struct bl_tx *tx, const char *channel, const char *to,
                                             const char *subject, const char *text,
                                             const char *html, int64_t now, int64_t expires_at,
                                             int64_t *id, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(to), bl_v_text(subject), bl_v_text(text),     bl_v_text(html),
                         bl_v_int(now), bl_v_text(channel), bl_v_int(expires_at)};
    struct bl_rows r;
    *id = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_CHANNEL, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK)
        *id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_outbox_last_to(struct bl_tx *tx, const char *channel, const char *to,
                                    struct bl_outbox *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(to), bl_v_text(channel)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_LAST_TO, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no message to %s", to);
    memset(out, 0, sizeof *out);
    out->id = bl_cell_int(&r, 0, 0);
    out->org_id = bl_cell_int(&r, 0, 1);
    out->award_id = bl_cell_int(&r, 0, 2);
    out->to_addr = bl_cell_text(&r, 0, 3);
    out->subject = bl_cell_text(&r, 0, 4);
    out->body_text = bl_cell_text(&r, 0, 5);
    out->body_html = bl_cell_text(&r, 0, 6);
    out->created_at = bl_cell_int(&r, 0, 7);
    out->attempts = bl_cell_int(&r, 0, 8);
    out->next_attempt_at = bl_cell_int(&r, 0, 9);
    out->sent_at = bl_cell_int(&r, 0, 10);
    out->last_error = bl_cell_text(&r, 0, 11);
    out->expires_at = bl_cell_int(&r, 0, 12);
    return BL_OK;
}

static const char SQL_CLAIMANT[] =
    "SELECT i.holder_id FROM holder_identifiers i JOIN holders h ON h.id = i.holder_id"
    " WHERE i.kind = $1 AND i.value = $2 AND i.verified_at = 0 AND h.deleted_at = 0"
    " ORDER BY h.created_at DESC, h.id DESC LIMIT 1";
static const char SQL_MINOR_PUBLIC[] = "UPDATE holders SET minor_public = $2 WHERE id = $1";
static const char SQL_PROFILE[] =
    "UPDATE holders SET first_name = $2, birth_year = $3 WHERE id = $1 AND deleted_at = 0";

enum bl_err bl_store_holder_set_profile(struct bl_tx *tx, int64_t id, const char *first_name,
                                        int64_t birth_year, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_text(first_name), bl_v_int(birth_year)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PROFILE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    return rc;
}

enum bl_err bl_store_holder_ident_claimant(struct bl_tx *tx, const char *kind, const char *value,
                                           int64_t *holder_id, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(kind), bl_v_text(value)};
    struct bl_rows r;
    *holder_id = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_CLAIMANT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no holder has this %s unproven", kind);
    *holder_id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

static const char SQL_HAS_PROVEN[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN kind = $2 AND value = $3 THEN 1 ELSE 0 END), 0)"
    " FROM holder_identifiers WHERE holder_id = $1 AND verified_at > 0";
static const char SQL_IDENT_DROP_UNPROVEN[] =
    "DELETE FROM holder_identifiers WHERE holder_id = $1 AND kind = $2 AND value = $3"
    " AND verified_at = 0";
static const char SQL_RELINK[] = "UPDATE holders SET link_hash = $2 WHERE id = $1";
static const char SQL_SESSIONS_END[] = "DELETE FROM holder_sessions WHERE holder_id = $1";

enum bl_err bl_store_holder_proven(struct bl_tx *tx, int64_t holder_id, const char *kind,
                                   const char *value, bool *any, bool *this_one,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_text(kind), bl_v_text(value)};
    struct bl_rows r;
    *any = *this_one = false;
    enum bl_err rc = bl_store__exec(tx, SQL_HAS_PROVEN, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows > 0) {
        *any = bl_cell_int(&r, 0, 0) > 0;
        *this_one = bl_cell_int(&r, 0, 1) > 0;
    }
    return rc;
}

enum bl_err bl_store_holder_ident_drop_unproven(struct bl_tx *tx, int64_t holder_id,
                                                const char *kind, const char *value,
                                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_text(kind), bl_v_text(value)};
    struct bl_rows r;
    return bl_store__exec(tx, SQL_IDENT_DROP_UNPROVEN, p, BL_NPARAMS(p), &r, ei);
}

enum bl_err bl_store_holder_relink(struct bl_tx *tx, int64_t holder_id, const char *link_hash,
                                   struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_text(link_hash)};
    struct bl_val q[] = {bl_v_int(holder_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_RELINK, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    if (rc == BL_OK)
        rc = bl_store__exec(tx, SQL_SESSIONS_END, q, BL_NPARAMS(q), &r, ei);
    return rc;
}

enum bl_err bl_store_holder_set_minor_public(struct bl_tx *tx, int64_t id, int allow,
                                             struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(allow ? 1 : 0)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_MINOR_PUBLIC, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    return rc;
}

static const char SQL_IDENT_OTHERS[] =
    "SELECT DISTINCT i.holder_id FROM holder_identifiers i JOIN holders h ON h.id = i.holder_id"
    " WHERE i.kind = $1 AND i.value = $2 AND i.holder_id <> $3 AND h.deleted_at = 0"
    " ORDER BY i.holder_id";

/*
 * $1 = src, $2 = dst, $3 = now; run in this order (see bl_store_holder_merge).
 * Each statement names all three: PostgreSQL refuses a parameter it cannot type.
 */
static const char *const SQL_MERGE[] = {
    "UPDATE awards SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0",
    /* dst's unproven copies of what src has go first, src's copies of what dst keeps next */
    "DELETE FROM holder_identifiers WHERE holder_id = $2 AND verified_at = 0 AND $3 >= 0"
    " AND (kind, value) IN (SELECT kind, value FROM holder_identifiers WHERE holder_id = $1)",
    "DELETE FROM holder_identifiers WHERE holder_id = $1 AND $3 >= 0"
    " AND (kind, value) IN (SELECT kind, value FROM holder_identifiers WHERE holder_id = $2)",
    "UPDATE holder_identifiers SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0",
    "UPDATE holder_shares SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0",
    "UPDATE holder_imports SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0",
    "UPDATE holder_collections SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0",
    "UPDATE holder_codes SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0",
    /* applications follow, unless dst applied to the same opportunity */
    "UPDATE applications SET holder_id = $2 WHERE holder_id = $1 AND $3 >= 0"
    " AND opportunity_id NOT IN (SELECT a.opportunity_id FROM applications a"
    " WHERE a.holder_id = $2)",
    "DELETE FROM holder_sessions WHERE holder_id = $1 AND $3 >= 0",
    "UPDATE holders SET first_name = (SELECT s.first_name FROM holders s WHERE s.id = $1)"
    " WHERE id = $2 AND first_name = '' AND $3 >= 0",
    "UPDATE holders SET birth_year = (SELECT s.birth_year FROM holders s WHERE s.id = $1)"
    " WHERE id = $2 AND birth_year = 0 AND $3 >= 0",
    "UPDATE holders SET merged_into = $2 WHERE merged_into = $1 AND $3 >= 0",
    "UPDATE holders SET merged_into = $2, deleted_at = $3, first_name = '', birth_year = 0,"
    " password_hash = NULL WHERE id = $1",
};

enum bl_err bl_store_holder_ident_others(struct bl_tx *tx, const char *kind, const char *value,
                                         int64_t except, int64_t **ids, size_t *n,
                                         struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(kind), bl_v_text(value), bl_v_int(except)};
    struct bl_rows r;
    *ids = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_IDENT_OTHERS, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *ids = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **ids);
    for (size_t i = 0; i < r.nrows; i++)
        (*ids)[i] = bl_cell_int(&r, i, 0);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_holder_merge(struct bl_tx *tx, int64_t src, int64_t dst, int64_t now,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(src), bl_v_int(dst), bl_v_int(now)};
    enum bl_err rc = BL_OK;
    if (src == dst)
        return bl_fail(ei, BL_EINVAL, "cannot merge a holder into itself");
    for (size_t i = 0; i < sizeof SQL_MERGE / sizeof SQL_MERGE[0] && rc == BL_OK; i++)
        rc = bl_store__exec(tx, SQL_MERGE[i], p, BL_NPARAMS(p), NULL, ei);
    return rc;
}

/* $1 = holder, $2 = now; each statement names both (see SQL_MERGE).  Awards first: they are
 * found through the identifiers deleted next. */
static const char SQL_ERASE_AWARDS[] =
    "UPDATE awards SET recipient_name = NULL, recipient_email = NULL, recipient_phone = NULL,"
    " holder_id = NULL WHERE $2 >= 0 AND id IN ("
    " SELECT id FROM awards WHERE holder_id = $1"
    " UNION SELECT w.id FROM awards w JOIN holder_identifiers i"
    " ON i.kind = 'email' AND i.value = w.recipient_email WHERE i.holder_id = $1 AND i.verified_at "
    "> 0"
    " UNION SELECT w.id FROM awards w JOIN holder_identifiers i"
    " ON i.kind = 'phone' AND i.value = w.recipient_phone WHERE i.holder_id = $1 AND i.verified_at "
    "> 0)";
static const char *const SQL_ERASE[] = {
    /* codes and org-less messages (sign-in codes) name the holder's addresses */
    "DELETE FROM holder_codes WHERE $2 >= 0 AND (holder_id = $1 OR (kind, value) IN"
    " (SELECT kind, value FROM holder_identifiers WHERE holder_id = $1))",
    "DELETE FROM outbox WHERE org_id IS NULL AND $2 >= 0 AND to_addr IN"
    " (SELECT value FROM holder_identifiers WHERE holder_id = $1)",
    "DELETE FROM holder_identifiers WHERE holder_id = $1 AND $2 >= 0",
    "DELETE FROM holder_sessions WHERE holder_id = $1 AND $2 >= 0",
    "DELETE FROM holder_shares WHERE holder_id = $1 AND $2 >= 0",
    "DELETE FROM holder_imports WHERE holder_id = $1 AND $2 >= 0",
    /* collections (migration 016): their items and public pages first */
    "DELETE FROM holder_collection_items WHERE $2 >= 0 AND collection_id IN"
    " (SELECT id FROM holder_collections WHERE holder_id = $1)",
    "DELETE FROM holder_collection_shares WHERE $2 >= 0 AND collection_id IN"
    " (SELECT id FROM holder_collections WHERE holder_id = $1)",
    "DELETE FROM holder_collections WHERE holder_id = $1 AND $2 >= 0",
    "UPDATE holders SET first_name = '', birth_year = 0, link_hash = NULL, password_hash = NULL,"
    " minor_public = 0, deleted_at = $2 WHERE id = $1",
};

enum bl_err bl_store_holder_erase(struct bl_tx *tx, int64_t id, int64_t now, size_t *awards,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ERASE_AWARDS, p, BL_NPARAMS(p), &r, ei);
    *awards = rc == BL_OK ? (size_t)r.changes : 0;
    for (size_t i = 0; i < sizeof SQL_ERASE / sizeof SQL_ERASE[0] && rc == BL_OK; i++)
        rc = bl_store__exec(tx, SQL_ERASE[i], p, BL_NPARAMS(p), NULL, ei);
    return rc;
}
