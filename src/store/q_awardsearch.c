/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_awardsearch.c: the award lists of the issuer space (search, filters,
 * paging) and the dashboard's counts.  Portable SQL: the week of an award is
 * integer arithmetic on unix seconds, no date function of either backend.
 */
#include <string.h>

#include "store/backend.h"

#define WEEK_S 604800

/* $1 org, $2 badge class (0: all), $3 LIKE pattern ('' : none), $4 state, $5 now. */
#define FILTER                                                                                     \
    " FROM awards a JOIN badge_classes b ON b.id = a.badgeclass_id"                                \
    " WHERE a.org_id = $1 AND ($2 = 0 OR a.badgeclass_id = $2)"                                    \
    " AND ($3 = '' OR lower(COALESCE(a.recipient_name, '')) LIKE $3 ESCAPE '\\'"                   \
    " OR lower(COALESCE(a.recipient_email, '')) LIKE $3 ESCAPE '\\')"                              \
    " AND ($4 = 0"                                                                                 \
    " OR ($4 = 1 AND a.revoked_at = 0 AND (a.expires_at = 0 OR a.expires_at > $5))"                \
    " OR ($4 = 2 AND a.revoked_at <> 0)"                                                           \
    " OR ($4 = 3 AND a.revoked_at = 0 AND a.expires_at <> 0 AND a.expires_at <= $5))"

static const char SQL_SEARCH[] =
    "SELECT a.id, a.uid, a.badgeclass_id, b.uid, b.name, a.recipient_name, a.recipient_email,"
    " a.recipient_phone, a.issued_at, a.expires_at, a.revoked_at, a.revocation_reason" FILTER
    " ORDER BY a.issued_at DESC, a.id DESC LIMIT $6 OFFSET $7";
static const char SQL_COUNT[] = "SELECT COUNT(*)" FILTER;
static const char SQL_PER_WEEK[] =
    "SELECT (issued_at - $2) / 604800, COUNT(*) FROM awards"
    " WHERE org_id = $1 AND issued_at >= $2 AND issued_at < $3 GROUP BY 1";
static const char SQL_PER_CLASS[] =
    "SELECT b.uid, b.name, COUNT(a.id),"
    " COALESCE(SUM(CASE WHEN a.revoked_at <> 0 THEN 1 ELSE 0 END), 0)"
    " FROM badge_classes b LEFT JOIN awards a ON a.badgeclass_id = b.id"
    " WHERE b.org_id = $1 GROUP BY b.id, b.uid, b.name ORDER BY COUNT(a.id) DESC, b.name, b.id";
static const char SQL_TOTALS[] =
    "SELECT COALESCE(SUM(CASE WHEN revoked_at = 0 AND (expires_at = 0 OR expires_at > $2)"
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN revoked_at = 0 AND expires_at <> 0 AND expires_at <= $2"
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN revoked_at <> 0 THEN 1 ELSE 0 END), 0)"
    " FROM awards WHERE org_id = $1";

/* '%term%' lower-cased (ASCII), with the LIKE wildcards of the term escaped. */
static const char *pattern(struct bl_arena *a, const char *s)
{
    if (!s || !*s)
        return "";
    size_t n = strlen(s);
    char *p = bl_arena_alloc(a, 2 * n + 3), *w = p;
    *w++ = '%';
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *w++ = '\\';
        *w++ = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
    }
    *w++ = '%';
    *w = '\0';
    return p;
}

static enum bl_err filtered(struct bl_tx *tx, const char *sql, const struct bl_award_filter *f,
                            size_t offset, size_t limit, struct bl_rows *r, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(f->org_id),
                         bl_v_int(f->badgeclass_id),
                         bl_v_text(pattern(bl_tx_arena(tx), f->search)),
                         bl_v_int((int64_t)f->state),
                         bl_v_int(f->now),
                         bl_v_int((int64_t)bl_store__page(limit)),
                         bl_v_int(offset > INT64_MAX ? INT64_MAX : (int64_t)offset)};
    /* The count takes the five filter parameters only. */
    return bl_store__exec(tx, sql, p, sql == SQL_COUNT ? 5 : BL_NPARAMS(p), r, ei);
}

enum bl_err bl_store_award_search(struct bl_tx *tx, const struct bl_award_filter *f, size_t offset,
                                  size_t limit, struct bl_award_brief **rows, size_t *n,
                                  struct bl_errinfo *ei)
{
    struct bl_rows r;
    *rows = NULL;
    *n = 0;
    enum bl_err rc = filtered(tx, SQL_SEARCH, f, offset, limit, &r, ei);
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
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

enum bl_err bl_store_award_count(struct bl_tx *tx, const struct bl_award_filter *f, int64_t *total,
                                 struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = filtered(tx, SQL_COUNT, f, 0, 0, &r, ei);
    *total = rc == BL_OK && r.nrows ? bl_cell_int(&r, 0, 0) : 0;
    return rc;
}

enum bl_err bl_store_award_per_week(struct bl_tx *tx, int64_t org_id, int64_t from, size_t weeks,
                                    int64_t *counts, struct bl_errinfo *ei)
{
    if (weeks > BL_STORE_WEEKS_MAX)
        return bl_fail(ei, BL_EINVAL, "at most %u weeks", BL_STORE_WEEKS_MAX);
    memset(counts, 0, weeks * sizeof *counts);
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(from),
                         bl_v_int(from + (int64_t)weeks * WEEK_S)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_PER_WEEK, p, BL_NPARAMS(p), &r, ei);
    for (size_t i = 0; rc == BL_OK && i < r.nrows; i++) {
        int64_t w = bl_cell_int(&r, i, 0);
        if (w >= 0 && (size_t)w < weeks)
            counts[w] = bl_cell_int(&r, i, 1);
    }
    return rc;
}

enum bl_err bl_store_award_per_class(struct bl_tx *tx, int64_t org_id,
                                     struct bl_award_per_class **rows, size_t *n,
                                     struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    *rows = NULL;
    *n = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_PER_CLASS, p, 1, &r, ei);
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++) {
        (*rows)[i].badge_uid = bl_cell_text(&r, i, 0);
        (*rows)[i].badge_name = bl_cell_text(&r, i, 1);
        (*rows)[i].awards = bl_cell_int(&r, i, 2);
        (*rows)[i].revoked = bl_cell_int(&r, i, 3);
    }
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_award_totals(struct bl_tx *tx, int64_t org_id, int64_t now,
                                  struct bl_award_totals *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id), bl_v_int(now)};
    struct bl_rows r;
    memset(out, 0, sizeof *out);
    enum bl_err rc = bl_store__exec(tx, SQL_TOTALS, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows) {
        out->valid = bl_cell_int(&r, 0, 0);
        out->expired = bl_cell_int(&r, 0, 1);
        out->revoked = bl_cell_int(&r, 0, 2);
    }
    return rc;
}
