/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * store.c: what both backends share: opening by URL, the connection pool,
 * bl_store_run (the one place where transactions are retried), migrations
 * and the small helpers the typed queries are written with.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "core/utf8.h"
#include "store/backend.h"
#include "store/migrations.h"

/* Longest store URL accepted. */
#define STORE_URL_MAX 4096u
/* First pause after a conflict; doubled at each attempt (1, 2, 4 ... 128 ms, then 128 ms). */
#define RETRY_PAUSE_NS    1000000L
#define RETRY_DOUBLES_MAX 7u

struct slot {
    void *conn; /* NULL until first used */
    int busy;
};

struct bl_store {
    const struct bl_store_ops *ops;
    char *target;
    unsigned nslots;
    struct slot *slots;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_uint_fast64_t transactions, retries, pool_waits;
    atomic_uint seed;
};

struct bl_tx {
    struct bl_store *s;
    void *conn;
    struct bl_arena *arena;
    struct bl_arena own;
};

static enum bl_err take_slot(struct bl_store *s, unsigned *out, struct bl_errinfo *ei);
static void give_slot(struct bl_store *s, unsigned i);
static void pause_before(struct bl_store *s, unsigned attempt);
static enum bl_err ensure_migrations_table(struct bl_store *s, struct bl_errinfo *ei);

static const char SQL_MIGRATIONS_TABLE[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                           " number BIGINT PRIMARY KEY,"
                                           " name TEXT NOT NULL,"
                                           " applied_at BIGINT NOT NULL)";
static const char SQL_MIGRATION_APPLIED[] =
    "SELECT number FROM schema_migrations WHERE number = $1";
static const char SQL_MIGRATION_RECORD[] =
    "INSERT INTO schema_migrations (number, name, applied_at) VALUES ($1, $2, $3)";
static const char SQL_VERSION[] = "SELECT COALESCE(MAX(number), 0) FROM schema_migrations";

enum bl_err bl_store_open(const char *url, unsigned pool, int migrate, struct bl_store **out,
                          struct bl_errinfo *ei)
{
    enum bl_err rc = BL_OK;
    struct bl_store *s = NULL;
    const struct bl_store_ops *ops = NULL;
    const char *target = NULL;
    unsigned applied = 0, i;

    *out = NULL;
    if (!url || strlen(url) > STORE_URL_MAX)
        return bl_fail(ei, BL_EINVAL, "store URL missing or longer than %u bytes", STORE_URL_MAX);
    if (strncmp(url, "sqlite:", 7) == 0) {
        ops = &bl_store_sqlite_ops;
        target = url + 7;
    } else if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
        ops = &bl_store_postgres_ops;
        target = url;
    } else {
        return bl_fail(ei, BL_EINVAL,
                       "store URL must start with sqlite: or postgresql:// (got \"%.40s\")", url);
    }
    if (!*target)
        return bl_fail(ei, BL_EINVAL, "store URL %s has no path", url);
    if (pool == 0)
        pool = 1;
    if (pool > BL_STORE_POOL_MAX)
        return bl_fail(ei, BL_EINVAL, "store pool of %u connections, at most %u", pool,
                       BL_STORE_POOL_MAX);

    s = bl_calloc(1, sizeof *s);
    s->ops = ops;
    s->target = bl_strdup(target);
    s->nslots = pool;
    s->slots = bl_calloc(pool, sizeof *s->slots);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    atomic_init(&s->seed, (unsigned)time(NULL) ^ (unsigned)(uintptr_t)s);
    /* The first connection now, so a bad URL or file fails at open. */
    rc = ops->connect(s->target, &s->slots[0].conn, ei);
    if (rc != BL_OK)
        goto out;
    if (migrate)
        rc = bl_store_migrate(s, &applied, ei);
out:
    if (rc != BL_OK) {
        for (i = 0; s && i < s->nslots; i++)
            if (s->slots[i].conn)
                ops->disconnect(s->slots[i].conn);
        if (s) {
            s->nslots = 0;
            bl_store_close(s);
        }
        return rc;
    }
    *out = s;
    return BL_OK;
}

void bl_store_close(struct bl_store *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->nslots; i++)
        if (s->slots[i].conn)
            s->ops->disconnect(s->slots[i].conn);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    bl_free(s->slots);
    bl_free(s->target);
    bl_free(s);
}

const char *bl_store_backend(const struct bl_store *s)
{
    return s->ops->name;
}

void bl_store_stats(const struct bl_store *s, struct bl_store_stats *out)
{
    out->transactions = atomic_load(&s->transactions);
    out->retries = atomic_load(&s->retries);
    out->pool_waits = atomic_load(&s->pool_waits);
}

enum bl_err bl_store_run(struct bl_store *s, enum bl_tx_mode mode, bl_store_fn fn, void *ctx,
                         struct bl_errinfo *ei)
{
    enum bl_err rc = BL_OK;

