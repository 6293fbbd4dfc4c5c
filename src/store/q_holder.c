/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_holder.c: holders (the young people's backpacks), their identifiers,
 * and the awards that belong to them (tables holders, holder_identifiers,
 * awards.holder_id; migration 008).
 */
#include <string.h>

#include "store/backend.h"

#define HOLDER_COLS                                                                                \
    "id, uid, first_name, birth_year, link_hash, password_hash, minor_public, created_at,"         \
    " deleted_at"
#define IDENT_COLS "id, holder_id, kind, value, verified_at, created_at"

static const char SQL_HOLDER_INSERT[] =
    "INSERT INTO holders (uid, first_name, birth_year, link_hash, password_hash, minor_public,"
    " created_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_HOLDER_GET[] = "SELECT " HOLDER_COLS " FROM holders WHERE id = $1";
static const char SQL_HOLDER_BY_UID[] = "SELECT " HOLDER_COLS " FROM holders WHERE uid = $1";
/*
 * A personal link opens its own live holder only: the link of a claim
 * backpack merged into another (merged_into) opens nothing, since whoever
 * typed an identifier at a stand is not always whoever proved it.
 */
static const char SQL_HOLDER_BY_LINK[] =
    "SELECT " HOLDER_COLS " FROM holders WHERE link_hash = $1 AND deleted_at = 0";
static const char SQL_IDENT_INSERT[] =
    "INSERT INTO holder_identifiers (holder_id, kind, value, verified_at, created_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_IDENT_LIST[] = "SELECT " IDENT_COLS " FROM holder_identifiers"
                                     " WHERE holder_id = $1"
                                     " ORDER BY verified_at = 0, created_at, id";
static const char SQL_IDENT_VERIFY[] =
    "UPDATE holder_identifiers SET verified_at = $4"
    " WHERE holder_id = $1 AND kind = $2 AND value = $3 AND verified_at = 0 RETURNING id";
static const char SQL_IDENT_PROVEN[] =
    "SELECT holder_id FROM holder_identifiers"
    " WHERE holder_id <> $1 AND kind = $2 AND value = $3 AND verified_at > 0";
static const char SQL_IDENT_OWNER[] =
    "SELECT i.holder_id FROM holder_identifiers i JOIN holders h ON h.id = i.holder_id"
    " WHERE i.kind = $1 AND i.value = $2 AND i.verified_at > 0 AND h.deleted_at = 0";
static const char SQL_AWARD_SET_HOLDER[] = "UPDATE awards SET holder_id = $2 WHERE id = $1";
/* Three indexed lookups joined by UNION rather than one OR that scans every award. */
static const char SQL_HOLDER_AWARDS[] =
    "SELECT a.id, a.uid, a.badgeclass_id, b.uid, b.name, a.recipient_name, a.recipient_email,"
    " a.recipient_phone, a.issued_at, a.expires_at, a.revoked_at, a.revocation_reason"
    " FROM awards a JOIN badge_classes b ON b.id = a.badgeclass_id WHERE a.id IN ("
    " SELECT id FROM awards WHERE holder_id = $1"
    " UNION SELECT w.id FROM awards w JOIN holder_identifiers i"
    " ON i.kind = 'email' AND i.value = w.recipient_email"
    " WHERE i.holder_id = $1 AND i.verified_at > 0"
    " UNION SELECT w.id FROM awards w JOIN holder_identifiers i"
    " ON i.kind = 'phone' AND i.value = w.recipient_phone"
    " WHERE i.holder_id = $1 AND i.verified_at > 0)"
    " ORDER BY a.issued_at DESC, a.id DESC";

static void read_holder(const struct bl_rows *r, size_t i, struct bl_holder_rec *h)
{
    memset(h, 0, sizeof *h);
    h->id = bl_cell_int(r, i, 0);
    h->uid = bl_cell_text(r, i, 1);
    h->first_name = bl_cell_text(r, i, 2);
    h->birth_year = bl_cell_int(r, i, 3);
    h->link_hash = bl_cell_text(r, i, 4);
    h->password_hash = bl_cell_text(r, i, 5);
    h->minor_public = (int)bl_cell_int(r, i, 6);
    h->created_at = bl_cell_int(r, i, 7);
    h->deleted_at = bl_cell_int(r, i, 8);
}

enum bl_err bl_store_holder_insert(struct bl_tx *tx, struct bl_holder_rec *h, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(h->uid),           bl_v_text(h->first_name ? h->first_name : ""),
                         bl_v_int(h->birth_year),     bl_v_text(h->link_hash),
                         bl_v_text(h->password_hash), bl_v_int(h->minor_public),
                         bl_v_int(h->created_at),     bl_v_int(h->deleted_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_HOLDER_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "holder uid or link already exists");
    else if (rc == BL_OK)
        h->id = bl_cell_int(&r, 0, 0);
    return rc;
}

static enum bl_err holder_one(struct bl_tx *tx, const char *sql, struct bl_val key,
                              struct bl_holder_rec *out, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, &key, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no such holder");
    read_holder(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_holder_get(struct bl_tx *tx, int64_t id, struct bl_holder_rec *out,
                                struct bl_errinfo *ei)
{
    return holder_one(tx, SQL_HOLDER_GET, bl_v_int(id), out, ei);
}

enum bl_err bl_store_holder_by_uid(struct bl_tx *tx, const char *uid, struct bl_holder_rec *out,
                                   struct bl_errinfo *ei)
{
    return holder_one(tx, SQL_HOLDER_BY_UID, bl_v_text(uid), out, ei);
}

enum bl_err bl_store_holder_by_link(struct bl_tx *tx, const char *link_hash,
                                    struct bl_holder_rec *out, struct bl_errinfo *ei)
{
    return holder_one(tx, SQL_HOLDER_BY_LINK, bl_v_text(link_hash), out, ei);
}

enum bl_err bl_store_holder_ident_add(struct bl_tx *tx, struct bl_holder_ident *i,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(i->holder_id), bl_v_text(i->kind), bl_v_text(i->value),
                         bl_v_int(i->verified_at), bl_v_int(i->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IDENT_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_EEXISTS, "%s %s already belongs to this or another holder", i->kind,
                     i->value);
    else if (rc == BL_OK)
        i->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_holder_ident_list(struct bl_tx *tx, int64_t holder_id,
                                       struct bl_holder_ident **rows, size_t *n,
                                       struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_IDENT_LIST, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t k = 0; k < r.nrows; k++) {
        struct bl_holder_ident *i = &(*rows)[k];
        i->id = bl_cell_int(&r, k, 0);
        i->holder_id = bl_cell_int(&r, k, 1);
        i->kind = bl_cell_text(&r, k, 2);
        i->value = bl_cell_text(&r, k, 3);
        i->verified_at = bl_cell_int(&r, k, 4);
        i->created_at = bl_cell_int(&r, k, 5);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_holder_ident_verify(struct bl_tx *tx, int64_t holder_id, const char *kind,
                                         const char *value, int64_t at, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id), bl_v_text(kind), bl_v_text(value), bl_v_int(at)};
    struct bl_rows r;
    /* Asked first: a unique violation would abort a PostgreSQL transaction. */
    enum bl_err rc = bl_store__exec(tx, SQL_IDENT_PROVEN, p, 3, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows > 0)
        return bl_fail(ei, BL_EEXISTS, "%s %s is proven by another holder", kind, value);
    rc = bl_store__exec(tx, SQL_IDENT_VERIFY, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "holder has no unproven %s %s", kind, value);
    return rc;
}

enum bl_err bl_store_holder_ident_owner(struct bl_tx *tx, const char *kind, const char *value,
                                        int64_t *holder_id, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(kind), bl_v_text(value)};
    struct bl_rows r;
    *holder_id = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_IDENT_OWNER, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no holder proved this %s", kind);
    *holder_id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_award_set_holder(struct bl_tx *tx, int64_t award_id, int64_t holder_id,
                                      struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(award_id), holder_id ? bl_v_int(holder_id) : bl_v_text(NULL)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_AWARD_SET_HOLDER, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no award %lld", (long long)award_id);
    return rc;
}

enum bl_err bl_store_holder_awards(struct bl_tx *tx, int64_t holder_id,
                                   struct bl_award_brief **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(holder_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_HOLDER_AWARDS, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        struct bl_award_brief *b = &(*rows)[i];
        b->id = bl_cell_int(&r, i, 0);
        b->uid = bl_cell_text(&r, i, 1);
        b->badgeclass_id = bl_cell_int(&r, i, 2);
        b->badge_uid = bl_cell_text(&r, i, 3);
        b->badge_name = bl_cell_text(&r, i, 4);
        b->recipient_name = bl_cell_text(&r, i, 5);
        b->recipient_email = bl_cell_text(&r, i, 6);
        b->recipient_phone = bl_cell_text(&r, i, 7);
        b->issued_at = bl_cell_int(&r, i, 8);
        b->expires_at = bl_cell_int(&r, i, 9);
        b->revoked_at = bl_cell_int(&r, i, 10);
        b->revocation_reason = bl_cell_text(&r, i, 11);
    }
    *n = r.nrows;
    return BL_OK;
}

/* ---- the optional password of a backpack (issue 8) ---- */

static const char SQL_HOLDER_PASSWORD[] =
    "UPDATE holders SET password_hash = $2 WHERE id = $1 AND deleted_at = 0";

enum bl_err bl_store_holder_set_password(struct bl_tx *tx, int64_t id, const char *password_hash,
                                         struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_text(password_hash)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_HOLDER_PASSWORD, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no live holder %lld", (long long)id);
    return rc;
}
