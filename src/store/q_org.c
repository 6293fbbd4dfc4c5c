/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_org.c: organisations and their signing keys (tables orgs, org_keys).
 * Inserts use ON CONFLICT DO NOTHING so a taken slug or kid is BL_EEXISTS
 * without an SQL error: on PostgreSQL an error would abort the transaction.
 */
#include <string.h>

#include "store/backend.h"

#define ORG_COLS "id, slug, name, url, email, description, image, image_type, created_at"
#define KEY_COLS "id, org_id, kid, alg, public_jwk, sealed, created_at, retired_at"

static const char SQL_ORG_INSERT[] =
    "INSERT INTO orgs (slug, name, url, email, description, image, image_type, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_ORG_SLUG_TAKEN[] = "SELECT id FROM orgs WHERE slug = $1 AND id <> $2";
static const char SQL_ORG_UPDATE[] =
    "UPDATE orgs SET slug = $2, name = $3, url = $4, email = $5, description = $6,"
    " image = $7, image_type = $8 WHERE id = $1";
static const char SQL_ORG_GET[] = "SELECT " ORG_COLS " FROM orgs WHERE id = $1";
static const char SQL_ORG_BY_SLUG[] = "SELECT " ORG_COLS " FROM orgs WHERE slug = $1";
static const char SQL_ORG_LIST[] = "SELECT " ORG_COLS " FROM orgs ORDER BY name, id";

static const char SQL_KEY_INSERT[] =
    "INSERT INTO org_keys (org_id, kid, alg, public_jwk, sealed, created_at, retired_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_KEY_RETIRE[] =
    "UPDATE org_keys SET retired_at = $3 WHERE org_id = $1 AND alg = $2 AND retired_at = 0";
static const char SQL_KEY_LIST[] =
    "SELECT " KEY_COLS " FROM org_keys WHERE org_id = $1"
    " ORDER BY CASE WHEN retired_at = 0 THEN 0 ELSE 1 END, created_at DESC, id DESC";
static const char SQL_KEY_ACTIVE[] =
    "SELECT " KEY_COLS " FROM org_keys WHERE org_id = $1 AND alg = $2 AND retired_at = 0"
    " ORDER BY created_at DESC, id DESC LIMIT 1";
static const char SQL_KEY_BY_KID[] = "SELECT " KEY_COLS " FROM org_keys WHERE kid = $1";

static void org_row(const struct bl_rows *r, size_t i, struct bl_org *o)
{
    memset(o, 0, sizeof *o);
    o->id = bl_cell_int(r, i, 0);
    o->slug = bl_cell_text(r, i, 1);
    o->name = bl_cell_text(r, i, 2);
    o->url = bl_cell_text(r, i, 3);
    o->email = bl_cell_text(r, i, 4);
    o->description = bl_cell_text(r, i, 5);
    o->image = bl_cell_blob(r, i, 6, &o->image_len);
    o->image_type = bl_cell_text(r, i, 7);
    o->created_at = bl_cell_int(r, i, 8);
}

static void key_row(const struct bl_rows *r, size_t i, struct bl_orgkey *k)
{
    memset(k, 0, sizeof *k);
    k->id = bl_cell_int(r, i, 0);
    k->org_id = bl_cell_int(r, i, 1);
    k->kid = bl_cell_text(r, i, 2);
    k->alg = bl_cell_text(r, i, 3);
    k->public_jwk = bl_cell_text(r, i, 4);
    k->sealed = bl_cell_text(r, i, 5);
    k->created_at = bl_cell_int(r, i, 6);
    k->retired_at = bl_cell_int(r, i, 7);
}

enum bl_err bl_store_org_insert(struct bl_tx *tx, struct bl_org *o, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(o->slug),        bl_v_text(o->name),
                         bl_v_text(o->url),         bl_v_text(o->email),
                         bl_v_text(o->description), bl_v_blob(o->image, o->image_len),
                         bl_v_text(o->image_type),  bl_v_int(o->created_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ORG_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "organisation slug \"%s\" is taken", o->slug);
    o->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_org_update(struct bl_tx *tx, const struct bl_org *o, struct bl_errinfo *ei)
{
    struct bl_val q[] = {bl_v_text(o->slug), bl_v_int(o->id)};
    struct bl_val p[] = {bl_v_int(o->id),
                         bl_v_text(o->slug),
                         bl_v_text(o->name),
                         bl_v_text(o->url),
                         bl_v_text(o->email),
                         bl_v_text(o->description),
                         bl_v_blob(o->image, o->image_len),
                         bl_v_text(o->image_type)};
    struct bl_rows r;
    /* Checked first so the transaction stays usable (see the file comment). */
    enum bl_err rc = bl_store__exec(tx, SQL_ORG_SLUG_TAKEN, q, BL_NPARAMS(q), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows > 0)
        return bl_fail(ei, BL_EEXISTS, "organisation slug \"%s\" is taken", o->slug);
    rc = bl_store__exec(tx, SQL_ORG_UPDATE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no organisation %lld", (long long)o->id);
    return rc;
}

enum bl_err bl_store_org_get(struct bl_tx *tx, int64_t id, struct bl_org *out,
                             struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ORG_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no organisation %lld", (long long)id);
    org_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_org_by_slug(struct bl_tx *tx, const char *slug, struct bl_org *out,
                                 struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(slug)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ORG_BY_SLUG, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no organisation \"%s\"", slug ? slug : "");
    org_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_org_list(struct bl_tx *tx, struct bl_org **rows, size_t *n,
                              struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_ORG_LIST, NULL, 0, &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        org_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_key_insert(struct bl_tx *tx, struct bl_orgkey *k, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(k->org_id),      bl_v_text(k->kid),    bl_v_text(k->alg),
                         bl_v_text(k->public_jwk), bl_v_text(k->sealed), bl_v_int(k->created_at),
                         bl_v_int(k->retired_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_KEY_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_EEXISTS, "key id \"%s\" is taken", k->kid);
    k->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

enum bl_err bl_store_key_retire(struct bl_tx *tx, int64_t org_id, const char *alg, int64_t at,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_text(alg), bl_v_int(at)};
    return bl_store__exec(tx, SQL_KEY_RETIRE, p, BL_NPARAMS(p), NULL, ei);
}

enum bl_err bl_store_key_list(struct bl_tx *tx, int64_t org_id, struct bl_orgkey **rows, size_t *n,
                              struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_KEY_LIST, p, 1, &r, ei);

    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        key_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_key_active(struct bl_tx *tx, int64_t org_id, const char *alg,
                                struct bl_orgkey *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_text(alg)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_KEY_ACTIVE, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no active %s key for organisation %lld", alg ? alg : "",
                       (long long)org_id);
    key_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_key_by_kid(struct bl_tx *tx, const char *kid, struct bl_orgkey *out,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(kid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_KEY_BY_KID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no key \"%s\"", kid ? kid : "");
    key_row(&r, 0, out);
    return BL_OK;
}