    for (unsigned attempt = 1; attempt <= BL_STORE_ATTEMPTS; attempt++) {
        struct bl_tx tx = {.s = s};
        unsigned slot;

        bl_errinfo_clear(ei);
        rc = take_slot(s, &slot, ei);
        if (rc != BL_OK)
            break;
        tx.conn = s->slots[slot].conn;
        bl_arena_init(&tx.own);
        tx.arena = &tx.own;
        rc = s->ops->begin(tx.conn, mode, ei);
        if (rc == BL_OK) {
            rc = fn(&tx, ctx, ei);
            if (rc == BL_OK)
                rc = s->ops->commit(tx.conn, ei);
            /* A failed COMMIT may leave the transaction open (SQLITE_BUSY). */
            if (rc != BL_OK)
                s->ops->rollback(tx.conn);
        }
        bl_arena_free(&tx.own);
        give_slot(s, slot);
        if (rc != BL_ERETRY || attempt == BL_STORE_ATTEMPTS)
            break;
        atomic_fetch_add(&s->retries, 1);
        pause_before(s, attempt);
    }
    atomic_fetch_add(&s->transactions, 1);
    return rc;
}

struct bl_arena *bl_tx_arena(struct bl_tx *tx)
{
    return tx->arena;
}

void bl_tx_set_arena(struct bl_tx *tx, struct bl_arena *a)
{
    tx->arena = a ? a : &tx->own;
}

/* ---- migrations ------------------------------------------------------------ */

struct mig_ctx {
    const struct bl_migration *m;
    int applied;
    int version;
};

static enum bl_err apply_one(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct mig_ctx *c = arg;
    struct bl_rows r;
    struct bl_val key[] = {bl_v_int(c->m->number)};
    enum bl_err rc = bl_store__exec(tx, SQL_MIGRATION_APPLIED, key, 1, &r, ei);

    c->applied = 0;
    if (rc != BL_OK || r.nrows > 0)
        return rc;
    rc = tx->s->ops->script(tx->conn, c->m->sql, ei);
    if (rc != BL_OK)
        return rc;
    struct bl_val rec[] = {bl_v_int(c->m->number), bl_v_text(c->m->name),
                           bl_v_int((int64_t)time(NULL))};
    rc = bl_store__exec(tx, SQL_MIGRATION_RECORD, rec, BL_NPARAMS(rec), NULL, ei);
    if (rc == BL_OK)
        c->applied = 1;
    return rc;
}

enum bl_err bl_store_migrate(struct bl_store *s, unsigned *applied, struct bl_errinfo *ei)
{
    enum bl_err rc = ensure_migrations_table(s, ei);
    int last = 0;

    *applied = 0;
    /* In number order, whatever the order of the generated table. */
    while (rc == BL_OK) {
        const struct bl_migration *next = NULL;
        for (size_t i = 0; i < bl_migrations_count; i++) {
            const struct bl_migration *m = &bl_migrations[i];
            if (strcmp(m->backend, s->ops->name) == 0 && m->number > last &&
                (!next || m->number < next->number))
                next = m;
        }
        if (!next)
            break;
        struct mig_ctx c = {.m = next};
        rc = bl_store_run(s, BL_TX_WRITE, apply_one, &c, ei);
        if (rc != BL_OK) {
            struct bl_errinfo sub = ei ? *ei : (struct bl_errinfo){0};
            rc = bl_fail(ei, rc, "migration %03d_%s: %s", next->number, next->name, sub.msg);
            break;
        }
        *applied += (unsigned)c.applied;
        last = next->number;
    }
    return rc;
}

static enum bl_err read_version(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct mig_ctx *c = arg;
    struct bl_rows r;
    enum bl_err rc = bl_store__exec(tx, SQL_VERSION, NULL, 0, &r, ei);
    if (rc == BL_OK)
        c->version = r.nrows ? (int)bl_cell_int(&r, 0, 0) : 0;
    return rc;
}

enum bl_err bl_store_version(struct bl_store *s, int *current, int *latest, struct bl_errinfo *ei)
{
    struct mig_ctx c = {0};
    enum bl_err rc = ensure_migrations_table(s, ei);

    *current = 0;
    *latest = 0;
    for (size_t i = 0; i < bl_migrations_count; i++)
        if (strcmp(bl_migrations[i].backend, s->ops->name) == 0 &&
            bl_migrations[i].number > *latest)
            *latest = bl_migrations[i].number;
    if (rc == BL_OK)
        rc = bl_store_run(s, BL_TX_READ, read_version, &c, ei);
    if (rc == BL_OK)
        *current = c.version;
    return rc;
}

static enum bl_err create_table(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    (void)arg;
    return tx->s->ops->script(tx->conn, SQL_MIGRATIONS_TABLE, ei);
}

static enum bl_err ensure_migrations_table(struct bl_store *s, struct bl_errinfo *ei)
{
    return bl_store_run(s, BL_TX_WRITE, create_table, NULL, ei);
}

/* ---- helpers for q_*.c -------------------------------------------------------- */

