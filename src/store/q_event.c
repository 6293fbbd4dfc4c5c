/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_event.c: events, their stand badges and their claims (q_event.h,
 * migration 009).  Capacity is checked by counting in the same write
 * transaction as the insert: SQLite takes the write lock up front and
 * PostgreSQL runs it serializable, so two claims cannot both take the last
 * place.
 */
#include <string.h>

#include "store/backend.h"
#include "store/q_event.h"

#define EVENT_COLS                                                                                 \
    "e.id, e.uid, e.org_id, e.name, e.place, e.starts_at, e.ends_at, e.claim_from,"                \
    " e.claim_until, e.capacity, e.pin, e.approval, e.rotate_s, e.participation_badge_id,"         \
    " e.created_at, e.updated_at, b.uid, b.name"
#define EVENT_FROM " FROM events e JOIN badge_classes b ON b.id = e.participation_badge_id"
#define CLAIM_COLS                                                                                 \
    "c.id, c.event_id, c.holder_id, c.first_name, c.email, c.phone, c.code, c.status,"             \
    " COALESCE(c.award_id, 0), c.claimed_at, c.decided_at, a.uid, h.uid"
#define CLAIM_FROM                                                                                 \
    " FROM event_claims c LEFT JOIN awards a ON a.id = c.award_id"                                 \
    " LEFT JOIN holders h ON h.id = c.holder_id"

static const char SQL_EVENT_INSERT[] =
    "INSERT INTO events (uid, org_id, name, place, starts_at, ends_at, claim_from, claim_until,"
    " capacity, pin, approval, rotate_s, participation_badge_id, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
static const char SQL_EVENT_UPDATE[] =
    "UPDATE events SET name = $2, place = $3, starts_at = $4, ends_at = $5, claim_from = $6,"
    " claim_until = $7, capacity = $8, pin = $9, approval = $10, rotate_s = $11,"
    " participation_badge_id = $12, updated_at = $13 WHERE id = $1";
static const char SQL_EVENT_BY_UID[] = "SELECT " EVENT_COLS EVENT_FROM " WHERE e.uid = $1";
static const char SQL_EVENT_LIST[] =
    "SELECT " EVENT_COLS EVENT_FROM " WHERE e.org_id = $1 ORDER BY e.starts_at DESC, e.id DESC"
    " LIMIT 500";
static const char SQL_STANDS_CLEAR[] = "DELETE FROM event_badges WHERE event_id = $1";
static const char SQL_STAND_ADD[] = "INSERT INTO event_badges (event_id, badgeclass_id)"
                                    " VALUES ($1, $2) ON CONFLICT DO NOTHING";
static const char SQL_STANDS[] =
    "SELECT b.id, b.uid, b.name FROM event_badges eb JOIN badge_classes b"
    " ON b.id = eb.badgeclass_id WHERE eb.event_id = $1 AND b.id <> $2 ORDER BY b.name, b.id";
static const char SQL_CLAIM_TAKEN[] =
    "SELECT id FROM event_claims WHERE event_id = $1 AND (holder_id = $2 OR code = $3)";
static const char SQL_CLAIM_COUNT[] = "SELECT COUNT(*) FROM event_claims WHERE event_id = $1";
static const char SQL_CLAIM_INSERT[] =
    "INSERT INTO event_claims (event_id, holder_id, first_name, email, phone, code, status,"
    " claimed_at, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    " ON CONFLICT DO NOTHING RETURNING id";
static const char SQL_CLAIM_BY_HOLDER[] =
    "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.event_id = $1 AND c.holder_id = $2";
static const char SQL_CLAIM_BY_EMAIL[] =
    "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.event_id = $1 AND c.email = $2 ORDER BY c.id LIMIT 1";
static const char SQL_CLAIM_BY_PHONE[] =
    "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.event_id = $1 AND c.phone = $2 ORDER BY c.id LIMIT 1";
static const char SQL_CLAIM_BY_CODE[] =
    "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.event_id = $1 AND c.code = $2";
static const char SQL_CLAIM_DECIDE[] =
    "UPDATE event_claims SET status = $2, award_id = CASE WHEN $3 > 0 THEN $3 ELSE award_id END,"
    " decided_at = $4 WHERE id = $1";
static const char SQL_CLAIM_LIST_ALL[] =
    "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.event_id = $1 ORDER BY c.claimed_at, c.id LIMIT 5000";
