/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_outbox.c: the mail outbox (table outbox, migration 005).  Messages are
 * queued inside the transaction that causes them and claimed in batches by
 * senders; next_attempt_at is both the retry time and the claim's lease.
 */
#include <string.h>

#include "store/backend.h"

#define OUTBOX_COLS                                                                                \
    "id, org_id, award_id, to_addr, subject, body_text, body_html, created_at, attempts,"          \
    " next_attempt_at, sent_at, last_error, expires_at"

static const char SQL_OUTBOX_INSERT[] =
    "INSERT INTO outbox (org_id, award_id, to_addr, subject, body_text, body_html, created_at,"
    " attempts, next_attempt_at, sent_at, expires_at)"
    " VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, 0, $8, 0, $9)"
    " RETURNING id";
/* The subquery picks the batch; the outer UPDATE leases it in the same statement. */
static const char SQL_OUTBOX_CLAIM[] =
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2"
    " WHERE id IN (SELECT id FROM outbox WHERE sent_at = 0 AND next_attempt_at >= 0"
    " AND channel = $4" /* "email" for the mailer, "sms" for a gateway (app/sms.h) */
    " AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $3)"
    " RETURNING " OUTBOX_COLS;
static const char SQL_OUTBOX_SENT[] =
    "UPDATE outbox SET sent_at = $2, last_error = NULL WHERE id = $1 AND sent_at = 0";
static const char SQL_OUTBOX_FAILED[] =
    "UPDATE outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND sent_at = 0";
static const char SQL_OUTBOX_GET[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = $1";
static const char SQL_OUTBOX_BY_AWARD[] =
    "SELECT " OUTBOX_COLS " FROM outbox WHERE award_id = $1 ORDER BY id";

static void outbox_row(const struct bl_rows *r, size_t i, struct bl_outbox *m)
{
    memset(m, 0, sizeof *m);
    m->id = bl_cell_int(r, i, 0);
    m->org_id = bl_cell_int(r, i, 1);
    m->award_id = bl_cell_int(r, i, 2);
    m->to_addr = bl_cell_text(r, i, 3);
    m->subject = bl_cell_text(r, i, 4);
    m->body_text = bl_cell_text(r, i, 5);
    m->body_html = bl_cell_text(r, i, 6);
    m->created_at = bl_cell_int(r, i, 7);
    m->attempts = bl_cell_int(r, i, 8);
    m->next_attempt_at = bl_cell_int(r, i, 9);
    m->sent_at = bl_cell_int(r, i, 10);
    m->last_error = bl_cell_text(r, i, 11);
    m->expires_at = bl_cell_int(r, i, 12);
}

static void fill_list(struct bl_tx *tx, const struct bl_rows *r, struct bl_outbox **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    if (r->nrows == 0)
        return;
    *rows = bl_arena_alloc(bl_tx_arena(tx), r->nrows * sizeof **rows);
    for (size_t i = 0; i < r->nrows; i++)
        outbox_row(r, i, &(*rows)[i]);
    *n = r->nrows;
}

enum bl_err bl_store_outbox_enqueue(struct bl_tx *tx, struct bl_outbox *m, struct bl_errinfo *ei)
{
    struct bl_val p[] = {
        bl_v_int(m->org_id),     bl_v_int(m->award_id),        bl_v_text(m->to_addr),
        bl_v_text(m->subject),   bl_v_text(m->body_text),      bl_v_text(m->body_html),
        bl_v_int(m->created_at), bl_v_int(m->next_attempt_at), bl_v_int(m->expires_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    m->id = bl_cell_int(&r, 0, 0);
    m->attempts = 0;
    m->sent_at = 0;
    return BL_OK;
}

enum bl_err bl_store_outbox_claim(struct bl_tx *tx, int64_t now, int64_t lease_until, size_t max,
                                  struct bl_outbox **rows, size_t *n, struct bl_errinfo *ei)
{
    return bl_store_outbox_claim_channel(tx, "email", now, lease_until, max, rows, n, ei);
}

enum bl_err bl_store_outbox_claim_channel(struct bl_tx *tx, const char *channel, int64_t now,
                                          int64_t lease_until, size_t max, struct bl_outbox **rows,
                                          size_t *n, struct bl_errinfo *ei)
{
    if (max == 0 || max > BL_OUTBOX_CLAIM_MAX)
        max = BL_OUTBOX_CLAIM_MAX;
    struct bl_val p[] = {bl_v_int(now), bl_v_int(lease_until), bl_v_int((int64_t)max),
                         bl_v_text(channel)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_CLAIM, p, BL_NPARAMS(p), &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc == BL_OK)
        fill_list(tx, &r, rows, n);
    return rc;
}

enum bl_err bl_store_outbox_sent(struct bl_tx *tx, int64_t id, int64_t at, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_SENT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no unsent message %lld in the outbox", (long long)id);
    return rc;
}

enum bl_err bl_store_outbox_failed(struct bl_tx *tx, int64_t id, int64_t retry_at,
                                   const char *error, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id), bl_v_int(retry_at), bl_v_text(error)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_FAILED, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no unsent message %lld in the outbox", (long long)id);
    return rc;
}

enum bl_err bl_store_outbox_get(struct bl_tx *tx, int64_t id, struct bl_outbox *out,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_GET, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no message %lld in the outbox", (long long)id);
    outbox_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_outbox_by_award(struct bl_tx *tx, int64_t award_id, struct bl_outbox **rows,
                                     size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(award_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_OUTBOX_BY_AWARD, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc == BL_OK)
        fill_list(tx, &r, rows, n);
    return rc;
}