struct bl_val bl_v_int(int64_t i)
{
    return (struct bl_val){.type = BL_V_INT, .i = i};
}

struct bl_val bl_v_text(const char *s)
{
    if (!s)
        return (struct bl_val){.type = BL_V_NULL};
    return (struct bl_val){.type = BL_V_TEXT, .p = s, .n = strlen(s)};
}

struct bl_val bl_v_blob(const void *p, size_t n)
{
    if (!p)
        return (struct bl_val){.type = BL_V_NULL};
    return (struct bl_val){.type = BL_V_BLOB, .p = p, .n = n};
}

enum bl_err bl_store__exec(struct bl_tx *tx, const char *sql, const struct bl_val *params,
                           size_t nparams, struct bl_rows *rows, struct bl_errinfo *ei)
{
    struct bl_rows ignored;

    if (nparams > BL_STORE_PARAMS_MAX)
        return bl_fail(ei, BL_EINVAL, "statement with %zu parameters, at most %u", nparams,
                       BL_STORE_PARAMS_MAX);
    for (size_t i = 0; i < nparams; i++) {
        const struct bl_val *v = &params[i];
        if (v->type != BL_V_TEXT && v->type != BL_V_BLOB)
            continue;
        if (v->n > BL_STORE_VALUE_MAX)
            return bl_fail(ei, BL_ETOOBIG, "parameter $%zu is %zu bytes, at most %u", i + 1, v->n,
                           BL_STORE_VALUE_MAX);
        /* Both backends then store the same text: PostgreSQL would refuse it. */
        if (v->type == BL_V_TEXT && bl_utf8_check(v->p, v->n) != v->n)
            return bl_fail(ei, BL_EUTF8, "parameter $%zu is not UTF-8 text", i + 1);
    }
    return tx->s->ops->exec(tx->conn, sql, params, nparams, tx->arena, rows ? rows : &ignored, ei);
}

static const struct bl_val *cell(const struct bl_rows *r, size_t row, size_t col)
{
    if (row >= r->nrows || col >= r->ncols)
        return NULL;
    return &r->cells[row * r->ncols + col];
}

int64_t bl_cell_int(const struct bl_rows *r, size_t row, size_t col)
{
    const struct bl_val *v = cell(r, row, col);
    return v && v->type == BL_V_INT ? v->i : 0;
}

const char *bl_cell_text(const struct bl_rows *r, size_t row, size_t col)
{
    const struct bl_val *v = cell(r, row, col);
    return v && v->type == BL_V_TEXT ? v->p : NULL;
}

const unsigned char *bl_cell_blob(const struct bl_rows *r, size_t row, size_t col, size_t *n)
{
    const struct bl_val *v = cell(r, row, col);
    *n = 0;
    if (!v || v->type != BL_V_BLOB)
        return NULL;
    *n = v->n;
    return v->p;
}

size_t bl_store__page(size_t limit)
{
    return limit == 0 || limit > BL_STORE_PAGE_MAX ? BL_STORE_PAGE_MAX : limit;
}

/* ---- pool ------------------------------------------------------------------ */

/* Take a free slot (waiting when all are busy) and make sure it is connected. */
static enum bl_err take_slot(struct bl_store *s, unsigned *out, struct bl_errinfo *ei)
{
    enum bl_err rc = BL_OK;
    unsigned i;
    int waited = 0;

    pthread_mutex_lock(&s->mu);
    for (;;) {
        for (i = 0; i < s->nslots && s->slots[i].busy; i++)
            ;
        if (i < s->nslots)
            break;
        waited = 1;
        pthread_cond_wait(&s->cv, &s->mu);
    }
    s->slots[i].busy = 1;
    pthread_mutex_unlock(&s->mu);
    if (waited)
        atomic_fetch_add(&s->pool_waits, 1);
    /* Connecting happens outside the lock: the slot is ours. */
    if (!s->slots[i].conn)
        rc = s->ops->connect(s->target, &s->slots[i].conn, ei);
    if (rc != BL_OK) {
        give_slot(s, i);
        return rc;
    }
    *out = i;
    return BL_OK;
}

static void give_slot(struct bl_store *s, unsigned i)
{
    pthread_mutex_lock(&s->mu);
    s->slots[i].busy = 0;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/*
 * Sleep between half and all of 1 ms << (attempt - 1): growing so a busy
 * database gets air, randomised so two losers do not collide again.
 */
static void pause_before(struct bl_store *s, unsigned attempt)
{
    long full =
        RETRY_PAUSE_NS << (attempt - 1 < RETRY_DOUBLES_MAX ? attempt - 1 : RETRY_DOUBLES_MAX);
    unsigned x = atomic_fetch_add(&s->seed, 0x9e3779b9u) * 2654435761u;
    long ns = full / 2 + (long)(x % (unsigned long)(full / 2 + 1));
    struct timespec ts = {.tv_sec = ns / 1000000000L, .tv_nsec = ns % 1000000000L};
    nanosleep(&ts, NULL);
}