static const char SQL_CLAIM_LIST[] =
    "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.event_id = $1 AND c.status = $2"
    " ORDER BY c.claimed_at, c.id LIMIT 5000";
static const char SQL_CLAIM_COUNTS[] =
    "SELECT status, COUNT(*) FROM event_claims WHERE event_id = $1 GROUP BY status";
static const char SQL_STAND_AWARDS[] =
    "SELECT COUNT(*) FROM awards WHERE org_id = $1 AND idem_key IS NOT NULL"
    " AND substr(idem_key, 1, length($2)) = $2";
static const char SQL_CLAIM_PER_HOUR[] =
    "SELECT (claimed_at - $2) / 3600, COUNT(*) FROM event_claims"
    " WHERE event_id = $1 AND claimed_at >= $2 AND claimed_at < $3"
    " GROUP BY (claimed_at - $2) / 3600";

static void event_row(const struct bl_rows *r, size_t i, struct bl_event *e)
{
    memset(e, 0, sizeof *e);
    e->id = bl_cell_int(r, i, 0);
    e->uid = bl_cell_text(r, i, 1);
    e->org_id = bl_cell_int(r, i, 2);
    e->name = bl_cell_text(r, i, 3);
    e->place = bl_cell_text(r, i, 4);
    e->starts_at = bl_cell_int(r, i, 5);
    e->ends_at = bl_cell_int(r, i, 6);
    e->claim_from = bl_cell_int(r, i, 7);
    e->claim_until = bl_cell_int(r, i, 8);
    e->capacity = bl_cell_int(r, i, 9);
    e->pin = bl_cell_text(r, i, 10);
    e->approval = (int)bl_cell_int(r, i, 11);
    e->rotate_s = bl_cell_int(r, i, 12);
    e->participation_badge_id = bl_cell_int(r, i, 13);
    e->created_at = bl_cell_int(r, i, 14);
    e->updated_at = bl_cell_int(r, i, 15);
    e->participation_badge_uid = bl_cell_text(r, i, 16);
    e->participation_badge_name = bl_cell_text(r, i, 17);
}

static void claim_row(const struct bl_rows *r, size_t i, struct bl_event_claim *c)
{
    memset(c, 0, sizeof *c);
    c->id = bl_cell_int(r, i, 0);
    c->event_id = bl_cell_int(r, i, 1);
    c->holder_id = bl_cell_int(r, i, 2);
    c->first_name = bl_cell_text(r, i, 3);
    c->email = bl_cell_text(r, i, 4);
    c->phone = bl_cell_text(r, i, 5);
    c->code = bl_cell_text(r, i, 6);
    c->status = (int)bl_cell_int(r, i, 7);
    c->award_id = bl_cell_int(r, i, 8);
    c->claimed_at = bl_cell_int(r, i, 9);
    c->decided_at = bl_cell_int(r, i, 10);
    c->award_uid = bl_cell_text(r, i, 11);
    c->holder_uid = bl_cell_text(r, i, 12);
}

enum bl_err bl_store_event_insert(struct bl_tx *tx, struct bl_event *ev, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(ev->uid),
                         bl_v_int(ev->org_id),
                         bl_v_text(ev->name),
                         bl_v_text(ev->place),
                         bl_v_int(ev->starts_at),
                         bl_v_int(ev->ends_at),
                         bl_v_int(ev->claim_from),
                         bl_v_int(ev->claim_until),
                         bl_v_int(ev->capacity),
                         bl_v_text(ev->pin),
                         bl_v_int(ev->approval),
                         bl_v_int(ev->rotate_s),
                         bl_v_int(ev->participation_badge_id),
                         bl_v_int(ev->created_at),
                         bl_v_int(ev->updated_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_EVENT_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.nrows == 1)
        ev->id = bl_cell_int(&r, 0, 0);
    return rc;
}

enum bl_err bl_store_event_update(struct bl_tx *tx, const struct bl_event *ev,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {
        bl_v_int(ev->id),          bl_v_text(ev->name),    bl_v_text(ev->place),
        bl_v_int(ev->starts_at),   bl_v_int(ev->ends_at),  bl_v_int(ev->claim_from),
        bl_v_int(ev->claim_until), bl_v_int(ev->capacity), bl_v_text(ev->pin),
        bl_v_int(ev->approval),    bl_v_int(ev->rotate_s), bl_v_int(ev->participation_badge_id),
        bl_v_int(ev->updated_at)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_EVENT_UPDATE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no event %lld", (long long)ev->id);
    return rc;
}

enum bl_err bl_store_event_by_uid(struct bl_tx *tx, const char *uid, struct bl_event *out,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_text(uid)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_EVENT_BY_UID, p, 1, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ENOTFOUND, "no event %.40s", uid);
    event_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_event_list(struct bl_tx *tx, int64_t org_id, struct bl_event **rows, size_t *n,
                                struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(org_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_EVENT_LIST, p, 1, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        event_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_event_stands_set(struct bl_tx *tx, int64_t event_id, const int64_t *ids,
                                      size_t n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(event_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_STANDS_CLEAR, p, 1, &r, ei);
    for (size_t i = 0; rc == BL_OK && i < n; i++) {
        struct bl_val q[] = {bl_v_int(event_id), bl_v_int(ids[i])};
        rc = bl_store__exec(tx, SQL_STAND_ADD, q, BL_NPARAMS(q), &r, ei);
    }
    return rc;
}

enum bl_err bl_store_event_badges(struct bl_tx *tx, const struct bl_event *ev,
                                  struct bl_event_badge **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(ev->id), bl_v_int(ev->participation_badge_id)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_STANDS, p, BL_NPARAMS(p), &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), (r.nrows + 1) * sizeof **rows);
    (*rows)[0] = (struct bl_event_badge){ev->participation_badge_id, ev->participation_badge_uid,
                                         ev->participation_badge_name, 1};
    for (size_t i = 0; i < r.nrows; i++)
        (*rows)[i + 1] = (struct bl_event_badge){bl_cell_int(&r, i, 0), bl_cell_text(&r, i, 1),
                                                 bl_cell_text(&r, i, 2), 0};
    *n = r.nrows + 1;
    return BL_OK;
}

enum bl_err bl_store_claim_insert(struct bl_tx *tx, struct bl_event_claim *c, int64_t capacity,
                                  struct bl_errinfo *ei)
{
    struct bl_val t[] = {bl_v_int(c->event_id), bl_v_int(c->holder_id), bl_v_text(c->code)};
    struct bl_rows r;
    /* Checked rather than left to the unique index, so the transaction stays usable. */
    enum bl_err rc = bl_store__exec(tx, SQL_CLAIM_TAKEN, t, BL_NPARAMS(t), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows > 0)
        return bl_fail(ei, BL_EEXISTS, "the holder or the code has a claim on this event");
    if (capacity > 0) {
        rc = bl_store__exec(tx, SQL_CLAIM_COUNT, t, 1, &r, ei);
        if (rc != BL_OK)
            return rc;
        if (bl_cell_int(&r, 0, 0) >= capacity)
            return bl_fail(ei, BL_ELIMIT, "the event is full (%lld places)", (long long)capacity);
    }
    struct bl_val p[] = {bl_v_int(c->event_id), bl_v_int(c->holder_id),  bl_v_text(c->first_name),
                         bl_v_text(c->email),   bl_v_text(c->phone),     bl_v_text(c->code),
                         bl_v_int(c->status),   bl_v_int(c->claimed_at), bl_v_int(c->decided_at)};
    rc = bl_store__exec(tx, SQL_CLAIM_INSERT, p, BL_NPARAMS(p), &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return bl_fail(ei, BL_ERETRY, "claim inserted concurrently");
    c->id = bl_cell_int(&r, 0, 0);
    return BL_OK;
}

static enum bl_err claim_one(struct bl_tx *tx, const char *sql, struct bl_val *p, size_t np,
                             struct bl_event_claim *out, struct bl_errinfo *ei)
{
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, sql, p, np, &r, ei);
    if (rc != BL_OK)
        return rc;
    if (r.nrows == 0)
        return BL_ENOTFOUND;
    claim_row(&r, 0, out);
    return BL_OK;
}

enum bl_err bl_store_claim_find(struct bl_tx *tx, int64_t event_id, int64_t holder_id,
                                const char *email, const char *phone, struct bl_event_claim *out,
                                struct bl_errinfo *ei)
{
    enum bl_err rc = BL_ENOTFOUND;
    if (holder_id > 0) {
        struct bl_val p[] = {bl_v_int(event_id), bl_v_int(holder_id)};
        rc = claim_one(tx, SQL_CLAIM_BY_HOLDER, p, BL_NPARAMS(p), out, ei);
    }
    if (rc == BL_ENOTFOUND && email) {
        struct bl_val p[] = {bl_v_int(event_id), bl_v_text(email)};
        rc = claim_one(tx, SQL_CLAIM_BY_EMAIL, p, BL_NPARAMS(p), out, ei);
    }
    if (rc == BL_ENOTFOUND && phone) {
        struct bl_val p[] = {bl_v_int(event_id), bl_v_text(phone)};
        rc = claim_one(tx, SQL_CLAIM_BY_PHONE, p, BL_NPARAMS(p), out, ei);
    }
    if (rc == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no claim on this event");
    return rc;
}

enum bl_err bl_store_claim_by_code(struct bl_tx *tx, int64_t event_id, const char *code,
                                   struct bl_event_claim *out, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(event_id), bl_v_text(code)};
    enum bl_err rc = claim_one(tx, SQL_CLAIM_BY_CODE, p, BL_NPARAMS(p), out, ei);
    if (rc == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no claim with code %.12s", code);
    return rc;
}

enum bl_err bl_store_claim_decide(struct bl_tx *tx, int64_t claim_id, int status, int64_t award_id,
                                  int64_t now, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(claim_id), bl_v_int(status), bl_v_int(award_id), bl_v_int(now)};
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_CLAIM_DECIDE, p, BL_NPARAMS(p), &r, ei);
    if (rc == BL_OK && r.changes == 0)
        rc = bl_fail(ei, BL_ENOTFOUND, "no claim %lld", (long long)claim_id);
    return rc;
}

enum bl_err bl_store_claim_list(struct bl_tx *tx, int64_t event_id, int status,
                                struct bl_event_claim **rows, size_t *n, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(event_id), bl_v_int(status)};
    struct bl_rows r;
    enum bl_err rc = status < 0 ? bl_store__exec(tx, SQL_CLAIM_LIST_ALL, p, 1, &r, ei)
                                : bl_store__exec(tx, SQL_CLAIM_LIST, p, 2, &r, ei);
    *rows = NULL;
    *n = 0;
    if (rc != BL_OK || r.nrows == 0)
        return rc;
    *rows = bl_arena_zalloc(bl_tx_arena(tx), r.nrows * sizeof **rows);
    for (size_t i = 0; i < r.nrows; i++)
        claim_row(&r, i, &(*rows)[i]);
    *n = r.nrows;
    return BL_OK;
}

enum bl_err bl_store_claim_counts(struct bl_tx *tx, int64_t event_id, int64_t counts[3],
                                  int64_t org_id, const char *stand_prefix, int64_t *stand_awards,
                                  struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(event_id)};
    struct bl_val q[] = {bl_v_int(org_id), bl_v_text(stand_prefix)};
    struct bl_rows r;
    counts[0] = counts[1] = counts[2] = 0;
    enum bl_err rc = bl_store__exec(tx, SQL_CLAIM_COUNTS, p, 1, &r, ei);
    for (size_t i = 0; rc == BL_OK && i < r.nrows; i++) {
        int64_t s = bl_cell_int(&r, i, 0);
        if (s >= 0 && s < 3)
            counts[s] = bl_cell_int(&r, i, 1);
    }
    if (rc == BL_OK)
        rc = bl_store__exec(tx, SQL_STAND_AWARDS, q, BL_NPARAMS(q), &r, ei);
    *stand_awards = rc == BL_OK ? bl_cell_int(&r, 0, 0) : 0;
    return rc;
}

enum bl_err bl_store_claim_per_hour(struct bl_tx *tx, int64_t event_id, int64_t from, size_t hours,
                                    int64_t *counts, struct bl_errinfo *ei)
{
    if (hours > BL_STORE_HOURS_MAX)
        return bl_fail(ei, BL_EINVAL, "at most %u hours", BL_STORE_HOURS_MAX);
    struct bl_val p[] = {bl_v_int(event_id), bl_v_int(from),
                         bl_v_int(from + (int64_t)hours * 3600)};
    struct bl_rows r;
    memset(counts, 0, hours * sizeof *counts);
    enum bl_err rc = bl_store__exec(tx, SQL_CLAIM_PER_HOUR, p, BL_NPARAMS(p), &r, ei);
    for (size_t i = 0; rc == BL_OK && i < r.nrows; i++) {
        int64_t h = bl_cell_int(&r, i, 0);
        if (h >= 0 && (size_t)h < hours)
            counts[h] = bl_cell_int(&r, i, 1);
    }
    return rc;
}
