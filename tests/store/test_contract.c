/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_contract.c: the store contract (src/store/store.h), one source run
 * against every backend.  The store URL comes from BLASON_TEST_DB
 * ("sqlite:/tmp/x/blason.db", "postgresql://postgres@127.0.0.1:5433/postgres");
 * tests/store/run.sh runs it on a fresh SQLite file and on a throw-away
 * PostgreSQL cluster.  Names carry a per-run prefix so a rerun on the same
 * database does not collide.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "store/backend.h"
#include "store/migrations.h"
#include "store/q_event.h"
#include "store/store.h"
#include "../unit/testutil.h"

#define ONE_MIB    (1024u * 1024u)
#define INCREMENTS 200

static struct bl_store *S;
static const char *URL;
static char P[32]; /* per-run prefix */

/* A name unique to this run, in a static ring of buffers. */
static char *u(const char *s)
{
    static char ring[16][128];
    static unsigned k;
    char *b = ring[k++ % 16];
    (void)snprintf(b, sizeof ring[0], "%s-%s", P, s);
    return b;
}

static int setup(void **state)
{
    struct bl_errinfo ei = {0};
    (void)state;
    URL = getenv("BLASON_TEST_DB");
    if (!URL || !*URL)
        return 0;
    (void)snprintf(P, sizeof P, "r%lld%d", (long long)time(NULL) % 100000, (int)getpid());
    if (bl_store_open(URL, 4, 1, &S, &ei) != BL_OK) {
        fprintf(stderr, "cannot open %s: %s\n", URL, ei.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bl_store_close(S);
    return 0;
}

#define NEED_DB()                                                                                  \
    do {                                                                                           \
        if (!S)                                                                                    \
            skip();                                                                                \
    } while (0)

/* Run fn in a write transaction and return its result. */
static enum bl_err run(enum bl_tx_mode mode, bl_store_fn fn, void *ctx)
{
    return bl_store_run(S, mode, fn, ctx, NULL);
}

static int64_t new_org(struct bl_tx *tx, const char *slug)
{
    struct bl_org o = {.slug = slug, .name = slug, .url = "https://example.org", .created_at = 1};
    assert_int_equal(bl_store_org_insert(tx, &o, NULL), BL_OK);
    return o.id;
}

static int64_t new_account(struct bl_tx *tx, const char *email)
{
    struct bl_account a = {.email = email, .name = "N", .created_at = 1};
    assert_int_equal(bl_store_account_insert(tx, &a, NULL), BL_OK);
    return a.id;
}

/* ---- migrations and opening ----------------------------------------------- */

static void test_migrations(void **state)
{
    struct bl_errinfo ei = {0};
    unsigned applied = 99;
    int cur = -1, latest = -1;
    (void)state;
    NEED_DB();
    assert_int_equal(bl_store_migrate(S, &applied, &ei), BL_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(bl_store_version(S, &cur, &latest, &ei), BL_OK);
    assert_true(latest >= 1);
    assert_int_equal(cur, latest);
    assert_string_equal(bl_store_backend(S),
                        strncmp(URL, "sqlite:", 7) == 0 ? "sqlite" : "postgresql");
}

static void test_open_errors(void **state)
{
    struct bl_store *s = NULL;
    struct bl_errinfo ei = {0};
    (void)state;
    assert_int_equal(bl_store_open("mysql://x", 1, 0, &s, &ei), BL_EINVAL);
    assert_null(s);
    assert_int_equal(bl_store_open("sqlite:", 1, 0, &s, &ei), BL_EINVAL);
    assert_int_equal(bl_store_open("sqlite:/tmp/x.db", 100000, 0, &s, &ei), BL_EINVAL);
    assert_int_equal(bl_store_open("postgresql://nobody@127.0.0.1:1/none", 1, 0, &s, &ei), BL_EDB);
    assert_null(s);
}

/* A new SQLite file: its folders are created and it is private (0600). */
static void test_sqlite_file(void **state)
{
    char dir[512], url[640], path[600];
    struct bl_store *s = NULL;
    struct bl_errinfo ei = {0};
    struct stat st;
    unsigned applied = 0;
    int cur = 0, latest = 0;
    (void)state;
    NEED_DB();
    if (strncmp(URL, "sqlite:", 7) != 0)
        skip();
    (void)snprintf(dir, sizeof dir, "%s.d", URL + 7);
    (void)snprintf(path, sizeof path, "%s/a/b/new.db", dir);
    (void)snprintf(url, sizeof url, "sqlite:%s", path);
    assert_int_equal(bl_store_open(url, 2, 0, &s, &ei), BL_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(bl_store_version(s, &cur, &latest, &ei), BL_OK);
    assert_int_equal(cur, 0);
    assert_int_equal(bl_store_migrate(s, &applied, &ei), BL_OK);
    /* Every SQLite migration (numbers may have gaps while branches are apart). */
    unsigned files = 0;
    for (size_t i = 0; i < bl_migrations_count; i++)
        files += strcmp(bl_migrations[i].backend, "sqlite") == 0;
    assert_int_equal(applied, files);
    assert_true(latest >= (int)files);
    assert_int_equal(bl_store_migrate(s, &applied, &ei), BL_OK);
    assert_int_equal(applied, 0);
    bl_store_close(s);
}

/*
 * POSIX locks belong to the process: close() on any descriptor of the file
 * drops every lock the process holds on it, including those of SQLite's
 * other connections ("How To Corrupt An SQLite Database File", 2.2).  A
 * server whose pool opened a connection mid-life then held no lock, and a
 * CLI closing the database thought itself the last user: it checkpointed
 * and deleted the WAL under the server, and writes went missing.
 */
struct lock_ctx {
    struct bl_store *s;
    const char *path;
    int held_inside, held_after_nested;
};

/* Is a read lock held on SQLite's shared-lock bytes (asked from another process)? */
static int sqlite_shared_lock_seen(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_RDWR);
        struct flock fl = {
            .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0x40000002, .l_len = 510};
        _exit(fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? 0 : 1);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static enum bl_err tx_read_org(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct bl_org o;
    (void)ctx;
    enum bl_err e = bl_store_org_by_slug(tx, "personne", &o, ei);
    return e == BL_ENOTFOUND ? BL_OK : e;
}

static enum bl_err tx_hold_then_connect(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct lock_ctx *c = ctx;
    enum bl_err e = tx_read_org(tx, NULL, ei);
    c->held_inside = sqlite_shared_lock_seen(c->path);
    /* The pool's second slot connects now, while the first holds its locks. */
    if (e == BL_OK)
        e = bl_store_run(c->s, BL_TX_READ, tx_read_org, NULL, ei);
    c->held_after_nested = sqlite_shared_lock_seen(c->path);
    return e;
}

static void test_sqlite_locks_kept(void **state)
{
    char path[600], url[640];
    struct bl_errinfo ei = {0};
    unsigned applied = 0;
    (void)state;
    NEED_DB();
    if (strncmp(URL, "sqlite:", 7) != 0)
        skip();
    (void)snprintf(path, sizeof path, "%s.locks.db", URL + 7);
    (void)snprintf(url, sizeof url, "sqlite:%s", path);
    struct lock_ctx c = {.path = path};
    assert_int_equal(bl_store_open(url, 2, 0, &c.s, &ei), BL_OK);
    assert_int_equal(bl_store_migrate(c.s, &applied, &ei), BL_OK);
    assert_int_equal(bl_store_run(c.s, BL_TX_READ, tx_hold_then_connect, &c, &ei), BL_OK);
    assert_int_equal(c.held_inside, 1);
    assert_int_equal(c.held_after_nested, 1);
    assert_int_equal(sqlite_shared_lock_seen(path), 1);
    bl_store_close(c.s);
}

/* ---- organisations ------------------------------------------------------------ */

static enum bl_err tx_org(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct bl_org o = {.slug = u("mlp"),
                       .name = "Mission Locale de Paris",
                       .url = "https://mlp.example",
                       .email = "contact@mlp.example",
                       .description = "Jeunes 16-25",
                       .image_type = "image/png",
                       .created_at = 1700000000};
    struct bl_org got, dup = o, *rows = NULL;
    size_t n = 0, seen = 0;
    (void)ctx;
    assert_int_equal(bl_store_org_insert(tx, &o, ei), BL_OK);
    assert_true(o.id > 0);
    dup.name = "other";
    assert_int_equal(bl_store_org_insert(tx, &dup, ei), BL_EEXISTS);
    /* The transaction is still usable after BL_EEXISTS (PostgreSQL too). */
    assert_int_equal(bl_store_org_get(tx, o.id, &got, ei), BL_OK);
    assert_string_equal(got.slug, o.slug);
    assert_string_equal(got.name, "Mission Locale de Paris");
    assert_string_equal(got.email, "contact@mlp.example");
    assert_string_equal(got.description, "Jeunes 16-25");
    assert_null(got.image);
    assert_int_equal(got.image_len, 0);
    assert_int_equal(got.created_at, 1700000000);
    assert_int_equal(bl_store_org_by_slug(tx, o.slug, &got, ei), BL_OK);
    assert_int_equal(got.id, o.id);
    assert_int_equal(bl_store_org_by_slug(tx, u("nope"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_org_get(tx, o.id + 1000000, &got, ei), BL_ENOTFOUND);

    struct bl_org other = {.slug = u("other"), .name = "A", .url = "u", .created_at = 2};
    assert_int_equal(bl_store_org_insert(tx, &other, ei), BL_OK);
    other.slug = o.slug; /* taken */
    assert_int_equal(bl_store_org_update(tx, &other, ei), BL_EEXISTS);
    other.slug = u("other2");
    other.email = NULL;
    other.name = "Autre nom";
    assert_int_equal(bl_store_org_update(tx, &other, ei), BL_OK);
    assert_int_equal(bl_store_org_get(tx, other.id, &got, ei), BL_OK);
    assert_string_equal(got.slug, u("other2"));
    assert_string_equal(got.name, "Autre nom");
    assert_null(got.email);
    other.id += 1000000;
    other.slug = u("ghost");
    assert_int_equal(bl_store_org_update(tx, &other, ei), BL_ENOTFOUND);

    assert_int_equal(bl_store_org_list(tx, &rows, &n, ei), BL_OK);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].id == o.id || rows[i].id == other.id - 1000000)
            seen++;
        if (i > 0) /* by name */
            assert_true(strcmp(rows[i - 1].name, rows[i].name) <= 0);
    }
    assert_int_equal(seen, 2);
    return BL_OK;
}

static void test_org(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_org, NULL), BL_OK);
}

/* Blobs with NULs and of 1 MiB, and UTF-8 text, come back byte for byte. */
struct blob_ctx {
    unsigned char *img;
    size_t len;
    const char *text;
    int64_t id;
};

static enum bl_err tx_blob_put(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct blob_ctx *c = arg;
    struct bl_org o = {.slug = u(c->len > 100 ? "big" : "nul"),
                       .name = c->text,
                       .url = "https://x.example",
                       .description = c->text,
                       .image = c->img,
                       .image_len = c->len,
                       .image_type = "image/png",
                       .created_at = 3};
    enum bl_err rc = bl_store_org_insert(tx, &o, ei);
    c->id = o.id;
    return rc;
}

static enum bl_err tx_blob_get(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct blob_ctx *c = arg;
    struct bl_org o;
    assert_int_equal(bl_store_org_get(tx, c->id, &o, ei), BL_OK);
    assert_int_equal(o.image_len, c->len);
    assert_memory_equal(o.image, c->img, c->len);
    assert_string_equal(o.name, c->text);
    assert_string_equal(o.description, c->text);
    return BL_OK;
}

static void test_blobs_and_utf8(void **state)
{
    static unsigned char nul[] = {0, 1, 0, 0xff, 0, 'x', 0};
    /* Accents, an em dash, CJK, an emoji (4 bytes), a combining mark. */
    const char *text = "Mission Locale \xe2\x80\x94 \xc3\xa9t\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 "
                       "\xf0\x9f\x98\x80 e\xcc\x81";
    struct blob_ctx c = {.img = nul, .len = sizeof nul, .text = text};
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_blob_put, &c), BL_OK);
    assert_int_equal(run(BL_TX_READ, tx_blob_get, &c), BL_OK);

    c.len = ONE_MIB;
    c.img = bl_malloc(c.len);
    for (size_t i = 0; i < c.len; i++)
        c.img[i] = (unsigned char)((i * 2654435761u) >> 13); /* every byte value, NULs too */
    assert_int_equal(run(BL_TX_WRITE, tx_blob_put, &c), BL_OK);
    assert_int_equal(run(BL_TX_READ, tx_blob_get, &c), BL_OK);
    bl_free(c.img);
}

static enum bl_err tx_bad_text(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct bl_org o = {.slug = u("badutf8"), .name = "caf\xe9", .url = "u", .created_at = 1};
    (void)arg;
    return bl_store_org_insert(tx, &o, ei);
}

static enum bl_err tx_too_big(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct bl_org o = {.slug = u("toobig"), .name = "n", .url = "u", .created_at = 1};
    o.image = arg;
    o.image_len = BL_STORE_VALUE_MAX + 1u;
    return bl_store_org_insert(tx, &o, ei);
}

static enum bl_err tx_absent(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct bl_org o;
    return bl_store_org_by_slug(tx, arg, &o, ei);
}

static void test_input_limits(void **state)
{
    unsigned char *big;
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_bad_text, NULL), BL_EUTF8);
    assert_int_equal(run(BL_TX_READ, tx_absent, u("badutf8")), BL_ENOTFOUND);
    big = bl_calloc(1, BL_STORE_VALUE_MAX + 1u);
    assert_int_equal(run(BL_TX_WRITE, tx_too_big, big), BL_ETOOBIG);
    bl_free(big);
    assert_int_equal(run(BL_TX_READ, tx_absent, u("toobig")), BL_ENOTFOUND);
}

/* ---- transactions ------------------------------------------------------------ */

static enum bl_err tx_insert_then_fail(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct bl_org o = {.slug = arg, .name = "n", .url = "u", .created_at = 1};
    struct bl_audit e = {.at = 5, .action = "rollback.test", .subject = arg};
    assert_int_equal(bl_store_org_insert(tx, &o, ei), BL_OK);
    assert_int_equal(bl_store_audit_add(tx, &e, ei), BL_OK);
    return bl_fail(ei, BL_EINVAL, "the use case changed its mind");
}

static enum bl_err tx_write_in_read(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct bl_org o = {.slug = arg, .name = "n", .url = "u", .created_at = 1};
    return bl_store_org_insert(tx, &o, ei);
}

static void test_rollback(void **state)
{
    struct bl_errinfo ei = {0};
    (void)state;
    NEED_DB();
    assert_int_equal(bl_store_run(S, BL_TX_WRITE, tx_insert_then_fail, u("rb"), &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "the use case changed its mind");
    assert_int_equal(run(BL_TX_READ, tx_absent, u("rb")), BL_ENOTFOUND);
    /* A read transaction refuses writes on both backends. */
    assert_int_equal(run(BL_TX_READ, tx_write_in_read, u("ro")), BL_EDB);
    assert_int_equal(run(BL_TX_READ, tx_absent, u("ro")), BL_ENOTFOUND);
}

struct retry_ctx {
    int calls;
    int fail_first;
};

static enum bl_err tx_flaky(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct retry_ctx *c = arg;
    struct bl_audit e = {.at = 6, .action = "retry.test", .subject = u("flaky")};
    assert_int_equal(bl_store_audit_add(tx, &e, ei), BL_OK);
    if (++c->calls <= c->fail_first)
        return bl_fail(ei, BL_ERETRY, "simulated conflict %d", c->calls);
    return BL_OK;
}

static enum bl_err tx_count_flaky(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct bl_audit *rows;
    size_t n = 0, *count = arg;
    *count = 0;
    assert_int_equal(bl_store_audit_list(tx, 0, 0, 0, &rows, &n, ei), BL_OK);
    for (size_t i = 0; i < n; i++)
        if (rows[i].subject && strcmp(rows[i].subject, u("flaky")) == 0)
            (*count)++;
    return BL_OK;
}

static void test_retry_loop(void **state)
{
    struct retry_ctx c = {.fail_first = 3};
    struct bl_store_stats before, after;
    size_t written = 0;
    (void)state;
    NEED_DB();
    bl_store_stats(S, &before);
    assert_int_equal(run(BL_TX_WRITE, tx_flaky, &c), BL_OK);
    assert_int_equal(c.calls, 4);
    bl_store_stats(S, &after);
    assert_int_equal(after.retries - before.retries, 3);
    /* The three failed attempts were rolled back: one row written. */
    assert_int_equal(run(BL_TX_READ, tx_count_flaky, &written), BL_OK);
    assert_int_equal(written, 1);

    c = (struct retry_ctx){.fail_first = 1000};
    assert_int_equal(run(BL_TX_WRITE, tx_flaky, &c), BL_ERETRY);
    assert_int_equal(c.calls, BL_STORE_ATTEMPTS);
    assert_int_equal(run(BL_TX_READ, tx_count_flaky, &written), BL_OK);
    assert_int_equal(written, 1);
}

/* Two threads add 200 hits each to one counter row in write transactions. */
static enum bl_err tx_hit(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    return bl_store_throttle_hit(tx, u("counter"), 60, arg, ei);
}

static void *incrementer(void *arg)
{
    int *failures = arg;
    int64_t hits;
    for (int i = 0; i < INCREMENTS; i++)
        if (bl_store_run(S, BL_TX_WRITE, tx_hit, &hits, NULL) != BL_OK)
            (*failures)++;
    return NULL;
}

static void test_concurrent_increments(void **state)
{
    pthread_t t1, t2;
    int f1 = 0, f2 = 0;
    int64_t hits = 0;
    struct bl_store_stats before, after;
    struct timespec a, b;
    (void)state;
    NEED_DB();
    bl_store_stats(S, &before);
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(pthread_create(&t1, NULL, incrementer, &f1), 0);
    assert_int_equal(pthread_create(&t2, NULL, incrementer, &f2), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    bl_store_stats(S, &after);
    assert_int_equal(f1 + f2, 0);
    assert_int_equal(run(BL_TX_WRITE, tx_hit, &hits), BL_OK);
    assert_int_equal(hits, 2 * INCREMENTS + 1);
    printf("# %s: 2x%d concurrent increments: final %lld, %llu retries, %.0f ms\n",
           bl_store_backend(S), INCREMENTS, (long long)(hits - 1),
           (unsigned long long)(after.retries - before.retries),
           (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
}

/* With one connection, a second transaction waits for the first. */
static enum bl_err tx_slow(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct timespec ts = {0, 80 * 1000 * 1000};
    (void)tx;
    (void)arg;
    (void)ei;
    nanosleep(&ts, NULL);
    return BL_OK;
}

static void *slow_runner(void *arg)
{
    struct bl_store *s = arg;
    if (bl_store_run(s, BL_TX_READ, tx_slow, NULL, NULL) != BL_OK)
        return arg;
    return NULL;
}

static void test_pool_wait(void **state)
{
    struct bl_store *s = NULL;
    struct bl_errinfo ei = {0};
    struct bl_store_stats st;
    pthread_t t;
    void *res = NULL;
    struct timespec ts = {0, 20 * 1000 * 1000};
    (void)state;
    NEED_DB();
    assert_int_equal(bl_store_open(URL, 1, 0, &s, &ei), BL_OK);
    assert_int_equal(pthread_create(&t, NULL, slow_runner, s), 0);
    nanosleep(&ts, NULL);
    assert_int_equal(bl_store_run(s, BL_TX_READ, tx_slow, NULL, &ei), BL_OK);
    pthread_join(t, &res);
    assert_null(res);
    bl_store_stats(s, &st);
    assert_int_equal(st.pool_waits, 1);
    assert_int_equal(st.transactions, 2);
    bl_store_close(s);
}

/* PostgreSQL: connections killed by the server are reset and the work retried. */
static void test_pg_reconnect(void **state)
{
    PGconn *pg;
    PGresult *res;
    int64_t hits = 0;
    (void)state;
    NEED_DB();
    if (strncmp(URL, "sqlite:", 7) == 0)
        skip();
    assert_int_equal(run(BL_TX_WRITE, tx_hit, &hits), BL_OK);
    pg = PQconnectdb(URL);
    assert_int_equal(PQstatus(pg), CONNECTION_OK);
    res = PQexec(pg, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    assert_true(PQgetvalue(res, 0, 0)[0] != '0'); /* at least the store's connection */
    PQclear(res);
    PQfinish(pg);
    for (int i = 0; i < 8; i++) /* every pooled connection meets the reset */
        assert_int_equal(run(BL_TX_WRITE, tx_hit, &hits), BL_OK);
}

/* ---- keys ------------------------------------------------------------------- */

static enum bl_err tx_keys(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("keys"));
    struct bl_orgkey k1 = {.org_id = org,
                           .kid = u("k1"),
                           .alg = "EdDSA",
                           .public_jwk = "{}",
                           .sealed = "c2VhbGVk",
                           .created_at = 100};
    struct bl_orgkey k2 = k1, k3 = k1, got, *rows = NULL;
    size_t n = 0;
    (void)ctx;
    k2.kid = u("k2");
    k2.created_at = 200;
    k3.kid = u("k3");
    k3.alg = "RS256";
    k3.created_at = 150;
    assert_int_equal(bl_store_key_insert(tx, &k1, ei), BL_OK);
    assert_int_equal(bl_store_key_active(tx, org, "EdDSA", &got, ei), BL_OK);
    assert_int_equal(got.id, k1.id);
    /* Rotation: retire the EdDSA keys, then add the new one. */
    assert_int_equal(bl_store_key_retire(tx, org, "EdDSA", 190, ei), BL_OK);
    assert_int_equal(bl_store_key_active(tx, org, "EdDSA", &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_key_insert(tx, &k2, ei), BL_OK);
    assert_int_equal(bl_store_key_insert(tx, &k3, ei), BL_OK);
    assert_int_equal(bl_store_key_insert(tx, &k3, ei), BL_EEXISTS);
    assert_int_equal(bl_store_key_active(tx, org, "EdDSA", &got, ei), BL_OK);
    assert_int_equal(got.id, k2.id);
    assert_string_equal(got.kid, u("k2"));
    assert_string_equal(got.sealed, "c2VhbGVk");
    assert_int_equal(got.retired_at, 0);
    assert_int_equal(bl_store_key_active(tx, org, "RS256", &got, ei), BL_OK);
    assert_int_equal(got.id, k3.id);
    assert_int_equal(bl_store_key_active(tx, org, "ES256", &got, ei), BL_ENOTFOUND);
    /* Active first (newest first), then retired. */
    assert_int_equal(bl_store_key_list(tx, org, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, k2.id);
    assert_int_equal(rows[1].id, k3.id);
    assert_int_equal(rows[2].id, k1.id);
    assert_int_equal(rows[2].retired_at, 190);
    assert_int_equal(bl_store_key_by_kid(tx, u("k1"), &got, ei), BL_OK);
    assert_int_equal(got.org_id, org);
    assert_string_equal(got.alg, "EdDSA");
    assert_int_equal(bl_store_key_by_kid(tx, u("k9"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_key_list(tx, org + 1000000, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    return BL_OK;
}

static void test_keys(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_keys, NULL), BL_OK);
}

/* ---- accounts, memberships, sessions, tokens, throttle ------------------------- */

static enum bl_err tx_accounts(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    char email[128], upper[128];
    struct bl_account a = {.name = "Awa", .password_hash = "$argon2id$v=19$x", .created_at = 7};
    struct bl_account got;
    (void)ctx;
    (void)snprintf(email, sizeof email, "Awa.%s@Example.ORG", P);
    a.email = email;
    assert_int_equal(bl_store_account_insert(tx, &a, ei), BL_OK);
    assert_true(a.id > 0);
    (void)snprintf(upper, sizeof upper, "awa.%s@example.org", P);
    assert_int_equal(bl_store_account_get(tx, a.id, &got, ei), BL_OK);
    assert_string_equal(got.email, upper); /* stored lower-cased */
    assert_string_equal(got.name, "Awa");
    assert_string_equal(got.password_hash, "$argon2id$v=19$x");
    assert_int_equal(got.created_at, 7);
    assert_int_equal(got.disabled, 0);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    struct bl_account dup = {.email = upper, .name = "x", .created_at = 8};
    assert_int_equal(bl_store_account_insert(tx, &dup, ei), BL_EEXISTS);
    assert_int_equal(bl_store_account_by_email(tx, upper, &got, ei), BL_OK);
    assert_int_equal(got.id, a.id);
    assert_int_equal(bl_store_account_by_email(tx, "nobody@example.org", &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_account_set_password(tx, a.id, NULL, ei), BL_OK);
    assert_int_equal(bl_store_account_get(tx, a.id, &got, ei), BL_OK);
    assert_null(got.password_hash);
    assert_int_equal(bl_store_account_set_password(tx, a.id + 1000000, "h", ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_account_get(tx, a.id + 1000000, &got, ei), BL_ENOTFOUND);
    struct bl_account off = {.email = u("off@x"), .name = "o", .created_at = 1, .disabled = 1};
    assert_int_equal(bl_store_account_insert(tx, &off, ei), BL_OK);
    assert_int_equal(bl_store_account_get(tx, off.id, &got, ei), BL_OK);
    assert_int_equal(got.disabled, 1);
    return BL_OK;
}

static void test_accounts(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_accounts, NULL), BL_OK);
}

static enum bl_err tx_members(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t acc = new_account(tx, u("member@x"));
    struct bl_org zo = {.slug = u("zorg"), .name = "Zeta", .url = "u", .created_at = 1};
    struct bl_org ao = {.slug = u("aorg"), .name = "Alpha", .url = "u", .created_at = 1};
    struct bl_membership *rows = NULL;
    enum bl_role role = BL_ROLE_ADMIN;
    size_t n = 9;
    (void)ctx;
    assert_int_equal(bl_store_org_insert(tx, &zo, ei), BL_OK);
    assert_int_equal(bl_store_org_insert(tx, &ao, ei), BL_OK);
    assert_int_equal(bl_store_membership_role(tx, zo.id, acc, &role, ei), BL_OK);
    assert_int_equal(role, BL_ROLE_NONE);
    assert_int_equal(bl_store_membership_set(tx, zo.id, acc, BL_ROLE_VIEWER, ei), BL_OK);
    assert_int_equal(bl_store_membership_set(tx, ao.id, acc, BL_ROLE_ISSUER, ei), BL_OK);
    assert_int_equal(bl_store_membership_role(tx, zo.id, acc, &role, ei), BL_OK);
    assert_int_equal(role, BL_ROLE_VIEWER);
    assert_int_equal(bl_store_membership_set(tx, zo.id, acc, BL_ROLE_ADMIN, ei), BL_OK);
    assert_int_equal(bl_store_membership_role(tx, zo.id, acc, &role, ei), BL_OK);
    assert_int_equal(role, BL_ROLE_ADMIN);
    assert_int_equal(bl_store_membership_set(tx, zo.id, acc, (enum bl_role)7, ei), BL_EINVAL);
    assert_int_equal(bl_store_membership_list(tx, acc, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].org_name, "Alpha"); /* by org name */
    assert_string_equal(rows[0].org_slug, u("aorg"));
    assert_int_equal(rows[0].role, BL_ROLE_ISSUER);
    assert_int_equal(rows[0].account_id, acc);
    assert_int_equal(rows[1].org_id, zo.id);
    assert_int_equal(rows[1].role, BL_ROLE_ADMIN);
    assert_int_equal(bl_store_membership_set(tx, zo.id, acc, BL_ROLE_NONE, ei), BL_OK);
    assert_int_equal(bl_store_membership_role(tx, zo.id, acc, &role, ei), BL_OK);
    assert_int_equal(role, BL_ROLE_NONE);
    assert_int_equal(bl_store_membership_list(tx, acc, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].org_id, ao.id);
    return BL_OK;
}

static void test_memberships(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_members, NULL), BL_OK);
}

static enum bl_err tx_sessions(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t acc = new_account(tx, u("sess@x"));
    struct bl_session s1 = {.token_hash = u("s1"),
                            .account_id = acc,
                            .csrf = "c1",
                            .created_at = 10,
                            .expires_at = 1000};
    struct bl_session s2 = {.token_hash = u("s2"),
                            .account_id = acc,
                            .csrf = "c2",
                            .created_at = 10,
                            .expires_at = 2000};
    struct bl_session got;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_session_insert(tx, &s1, ei), BL_OK);
    assert_int_equal(bl_store_session_insert(tx, &s2, ei), BL_OK);
    assert_int_equal(bl_store_session_insert(tx, &s1, ei), BL_EEXISTS);
    assert_int_equal(bl_store_session_get(tx, u("s1"), 999, &got, ei), BL_OK);
    assert_int_equal(got.account_id, acc);
    assert_string_equal(got.csrf, "c1");
    assert_int_equal(got.expires_at, 1000);
    assert_int_equal(bl_store_session_get(tx, u("s1"), 1000, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_session_get(tx, u("s9"), 1, &got, ei), BL_ENOTFOUND);
    /* Purge drops the expired one only. */
    assert_int_equal(bl_store_session_purge(tx, 1500, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_session_get(tx, u("s1"), 1, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_session_get(tx, u("s2"), 1500, &got, ei), BL_OK);
    assert_int_equal(bl_store_session_purge(tx, 1500, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_session_delete(tx, u("s2"), ei), BL_OK);
    assert_int_equal(bl_store_session_get(tx, u("s2"), 1, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_session_delete(tx, u("s2"), ei), BL_ENOTFOUND);
    return BL_OK;
}

static void test_sessions(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_sessions, NULL), BL_OK);
}

static enum bl_err tx_tokens(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t acc = new_account(tx, u("tok@x")), org = new_org(tx, u("tokorg"));
    struct bl_apitoken t = {.token_hash = u("t1"),
                            .account_id = acc,
                            .org_id = org,
                            .name = "import script",
                            .created_at = 20};
    struct bl_apitoken got;
    (void)ctx;
    assert_int_equal(bl_store_apitoken_insert(tx, &t, ei), BL_OK);
    assert_true(t.id > 0);
    assert_int_equal(bl_store_apitoken_insert(tx, &t, ei), BL_EEXISTS);
    assert_int_equal(bl_store_apitoken_use(tx, u("t1"), 30, &got, ei), BL_OK);
    assert_int_equal(got.id, t.id);
    assert_int_equal(got.last_used_at, 30);
    assert_int_equal(got.org_id, org);
    assert_string_equal(got.name, "import script");
    assert_int_equal(bl_store_apitoken_use(tx, u("t1"), 40, &got, ei), BL_OK);
    assert_int_equal(got.last_used_at, 40);
    assert_int_equal(bl_store_apitoken_use(tx, u("t9"), 40, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_apitoken_revoke(tx, t.id, 50, ei), BL_OK);
    assert_int_equal(bl_store_apitoken_revoke(tx, t.id, 60, ei), BL_EEXISTS);
    assert_int_equal(bl_store_apitoken_revoke(tx, t.id + 1000000, 60, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_apitoken_use(tx, u("t1"), 70, &got, ei), BL_ENOTFOUND);
    return BL_OK;
}

static void test_apitokens(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_tokens, NULL), BL_OK);
}

static enum bl_err tx_throttle(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    const char *key = u("login:1.2.3.4");
    int64_t hits = 0;
    (void)ctx;
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(bl_store_throttle_hit(tx, key, 600, &hits, ei), BL_OK);
        assert_int_equal(hits, i);
    }
    assert_int_equal(bl_store_throttle_hit(tx, u("other"), 600, &hits, ei), BL_OK);
    assert_int_equal(hits, 1);
    /* A new window starts at one and drops the old one. */
    assert_int_equal(bl_store_throttle_hit(tx, key, 660, &hits, ei), BL_OK);
    assert_int_equal(hits, 1);
    assert_int_equal(bl_store_throttle_hit(tx, key, 660, &hits, ei), BL_OK);
    assert_int_equal(hits, 2);
    assert_int_equal(bl_store_throttle_hit(tx, key, 600, &hits, ei), BL_OK);
    assert_int_equal(hits, 1); /* the dropped window starts over */
    assert_int_equal(bl_store_throttle_clear(tx, key, ei), BL_OK);
    assert_int_equal(bl_store_throttle_hit(tx, key, 660, &hits, ei), BL_OK);
    assert_int_equal(hits, 1);
    assert_int_equal(bl_store_throttle_hit(tx, u("other"), 600, &hits, ei), BL_OK);
    assert_int_equal(hits, 2); /* other keys untouched */
    /* Counting reads without adding; an unknown key or window counts zero. */
    assert_int_equal(bl_store_throttle_count(tx, u("other"), 600, &hits, ei), BL_OK);
    assert_int_equal(hits, 2);
    assert_int_equal(bl_store_throttle_count(tx, u("other"), 600, &hits, ei), BL_OK);
    assert_int_equal(hits, 2);
    assert_int_equal(bl_store_throttle_count(tx, u("other"), 660, &hits, ei), BL_OK);
    assert_int_equal(hits, 0);
    assert_int_equal(bl_store_throttle_count(tx, u("never"), 600, &hits, ei), BL_OK);
    assert_int_equal(hits, 0);
    return BL_OK;
}

static void test_throttle(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_throttle, NULL), BL_OK);
}

/* ---- badge classes and awards ------------------------------------------------ */

static enum bl_err tx_badges(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    static const unsigned char svg[] = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    int64_t org = new_org(tx, u("borg"));
    const char *names[] = {"Cuisine", "Accueil", "Bureautique", "Diction"};
    struct bl_badgeclass b[4], got, *rows = NULL;
    size_t n = 0;
    (void)ctx;
    for (int i = 0; i < 4; i++) {
        char uid[16];
        (void)snprintf(uid, sizeof uid, "b%d", i);
        b[i] = (struct bl_badgeclass){.uid = bl_arena_strdup(bl_tx_arena(tx), u(uid)),
                                      .org_id = org,
                                      .name = names[i],
                                      .description = "D",
                                      .created_at = 100 + i,
                                      .updated_at = 100 + i,
                                      .archived = i == 3};
        assert_int_equal(bl_store_badgeclass_insert(tx, &b[i], ei), BL_OK);
    }
    struct bl_badgeclass dup = b[0];
    assert_int_equal(bl_store_badgeclass_insert(tx, &dup, ei), BL_EEXISTS);
    /* Defaults for the JSON arrays and the validity. */
    assert_int_equal(bl_store_badgeclass_get(tx, b[0].id, &got, ei), BL_OK);
    assert_string_equal(got.uid, b[0].uid);
    assert_string_equal(got.alignments_json, "[]");
    assert_string_equal(got.tags_json, "[]");
    assert_string_equal(got.validity, "none");
    assert_null(got.criteria_url);
    assert_null(got.image);
    /* Update everything that may change. */
    got.name = "Cuisine collective";
    got.criteria_narrative = "Avoir servi 3 repas";
    got.criteria_url = "https://x.example/c";
    got.image = svg;
    got.image_len = sizeof svg - 1;
    got.image_type = "image/svg+xml";
    got.alignments_json = "[{\"targetName\":\"ROME G1602\"}]";
    got.tags_json = "[\"cuisine\"]";
    got.validity = "months:24";
    got.updated_at = 500;
    assert_int_equal(bl_store_badgeclass_update(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_by_uid(tx, b[0].uid, &got, ei), BL_OK);
    assert_string_equal(got.name, "Cuisine collective");
    assert_string_equal(got.criteria_narrative, "Avoir servi 3 repas");
    assert_int_equal(got.image_len, sizeof svg - 1);
    assert_memory_equal(got.image, svg, sizeof svg - 1);
    assert_string_equal(got.alignments_json, "[{\"targetName\":\"ROME G1602\"}]");
    assert_string_equal(got.validity, "months:24");
    assert_int_equal(got.created_at, 100);
    assert_int_equal(got.updated_at, 500);
    got.id += 1000000;
    assert_int_equal(bl_store_badgeclass_update(tx, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_badgeclass_get(tx, got.id, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_badgeclass_by_uid(tx, u("zz"), &got, ei), BL_ENOTFOUND);
    /* Lists by name; archived ones on request; pages. */
    assert_int_equal(bl_store_badgeclass_list(tx, org, 0, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].name, "Accueil");
    assert_string_equal(rows[1].name, "Bureautique");
    assert_string_equal(rows[2].name, "Cuisine collective");
    assert_int_equal(bl_store_badgeclass_list(tx, org, 1, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[3].name, "Diction");
    assert_int_equal(rows[3].archived, 1);
    assert_int_equal(bl_store_badgeclass_list(tx, org, 1, 1, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "Bureautique");
    assert_string_equal(rows[1].name, "Cuisine collective");
    assert_int_equal(bl_store_badgeclass_list(tx, org, 1, 4, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    return BL_OK;
}

static void test_badgeclasses(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_badges, NULL), BL_OK);
}

/* The badge editor's columns (migration 002), search by name, the awards count. */
static enum bl_err tx_badge_editor(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("eorg")), other = new_org(tx, u("eorg2"));
    const char *names[] = {"Prise de parole", "PRISE d'initiative", "Cuisine 100% bio",
                           "Cuisine 100 bio", "Accueil_public",     "Accueil public",
                           "Écoute"};
    struct bl_badgeclass b, got, *rows = NULL;
    size_t n = 0;
    int64_t count = -1;
    (void)ctx;
    for (int i = 0; i < 7; i++) {
        char uid[16];
        (void)snprintf(uid, sizeof uid, "e%d", i);
        b = (struct bl_badgeclass){.uid = bl_arena_strdup(bl_tx_arena(tx), u(uid)),
                                   .org_id = org,
                                   .name = names[i],
                                   .description = "D",
                                   .archived = i == 1,
                                   .description_simple = i == 0 ? "Parler devant des gens." : NULL,
                                   .evidence_required = i == 0,
                                   .art_json = i == 0 ? "{\"shape\":\"cercle\"}" : NULL};
        assert_int_equal(bl_store_badgeclass_insert(tx, &b, ei), BL_OK);
    }
    struct bl_badgeclass ob = {
        .uid = u("eo"), .org_id = other, .name = "Prise de notes", .description = "d"};
    assert_int_equal(bl_store_badgeclass_insert(tx, &ob, ei), BL_OK);
    /* The new columns come back as written, and update replaces them. */
    assert_int_equal(bl_store_badgeclass_by_uid(tx, u("e0"), &got, ei), BL_OK);
    assert_string_equal(got.description_simple, "Parler devant des gens.");
    assert_int_equal(got.evidence_required, 1);
    assert_string_equal(got.art_json, "{\"shape\":\"cercle\"}");
    got.description_simple = NULL;
    got.evidence_required = 0;
    got.art_json = "{\"shape\":\"hexagone\"}";
    assert_int_equal(bl_store_badgeclass_update(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_by_uid(tx, u("e0"), &got, ei), BL_OK);
    assert_null(got.description_simple);
    assert_int_equal(got.evidence_required, 0);
    assert_string_equal(got.art_json, "{\"shape\":\"hexagone\"}");
    assert_int_equal(bl_store_badgeclass_by_uid(tx, u("e3"), &got, ei), BL_OK);
    assert_null(got.art_json);
    /* Case-insensitive, within the org, archived ones on request. */
    assert_int_equal(bl_store_badgeclass_search(tx, org, "prise", 0, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "Prise de parole");
    assert_int_equal(bl_store_badgeclass_search(tx, org, "PRISE", 1, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    /* '%' and '_' are plain characters, not wildcards. */
    assert_int_equal(bl_store_badgeclass_search(tx, org, "100%", 0, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "Cuisine 100% bio");
    assert_int_equal(bl_store_badgeclass_search(tx, org, "l_p", 0, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "Accueil_public");
    assert_int_equal(bl_store_badgeclass_search(tx, org, "!", 0, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    /* Paging, and an empty query lists all. */
    assert_int_equal(bl_store_badgeclass_search(tx, org, "cuisine", 0, 1, 1, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "Cuisine 100% bio");
    assert_int_equal(bl_store_badgeclass_search(tx, org, "", 0, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 6);
    assert_int_equal(bl_store_badgeclass_search(tx, org, "tout autre", 1, 0, 50, &rows, &n, ei),
                     BL_OK);
    assert_int_equal(n, 0);
    /* Awards count: none yet. */
    assert_int_equal(bl_store_badgeclass_award_count(tx, got.id, &count, ei), BL_OK);
    assert_int_equal(count, 0);
    return BL_OK;
}

static void test_badge_editor(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_badge_editor, NULL), BL_OK);
}

static struct bl_award award_for(struct bl_tx *tx, int64_t org, int64_t bc, int i)
{
    char uid[16];
    (void)snprintf(uid, sizeof uid, "a%d", i);
    return (struct bl_award){.uid = bl_arena_strdup(bl_tx_arena(tx), u(uid)),
                             .org_id = org,
                             .badgeclass_id = bc,
                             .recipient_email = "jeune@example.org",
                             .recipient_salt = "s4lt",
                             .issued_at = 1000 + i,
                             .status_index = i,
                             .created_by = 0};
}

static enum bl_err tx_awards(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("aworg")), other = new_org(tx, u("aworg2"));
    struct bl_badgeclass b1 = {.uid = u("ab1"), .org_id = org, .name = "B1", .description = "d"};
    struct bl_badgeclass b2 = {.uid = u("ab2"), .org_id = org, .name = "B2", .description = "d"};
    struct bl_award a[5], got, *rows = NULL;
    int64_t idx = -1;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &b1, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b2, ei), BL_OK);
    assert_int_equal(bl_store_award_next_index(tx, org, &idx, ei), BL_OK);
    assert_int_equal(idx, 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(bl_store_award_next_index(tx, org, &idx, ei), BL_OK);
        assert_int_equal(idx, i);
        a[i] = award_for(tx, org, i % 2 ? b2.id : b1.id, i);
        if (i == 2)
            a[i].idem_key = "row-17";
        assert_int_equal(bl_store_award_insert(tx, &a[i], ei), BL_OK);
    }
    /* Another org has its own indexes and import keys. */
    struct bl_badgeclass ob = {.uid = u("ob"), .org_id = other, .name = "O", .description = "d"};
    assert_int_equal(bl_store_badgeclass_insert(tx, &ob, ei), BL_OK);
    struct bl_award oa = award_for(tx, other, ob.id, 0);
    oa.uid = u("oa");
    oa.idem_key = "row-17";
    assert_int_equal(bl_store_award_insert(tx, &oa, ei), BL_OK);
    assert_int_equal(bl_store_award_next_index(tx, other, &idx, ei), BL_OK);
    assert_int_equal(idx, 1);
    /* Awards per badge class (badge editor): 0, 2, 4 at i = 0..4 for b1; 1, 3 for b2. */
    assert_int_equal(bl_store_badgeclass_award_count(tx, b1.id, &idx, ei), BL_OK);
    assert_int_equal(idx, 3);
    assert_int_equal(bl_store_badgeclass_award_count(tx, b2.id, &idx, ei), BL_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(bl_store_award_next_index(tx, other, &idx, ei), BL_OK);

    /* Re-import: the same key gives the existing award back. */
    struct bl_award again = award_for(tx, org, b1.id, 9);
    again.idem_key = "row-17";
    assert_int_equal(bl_store_award_insert(tx, &again, ei), BL_EEXISTS);
    assert_int_equal(again.id, a[2].id);
    assert_string_equal(again.uid, a[2].uid);
    assert_int_equal(again.status_index, 2);
    /* A taken uid or status index is refused, and the transaction goes on. */
    struct bl_award clash = award_for(tx, org, b1.id, 1);
    assert_int_equal(bl_store_award_insert(tx, &clash, ei), BL_EEXISTS);
    clash = award_for(tx, org, b1.id, 10);
    clash.status_index = 3;
    assert_int_equal(bl_store_award_insert(tx, &clash, ei), BL_EEXISTS);

    assert_int_equal(bl_store_award_get(tx, a[1].id, &got, ei), BL_OK);
    assert_string_equal(got.uid, a[1].uid);
    assert_int_equal(got.badgeclass_id, b2.id);
    assert_string_equal(got.recipient_email, "jeune@example.org");
    assert_string_equal(got.evidence_json, "[]");
    assert_null(got.ob2_json);
    assert_null(got.idem_key);
    assert_int_equal(got.expires_at, 0);
    assert_int_equal(got.revoked_at, 0);
    got.ob2_json = "{\"type\":\"Assertion\"}";
    got.ob2_jws = "h.p.s";
    got.ob3_json = "{\"type\":[\"VerifiableCredential\"]}";
    got.ob3_jwt = "h.p.s3";
    assert_int_equal(bl_store_award_set_documents(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_award_by_uid(tx, a[1].uid, &got, ei), BL_OK);
    assert_string_equal(got.ob2_json, "{\"type\":\"Assertion\"}");
    assert_string_equal(got.ob3_jwt, "h.p.s3");
    got.id += 1000000;
    assert_int_equal(bl_store_award_set_documents(tx, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_award_get(tx, got.id, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_award_by_uid(tx, u("none"), &got, ei), BL_ENOTFOUND);

    /* Newest first; by badge class; pages. */
    assert_int_equal(bl_store_award_list(tx, org, 0, 0, 100, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rows[i].id, a[4 - i].id);
    assert_int_equal(bl_store_award_list(tx, org, b2.id, 0, 100, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, a[3].id);
    assert_int_equal(rows[1].id, a[1].id);
    assert_int_equal(bl_store_award_list(tx, org, 0, 2, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, a[2].id);
    assert_int_equal(rows[1].id, a[1].id);

    /* Revocation, once. */
    assert_int_equal(bl_store_award_revoke(tx, a[3].id, 2000, "erreur de saisie", ei), BL_OK);
    assert_int_equal(bl_store_award_revoke(tx, a[0].id, 2001, NULL, ei), BL_OK);
    assert_int_equal(bl_store_award_revoke(tx, a[3].id, 3000, "encore", ei), BL_EEXISTS);
    assert_int_equal(bl_store_award_revoke(tx, a[3].id + 1000000, 3000, "x", ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_award_get(tx, a[3].id, &got, ei), BL_OK);
    assert_int_equal(got.revoked_at, 2000);
    assert_string_equal(got.revocation_reason, "erreur de saisie");
    assert_int_equal(bl_store_award_revoked(tx, org, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].status_index, 0);
    assert_int_equal(rows[1].status_index, 3);
    assert_int_equal(bl_store_award_revoked(tx, other, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_award_next_index(tx, org, &idx, ei), BL_OK);
    assert_int_equal(idx, 5);
    return BL_OK;
}

static void test_awards(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_awards, NULL), BL_OK);
}

/* Rows outlive the transaction in the caller's arena. */
struct caller_arena {
    struct bl_arena a;
    struct bl_award *rows;
    size_t n;
    int64_t org;
};

static enum bl_err tx_list_into(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    struct caller_arena *c = arg;
    struct bl_org o;
    bl_tx_set_arena(tx, &c->a);
    assert_int_equal(bl_store_org_by_slug(tx, u("aworg"), &o, ei), BL_OK);
    c->org = o.id;
    return bl_store_award_list(tx, o.id, 0, 0, 0, &c->rows, &c->n, ei);
}

static void test_caller_arena(void **state)
{
    struct caller_arena c = {0};
    (void)state;
    NEED_DB();
    bl_arena_init(&c.a);
    assert_int_equal(run(BL_TX_READ, tx_list_into, &c), BL_OK);
    assert_int_equal(c.n, 5);
    assert_string_equal(c.rows[0].uid, u("a4"));
    assert_int_equal(c.rows[4].org_id, c.org);
    assert_true(c.a.used > 0);
    bl_arena_free(&c.a);
}

/* ---- award lists and statistics (q_awardsearch.c) ---------------------------- */

static enum bl_err tx_award_search(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("srorg")), other = new_org(tx, u("srorg2"));
    struct bl_badgeclass b1 = {
        .uid = u("sb1"), .org_id = org, .name = "Accueil", .description = "d"};
    struct bl_badgeclass b2 = {
        .uid = u("sb2"), .org_id = org, .name = "Cuisine", .description = "d"};
    struct bl_badgeclass b3 = {.uid = u("sb3"), .org_id = org, .name = "Vide", .description = "d"};
    struct bl_badgeclass ob = {.uid = u("sob"), .org_id = other, .name = "O", .description = "d"};
    static const char *const names[] = {"Zoé Martin", "Ali 100% Sûr", "ali_baba", NULL, "Léa"};
    static const char *const emails[] = {"zoe@example.org", "ali@example.org", "AB@example.org",
                                         "anon@example.org", "lea@example.org"};
    const int64_t week = 604800, from = 10 * week;
    /* weeks 0, 0, 1, 3 from `from`, and the second before */
    const int64_t issued[] = {from, from + 10, from + week, from + 3 * week, from - 1};
    struct bl_award a[5];
    struct bl_award_brief *rows = NULL;
    size_t n = 0;
    int64_t total = -1, counts[4];
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &b1, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b2, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b3, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &ob, ei), BL_OK);
    for (int i = 0; i < 5; i++) {
        char uid[16];
        (void)snprintf(uid, sizeof uid, "s%d", i);
        a[i] = (struct bl_award){.uid = bl_arena_strdup(bl_tx_arena(tx), u(uid)),
                                 .org_id = org,
                                 .badgeclass_id = i < 3 ? b1.id : b2.id,
                                 .recipient_name = names[i],
                                 .recipient_email = emails[i],
                                 .recipient_salt = "s",
                                 .issued_at = issued[i],
                                 .expires_at = i == 1 ? from + week : 0,
                                 .status_index = i};
        assert_int_equal(bl_store_award_insert(tx, &a[i], ei), BL_OK);
    }
    struct bl_award oa = {.uid = u("so"),
                          .org_id = other,
                          .badgeclass_id = ob.id,
                          .recipient_name = "Zoé Martin",
                          .recipient_email = "zoe@example.org",
                          .recipient_salt = "s",
                          .issued_at = from,
                          .status_index = 0};
    assert_int_equal(bl_store_award_insert(tx, &oa, ei), BL_OK);
    assert_int_equal(bl_store_award_revoke(tx, a[2].id, from + 2 * week, "doublon", ei), BL_OK);

    /* Everything of the org, newest first, with the badge class's name. */
    struct bl_award_filter f = {.org_id = org, .now = from + 2 * week};
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 5);
    assert_int_equal(bl_store_award_search(tx, &f, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 5);
    assert_string_equal(rows[0].uid, a[3].uid);
    assert_string_equal(rows[0].badge_name, "Cuisine");
    assert_string_equal(rows[0].badge_uid, b2.uid);
    assert_null(rows[0].recipient_name);
    assert_string_equal(rows[4].uid, a[4].uid);
    assert_string_equal(rows[1].revocation_reason, "doublon");
    /* Paging. */
    assert_int_equal(bl_store_award_search(tx, &f, 4, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].uid, a[4].uid);
    /* Search: name or email, ASCII case ignored, LIKE wildcards taken literally. */
    f.search = "ALI";
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 2);
    f.search = "100%";
    assert_int_equal(bl_store_award_search(tx, &f, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].recipient_name, "Ali 100% Sûr");
    f.search = "i_b";
    assert_int_equal(bl_store_award_search(tx, &f, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].recipient_name, "ali_baba");
    f.search = "ab@";
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 1);
    f.search = "zoé";
    assert_int_equal(bl_store_award_search(tx, &f, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1); /* not the other org's Zoé */
    assert_string_equal(rows[0].uid, a[0].uid);
    f.search = "a_l";
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 0);
    /* Filters: badge class, state (at from + 2 weeks: a[1] expired, a[2] revoked). */
    f.search = NULL;
    f.badgeclass_id = b2.id;
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 2);
    f.badgeclass_id = 0;
    f.state = BL_AWARD_REVOKED;
    assert_int_equal(bl_store_award_search(tx, &f, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].uid, a[2].uid);
    f.state = BL_AWARD_EXPIRED;
    assert_int_equal(bl_store_award_search(tx, &f, 0, 50, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].uid, a[1].uid);
    f.state = BL_AWARD_ISSUED;
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 3);
    f.now = from; /* before a[1] expired */
    assert_int_equal(bl_store_award_count(tx, &f, &total, ei), BL_OK);
    assert_int_equal(total, 4);

    /* Per week from `from`: [2, 1, 0, 1]; a[4] is one second too early. */
    assert_int_equal(bl_store_award_per_week(tx, org, from, 4, counts, ei), BL_OK);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 0);
    assert_int_equal(counts[3], 1);
    assert_int_equal(bl_store_award_per_week(tx, org, from + week, 2, counts, ei), BL_OK);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 0);
    assert_int_equal(bl_store_award_per_week(tx, org, 0, BL_STORE_WEEKS_MAX + 1, counts, ei),
                     BL_EINVAL);
    /* Per badge class, most awarded first, classes without awards too. */
    struct bl_award_per_class *pc = NULL;
    assert_int_equal(bl_store_award_per_class(tx, org, &pc, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(pc[0].badge_name, "Accueil");
    assert_int_equal(pc[0].awards, 3);
    assert_int_equal(pc[0].revoked, 1);
    assert_string_equal(pc[1].badge_uid, b2.uid);
    assert_int_equal(pc[1].awards, 2);
    assert_int_equal(pc[2].awards, 0);
    assert_int_equal(pc[2].revoked, 0);
    /* Totals by state. */
    struct bl_award_totals t;
    assert_int_equal(bl_store_award_totals(tx, org, from + 2 * week, &t, ei), BL_OK);
    assert_int_equal(t.valid, 3);
    assert_int_equal(t.expired, 1);
    assert_int_equal(t.revoked, 1);
    assert_int_equal(bl_store_award_totals(tx, new_org(tx, u("srorg3")), 0, &t, ei), BL_OK);
    assert_int_equal(t.valid + t.expired + t.revoked, 0);
    return BL_OK;
}

static void test_award_search(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_award_search, NULL), BL_OK);
}

/* ---- audit ------------------------------------------------------------------ */

static enum bl_err tx_audit(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("auorg")), org2 = new_org(tx, u("auorg2"));
    struct bl_audit *rows = NULL;
    size_t n = 0;
    (void)ctx;
    for (int i = 0; i < 4; i++) {
        struct bl_audit e = {.at = 100 + i,
                             .account_id = 7,
                             .org_id = i == 3 ? org2 : org,
                             .action = i % 2 ? "award.revoke" : "award.issue",
                             .subject = i == 0 ? "a0" : "ax",
                             .detail_json = i == 0 ? NULL : "{\"n\":1}"};
        assert_int_equal(bl_store_audit_add(tx, &e, ei), BL_OK);
    }
    assert_int_equal(bl_store_audit_list(tx, org, 0, 10, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].at, 102); /* newest first */
    assert_int_equal(rows[2].at, 100);
    assert_string_equal(rows[2].action, "award.issue");
    assert_string_equal(rows[2].subject, "a0");
    assert_null(rows[2].detail_json);
    assert_string_equal(rows[1].detail_json, "{\"n\":1}");
    assert_int_equal(rows[1].account_id, 7);
    assert_int_equal(rows[1].org_id, org);
    assert_int_equal(bl_store_audit_list(tx, org, 1, 1, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].at, 101);
    /* All orgs: the newest entry is the last one written. */
    assert_int_equal(bl_store_audit_list(tx, 0, 0, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].org_id, org2);
    assert_int_equal(rows[1].at, 102);
    /* The page size is capped. */
    assert_int_equal(bl_store_audit_list(tx, 0, 0, 100000, &rows, &n, ei), BL_OK);
    assert_true(n <= BL_STORE_PAGE_MAX);
    return BL_OK;
}

static void test_audit(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_audit, NULL), BL_OK);
}

/* ---- outbox ------------------------------------------------------------------ */

#define OUTBOX_FAR   1000000000000000LL /* a lease no test reaches */
#define OUTBOX_NOW   1000000000LL
#define OUTBOX_BATCH 24

/* Lease away whatever an earlier run on the same database left due. */
static void outbox_drain(struct bl_tx *tx, struct bl_errinfo *ei)
{
    struct bl_outbox *rows = NULL;
    size_t n = 0;
    do
        assert_int_equal(bl_store_outbox_claim(tx, OUTBOX_FAR - 1, OUTBOX_FAR, 0, &rows, &n, ei),
                         BL_OK);
    while (n > 0);
}

static struct bl_outbox outbox_msg(int64_t org, int64_t award, int64_t due, const char *subject)
{
    return (struct bl_outbox){.org_id = org,
                              .award_id = award,
                              .to_addr = "jeune@example.org",
                              .subject = subject,
                              .body_text = "Bonjour,\nvous avez reçu un badge.",
                              .body_html = "<p>Bonjour&nbsp;!</p>",
                              .created_at = 50,
                              .next_attempt_at = due};
}

static enum bl_err tx_outbox(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("oborg"));
    struct bl_badgeclass b = {.uid = u("obb"), .org_id = org, .name = "B", .description = "d"};
    struct bl_outbox m[3], got, *rows = NULL;
    size_t n = 0;
    (void)ctx;
    outbox_drain(tx, ei);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b, ei), BL_OK);
    struct bl_award a = award_for(tx, org, b.id, 0);
    a.uid = u("oba");
    assert_int_equal(bl_store_award_insert(tx, &a, ei), BL_OK);
    m[0] = outbox_msg(org, a.id, OUTBOX_NOW - 10, "Vous avez reçu le badge « B »");
    m[1] = outbox_msg(org, 0, OUTBOX_NOW - 5, "second");
    m[2] = outbox_msg(org, a.id, OUTBOX_NOW + 100, "later");
    m[2].expires_at = OUTBOX_NOW + 500; /* migration 021 */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(bl_store_outbox_enqueue(tx, &m[i], ei), BL_OK);
        assert_true(m[i].id > 0);
    }
    assert_int_equal(bl_store_outbox_get(tx, m[1].id, &got, ei), BL_OK);
    assert_int_equal(got.award_id, 0); /* stored as NULL */
    assert_int_equal(got.attempts, 0);
    assert_int_equal(got.sent_at, 0);
    assert_null(got.last_error);
    assert_int_equal(got.expires_at, 0);
    assert_string_equal(got.body_text, "Bonjour,\nvous avez reçu un badge.");
    assert_int_equal(bl_store_outbox_get(tx, m[2].id, &got, ei), BL_OK);
    assert_int_equal(got.expires_at, OUTBOX_NOW + 500);
    assert_int_equal(bl_store_outbox_by_award(tx, a.id, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, m[0].id);
    assert_string_equal(rows[0].subject, "Vous avez reçu le badge « B »");

    /* A claim takes what is due, oldest first, and leases it. */
    assert_int_equal(bl_store_outbox_claim(tx, OUTBOX_NOW, OUTBOX_NOW + 60, 1, &rows, &n, ei),
                     BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, m[0].id);
    assert_int_equal(rows[0].attempts, 1);
    assert_int_equal(rows[0].next_attempt_at, OUTBOX_NOW + 60);
    assert_string_equal(rows[0].to_addr, "jeune@example.org");
    assert_int_equal(bl_store_outbox_claim(tx, OUTBOX_NOW, OUTBOX_NOW + 60, 10, &rows, &n, ei),
                     BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, m[1].id);
    /* Leased: nothing more is due now. */
    assert_int_equal(bl_store_outbox_claim(tx, OUTBOX_NOW, OUTBOX_NOW + 60, 10, &rows, &n, ei),
                     BL_OK);
    assert_int_equal(n, 0);

    /* Sent once; a failure pushes the next attempt and keeps the error. */
    assert_int_equal(bl_store_outbox_sent(tx, m[0].id, OUTBOX_NOW + 1, ei), BL_OK);
    assert_int_equal(bl_store_outbox_sent(tx, m[0].id, OUTBOX_NOW + 2, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_outbox_failed(tx, m[0].id, 0, "x", ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_outbox_failed(tx, m[1].id, OUTBOX_NOW + 300, "421 try later", ei),
                     BL_OK);
    assert_int_equal(bl_store_outbox_get(tx, m[1].id, &got, ei), BL_OK);
    assert_int_equal(got.next_attempt_at, OUTBOX_NOW + 300);
    assert_string_equal(got.last_error, "421 try later");
    assert_int_equal(got.attempts, 1);
    /* The lease ended: the later message and the retried one come back, in due order. */
    assert_int_equal(
        bl_store_outbox_claim(tx, OUTBOX_NOW + 400, OUTBOX_NOW + 460, 10, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_true((rows[0].id == m[2].id && rows[1].id == m[1].id) ||
                (rows[0].id == m[1].id && rows[1].id == m[2].id));
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == m[1].id)
            assert_int_equal(rows[i].attempts, 2);
    /* Given up: never due again, the error kept; a sent one is not claimed either. */
    assert_int_equal(
        bl_store_outbox_failed(tx, m[1].id, BL_OUTBOX_GIVEN_UP, "550 no such user", ei), BL_OK);
    assert_int_equal(bl_store_outbox_sent(tx, m[2].id, OUTBOX_NOW + 401, ei), BL_OK);
    assert_int_equal(bl_store_outbox_claim(tx, OUTBOX_FAR - 1, OUTBOX_FAR, 10, &rows, &n, ei),
                     BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_outbox_get(tx, m[1].id, &got, ei), BL_OK);
    assert_int_equal(got.next_attempt_at, BL_OUTBOX_GIVEN_UP);
    assert_string_equal(got.last_error, "550 no such user");
    assert_int_equal(got.sent_at, 0);
    assert_int_equal(bl_store_outbox_get(tx, m[2].id, &got, ei), BL_OK);
    assert_int_equal(got.sent_at, OUTBOX_NOW + 401);
    assert_int_equal(bl_store_outbox_get(tx, m[2].id + 1000000, &got, ei), BL_ENOTFOUND);
    return BL_OK;
}

static void test_outbox(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_outbox, NULL), BL_OK);
}

/* Two senders claiming at once never get the same message. */
static enum bl_err tx_outbox_fill(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("oborg2"));
    (void)ctx;
    outbox_drain(tx, ei);
    for (int i = 0; i < OUTBOX_BATCH; i++) {
        struct bl_outbox m = outbox_msg(org, 0, OUTBOX_NOW + i, "m");
        assert_int_equal(bl_store_outbox_enqueue(tx, &m, ei), BL_OK);
    }
    return BL_OK;
}

struct claimer {
    int64_t ids[OUTBOX_BATCH];
    size_t n;
    int64_t got[3]; /* the last attempt's claim: an attempt may be retried */
    size_t ngot;
    int failed;
};

static enum bl_err tx_claim3(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct claimer *c = ctx;
    struct bl_outbox *rows = NULL;
    size_t n = 0;
    enum bl_err e =
        bl_store_outbox_claim(tx, OUTBOX_NOW + 1000, OUTBOX_NOW + 100000, 3, &rows, &n, ei);
    c->ngot = 0;
    for (size_t i = 0; e == BL_OK && i < n && i < 3; i++)
        c->got[c->ngot++] = rows[i].id;
    return e;
}

static void *claimer_run(void *arg)
{
    struct claimer *c = arg;
    do {
        if (bl_store_run(S, BL_TX_WRITE, tx_claim3, c, NULL) != BL_OK) {
            c->failed = 1;
            break;
        }
        for (size_t i = 0; i < c->ngot && c->n < OUTBOX_BATCH; i++)
            c->ids[c->n++] = c->got[i];
    } while (c->ngot > 0);
    return NULL;
}

static void test_outbox_concurrent_claims(void **state)
{
    struct claimer c1 = {0}, c2 = {0};
    pthread_t t1, t2;
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_outbox_fill, NULL), BL_OK);
    assert_int_equal(pthread_create(&t1, NULL, claimer_run, &c1), 0);
    assert_int_equal(pthread_create(&t2, NULL, claimer_run, &c2), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    assert_int_equal(c1.failed + c2.failed, 0);
    assert_int_equal(c1.n + c2.n, OUTBOX_BATCH);
    for (size_t i = 0; i < c1.n; i++)
        for (size_t j = 0; j < c2.n; j++)
            assert_true(c1.ids[i] != c2.ids[j]);
    printf("# %s: %d messages claimed by two senders: %zu + %zu\n", bl_store_backend(S),
           OUTBOX_BATCH, c1.n, c2.n);
}

/* ---- CSV imports (q_import.c) ------------------------------------------------ */

static enum bl_err tx_imports(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("imorg"));
    struct bl_badgeclass b = {.uid = u("imb"), .org_id = org, .name = "I", .description = "d"};
    static const unsigned char data[] = {'n', 'o', 'm', ';', 0xE9, '\0', '\n', 0xFF};
    struct bl_import old = {.uid = u("im-old"),
                            .org_id = org,
                            .account_id = 3,
                            .filename = "vieux.csv",
                            .data = data,
                            .data_len = 1,
                            .mapping = "[]",
                            .created_at = 100};
    struct bl_import im = old, got;
    const char *award_uid = NULL;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &b, ei), BL_OK);
    old.badgeclass_id = im.badgeclass_id = b.id;
    assert_int_equal(bl_store_import_insert(tx, &old, ei), BL_OK);
    im.uid = u("im-new");
    im.filename = "jeunes.csv";
    im.data_len = sizeof data; /* binary bytes, a NUL included, come back as they were */
    im.mapping = "[\"nom\",\"email\"]";
    im.created_at = 200000;
    assert_int_equal(bl_store_import_insert(tx, &im, ei), BL_OK);
    assert_true(im.id > old.id);
    assert_int_equal(bl_store_import_by_uid(tx, u("im-new"), &got, ei), BL_OK);
    assert_int_equal(got.data_len, sizeof data);
    assert_memory_equal(got.data, data, sizeof data);
    assert_string_equal(got.state, "preview");
    assert_string_equal(got.mapping, "[\"nom\",\"email\"]");
    assert_int_equal(got.badgeclass_id, b.id);
    assert_null(got.results);
    assert_int_equal(bl_store_import_by_uid(tx, u("none"), &got, ei), BL_ENOTFOUND);

    /* The mapping changes in preview only; one claim wins until the heartbeat is stale. */
    assert_int_equal(bl_store_import_set_mapping(tx, im.id, "[\"\",\"email\"]", ei), BL_OK);
    assert_int_equal(bl_store_import_claim(tx, im.id, 7, 1000, 900, ei), BL_OK);
    assert_int_equal(bl_store_import_claim(tx, im.id, 7, 1001, 901, ei), BL_EEXISTS);
    assert_int_equal(bl_store_import_set_mapping(tx, im.id, "[]", ei), BL_EEXISTS);
    im.done = 5, im.issued = 3, im.existing = 1, im.failed = 1;
    assert_int_equal(bl_store_import_progress(tx, &im, 1010, ei), BL_OK);
    assert_int_equal(bl_store_import_by_uid(tx, u("im-new"), &got, ei), BL_OK);
    assert_string_equal(got.state, "running");
    assert_string_equal(got.mapping, "[\"\",\"email\"]");
    assert_int_equal(got.total, 7);
    assert_int_equal(got.done, 5);
    assert_int_equal(got.issued, 3);
    assert_int_equal(got.heartbeat_at, 1010);
    /* A thread that stopped beating is taken over, counters from zero. */
    assert_int_equal(bl_store_import_claim(tx, im.id, 7, 2000, 1011, ei), BL_OK);
    assert_int_equal(bl_store_import_by_uid(tx, u("im-new"), &got, ei), BL_OK);
    assert_int_equal(got.done, 0);
    assert_int_equal(bl_store_import_finish(tx, im.id, "[{\"line\":2}]", 2100, ei), BL_OK);
    assert_int_equal(bl_store_import_by_uid(tx, u("im-new"), &got, ei), BL_OK);
    assert_string_equal(got.state, "done");
    assert_string_equal(got.results, "[{\"line\":2}]");
    assert_int_equal(bl_store_import_claim(tx, im.id, 7, 99999, 99998, ei), BL_EEXISTS);

    /* Purge: only what was created before the cut. */
    assert_int_equal(bl_store_import_purge(tx, 150, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_import_by_uid(tx, u("im-old"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_import_by_uid(tx, u("im-new"), &got, ei), BL_OK);

    /* An award by its import key, in its org only. */
    struct bl_award a = award_for(tx, org, b.id, 0);
    a.uid = u("im-award");
    a.idem_key = "csv:k1";
    assert_int_equal(bl_store_award_insert(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_award_idem_uid(tx, org, "csv:k1", &award_uid, ei), BL_OK);
    assert_string_equal(award_uid, a.uid);
    assert_int_equal(bl_store_award_idem_uid(tx, org, "csv:k2", &award_uid, ei), BL_OK);
    assert_null(award_uid);
    assert_int_equal(bl_store_award_idem_uid(tx, org + 1000, "csv:k1", &award_uid, ei), BL_OK);
    assert_null(award_uid);
    return BL_OK;
}

static void test_imports(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_imports, NULL), BL_OK);
}

/* ---- password resets, sessions of an account, member list (migration 007) -- */

static enum bl_err tx_resets(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t acc = new_account(tx, u("reset@x")), other = new_account(tx, u("reset2@x"));
    int64_t org = new_org(tx, u("resetorg"));
    struct bl_reset r = {
        .token_hash = u("rh1"), .account_id = acc, .created_at = 100, .expires_at = 200};
    struct bl_reset old = {
        .token_hash = u("rh2"), .account_id = acc, .created_at = 10, .expires_at = 50};
    struct bl_reset got;
    struct bl_member *m = NULL;
    int64_t who = -1;
    size_t n = 9;
    (void)ctx;
    assert_int_equal(bl_store_reset_insert(tx, &r, ei), BL_OK);
    assert_int_equal(bl_store_reset_insert(tx, &r, ei), BL_EEXISTS);
    assert_int_equal(bl_store_reset_insert(tx, &old, ei), BL_OK);
    assert_int_equal(bl_store_reset_get(tx, u("rh1"), &got, ei), BL_OK);
    assert_int_equal(got.account_id, acc);
    assert_int_equal(got.expires_at, 200);
    assert_int_equal(got.used_at, 0);
    assert_int_equal(bl_store_reset_get(tx, u("nope"), &got, ei), BL_ENOTFOUND);
    /* Expired at its expiry instant; unknown refused; used once only. */
    assert_int_equal(bl_store_reset_use(tx, u("rh1"), 200, &who, ei), BL_ENOTFOUND);
    assert_int_equal(who, 0);
    assert_int_equal(bl_store_reset_use(tx, u("nope"), 150, &who, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_reset_use(tx, u("rh1"), 150, &who, ei), BL_OK);
    assert_int_equal(who, acc);
    assert_int_equal(bl_store_reset_use(tx, u("rh1"), 151, &who, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_reset_get(tx, u("rh1"), &got, ei), BL_OK);
    assert_int_equal(got.used_at, 150);
    /* Purge: only the links expired before the instant. */
    assert_int_equal(bl_store_reset_purge(tx, 100, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_reset_get(tx, u("rh2"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_reset_get(tx, u("rh1"), &got, ei), BL_OK);

    /* Ending the sessions of one account leaves the others'. */
    struct bl_session s = {.account_id = acc, .csrf = "c", .created_at = 1, .expires_at = 9000};
    struct bl_session got_s;
    s.token_hash = u("rs1");
    assert_int_equal(bl_store_session_insert(tx, &s, ei), BL_OK);
    s.token_hash = u("rs2");
    assert_int_equal(bl_store_session_insert(tx, &s, ei), BL_OK);
    s.token_hash = u("rs3");
    s.account_id = other;
    assert_int_equal(bl_store_session_insert(tx, &s, ei), BL_OK);
    assert_int_equal(bl_store_session_delete_account(tx, acc, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bl_store_session_get(tx, u("rs1"), 1, &got_s, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_session_get(tx, u("rs3"), 1, &got_s, ei), BL_OK);
    assert_int_equal(bl_store_session_delete_account(tx, acc, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    /* Members of an org with their role and whether a password is set. */
    assert_int_equal(bl_store_member_list(tx, org, &m, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_membership_set(tx, org, acc, BL_ROLE_ADMIN, ei), BL_OK);
    assert_int_equal(bl_store_membership_set(tx, org, other, BL_ROLE_VIEWER, ei), BL_OK);
    assert_int_equal(bl_store_account_set_password(tx, other, "$argon2id$x", ei), BL_OK);
    assert_int_equal(bl_store_member_list(tx, org, &m, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(m[0].email, u("reset2@x")); /* same name "N": by email */
    assert_int_equal(m[0].role, BL_ROLE_VIEWER);
    assert_int_equal(m[0].has_password, 1);
    assert_int_equal(m[1].account_id, acc);
    assert_int_equal(m[1].role, BL_ROLE_ADMIN);
    assert_int_equal(m[1].has_password, 0);
    return BL_OK;
}

static void test_resets(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_resets, NULL), BL_OK);
}

/* ---- events (migration 009) ----------------------------------------------- */

static enum bl_err tx_events(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("evorg")), other = new_org(tx, u("evorg2"));
    struct bl_badgeclass p = {
        .uid = u("evp"), .org_id = org, .name = "Participation", .description = "d"};
    struct bl_badgeclass s1 = {
        .uid = u("evs1"), .org_id = org, .name = "Atelier CV", .description = "d"};
    struct bl_badgeclass s2 = {
        .uid = u("evs2"), .org_id = org, .name = "Défi sportif", .description = "d"};
    struct bl_event got, *rows = NULL;
    struct bl_event_badge *b = NULL;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &p, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &s1, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &s2, ei), BL_OK);
    struct bl_event ev = {.uid = u("ev1"),
                          .org_id = org,
                          .name = "Salon « Jeunes »",
                          .starts_at = 1000,
                          .ends_at = 5000,
                          .claim_from = 900,
                          .claim_until = 6000,
                          .capacity = 2,
                          .pin = "4321",
                          .rotate_s = 30,
                          .participation_badge_id = p.id,
                          .created_at = 1,
                          .updated_at = 1};
    struct bl_event ev2 = {.uid = u("ev2"),
                           .org_id = org,
                           .name = "Atelier",
                           .starts_at = 9000,
                           .ends_at = 9100,
                           .claim_from = 9000,
                           .claim_until = 9100,
                           .rotate_s = 60,
                           .participation_badge_id = p.id,
                           .created_at = 2,
                           .updated_at = 2};
    assert_int_equal(bl_store_event_insert(tx, &ev, ei), BL_OK);
    assert_int_equal(bl_store_event_insert(tx, &ev2, ei), BL_OK);
    assert_true(ev.id > 0 && ev2.id > ev.id);
    assert_int_equal(bl_store_event_by_uid(tx, u("ev1"), &got, ei), BL_OK);
    assert_string_equal(got.name, "Salon « Jeunes »");
    assert_null(got.place);
    assert_string_equal(got.pin, "4321");
    assert_int_equal(got.capacity, 2);
    assert_int_equal(got.claim_until, 6000);
    assert_string_equal(got.participation_badge_uid, u("evp"));
    assert_string_equal(got.participation_badge_name, "Participation");
    assert_int_equal(bl_store_event_by_uid(tx, u("nope"), &got, ei), BL_ENOTFOUND);
    /* The latest start first; another org sees none. */
    assert_int_equal(bl_store_event_list(tx, org, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].uid, u("ev2"));
    assert_int_equal(bl_store_event_list(tx, other, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    /* Update, then the stand badges: replaced as a set, the participation badge first. */
    ev.place = "Paris 13e";
    ev.pin = NULL;
    ev.approval = 1;
    ev.updated_at = 7;
    assert_int_equal(bl_store_event_update(tx, &ev, ei), BL_OK);
    assert_int_equal(bl_store_event_by_uid(tx, u("ev1"), &got, ei), BL_OK);
    assert_string_equal(got.place, "Paris 13e");
    assert_null(got.pin);
    assert_int_equal(got.approval, 1);
    int64_t ids[] = {s2.id, s1.id, s1.id};
    assert_int_equal(bl_store_event_stands_set(tx, ev.id, ids, 3, ei), BL_OK);
    assert_int_equal(bl_store_event_badges(tx, &got, &b, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(b[0].participation, 1);
    assert_string_equal(b[0].uid, u("evp"));
    assert_string_equal(b[1].name, "Atelier CV");
    assert_string_equal(b[2].name, "Défi sportif");
    assert_int_equal(bl_store_event_stands_set(tx, ev.id, ids, 1, ei), BL_OK);
    assert_int_equal(bl_store_event_badges(tx, &got, &b, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(b[1].name, "Défi sportif");
    int64_t counts[3], stands = -1;
    assert_int_equal(bl_store_claim_counts(tx, ev.id, counts, org, "stand:x:", &stands, ei), BL_OK);
    assert_int_equal(counts[0] + counts[1] + counts[2], 0);
    assert_int_equal(stands, 0);

    /* Claims: one per holder and per code; the capacity (2) is checked at insert. */
    struct bl_holder_rec h[3] = {{.uid = u("evh1"), .first_name = "Lina", .created_at = 1},
                                 {.uid = u("evh2"), .first_name = "Omar", .created_at = 1},
                                 {.uid = u("evh3"), .first_name = "Zoé", .created_at = 1}};
    for (int i = 0; i < 3; i++)
        assert_int_equal(bl_store_holder_insert(tx, &h[i], ei), BL_OK);
    struct bl_event_claim c1 = {.event_id = ev.id,
                                .holder_id = h[0].id,
                                .first_name = "Lina",
                                .email = "lina@x.org",
                                .code = "ABC234",
                                .claimed_at = 1000};
    struct bl_event_claim c2 = {.event_id = ev.id,
                                .holder_id = h[1].id,
                                .first_name = "Omar",
                                .phone = "+33612345678",
                                .code = "XYZ789",
                                .claimed_at = 4700};
    struct bl_event_claim c3 = {.event_id = ev.id,
                                .holder_id = h[2].id,
                                .first_name = "Zoé",
                                .code = "ABC234",
                                .claimed_at = 4800};
    struct bl_event_claim cg, *cl = NULL;
    assert_int_equal(bl_store_claim_insert(tx, &c1, 2, ei), BL_OK);
    assert_true(c1.id > 0);
    struct bl_event_claim again = c1;
    again.code = "QQQ222";
    assert_int_equal(bl_store_claim_insert(tx, &again, 2, ei), BL_EEXISTS); /* same holder */
    assert_int_equal(bl_store_claim_insert(tx, &c3, 0, ei), BL_EEXISTS);    /* same code */
    assert_int_equal(bl_store_claim_insert(tx, &c2, 2, ei), BL_OK);
    c3.code = "MNP345";
    assert_int_equal(bl_store_claim_insert(tx, &c3, 2, ei), BL_ELIMIT); /* full */
    /* Found by holder, else by email, else by phone. */
    assert_int_equal(bl_store_claim_find(tx, ev.id, h[1].id, NULL, NULL, &cg, ei), BL_OK);
    assert_int_equal(cg.id, c2.id);
    assert_string_equal(cg.holder_uid, u("evh2"));
    assert_null(cg.award_uid);
    assert_int_equal(bl_store_claim_find(tx, ev.id, h[2].id, "lina@x.org", NULL, &cg, ei), BL_OK);
    assert_int_equal(cg.id, c1.id);
    assert_int_equal(bl_store_claim_find(tx, ev.id, 0, NULL, "+33612345678", &cg, ei), BL_OK);
    assert_int_equal(cg.id, c2.id);
    assert_int_equal(bl_store_claim_find(tx, ev.id, h[2].id, "z@x.org", "+33600000000", &cg, ei),
                     BL_ENOTFOUND);
    assert_int_equal(bl_store_claim_find(tx, ev2.id, h[0].id, NULL, NULL, &cg, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_claim_by_code(tx, ev.id, "XYZ789", &cg, ei), BL_OK);
    assert_string_equal(cg.first_name, "Omar");
    assert_int_equal(bl_store_claim_by_code(tx, ev2.id, "XYZ789", &cg, ei), BL_ENOTFOUND);
    /* Issued with an award; then the lists and counts see it. */
    struct bl_award aw = award_for(tx, org, p.id, 0);
    aw.uid = u("eva0");
    aw.idem_key = u("stand-key");
    assert_int_equal(bl_store_award_insert(tx, &aw, ei), BL_OK);
    assert_int_equal(bl_store_claim_decide(tx, c1.id, BL_CLAIM_ISSUED, aw.id, 2000, ei), BL_OK);
    assert_int_equal(bl_store_claim_decide(tx, 999999999, BL_CLAIM_ISSUED, 0, 1, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_claim_list(tx, ev.id, -1, &cl, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(cl[0].first_name, "Lina");
    assert_int_equal(cl[0].status, BL_CLAIM_ISSUED);
    assert_string_equal(cl[0].award_uid, aw.uid);
    assert_int_equal(cl[0].decided_at, 2000);
    assert_int_equal(bl_store_claim_list(tx, ev.id, BL_CLAIM_PENDING, &cl, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(cl[0].first_name, "Omar");
    assert_int_equal(bl_store_claim_counts(tx, ev.id, counts, org, u("stand"), &stands, ei), BL_OK);
    assert_int_equal(counts[BL_CLAIM_PENDING], 1);
    assert_int_equal(counts[BL_CLAIM_ISSUED], 1);
    assert_int_equal(stands, 1);
    /* Per hour from 0: 1000 is in hour 0, 4700 in hour 1 (the third claim was refused). */
    int64_t hours[3];
    assert_int_equal(bl_store_claim_per_hour(tx, ev.id, 0, 3, hours, ei), BL_OK);
    assert_int_equal(hours[0], 1);
    assert_int_equal(hours[1], 1);
    assert_int_equal(hours[2], 0);
    assert_int_equal(bl_store_claim_per_hour(tx, ev.id, 0, BL_STORE_HOURS_MAX + 1, hours, ei),
                     BL_EINVAL);
    return BL_OK;
}

static void test_events(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_events, NULL), BL_OK);
}

/* ---- holders (q_holder.c, migration 008) ---- */

static enum bl_err tx_holders(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("hoorg")), owner = 0;
    struct bl_badgeclass bc = {
        .uid = u("hb"), .org_id = org, .name = "Secourisme", .description = "d"};
    struct bl_holder_rec h1 = {.uid = u("h1"),
                               .first_name = "Lina",
                               .birth_year = 2009,
                               .link_hash = u("lh1"),
                               .created_at = 100};
    struct bl_holder_rec h2 = {
        .uid = u("h2"), .first_name = "Sam", .link_hash = u("lh2"), .created_at = 101};
    struct bl_holder_rec got;
    struct bl_holder_ident *ids;
    struct bl_award_brief *aw;
    size_t n = 0;
    char mail[64], mail2[64];
    (void)ctx;
    (void)snprintf(mail, sizeof mail, "%s-lina@example.org", P);
    (void)snprintf(mail2, sizeof mail2, "%s-sam@example.org", P);
    assert_int_equal(bl_store_holder_insert(tx, &h1, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &h2, ei), BL_OK);
    assert_true(h1.id > 0 && h2.id != h1.id);
    struct bl_holder_rec dup = {.uid = u("h1"), .created_at = 1};
    assert_int_equal(bl_store_holder_insert(tx, &dup, ei), BL_EEXISTS);

    assert_int_equal(bl_store_holder_get(tx, h1.id, &got, ei), BL_OK);
    assert_string_equal(got.uid, h1.uid);
    assert_string_equal(got.first_name, "Lina");
    assert_int_equal(got.birth_year, 2009);
    assert_null(got.password_hash);
    assert_int_equal(got.deleted_at, 0);
    assert_int_equal(bl_store_holder_by_uid(tx, u("h2"), &got, ei), BL_OK);
    assert_int_equal(got.id, h2.id);
    assert_int_equal(bl_store_holder_by_link(tx, u("lh1"), &got, ei), BL_OK);
    assert_int_equal(got.id, h1.id);
    assert_int_equal(bl_store_holder_by_link(tx, u("nolink"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_get(tx, h2.id + 1000000, &got, ei), BL_ENOTFOUND);

    /* Identifiers: the same unproven address on two holders; proven by one only. */
    struct bl_holder_ident i1 = {
        .holder_id = h1.id, .kind = "email", .value = mail, .created_at = 5};
    struct bl_holder_ident i2 = {
        .holder_id = h2.id, .kind = "email", .value = mail, .created_at = 6};
    struct bl_holder_ident i3 = {.holder_id = h1.id,
                                 .kind = "phone",
                                 .value = "+33612345678",
                                 .verified_at = 7,
                                 .created_at = 7};
    assert_int_equal(bl_store_holder_ident_add(tx, &i1, ei), BL_OK);
    assert_int_equal(bl_store_holder_ident_add(tx, &i2, ei), BL_OK);
    assert_int_equal(bl_store_holder_ident_add(tx, &i3, ei), BL_OK);
    struct bl_holder_ident again = i1;
    assert_int_equal(bl_store_holder_ident_add(tx, &again, ei), BL_EEXISTS);
    assert_int_equal(bl_store_holder_ident_list(tx, h1.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0].kind, "phone"); /* verified first */
    assert_string_equal(ids[1].value, mail);
    assert_int_equal(ids[1].verified_at, 0);
    assert_int_equal(bl_store_holder_ident_owner(tx, "email", mail, &owner, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_ident_verify(tx, h1.id, "email", mail, 50, ei), BL_OK);
    assert_int_equal(bl_store_holder_ident_verify(tx, h1.id, "email", mail, 51, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_ident_verify(tx, h2.id, "email", mail, 52, ei), BL_EEXISTS);
    assert_int_equal(bl_store_holder_ident_owner(tx, "email", mail, &owner, ei), BL_OK);
    assert_int_equal(owner, h1.id);
    assert_int_equal(bl_store_holder_ident_owner(tx, "phone", "+33612345678", &owner, ei), BL_OK);
    assert_int_equal(owner, h1.id);

    /* Awards: by a verified address, by phone, by claim; not by an unverified address. */
    assert_int_equal(bl_store_badgeclass_insert(tx, &bc, ei), BL_OK);
    struct bl_award a[4];
    for (int i = 0; i < 4; i++) {
        char uid[16];
        (void)snprintf(uid, sizeof uid, "ha%d", i);
        a[i] = (struct bl_award){.uid = bl_arena_strdup(bl_tx_arena(tx), u(uid)),
                                 .org_id = org,
                                 .badgeclass_id = bc.id,
                                 .recipient_salt = "s",
                                 .issued_at = 2000 + i,
                                 .status_index = i};
    }
    a[0].recipient_email = mail;
    a[1].recipient_phone = "+33612345678";
    a[2].recipient_email = mail2; /* claimed below */
    a[3].recipient_email = mail2;
    for (int i = 0; i < 4; i++)
        assert_int_equal(bl_store_award_insert(tx, &a[i], ei), BL_OK);
    assert_int_equal(bl_store_award_set_holder(tx, a[2].id, h1.id, ei), BL_OK);
    assert_int_equal(bl_store_award_set_holder(tx, a[2].id + 1000000, h1.id, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_awards(tx, h1.id, &aw, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(aw[0].id, a[2].id); /* newest first */
    assert_int_equal(aw[1].id, a[1].id);
    assert_int_equal(aw[2].id, a[0].id);
    assert_string_equal(aw[0].badge_name, "Secourisme");
    assert_int_equal(bl_store_holder_awards(tx, h2.id, &aw, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    /* Detach: the claim goes, the verified address still brings a[0]. */
    assert_int_equal(bl_store_award_set_holder(tx, a[2].id, 0, ei), BL_OK);
    assert_int_equal(bl_store_holder_awards(tx, h1.id, &aw, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    return BL_OK;
}

static void test_holders(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_holders, NULL), BL_OK);
}

/* ---- backpack: codes, sessions, shares, merge, outbox channels (q_backpack.c, 010) ---- */

static enum bl_err tx_backpack(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("bporg")), tries = 0, *others = NULL, owner = 0, mid = 0;
    struct bl_badgeclass bc = {.uid = u("bpb"), .org_id = org, .name = "B", .description = "d"};
    struct bl_holder_rec a = {
        .uid = u("bpa"), .first_name = "", .link_hash = u("bpla"), .created_at = 10};
    struct bl_holder_rec b = {.uid = u("bpb"),
                              .first_name = "Noa",
                              .birth_year = 2010,
                              .link_hash = u("bplb"),
                              .created_at = 11};
    struct bl_holder_rec got;
    struct bl_holder_code c, cg;
    struct bl_holder_session hs;
    struct bl_holder_share sh, shg;
    struct bl_holder_ident *ids;
    struct bl_award_brief *aw;
    struct bl_outbox m;
    size_t n = 0;
    char phone[32], mail[64];
    (void)ctx;
    (void)snprintf(phone, sizeof phone, "+3370%07d", (int)(getpid() % 10000000));
    (void)snprintf(mail, sizeof mail, "%s-bp@example.org", P);
    assert_int_equal(bl_store_holder_insert(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &b, ei), BL_OK);

    /* Codes: newest unused unexpired; attempts; used once; by link. */
    c = (struct bl_holder_code){.kind = "email",
                                .value = mail,
                                .purpose = "signin",
                                .code_hash = "h1",
                                .link_hash = u("cl1"),
                                .created_at = 100,
                                .expires_at = 1000};
    assert_int_equal(bl_store_hcode_insert(tx, &c, ei), BL_OK);
    struct bl_holder_code c2 = c;
    c2.code_hash = "h2";
    c2.link_hash = u("cl2");
    c2.created_at = 101;
    c2.purpose = "add";
    c2.holder_id = a.id;
    assert_int_equal(bl_store_hcode_insert(tx, &c2, ei), BL_OK);
    struct bl_holder_code dup = c;
    assert_int_equal(bl_store_hcode_insert(tx, &dup, ei), BL_EEXISTS);
    assert_int_equal(bl_store_hcode_latest(tx, "email", mail, "signin", 500, &cg, ei), BL_OK);
    assert_int_equal(cg.id, c.id);
    assert_string_equal(cg.code_hash, "h1");
    assert_int_equal(cg.holder_id, 0);
    assert_int_equal(bl_store_hcode_latest(tx, "email", mail, "add", 500, &cg, ei), BL_OK);
    assert_int_equal(cg.holder_id, a.id);
    assert_int_equal(bl_store_hcode_latest(tx, "email", mail, "signin", 1000, &cg, ei),
                     BL_ENOTFOUND); /* expired */
    assert_int_equal(bl_store_hcode_attempt(tx, c.id, &tries, ei), BL_OK);
    assert_int_equal(bl_store_hcode_attempt(tx, c.id, &tries, ei), BL_OK);
    assert_int_equal(tries, 2);
    assert_int_equal(bl_store_hcode_by_link(tx, u("cl1"), 500, &cg, ei), BL_OK);
    assert_int_equal(cg.attempts, 2);
    assert_int_equal(bl_store_hcode_use(tx, c.id, 600, ei), BL_OK);
    assert_int_equal(bl_store_hcode_use(tx, c.id, 601, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcode_by_link(tx, u("cl1"), 700, &cg, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcode_latest(tx, "email", mail, "signin", 700, &cg, ei),
                     BL_ENOTFOUND);

    /* Sessions: expiry, a deleted holder's session is gone, delete once. */
    hs = (struct bl_holder_session){.token_hash = u("hs1"),
                                    .holder_id = a.id,
                                    .csrf = "x",
                                    .created_at = 1,
                                    .expires_at = 5000};
    assert_int_equal(bl_store_hsession_insert(tx, &hs, ei), BL_OK);
    hs.token_hash = u("hs2");
    hs.holder_id = b.id;
    assert_int_equal(bl_store_hsession_insert(tx, &hs, ei), BL_OK);
    struct bl_holder_session hg;
    assert_int_equal(bl_store_hsession_get(tx, u("hs1"), 4999, &hg, ei), BL_OK);
    assert_int_equal(hg.holder_id, a.id);
    assert_string_equal(hg.csrf, "x");
    assert_int_equal(bl_store_hsession_get(tx, u("hs1"), 5000, &hg, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hsession_delete(tx, u("hs1"), ei), BL_OK);
    assert_int_equal(bl_store_hsession_delete(tx, u("hs1"), ei), BL_ENOTFOUND);

    /* Shares: live by token and by award; withdrawn: gone. */
    assert_int_equal(bl_store_badgeclass_insert(tx, &bc, ei), BL_OK);
    struct bl_award w = {.uid = u("bpw"),
                         .org_id = org,
                         .badgeclass_id = bc.id,
                         .recipient_phone = phone,
                         .recipient_salt = "s",
                         .issued_at = 5,
                         .status_index = 0};
    assert_int_equal(bl_store_award_insert(tx, &w, ei), BL_OK);
    assert_int_equal(bl_store_award_set_holder(tx, w.id, b.id, ei), BL_OK);
    sh = (struct bl_holder_share){
        .token = u("sh1"), .holder_id = b.id, .award_id = w.id, .created_at = 3};
    assert_int_equal(bl_store_hshare_insert(tx, &sh, ei), BL_OK);
    struct bl_holder_share shd = sh;
    assert_int_equal(bl_store_hshare_insert(tx, &shd, ei), BL_EEXISTS);
    assert_int_equal(bl_store_hshare_by_token(tx, u("sh1"), &shg, ei), BL_OK);
    assert_int_equal(shg.award_id, w.id);
    assert_int_equal(bl_store_hshare_for_award(tx, b.id, w.id, &shg, ei), BL_OK);
    assert_string_equal(shg.token, u("sh1"));
    assert_int_equal(bl_store_hshare_for_award(tx, a.id, w.id, &shg, ei), BL_ENOTFOUND);

    /* Merge b into a: award, identifiers, shares move; b's session ends; its link opens a. */
    struct bl_holder_ident ib = {
        .holder_id = b.id, .kind = "phone", .value = phone, .verified_at = 0, .created_at = 9};
    struct bl_holder_ident ia = {
        .holder_id = a.id, .kind = "phone", .value = phone, .verified_at = 0, .created_at = 9};
    assert_int_equal(bl_store_holder_ident_add(tx, &ib, ei), BL_OK);
    assert_int_equal(bl_store_holder_ident_add(tx, &ia, ei), BL_OK);
    assert_int_equal(bl_store_holder_ident_others(tx, "phone", phone, a.id, &others, &n, ei),
                     BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(others[0], b.id);
    assert_int_equal(bl_store_holder_merge(tx, b.id, a.id, 900, ei), BL_OK);
    assert_int_equal(bl_store_holder_merge(tx, a.id, a.id, 900, ei), BL_EINVAL);
    assert_int_equal(bl_store_holder_get(tx, b.id, &got, ei), BL_OK);
    assert_int_equal(got.deleted_at, 900);
    assert_string_equal(got.first_name, "");
    assert_int_equal(bl_store_holder_get(tx, a.id, &got, ei), BL_OK);
    assert_string_equal(got.first_name, "Noa"); /* a had none */
    assert_int_equal(got.birth_year, 2010);
    /* The merged holder's personal link opens nothing (q_holder.c). */
    assert_int_equal(bl_store_holder_by_link(tx, u("bplb"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hsession_get(tx, u("hs2"), 1, &hg, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_ident_list(tx, a.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 1); /* the duplicate phone went */
    assert_int_equal(bl_store_holder_ident_list(tx, b.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_holder_awards(tx, a.id, &aw, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(aw[0].id, w.id);
    assert_int_equal(bl_store_hshare_by_token(tx, u("sh1"), &shg, ei), BL_OK);
    assert_int_equal(shg.holder_id, a.id);
    assert_int_equal(bl_store_holder_ident_claimant(tx, "phone", phone, &owner, ei), BL_OK);
    assert_int_equal(owner, a.id);
    assert_int_equal(bl_store_holder_ident_others(tx, "phone", phone, a.id, &others, &n, ei),
                     BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_holder_set_minor_public(tx, a.id, 1, ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, a.id, &got, ei), BL_OK);
    assert_int_equal(got.minor_public, 1);
    assert_int_equal(bl_store_hshare_withdraw(tx, a.id, 0, 950, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_hshare_by_token(tx, u("sh1"), &shg, ei), BL_ENOTFOUND);

    /* The outbox: a message of no organisation on a channel; the mailer claims email only. */
    assert_int_equal(
        bl_store_outbox_enqueue_channel(tx, "sms", phone, "SMS", "code 123456", "", 2, &mid, ei),
        BL_OK);
    assert_true(mid > 0);
    assert_int_equal(bl_store_outbox_last_to(tx, "sms", phone, &m, ei), BL_OK);
    assert_string_equal(m.body_text, "code 123456");
    assert_int_equal(m.org_id, 0);
    assert_int_equal(bl_store_outbox_last_to(tx, "email", phone, &m, ei), BL_ENOTFOUND);
    struct bl_outbox *claimed;
    assert_int_equal(bl_store_outbox_claim(tx, 3, 100, BL_OUTBOX_CLAIM_MAX, &claimed, &n, ei),
                     BL_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(claimed[i].id, mid);
    /* The SMS gateway claims the sms channel only; a refusal given up is never claimed again. */
    assert_int_equal(
        bl_store_outbox_claim_channel(tx, "sms", 3, 100, BL_OUTBOX_CLAIM_MAX, &claimed, &n, ei),
        BL_OK);
    size_t found = 0;
    for (size_t i = 0; i < n; i++)
        if (claimed[i].id == mid) {
            found++;
            assert_int_equal(claimed[i].attempts, 1);
            assert_int_equal(claimed[i].next_attempt_at, 100);
            assert_string_equal(claimed[i].to_addr, phone);
        }
    assert_int_equal(found, 1);
    assert_int_equal(
        bl_store_outbox_failed(tx, mid, BL_OUTBOX_GIVEN_UP, "sms gateway: HTTP 400", ei), BL_OK);
    assert_int_equal(
        bl_store_outbox_claim_channel(tx, "sms", 1000, 2000, BL_OUTBOX_CLAIM_MAX, &claimed, &n, ei),
        BL_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(claimed[i].id, mid);
    assert_int_equal(bl_store_outbox_last_to(tx, "sms", phone, &m, ei), BL_OK);
    assert_int_equal(m.next_attempt_at, BL_OUTBOX_GIVEN_UP);
    assert_string_equal(m.last_error, "sms gateway: HTTP 400");
    assert_int_equal(m.expires_at, 0); /* queued without an expiry (migration 021) */
    /* A message with its own expiry keeps it, read back and claimed (migration 021). */
    int64_t mid2;
    assert_int_equal(bl_store_outbox_enqueue_expiring(tx, "sms", phone, "SMS", "avis", "", 2000,
                                                      2000 + 259200, &mid2, ei),
                     BL_OK);
    assert_int_equal(bl_store_outbox_last_to(tx, "sms", phone, &m, ei), BL_OK);
    assert_int_equal(m.id, mid2);
    assert_int_equal(m.expires_at, 2000 + 259200);
    assert_int_equal(
        bl_store_outbox_claim_channel(tx, "sms", 2000, 2100, BL_OUTBOX_CLAIM_MAX, &claimed, &n, ei),
        BL_OK);
    found = 0;
    for (size_t i = 0; i < n; i++)
        if (claimed[i].id == mid2) {
            found++;
            assert_int_equal(claimed[i].expires_at, 2000 + 259200);
            assert_string_equal(claimed[i].body_text, "avis");
        }
    assert_int_equal(found, 1);

    /* Imports: payload kept as bytes, newest first, verdict updated, only the holder's own. */
    const unsigned char bytes[] = {0x89, 'P', 'N', 'G', 0, 1, 2};
    struct bl_holder_import im1 = {.holder_id = a.id,
                                   .source = "file",
                                   .payload = bytes,
                                   .payload_len = sizeof bytes,
                                   .verdict = "valid",
                                   .achievement = "Nager",
                                   .issuer = "Club",
                                   .report_json = "{}",
                                   .verified_at = 20,
                                   .created_at = 20};
    struct bl_holder_import im2 = {.holder_id = a.id,
                                   .source = "text",
                                   .payload = (const unsigned char *)"{}",
                                   .payload_len = 2,
                                   .verdict = "error",
                                   .report_json = "{}",
                                   .verified_at = 21,
                                   .created_at = 21};
    struct bl_holder_import *ims, img;
    assert_int_equal(bl_store_himport_insert(tx, &im1, ei), BL_OK);
    assert_int_equal(bl_store_himport_insert(tx, &im2, ei), BL_OK);
    assert_int_equal(bl_store_himport_list(tx, a.id, &ims, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ims[0].id, im2.id);
    assert_null(ims[0].achievement);
    assert_null(ims[0].payload);
    assert_int_equal(bl_store_himport_get(tx, a.id, im1.id, &img, ei), BL_OK);
    assert_int_equal(img.payload_len, sizeof bytes);
    assert_memory_equal(img.payload, bytes, sizeof bytes);
    assert_string_equal(img.issuer, "Club");
    assert_int_equal(bl_store_himport_get(tx, b.id, im1.id, &img, ei), BL_ENOTFOUND);
    im1.verdict = "revoked";
    im1.verified_at = 30;
    assert_int_equal(bl_store_himport_verdict(tx, &im1, ei), BL_OK);
    assert_int_equal(bl_store_himport_get(tx, a.id, im1.id, &img, ei), BL_OK);
    assert_string_equal(img.verdict, "revoked");
    assert_int_equal(img.verified_at, 30);
    im1.holder_id = b.id;
    assert_int_equal(bl_store_himport_verdict(tx, &im1, ei), BL_ENOTFOUND);

    /* Erase a: its award is blanked and detached, its org-less messages and identifiers go. */
    assert_int_equal(bl_store_holder_erase(tx, a.id, 990, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    struct bl_award wg;
    assert_int_equal(bl_store_award_get(tx, w.id, &wg, ei), BL_OK);
    assert_null(wg.recipient_phone);
    assert_null(wg.recipient_name);
    assert_string_equal(wg.uid, w.uid);
    assert_int_equal(bl_store_holder_awards(tx, a.id, &aw, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_holder_ident_list(tx, a.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_outbox_last_to(tx, "sms", phone, &m, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_by_link(tx, u("bpla"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_get(tx, a.id, &got, ei), BL_OK);
    assert_int_equal(got.deleted_at, 990);
    assert_string_equal(got.first_name, "");
    assert_int_equal(bl_store_himport_list(tx, a.id, &ims, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    return BL_OK;
}

static void test_backpack(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_backpack, NULL), BL_OK);
}

/* ---- the optional password of a backpack (q_holder.c) ---- */

static enum bl_err tx_holder_password(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    (void)ctx;
    struct bl_holder_rec h = {.uid = u("hpw"), .first_name = "Lina", .created_at = 5}, got;
    size_t n = 0;
    assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_null(got.password_hash);
    assert_int_equal(bl_store_holder_set_password(tx, h.id, "$argon2id$v=19$x", ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_string_equal(got.password_hash, "$argon2id$v=19$x");
    assert_int_equal(bl_store_holder_set_password(tx, h.id, NULL, ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_null(got.password_hash);
    assert_int_equal(bl_store_holder_set_password(tx, h.id + 1000, "$argon2id$y", ei),
                     BL_ENOTFOUND);
    /* Deletion clears it, and a deleted holder cannot get one back. */
    assert_int_equal(bl_store_holder_set_password(tx, h.id, "$argon2id$v=19$z", ei), BL_OK);
    assert_int_equal(bl_store_holder_erase(tx, h.id, 50, &n, ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_null(got.password_hash);
    assert_int_equal(bl_store_holder_set_password(tx, h.id, "$argon2id$v=19$z", ei), BL_ENOTFOUND);
    /* A lock is a throttle window that starts when it is set, found by its age. */
    const char *lock = u("sacpw-lock:x");
    int64_t hits = -1;
    assert_int_equal(bl_store_throttle_since(tx, lock, 100, &hits, ei), BL_OK);
    assert_int_equal(hits, 0);
    assert_int_equal(bl_store_throttle_hit(tx, lock, 1000, &hits, ei), BL_OK);
    assert_int_equal(bl_store_throttle_since(tx, lock, 1000, &hits, ei), BL_OK);
    assert_int_equal(hits, 1);
    assert_int_equal(bl_store_throttle_since(tx, lock, 101, &hits, ei), BL_OK);
    assert_int_equal(hits, 1);
    assert_int_equal(bl_store_throttle_since(tx, lock, 1001, &hits, ei), BL_OK);
    assert_int_equal(hits, 0); /* older than asked */
    assert_int_equal(bl_store_throttle_since(tx, u("sacpw-lock:y"), 0, &hits, ei), BL_OK);
    assert_int_equal(hits, 0); /* another key */
    return BL_OK;
}

static void test_holder_password(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_holder_password, NULL), BL_OK);
}

/* ---- pathways and progress (migration 013) -------------------------------- */

static enum bl_err tx_pathways(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("pworg")), other = new_org(tx, u("pworg2"));
    struct bl_badgeclass b1 = {.uid = u("pb1"), .org_id = org, .name = "Zeta", .description = "d"};
    struct bl_badgeclass b2 = {.uid = u("pb2"), .org_id = org, .name = "Alpha", .description = "d"};
    struct bl_pathway_row p = {.uid = u("pw1"),
                               .org_id = org,
                               .name = "Prêt pour l’emploi",
                               .definition_json = "{\"root\":\"a\"}",
                               .goal_badgeclass_id = 0,
                               .created_at = 5,
                               .updated_at = 5};
    struct bl_pathway_row got, *rows = NULL;
    struct bl_badge_ref *refs = NULL;
    struct bl_person_award *pa = NULL;
    struct bl_pathway_progress pp, *pps = NULL;
    struct bl_pathway_funnel f;
    size_t n = 9;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &b1, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b2, ei), BL_OK);
    assert_int_equal(bl_store_pathway_insert(tx, &p, ei), BL_OK);
    assert_true(p.id > 0);
    assert_int_equal(bl_store_pathway_insert(tx, &p, ei), BL_EEXISTS);
    assert_int_equal(bl_store_pathway_by_uid(tx, u("pw1"), &got, ei), BL_OK);
    assert_string_equal(got.name, "Prêt pour l’emploi");
    assert_string_equal(got.description, "");
    assert_int_equal(got.goal_badgeclass_id, 0); /* NULL in the table */
    assert_int_equal(got.goal_opportunity_id, 0);
    got.goal_badgeclass_id = b2.id;
    got.description = "desc";
    got.updated_at = 9;
    assert_int_equal(bl_store_pathway_update(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_pathway_by_uid(tx, u("pw1"), &got, ei), BL_OK);
    assert_int_equal(got.goal_badgeclass_id, b2.id);
    assert_int_equal(got.updated_at, 9);
    assert_int_equal(bl_store_pathway_by_uid(tx, u("nope"), &got, ei), BL_ENOTFOUND);
    /* archived carries the time it was archived (int64 on both backends). */
    got.archived = 4102444800; /* 2100-01-01, past 32 bits */
    got.uid = u("pw2");
    got.name = "Archivé";
    assert_int_equal(bl_store_pathway_insert(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_pathway_list(tx, org, 0, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_pathway_list(tx, org, 1, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].archived, 4102444800); /* "Archivé" sorts first */
    assert_int_equal(bl_store_pathway_by_uid(tx, u("pw2"), &got, ei), BL_OK);
    assert_int_equal(got.archived, 4102444800);
    got.archived = 0; /* restored */
    assert_int_equal(bl_store_pathway_update(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_pathway_list(tx, org, 0, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    got.archived = 4102444800;
    assert_int_equal(bl_store_pathway_update(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_pathway_by_id(tx, got.id, &got, ei), BL_OK);
    assert_int_equal(got.archived, 4102444800);
    assert_int_equal(bl_store_pathway_list(tx, other, 1, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    /* Badge references without images, by name. */
    assert_int_equal(bl_store_badge_refs(tx, org, &refs, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(refs[0].name, "Alpha");
    assert_int_equal(refs[0].id, b2.id);

    /* One person's awards, by class then time; another email is not theirs. */
    struct bl_award a1 = award_for(tx, org, b1.id, 101), a2 = award_for(tx, org, b2.id, 102);
    struct bl_award a3 = award_for(tx, org, b1.id, 103), a4 = award_for(tx, org, b1.id, 104);
    a1.issued_at = 300;
    a3.issued_at = 100;
    a4.recipient_email = "autre@example.org";
    assert_int_equal(bl_store_award_insert(tx, &a1, ei), BL_OK);
    assert_int_equal(bl_store_award_insert(tx, &a2, ei), BL_OK);
    assert_int_equal(bl_store_award_insert(tx, &a3, ei), BL_OK);
    assert_int_equal(bl_store_award_insert(tx, &a4, ei), BL_OK);
    assert_int_equal(bl_store_award_revoke(tx, a1.id, 400, "x", ei), BL_OK);
    assert_int_equal(bl_store_person_awards(tx, org, "jeune@example.org", &pa, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    int64_t lo = b1.id < b2.id ? b1.id : b2.id;
    assert_int_equal(pa[0].badgeclass_id, lo);
    if (lo == b1.id) {
        assert_int_equal(pa[0].issued_at, 100);
        assert_int_equal(pa[1].issued_at, 300);
        assert_int_equal(pa[1].revoked_at, 400);
    }
    assert_int_equal(bl_store_person_awards(tx, other, "jeune@example.org", &pa, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    /* Progress rows: insert, replace, list most advanced first, funnel. */
    assert_int_equal(bl_store_pathway_progress_get(tx, p.id, "jeune@example.org", &pp, ei),
                     BL_ENOTFOUND);
    struct bl_pathway_progress w = {
        .pathway_id = p.id, .person_key = "jeune@example.org", .progress_pm = 250, .updated_at = 1};
    assert_int_equal(bl_store_pathway_progress_put(tx, &w, ei), BL_OK);
    w.progress_pm = 1000;
    w.completed_at = 77;
    w.milestone_award_id = a2.id;
    w.milestones_issued = 1;
    assert_int_equal(bl_store_pathway_progress_put(tx, &w, ei), BL_OK);
    assert_int_equal(bl_store_pathway_progress_get(tx, p.id, "jeune@example.org", &pp, ei), BL_OK);
    assert_int_equal(pp.progress_pm, 1000);
    assert_int_equal(pp.completed_at, 77);
    assert_int_equal(pp.milestone_award_id, a2.id);
    assert_int_equal(pp.milestones_issued, 1);
    const char *people[] = {"b@example.org", "c@example.org", "d@example.org"};
    const int64_t pm[] = {600, 100, 0};
    for (int i = 0; i < 3; i++) {
        w = (struct bl_pathway_progress){
            .pathway_id = p.id, .person_key = people[i], .progress_pm = pm[i], .updated_at = 2};
        if (i == 1)
            w.withdrawn_at = 50;
        assert_int_equal(bl_store_pathway_progress_put(tx, &w, ei), BL_OK);
    }
    assert_int_equal(bl_store_pathway_progress_list(tx, p.id, 0, 0, &pps, &n, ei), BL_OK);
    assert_int_equal(n, 4);
    assert_string_equal(pps[0].person_key, "jeune@example.org");
    assert_string_equal(pps[1].person_key, "b@example.org");
    assert_int_equal(bl_store_pathway_progress_list(tx, p.id, 3, 10, &pps, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(pps[0].person_key, "d@example.org");
    assert_int_equal(bl_store_pathway_funnel(tx, p.id, &f, ei), BL_OK);
    assert_int_equal(f.started, 3);
    assert_int_equal(f.halfway, 2);
    assert_int_equal(f.completed, 1);
    assert_int_equal(f.withdrawn, 1);
    assert_int_equal(bl_store_pathway_funnel(tx, got.id, &f, ei), BL_OK);
    assert_int_equal(f.started, 0);
    return BL_OK;
}

static void test_pathways(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_pathways, NULL), BL_OK);
}

/* ---- the network: profiles, frameworks, needs (migration 011) ---------------- */

static enum bl_err tx_network(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t ml = new_org(tx, u("net-ml")), p1 = new_org(tx, u("net-p1")),
            p2 = new_org(tx, u("net-p2"));
    struct bl_org_profile pr = {.org_id = p1,
                                .kind = "employer",
                                .sector = "Boulangerie",
                                .siret = "73282932000074",
                                .contact_name = "Léon",
                                .invited_by = ml,
                                .updated_at = 5};
    struct bl_org_profile got;
    struct bl_partner *parts = NULL;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_profile_put(tx, &pr, ei), BL_OK);
    pr.sector = "Pâtisserie";
    pr.updated_at = 6;
    assert_int_equal(bl_store_profile_put(tx, &pr, ei), BL_OK); /* upsert */
    assert_int_equal(bl_store_profile_get(tx, p1, &got, ei), BL_OK);
    assert_string_equal(got.kind, "employer");
    assert_string_equal(got.sector, "Pâtisserie");
    assert_string_equal(got.siret, "73282932000074");
    assert_null(got.contact_phone);
    assert_int_equal(got.invited_by, ml);
    assert_int_equal(got.updated_at, 6);
    assert_int_equal(bl_store_profile_get(tx, ml, &got, ei), BL_ENOTFOUND);
    pr.org_id = p2;
    pr.kind = "association";
    pr.siret = NULL;
    assert_int_equal(bl_store_profile_put(tx, &pr, ei), BL_OK);
    /* The list: network admins (no profile) before partners. */
    assert_int_equal(bl_store_partner_list(tx, &parts, &n, ei), BL_OK);
    size_t at_ml = n, at_p1 = n;
    for (size_t i = 0; i < n; i++) {
        if (parts[i].org_id == ml)
            at_ml = i;
        if (parts[i].org_id == p1)
            at_p1 = i;
    }
    assert_true(at_ml < n && at_p1 < n && at_ml < at_p1);
    assert_string_equal(parts[at_ml].profile.kind, "network");
    assert_null(parts[at_ml].profile.sector);
    assert_string_equal(parts[at_p1].profile.sector, "Pâtisserie");
    assert_string_equal(parts[at_p1].slug, u("net-p1"));

    /* A framework, its items in file order, search. */
    struct bl_framework fw = {.uid = u("fw1"),
                              .org_id = ml,
                              .name = u("Référentiel"),
                              .version = "4.0",
                              .source_url = "https://example.org/rome",
                              .created_at = 7};
    assert_int_equal(bl_store_framework_insert(tx, &fw, ei), BL_OK);
    struct bl_framework dup = fw;
    dup.uid = u("fw2");
    assert_int_equal(bl_store_framework_insert(tx, &dup, ei), BL_EEXISTS);
    static const char *const codes[] = {"D", "D.1", "D.1.a", "D.2"};
    static const char *const labels[] = {"Domaine", "Objectif 100%", "Être à l'heure", "Équipe"};
    int64_t ids[4];
    for (size_t i = 0; i < 4; i++) {
        struct bl_fw_item it = {.framework_id = fw.id,
                                .code = codes[i],
                                .label = labels[i],
                                .parent_code = i == 0   ? NULL
                                               : i == 2 ? "D.1"
                                                        : "D",
                                .description = i == 2 ? "Ponctualité" : NULL,
                                .depth = i == 2 ? 2 : i > 0,
                                .position = (int64_t)i};
        assert_int_equal(bl_store_fw_item_insert(tx, &it, ei), BL_OK);
        ids[i] = it.id;
    }
    struct bl_fw_item again = {.framework_id = fw.id, .code = "D", .label = "x", .position = 9};
    assert_int_equal(bl_store_fw_item_insert(tx, &again, ei), BL_EEXISTS);
    struct bl_framework fget;
    assert_int_equal(bl_store_framework_by_uid(tx, u("fw1"), &fget, ei), BL_OK);
    assert_int_equal(fget.n_items, 4);
    assert_string_equal(fget.version, "4.0");
    assert_int_equal(bl_store_framework_by_uid(tx, u("fw2"), &fget, ei), BL_ENOTFOUND);
    struct bl_fw_item *items = NULL;
    assert_int_equal(bl_store_fw_items(tx, fw.id, &items, &n, ei), BL_OK);
    assert_int_equal(n, 4);
    assert_string_equal(items[2].code, "D.1.a");
    assert_string_equal(items[2].parent_code, "D.1");
    assert_int_equal(items[2].depth, 2);
    assert_string_equal(items[2].framework_name, u("Référentiel"));
    assert_null(items[0].parent_code);
    /* Search: code or label, ASCII case ignored, '%' and '_' plain. */
    assert_int_equal(bl_store_fw_search(tx, "L'HEURE", 0, &items, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, ids[2]);
    assert_string_equal(items[0].framework_uid, u("fw1"));
    assert_int_equal(bl_store_fw_search(tx, "100%", 0, &items, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_fw_search(tx, "0_%", 0, &items, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    struct bl_fw_item one;
    assert_int_equal(bl_store_fw_item_get(tx, ids[3], &one, ei), BL_OK);
    assert_string_equal(one.label, "Équipe");
    assert_int_equal(bl_store_fw_item_get(tx, -1, &one, ei), BL_ENOTFOUND);

    /* Needs: ranked by supports, then people, then newest. */
    struct bl_need a = {.uid = u("need-a"),
                        .org_id = p1,
                        .title = "A",
                        .description = "a",
                        .people = 2,
                        .created_at = 10};
    struct bl_need b = {.uid = u("need-b"),
                        .org_id = p2,
                        .title = "B",
                        .description = "b",
                        .people = 9,
                        .sector = "Social",
                        .horizon = "6 mois",
                        .created_at = 11};
    assert_int_equal(bl_store_need_insert(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_need_insert(tx, &b, ei), BL_OK);
    assert_int_equal(bl_store_need_item_add(tx, a.id, ids[2], ei), BL_OK);
    assert_int_equal(bl_store_need_item_add(tx, a.id, ids[2], ei), BL_OK); /* once */
    assert_int_equal(bl_store_need_item_add(tx, a.id, ids[3], ei), BL_OK);
    struct bl_need *nl = NULL;
    size_t ia = 0, ib = 0;
#define FIND_NEEDS()                                                                               \
    do {                                                                                           \
        assert_int_equal(bl_store_need_list(tx, &nl, &n, ei), BL_OK);                              \
        ia = ib = n;                                                                               \
        for (size_t i = 0; i < n; i++) {                                                           \
            if (nl[i].id == a.id)                                                                  \
                ia = i;                                                                            \
            if (nl[i].id == b.id)                                                                  \
                ib = i;                                                                            \
        }                                                                                          \
        assert_true(ia < n && ib < n);                                                             \
    } while (0)
    FIND_NEEDS();
    assert_true(ib < ia); /* more people */
    assert_int_equal(bl_store_need_support(tx, a.id, p2, "oui", 20, ei), BL_OK);
    assert_int_equal(bl_store_need_support(tx, a.id, p2, "oui !", 21, ei), BL_OK); /* replaced */
    assert_int_equal(bl_store_need_support(tx, a.id, ml, NULL, 22, ei), BL_OK);
    FIND_NEEDS();
    assert_true(ia < ib);
    assert_int_equal(nl[ia].supports, 2);
    assert_string_equal(nl[ia].org_slug, u("net-p1"));
    struct bl_need one_need;
    assert_int_equal(bl_store_need_by_uid(tx, u("need-b"), &one_need, ei), BL_OK);
    assert_string_equal(one_need.horizon, "6 mois");
    assert_int_equal(one_need.supports, 0);
    assert_int_equal(bl_store_need_by_uid(tx, u("need-z"), &one_need, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_need_items(tx, a.id, &items, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].code, "D.1.a");
    struct bl_need_support *sup = NULL;
    assert_int_equal(bl_store_need_supports(tx, a.id, &sup, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(sup[0].comment, "oui !");
    assert_int_equal(sup[0].org_id, p2);
    assert_null(sup[1].comment);
    struct bl_need_answer ans = {
        .kind = "badge", .ref_uid = u("bc"), .label = "Ponctualité", .created_at = 30};
    struct bl_need_answer *al = NULL;
    assert_int_equal(bl_store_need_answer_add(tx, a.id, &ans, ei), BL_OK);
    assert_int_equal(bl_store_need_answer_add(tx, a.id, &ans, ei), BL_EEXISTS);
    assert_int_equal(bl_store_need_answers(tx, a.id, &al, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(al[0].label, "Ponctualité");
    assert_int_equal(bl_store_need_answers(tx, b.id, &al, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    /* Framework uploads between preview and saving. */
    static const unsigned char data[] = {'c', 0, 0xff, 'd'};
    struct bl_fw_upload up = {.uid = u("up1"),
                              .org_id = ml,
                              .account_id = 3,
                              .data = data,
                              .data_len = sizeof data,
                              .name = "N",
                              .created_at = 100};
    struct bl_fw_upload old = up, gotu;
    old.uid = u("up2");
    old.created_at = 10;
    assert_int_equal(bl_store_fw_upload_insert(tx, &up, ei), BL_OK);
    assert_int_equal(bl_store_fw_upload_insert(tx, &old, ei), BL_OK);
    assert_int_equal(bl_store_fw_upload_by_uid(tx, u("up1"), &gotu, ei), BL_OK);
    assert_int_equal(gotu.data_len, sizeof data);
    assert_memory_equal(gotu.data, data, sizeof data);
    assert_null(gotu.version);
    assert_int_equal(bl_store_fw_upload_delete(tx, 0, 50, ei), BL_OK); /* the stale one */
    assert_int_equal(bl_store_fw_upload_by_uid(tx, u("up2"), &gotu, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_fw_upload_delete(tx, up.id, 0, ei), BL_OK);
    assert_int_equal(bl_store_fw_upload_by_uid(tx, u("up1"), &gotu, ei), BL_ENOTFOUND);
    return BL_OK;
}

static void test_network(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_network, NULL), BL_OK);
}

/* ---- endorsements (q_endorse.c, migration 012) ------------------------------- */

static void endorsement_row(struct bl_endorsement *e, const char *uid, int64_t endorser,
                            int64_t subject_org, int64_t ref, int64_t index, int64_t issued,
                            int64_t expires)
{
    memset(e, 0, sizeof *e);
    e->uid = uid;
    e->endorser_org_id = endorser;
    e->subject_kind = "badge";
    e->subject_ref = ref;
    e->subject_org_id = subject_org;
    e->comment = "Très utile — pour nos métiers";
    e->issued_at = issued;
    e->expires_at = expires;
    e->status_index = index;
    e->ob2_json = "{}";
    e->ob3_json = "{\"a\":1}";
    e->ob3_jwt = "x.y.z";
    e->visible = 1;
}

static enum bl_err tx_endorsements(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    (void)arg;
    int64_t a = new_org(tx, u("endorser")), b = new_org(tx, u("endorsed"));
    int64_t ref = 424242; /* a badge class id: not a foreign key */
    struct bl_endorsement e1, e2, e3, e4, got, *rows = NULL;
    size_t n = 0;
    endorsement_row(&e1, u("en1"), a, b, ref, 7, 100, 0);
    endorsement_row(&e2, u("en2"), a, b, ref, 8, 200, 1000);  /* expires at 1000 */
    endorsement_row(&e3, u("en3"), a, b, ref, 9, 300, 0);     /* hidden */
    endorsement_row(&e4, u("en4"), a, b, ref + 1, 10, 50, 0); /* another subject */
    e3.visible = 0;
    e1.endorser_name = "Jeanne Tutrice";
    assert_int_equal(bl_store_endorsement_insert(tx, &e1, ei), BL_OK);
    assert_true(e1.id > 0);
    assert_int_equal(bl_store_endorsement_insert(tx, &e2, ei), BL_OK);
    assert_int_equal(bl_store_endorsement_insert(tx, &e3, ei), BL_OK);
    assert_int_equal(bl_store_endorsement_insert(tx, &e4, ei), BL_OK);
    /* uid and (endorser, status index) are unique */
    struct bl_endorsement dup = e1;
    dup.uid = u("en-dup");
    assert_int_equal(bl_store_endorsement_insert(tx, &dup, ei), BL_EEXISTS);

    assert_int_equal(bl_store_endorsement_by_uid(tx, u("en1"), &got, ei), BL_OK);
    assert_int_equal(got.id, e1.id);
    assert_string_equal(got.comment, "Très utile — pour nos métiers");
    assert_string_equal(got.endorser_name, "Jeanne Tutrice");
    assert_string_equal(got.endorser_org_slug, u("endorser"));
    assert_string_equal(got.endorser_org_name, u("endorser"));
    assert_string_equal(got.ob3_json, "{\"a\":1}");
    assert_int_equal(got.status_index, 7);
    assert_int_equal(got.visible, 1);
    assert_int_equal(bl_store_endorsement_by_uid(tx, u("nope"), &got, ei), BL_ENOTFOUND);

    /* All of a subject, oldest first; valid ones only at a time. */
    assert_int_equal(bl_store_endorsement_list(tx, "badge", ref, 0, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, e1.id);
    assert_int_equal(rows[2].id, e3.id);
    assert_int_equal(bl_store_endorsement_list(tx, "badge", ref, 999, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2); /* e3 hidden */
    assert_int_equal(bl_store_endorsement_list(tx, "badge", ref, 1000, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1); /* e2 expired at 1000 */
    assert_int_equal(rows[0].id, e1.id);
    assert_int_equal(bl_store_endorsement_list(tx, "org", ref, 0, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    /* Withdrawal: once; listed for the status list; gone from the valid list. */
    assert_int_equal(bl_store_endorsement_withdraw(tx, e1.id, 500, ei), BL_OK);
    assert_int_equal(bl_store_endorsement_withdraw(tx, e1.id, 600, ei), BL_EEXISTS);
    assert_int_equal(bl_store_endorsement_withdraw(tx, -1, 600, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_endorsement_list(tx, "badge", ref, 999, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, e2.id);
    assert_int_equal(bl_store_endorsement_withdrawn(tx, a, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].status_index, 7);
    assert_int_equal(rows[0].withdrawn_at, 500);
    assert_int_equal(bl_store_endorsement_withdrawn(tx, b, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    /* Visibility. */
    assert_int_equal(bl_store_endorsement_set_visible(tx, e3.id, 1, ei), BL_OK);
    assert_int_equal(bl_store_endorsement_list(tx, "badge", ref, 999, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bl_store_endorsement_set_visible(tx, -1, 1, ei), BL_ENOTFOUND);

    /* By endorser, newest first. */
    assert_int_equal(bl_store_endorsement_by_endorser(tx, a, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 4);
    assert_int_equal(rows[0].id, e3.id);
    assert_int_equal(rows[3].id, e4.id);
    return BL_OK;
}

static void test_endorsements(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_endorsements, NULL), BL_OK);
}

/* ---- opportunities and applications (q_opportunity.c, migration 015) ---- */

static enum bl_err tx_opportunities(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("oporg")), other = new_org(tx, u("opother"));
    struct bl_arena *a = bl_tx_arena(tx);
    struct bl_badgeclass bc[3];
    const char *names[3] = {"Zèbre CV %_!", "Zèbre entretien", "Zèbre archivé"};
    for (int i = 0; i < 3; i++) {
        char uid[16];
        (void)snprintf(uid, sizeof uid, "opb%d", i);
        bc[i] = (struct bl_badgeclass){.uid = bl_arena_strdup(a, u(uid)),
                                       .org_id = i == 1 ? other : org,
                                       .name = names[i],
                                       .description = "d"};
        assert_int_equal(bl_store_badgeclass_insert(tx, &bc[i], ei), BL_OK);
    }
    (void)ctx;
    /* Insert, read back, uid taken. */
    struct bl_opp o = {.uid = bl_arena_strdup(a, u("op1")),
                       .org_id = org,
                       .kind = "immersion",
                       .title = "Immersion <cuisine>",
                       .place = "Paris 19e",
                       .start_date = "2026-12-01",
                       .end_date = "2999-12-31",
                       .places = 3,
                       .created_at = 10,
                       .updated_at = 10};
    assert_int_equal(bl_store_opp_insert(tx, &o, ei), BL_OK);
    struct bl_opp dup = o;
    assert_int_equal(bl_store_opp_insert(tx, &dup, ei), BL_EEXISTS);
    struct bl_opp got;
    assert_int_equal(bl_store_opp_by_uid(tx, o.uid, &got, ei), BL_OK);
    assert_int_equal(got.id, o.id);
    assert_string_equal(got.title, "Immersion <cuisine>");
    assert_string_equal(got.status, "open");
    assert_string_equal(got.description, "");
    assert_int_equal(got.places, 3);
    assert_int_equal(got.pathway_id, 0);
    assert_string_equal(got.org_slug, u("oporg"));
    assert_int_equal(bl_store_opp_by_uid(tx, u("nope"), &got, ei), BL_ENOTFOUND);

    /* Requirements: set twice (the second replaces), duplicates ignored. */
    int64_t ids[3] = {bc[0].id, bc[1].id, bc[1].id};
    assert_int_equal(bl_store_opp_req_set(tx, o.id, ids, 1, ei), BL_OK);
    assert_int_equal(bl_store_opp_req_set(tx, o.id, ids, 3, ei), BL_OK);
    struct bl_opp_req *reqs;
    size_t n = 0;
    assert_int_equal(bl_store_opp_req_list(tx, o.id, NULL, &reqs, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(reqs[0].badge_name, "Zèbre CV %_!");
    assert_string_equal(reqs[1].badge_name, "Zèbre entretien");
    assert_string_equal(reqs[1].org_name, u("opother"));

    /* Open list: ours is there until closed or past its end date. */
    struct bl_opp *rows;
    size_t k;
    assert_int_equal(bl_store_opp_list_open(tx, "2026-11-28", &rows, &n, ei), BL_OK);
    for (k = 0; k < n && rows[k].id != o.id; k++)
        ;
    assert_true(k < n);
    assert_int_equal(bl_store_opp_req_list(tx, 0, "2026-11-28", &reqs, &n, ei), BL_OK);
    size_t mine = 0;
    for (k = 0; k < n; k++)
        mine += reqs[k].opportunity_id == o.id;
    assert_int_equal(mine, 2);
    assert_int_equal(bl_store_opp_list_open(tx, "3000-01-01", &rows, &n, ei), BL_OK);
    for (k = 0; k < n; k++)
        assert_int_not_equal(rows[k].id, o.id);
    o.status = "closed";
    o.pathway_id = 42;
    o.updated_at = 11;
    assert_int_equal(bl_store_opp_update(tx, &o, ei), BL_OK);
    assert_int_equal(bl_store_opp_by_uid(tx, o.uid, &got, ei), BL_OK);
    assert_int_equal(got.pathway_id, 42);
    assert_string_equal(got.status, "closed");
    assert_int_equal(bl_store_opp_list_open(tx, "2026-11-28", &rows, &n, ei), BL_OK);
    for (k = 0; k < n; k++)
        assert_int_not_equal(rows[k].id, o.id);
    struct bl_opp ghost = o;
    ghost.id = o.id + 1000000;
    assert_int_equal(bl_store_opp_update(tx, &ghost, ei), BL_ENOTFOUND);
    /* Open ones naming a pathway: only those. */
    struct bl_opp named = {.uid = bl_arena_strdup(a, u("op2")),
                           .org_id = other,
                           .kind = "emploi",
                           .title = "Vente",
                           .place = "",
                           .start_date = "",
                           .end_date = "",
                           .places = 0,
                           .pathway_id = 77,
                           .created_at = 12,
                           .updated_at = 12};
    assert_int_equal(bl_store_opp_insert(tx, &named, ei), BL_OK);
    assert_int_equal(bl_store_opp_list_open_pathway(tx, "2026-11-28", 77, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, named.id);
    assert_string_equal(rows[0].org_slug, u("opother"));
    assert_int_equal(bl_store_opp_list_open_pathway(tx, "2026-11-28", 42, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0); /* o names 42 but is closed */

    /*
     * Compare-and-set (migration 020): a change moves the version on, and
     * one based on a version that is no longer current writes nothing.
     */
    assert_int_equal(got.version, 2);
    assert_int_equal(o.version, 2);
    struct bl_opp first = got, second = got; /* two editors read version 2 */
    first.place = "Paris 20e";
    first.updated_at = 12;
    assert_int_equal(bl_store_opp_update(tx, &first, ei), BL_OK);
    assert_int_equal(first.version, 3);
    second.place = "Perdu";
    second.updated_at = 13;
    assert_int_equal(bl_store_opp_update(tx, &second, ei), BL_ESTALE);
    assert_int_equal(second.version, 2);
    assert_int_equal(bl_store_opp_by_uid(tx, o.uid, &got, ei), BL_OK);
    assert_string_equal(got.place, "Paris 20e");
    assert_int_equal(got.updated_at, 12);
    assert_int_equal(got.version, 3);
    second.version = got.version; /* read again, then changed: goes through */
    assert_int_equal(bl_store_opp_update(tx, &second, ei), BL_OK);
    assert_int_equal(second.version, 4);
    assert_int_equal(bl_store_opp_by_uid(tx, o.uid, &got, ei), BL_OK);
    assert_string_equal(got.place, "Perdu");
    assert_int_equal(got.version, 4);
    ghost.version = 4;
    assert_int_equal(bl_store_opp_update(tx, &ghost, ei), BL_ENOTFOUND);
    o = got;

    /* Network picker: by name across orgs, LIKE characters taken literally. */
    struct bl_opp_req *found;
    assert_int_equal(bl_store_badge_find_network(tx, "cv %_", 50, &found, &n, ei), BL_OK);
    for (k = 0; k < n && found[k].badgeclass_id != bc[0].id; k++)
        ;
    assert_true(k < n);
    assert_int_equal(bl_store_badge_find_network(tx, "cv x_", 50, &found, &n, ei), BL_OK);
    for (k = 0; k < n; k++)
        assert_int_not_equal(found[k].badgeclass_id, bc[0].id);

    /* Applications: one per holder and opportunity; shared awards; lists. */
    struct bl_holder_rec h = {
        .uid = u("oph"), .first_name = "Inès", .link_hash = u("oplh"), .created_at = 1};
    assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
    struct bl_award w = {.uid = bl_arena_strdup(a, u("opw")),
                         .org_id = org,
                         .badgeclass_id = bc[0].id,
                         .recipient_salt = "s",
                         .issued_at = 5,
                         .status_index = 0};
    assert_int_equal(bl_store_award_insert(tx, &w, ei), BL_OK);
    struct bl_application ap = {.uid = bl_arena_strdup(a, u("opa")),
                                .opportunity_id = o.id,
                                .holder_id = h.id,
                                .contact = "ines@example.org",
                                .created_at = 20,
                                .updated_at = 20};
    assert_int_equal(bl_store_app_insert(tx, &ap, ei), BL_OK);
    struct bl_application ap2 = ap;
    ap2.uid = bl_arena_strdup(a, u("opa2"));
    assert_int_equal(bl_store_app_insert(tx, &ap2, ei), BL_EEXISTS);
    assert_int_equal(bl_store_app_award_add(tx, ap.id, w.id, ei), BL_OK);
    assert_int_equal(bl_store_app_award_add(tx, ap.id, w.id, ei), BL_OK); /* no double */
    struct bl_award_brief *shared;
    assert_int_equal(bl_store_app_awards(tx, ap.id, &shared, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(shared[0].uid, w.uid);
    assert_string_equal(shared[0].badge_name, "Zèbre CV %_!");
    struct bl_application ga;
    assert_int_equal(bl_store_app_by_uid(tx, ap.uid, &ga, ei), BL_OK);
    assert_string_equal(ga.status, "sent");
    assert_string_equal(ga.first_name, "Inès");
    assert_string_equal(ga.opp_uid, o.uid);
    assert_int_equal(bl_store_app_of_holder(tx, o.id, h.id, &ga, ei), BL_OK);
    assert_int_equal(ga.id, ap.id);
    assert_int_equal(bl_store_app_of_holder(tx, o.id, h.id + 1000000, &ga, ei), BL_ENOTFOUND);
    ga.status = "interview";
    ga.answer = "Venez mardi";
    ga.answered_at = 30;
    ga.outcome = "hired";
    ga.outcome_at = 31;
    ga.updated_at = 31;
    assert_int_equal(bl_store_app_update(tx, &ga, ei), BL_OK);
    struct bl_application *list;
    assert_int_equal(bl_store_app_list_opp(tx, o.id, &list, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].status, "interview");
    assert_string_equal(list[0].answer, "Venez mardi");
    assert_string_equal(list[0].outcome, "hired");
    assert_int_equal(list[0].outcome_at, 31);
    assert_int_equal(bl_store_app_list_holder(tx, h.id, &list, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].opp_title, "Immersion <cuisine>");
    assert_string_equal(list[0].org_name, u("oporg"));
    assert_int_equal(bl_store_opp_list_org(tx, org, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].applications, 1);
    assert_int_equal(bl_store_opp_list_org(tx, other, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1); /* only "named", with no application */
    assert_int_equal(rows[0].applications, 0);
    /* The holder deletes their account: nothing of them is left in the application. */
    assert_int_equal(bl_store_app_erase_holder(tx, h.id, 40, ei), BL_OK);
    assert_int_equal(bl_store_app_by_uid(tx, ap.uid, &ga, ei), BL_OK);
    assert_string_equal(ga.status, "withdrawn");
    assert_string_equal(ga.contact, "");
    assert_int_equal(bl_store_app_awards(tx, ap.id, &shared, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    return BL_OK;
}

static void test_opportunities(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_opportunities, NULL), BL_OK);
}

static enum bl_err tx_endorse_requests(struct bl_tx *tx, void *arg, struct bl_errinfo *ei)
{
    (void)arg;
    int64_t ml = new_org(tx, u("rq-ml")), p1 = new_org(tx, u("rq-p1")),
            p2 = new_org(tx, u("rq-p2"));
    struct bl_badgeclass b = {.uid = u("rq-badge"),
                              .org_id = ml,
                              .name = "Atelier",
                              .description = "d",
                              .criteria_narrative = "c",
                              .image = (const unsigned char *)"x",
                              .image_len = 1,
                              .image_type = "image/png",
                              .alignments_json = "[]",
                              .tags_json = "[]",
                              .validity = "none",
                              .created_at = 1,
                              .updated_at = 1};
    assert_int_equal(bl_store_badgeclass_insert(tx, &b, ei), BL_OK);
    struct bl_endreq r1 = {.badgeclass_id = b.id,
                           .requester_org_id = ml,
                           .target_org_id = p1,
                           .message = "Merci",
                           .created_at = 10},
                     r2 = r1, got, *rows = NULL;
    r2.target_org_id = p2;
    r2.message = NULL;
    r2.created_at = 20;
    size_t n = 0;
    assert_int_equal(bl_store_endreq_insert(tx, &r1, ei), BL_OK);
    assert_int_equal(bl_store_endreq_insert(tx, &r2, ei), BL_OK);
    struct bl_endreq dup = r1;
    assert_int_equal(bl_store_endreq_insert(tx, &dup, ei), BL_EEXISTS);
    assert_int_equal(bl_store_endreq_get(tx, r1.id, &got, ei), BL_OK);
    assert_string_equal(got.state, "pending");
    assert_string_equal(got.message, "Merci");
    assert_string_equal(got.badge_uid, u("rq-badge"));
    assert_string_equal(got.requester_slug, u("rq-ml"));
    assert_string_equal(got.target_slug, u("rq-p1"));
    assert_int_equal(bl_store_endreq_get(tx, -1, &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_endreq_received(tx, p1, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_endreq_for_badge(tx, b.id, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    /* Answered once. */
    assert_int_equal(bl_store_endreq_answer(tx, r1.id, "accepted", 30, 77, ei), BL_OK);
    assert_int_equal(bl_store_endreq_answer(tx, r1.id, "declined", 31, 0, ei), BL_EEXISTS);
    assert_int_equal(bl_store_endreq_answer(tx, -1, "declined", 31, 0, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_endreq_get(tx, r1.id, &got, ei), BL_OK);
    assert_string_equal(got.state, "accepted");
    assert_int_equal(got.endorsement_id, 77);
    assert_int_equal(got.answered_at, 30);

    /* Recommendation links: once, before they expire. */
    struct bl_award a = {.uid = u("rq-award"),
                         .org_id = ml,
                         .badgeclass_id = b.id,
                         .recipient_salt = "s",
                         .issued_at = 1,
                         .status_index = 1};
    assert_int_equal(bl_store_award_insert(tx, &a, ei), BL_OK);
    struct bl_reclink l = {.token_hash = u("rq-hash"),
                           .award_id = a.id,
                           .org_id = ml,
                           .tutor_name = "Jeanne",
                           .tutor_email = "j@example.org",
                           .created_at = 100,
                           .expires_at = 200},
                      gl;
    assert_int_equal(bl_store_reclink_insert(tx, &l, ei), BL_OK);
    assert_int_equal(bl_store_reclink_insert(tx, &l, ei), BL_EEXISTS);
    assert_int_equal(bl_store_reclink_use(tx, u("rq-hash"), 200, ei), BL_ENOTFOUND); /* expired */
    assert_int_equal(bl_store_reclink_use(tx, u("rq-hash"), 150, ei), BL_OK);
    assert_int_equal(bl_store_reclink_use(tx, u("rq-hash"), 151, ei), BL_ENOTFOUND); /* used */
    assert_int_equal(bl_store_reclink_get(tx, u("rq-hash"), &gl, ei), BL_OK);
    assert_int_equal(gl.used_at, 150);
    assert_string_equal(gl.tutor_name, "Jeanne");
    assert_int_equal(gl.award_id, a.id);
    assert_int_equal(bl_store_reclink_get(tx, u("nope"), &gl, ei), BL_ENOTFOUND);
    return BL_OK;
}

static void test_endorse_requests(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_endorse_requests, NULL), BL_OK);
}

/* ---- pathway progress keyed by holder (q_pathway_holder.c) ---------------- */

static enum bl_err tx_pathway_holder(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("phorg")), other = new_org(tx, u("phorg2"));
    struct bl_badgeclass b1 = {.uid = u("phb1"), .org_id = org, .name = "B1", .description = "d"};
    struct bl_badgeclass b2 = {.uid = u("phb2"), .org_id = other, .name = "B2", .description = "d"};
    struct bl_holder_rec h = {
        .uid = u("phh"), .first_name = "Nora", .link_hash = u("phlh"), .created_at = 1};
    struct bl_pathway_row p = {.uid = u("phpw"),
                               .org_id = org,
                               .name = "P",
                               .definition_json = "{}",
                               .created_at = 5,
                               .updated_at = 5};
    struct bl_pathway_row got;
    struct bl_person_award *pa = NULL;
    int64_t holder = -1;
    size_t n = 9;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &b1, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b2, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
    struct bl_holder_ident ph = {.holder_id = h.id,
                                 .kind = "phone",
                                 .value = "+33798765432",
                                 .verified_at = 3,
                                 .created_at = 3};
    assert_int_equal(bl_store_holder_ident_add(tx, &ph, ei), BL_OK);
    /* Claimed (no email), to the proven phone, to someone else, claimed in another org. */
    struct bl_award a1 = award_for(tx, org, b1.id, 901), a2 = award_for(tx, org, b1.id, 902);
    struct bl_award a3 = award_for(tx, org, b1.id, 903), a4 = award_for(tx, other, b2.id, 904);
    a1.recipient_email = NULL;
    a1.recipient_name = "Nora";
    a2.recipient_email = NULL;
    a2.recipient_phone = "+33798765432";
    a3.recipient_email = "autre@example.org";
    struct bl_award *all[] = {&a1, &a2, &a3, &a4};
    for (int i = 0; i < 4; i++)
        assert_int_equal(bl_store_award_insert(tx, all[i], ei), BL_OK);
    assert_int_equal(bl_store_award_set_holder(tx, a1.id, h.id, ei), BL_OK);
    assert_int_equal(bl_store_award_set_holder(tx, a4.id, h.id, ei), BL_OK);

    assert_int_equal(bl_store_holder_org_awards(tx, org, h.id, &pa, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(pa[0].id, a1.id); /* same class: by issued_at */
    assert_string_equal(pa[0].recipient_name, "Nora");
    assert_int_equal(pa[1].id, a2.id);
    assert_string_equal(pa[1].recipient_phone, "+33798765432");
    assert_int_equal(bl_store_holder_org_awards(tx, other, h.id, &pa, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(pa[0].id, a4.id);
    assert_int_equal(bl_store_phone_awards(tx, org, "+33798765432", &pa, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(pa[0].id, a2.id);
    assert_int_equal(bl_store_phone_awards(tx, other, "+33798765432", &pa, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    assert_int_equal(bl_store_award_holder(tx, a1.id, &holder, ei), BL_OK);
    assert_int_equal(holder, h.id);
    assert_int_equal(bl_store_award_holder(tx, a3.id, &holder, ei), BL_OK);
    assert_int_equal(holder, 0);
    assert_int_equal(bl_store_award_holder(tx, a4.id + 1000000, &holder, ei), BL_ENOTFOUND);

    assert_int_equal(bl_store_pathway_insert(tx, &p, ei), BL_OK);
    assert_int_equal(bl_store_pathway_by_id(tx, p.id, &got, ei), BL_OK);
    assert_string_equal(got.uid, p.uid);
    assert_int_equal(got.org_id, org);
    assert_int_equal(got.goal_badgeclass_id, 0);
    assert_int_equal(bl_store_pathway_by_id(tx, p.id + 1000000, &got, ei), BL_ENOTFOUND);
    return BL_OK;
}

static void test_pathway_holder(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_pathway_holder, NULL), BL_OK);
}

/* ---- backpack collections (migration 016) --------------------------------- */

static enum bl_err tx_collections(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("cporg"));
    struct bl_badgeclass bc = {.uid = u("cpb"), .org_id = org, .name = "B", .description = "d"};
    struct bl_holder_rec a = {
        .uid = u("cpa"), .first_name = "Ana", .link_hash = u("cpla"), .created_at = 10};
    struct bl_holder_rec b = {
        .uid = u("cph"), .first_name = "Ben", .link_hash = u("cplb"), .created_at = 11};
    struct bl_holder_coll c1 = {.uid = u("cc1"), .name = "Vente", .created_at = 20};
    struct bl_holder_coll c2 = {
        .uid = u("cc2"), .name = "Sport", .description = "d", .created_at = 30};
    struct bl_holder_coll got, *rows = NULL;
    int64_t *ids = NULL;
    size_t n = 9;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &bc, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &b, ei), BL_OK);
    struct bl_award w[3] = {award_for(tx, org, bc.id, 1601), award_for(tx, org, bc.id, 1602),
                            award_for(tx, org, bc.id, 1603)};
    for (int i = 0; i < 3; i++)
        assert_int_equal(bl_store_award_insert(tx, &w[i], ei), BL_OK);

    /* Insert, a taken uid, list oldest first, another holder's is not found. */
    c1.holder_id = c2.holder_id = a.id;
    assert_int_equal(bl_store_hcoll_insert(tx, &c1, ei), BL_OK);
    assert_true(c1.id > 0);
    assert_int_equal(bl_store_hcoll_insert(tx, &c2, ei), BL_OK);
    struct bl_holder_coll dup = c1;
    assert_int_equal(bl_store_hcoll_insert(tx, &dup, ei), BL_EEXISTS);
    assert_int_equal(bl_store_hcoll_list(tx, a.id, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "Vente");
    assert_string_equal(rows[0].description, "");
    assert_null(rows[0].share_token);
    assert_int_equal(rows[0].nitems, 0);
    assert_int_equal(rows[0].updated_at, 20);
    assert_int_equal(bl_store_hcoll_get(tx, b.id, u("cc1"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_list(tx, b.id, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);

    /* Items in the order given, replaced as a whole. */
    int64_t order[] = {w[2].id, w[0].id};
    assert_int_equal(bl_store_hcoll_set_items(tx, c1.id, order, 2, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_items(tx, c1.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], w[2].id);
    assert_int_equal(ids[1], w[0].id);
    int64_t order2[] = {w[1].id, w[2].id, w[0].id};
    assert_int_equal(bl_store_hcoll_set_items(tx, c1.id, order2, 3, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_items(tx, c1.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], w[1].id);
    assert_int_equal(bl_store_hcoll_get(tx, a.id, u("cc1"), &got, ei), BL_OK);
    assert_int_equal(got.nitems, 3);

    /* Update. */
    got.name = "Vente & accueil";
    got.description = "<b>x</b>";
    got.updated_at = 40;
    assert_int_equal(bl_store_hcoll_update(tx, &got, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_get(tx, a.id, u("cc1"), &got, ei), BL_OK);
    assert_string_equal(got.name, "Vente & accueil");
    assert_string_equal(got.description, "<b>x</b>");
    assert_int_equal(got.updated_at, 40);
    assert_int_equal(got.created_at, 20);

    /* Public pages: live token, withdrawal, a new token; an old one stays dead. */
    assert_int_equal(bl_store_hcoll_share(tx, c1.id, u("ct1"), 50, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_share(tx, c2.id, u("ct1"), 50, ei), BL_EEXISTS);
    assert_int_equal(bl_store_hcoll_by_token(tx, u("ct1"), &got, ei), BL_OK);
    assert_int_equal(got.id, c1.id);
    assert_string_equal(got.share_token, u("ct1"));
    assert_int_equal(bl_store_hcoll_withdraw(tx, b.id, 0, 60, &n, ei), BL_OK);
    assert_int_equal(n, 0); /* not Ben's */
    assert_int_equal(bl_store_hcoll_withdraw(tx, a.id, c2.id, 60, &n, ei), BL_OK);
    assert_int_equal(n, 0); /* another collection */
    assert_int_equal(bl_store_hcoll_withdraw(tx, a.id, c1.id, 60, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bl_store_hcoll_by_token(tx, u("ct1"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_share(tx, c1.id, u("ct2"), 70, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_share(tx, c2.id, u("ct3"), 70, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_by_token(tx, u("ct1"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_get(tx, a.id, u("cc1"), &got, ei), BL_OK);
    assert_string_equal(got.share_token, u("ct2"));
    assert_int_equal(bl_store_hcoll_withdraw(tx, a.id, 0, 80, &n, ei), BL_OK);
    assert_int_equal(n, 2); /* all of the holder's */
    assert_int_equal(bl_store_hcoll_share(tx, c1.id, u("ct4"), 90, ei), BL_OK);

    /* Delete one: its items and pages go; the other stays. */
    assert_int_equal(bl_store_hcoll_delete(tx, c2.id, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_delete(tx, c2.id, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_get(tx, a.id, u("cc2"), &got, ei), BL_ENOTFOUND);

    /* A merge moves the collections; erasing the holder removes them with their pages. */
    assert_int_equal(bl_store_holder_merge(tx, a.id, b.id, 95, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_get(tx, b.id, u("cc1"), &got, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_by_token(tx, u("ct4"), &got, ei), BL_OK);
    assert_int_equal(got.holder_id, b.id);
    assert_int_equal(bl_store_holder_erase(tx, b.id, 99, &n, ei), BL_OK);
    assert_int_equal(bl_store_hcoll_by_token(tx, u("ct4"), &got, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_list(tx, b.id, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bl_store_hcoll_items(tx, c1.id, &ids, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    return BL_OK;
}

static void test_collections(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_collections, NULL), BL_OK);
}

/* ---- net9: award people (pathway scans), opportunity places, needs closed and edited ---- */

static enum bl_err tx_award_people(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("aporg")), other = new_org(tx, u("aporg2"));
    struct bl_badgeclass b1 = {.uid = u("apb1"), .org_id = org, .name = "B1", .description = "d"};
    struct bl_badgeclass b2 = {.uid = u("apb2"), .org_id = other, .name = "B2", .description = "d"};
    struct bl_holder_rec h = {
        .uid = u("aph"), .first_name = "Lina", .link_hash = u("aplh"), .created_at = 1};
    struct bl_award_person *rows = NULL;
    size_t n = 9;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &b1, ei), BL_OK);
    assert_int_equal(bl_store_badgeclass_insert(tx, &b2, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
    struct bl_award a1 = award_for(tx, org, b1.id, 911), a2 = award_for(tx, org, b1.id, 912);
    struct bl_award a3 = award_for(tx, other, b2.id, 913), a4 = award_for(tx, org, b1.id, 914);
    a2.recipient_email = NULL;
    a2.recipient_phone = "+33612345678";
    struct bl_award *all[] = {&a1, &a2, &a3, &a4};
    for (int i = 0; i < 4; i++)
        assert_int_equal(bl_store_award_insert(tx, all[i], ei), BL_OK);
    assert_int_equal(bl_store_award_set_holder(tx, a4.id, h.id, ei), BL_OK);

    /* Pages by id, this organisation only. */
    assert_int_equal(bl_store_award_people(tx, org, 0, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, a1.id);
    assert_int_equal(rows[0].badgeclass_id, b1.id);
    assert_int_equal(rows[0].holder_id, 0);
    assert_string_equal(rows[0].email, a1.recipient_email);
    assert_null(rows[0].phone);
    assert_null(rows[1].email);
    assert_string_equal(rows[1].phone, "+33612345678");
    assert_int_equal(bl_store_award_people(tx, org, rows[1].id, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, a4.id);
    assert_int_equal(rows[0].holder_id, h.id);
    assert_int_equal(bl_store_award_people(tx, org, a4.id, 2, &rows, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    return BL_OK;
}

static void test_award_people(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_award_people, NULL), BL_OK);
}

static enum bl_err tx_needs_closed(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("ncorg"));
    struct bl_need a = {.uid = u("nc-a"),
                        .org_id = org,
                        .title = "Vendeurs",
                        .description = "d",
                        .people = 2,
                        .created_at = 10};
    struct bl_need got, *rows = NULL;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_need_insert(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_need_by_uid(tx, a.uid, &got, ei), BL_OK);
    assert_string_equal(got.closed_reason, "");
    /* Edited: the fields change, sector and horizon may become NULL. */
    a.title = "Vendeurs du matin";
    a.description = "dès 6 h";
    a.people = 3;
    a.sector = "Boulangerie";
    a.updated_at = 12;
    assert_int_equal(bl_store_need_update(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_need_by_uid(tx, a.uid, &got, ei), BL_OK);
    assert_string_equal(got.title, "Vendeurs du matin");
    assert_string_equal(got.description, "dès 6 h");
    assert_int_equal(got.people, 3);
    assert_string_equal(got.sector, "Boulangerie");
    assert_null(got.horizon);
    /* Closed: out of the ranking, in the closed list; reopened: back. */
    assert_int_equal(bl_store_need_close(tx, a.id, 20, "filled", 20, ei), BL_OK);
    assert_int_equal(bl_store_need_list(tx, &rows, &n, ei), BL_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(rows[i].id, a.id);
    assert_int_equal(bl_store_need_list_closed(tx, 500, &rows, &n, ei), BL_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (rows[i].id == a.id) {
            found = true;
            assert_string_equal(rows[i].closed_reason, "filled");
            assert_int_equal(rows[i].closed_at, 20);
        }
    assert_true(found);
    assert_int_equal(bl_store_need_close(tx, a.id, 0, "", 21, ei), BL_OK);
    assert_int_equal(bl_store_need_by_uid(tx, a.uid, &got, ei), BL_OK);
    assert_int_equal(got.closed_at, 0);
    assert_string_equal(got.closed_reason, "");
    assert_int_equal(bl_store_need_list(tx, &rows, &n, ei), BL_OK);
    found = false;
    for (size_t i = 0; i < n; i++)
        found = found || rows[i].id == a.id;
    assert_true(found);
    return BL_OK;
}

static void test_needs_closed(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_needs_closed, NULL), BL_OK);
}

static enum bl_err tx_opp_accepted(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct bl_arena *a = bl_tx_arena(tx);
    int64_t org = new_org(tx, u("oaorg"));
    struct bl_opp o = {.uid = bl_arena_strdup(a, u("oa-o")),
                       .org_id = org,
                       .kind = "emploi",
                       .title = "Commis",
                       .place = "",
                       .start_date = "",
                       .end_date = "",
                       .places = 1,
                       .status = "open",
                       .created_at = 1,
                       .updated_at = 1};
    struct bl_opp got, *list = NULL;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_opp_insert(tx, &o, ei), BL_OK);
    struct bl_application ap[2];
    for (int i = 0; i < 2; i++) {
        struct bl_holder_rec h = {.uid = bl_arena_printf(a, "%s%d", u("oa-h"), i),
                                  .first_name = "Lina",
                                  .link_hash = bl_arena_printf(a, "%s%d", u("oa-l"), i),
                                  .created_at = 1};
        assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
        ap[i] = (struct bl_application){.uid = bl_arena_printf(a, "%s%d", u("oa-a"), i),
                                        .opportunity_id = o.id,
                                        .holder_id = h.id,
                                        .contact = "",
                                        .message = "",
                                        .status = "sent",
                                        .answer = "",
                                        .outcome = "",
                                        .created_at = 2,
                                        .updated_at = 2};
        assert_int_equal(bl_store_app_insert(tx, &ap[i], ei), BL_OK);
    }
    assert_int_equal(bl_store_opp_by_uid(tx, o.uid, &got, ei), BL_OK);
    assert_int_equal(got.accepted, 0);
    ap[0].status = "accepted";
    assert_int_equal(bl_store_app_update(tx, &ap[0], ei), BL_OK);
    ap[1].status = "refused";
    assert_int_equal(bl_store_app_update(tx, &ap[1], ei), BL_OK);
    assert_int_equal(bl_store_opp_by_uid(tx, o.uid, &got, ei), BL_OK);
    assert_int_equal(got.accepted, 1); /* refused ones take no place */
    assert_int_equal(bl_store_opp_list_org(tx, org, &list, &n, ei), BL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].accepted, 1);
    assert_int_equal(list[0].applications, 2);
    return BL_OK;
}

static void test_opp_accepted(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_opp_accepted, NULL), BL_OK);
}

/* ---- end net9 ---- */

/* ---- a holder's own first name and birth year ---- */

static enum bl_err tx_holder_profile(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    (void)ctx;
    struct bl_holder_rec h = {.uid = u("hpf"), .first_name = "Sam", .created_at = 5}, got;
    size_t n = 0;
    assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
    assert_int_equal(bl_store_holder_set_profile(tx, h.id, "Samia", 2009, ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_string_equal(got.first_name, "Samia");
    assert_int_equal(got.birth_year, 2009);
    assert_int_equal(bl_store_holder_set_profile(tx, h.id, "Sam", 0, ei), BL_OK);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_int_equal(got.birth_year, 0);
    assert_int_equal(bl_store_holder_set_profile(tx, h.id + 1000, "X", 0, ei), BL_ENOTFOUND);
    /* A deleted holder keeps its blanked name. */
    assert_int_equal(bl_store_holder_erase(tx, h.id, 50, &n, ei), BL_OK);
    assert_int_equal(bl_store_holder_set_profile(tx, h.id, "Back", 2000, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_holder_get(tx, h.id, &got, ei), BL_OK);
    assert_string_equal(got.first_name, "");
    return BL_OK;
}

static void test_holder_profile(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_holder_profile, NULL), BL_OK);
}

/* ---- needev: events answering needs ---- */

static enum bl_err tx_need_events(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("neorg"));
    struct bl_badgeclass p = {
        .uid = u("ne-p"), .org_id = org, .name = "Participation", .description = "d"};
    struct bl_event ev = {.uid = u("ne-ev"),
                          .org_id = org,
                          .name = "Atelier vente",
                          .place = "Salle 2",
                          .starts_at = 1804856400,
                          .ends_at = 1804867200,
                          .claim_from = 1804856400,
                          .claim_until = 1804867200,
                          .rotate_s = 30,
                          .created_at = 1,
                          .updated_at = 1};
    struct bl_need a = {.uid = u("ne-a"), .org_id = org, .title = "Vendeurs", .description = "d"};
    struct bl_need b = {.uid = u("ne-b"), .org_id = org, .title = "Livreurs", .description = "d"};
    struct bl_need_answer badge = {.kind = "badge", .ref_uid = p.uid, .label = "Participation"};
    struct bl_need_answer evans = {
        .kind = "event", .ref_uid = ev.uid, .label = "Atelier vente, le 12/03/2027"};
    struct bl_need_answer gone = {.kind = "event", .ref_uid = u("ne-gone"), .label = "Ancien"};
    struct bl_need_answer *al = NULL;
    struct bl_need *nl = NULL;
    size_t n = 0;
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &p, ei), BL_OK);
    ev.participation_badge_id = p.id;
    assert_int_equal(bl_store_event_insert(tx, &ev, ei), BL_OK);
    a.created_at = 10;
    b.created_at = 11;
    assert_int_equal(bl_store_need_insert(tx, &a, ei), BL_OK);
    assert_int_equal(bl_store_need_insert(tx, &b, ei), BL_OK);
    /* An event answers no need yet. */
    assert_int_equal(bl_store_event_needs(tx, ev.uid, &nl, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    badge.created_at = 20;
    evans.created_at = 21;
    gone.created_at = 22;
    assert_int_equal(bl_store_need_answer_add(tx, a.id, &badge, ei), BL_OK);
    assert_int_equal(bl_store_need_answer_add(tx, a.id, &evans, ei), BL_OK);
    assert_int_equal(bl_store_need_answer_add(tx, a.id, &evans, ei), BL_EEXISTS);
    assert_int_equal(bl_store_need_answer_add(tx, a.id, &gone, ei), BL_OK);
    /* An event answer carries the event's date, place and org; a badge answer
     * or an answer whose event is gone carries none. */
    assert_int_equal(bl_store_need_answers(tx, a.id, &al, &n, ei), BL_OK);
    assert_int_equal(n, 3);
    assert_string_equal(al[0].kind, "badge");
    assert_null(al[0].event_name);
    assert_int_equal(al[0].event_at, 0);
    assert_string_equal(al[1].kind, "event");
    assert_string_equal(al[1].label, "Atelier vente, le 12/03/2027");
    assert_string_equal(al[1].event_name, "Atelier vente");
    assert_string_equal(al[1].event_place, "Salle 2");
    assert_int_equal(al[1].event_at, 1804856400);
    assert_int_equal(al[1].event_org_id, org);
    assert_string_equal(al[1].event_org_slug, u("neorg"));
    assert_null(al[2].event_name);
    assert_int_equal(al[2].event_org_id, 0);
    assert_null(al[2].event_org_slug);
    /* The event lists the needs it answers, oldest first; a badge uid lists none. */
    assert_int_equal(bl_store_need_answer_add(tx, b.id, &evans, ei), BL_OK);
    assert_int_equal(bl_store_event_needs(tx, ev.uid, &nl, &n, ei), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(nl[0].uid, a.uid);
    assert_string_equal(nl[0].org_slug, u("neorg"));
    assert_string_equal(nl[1].title, "Livreurs");
    assert_int_equal(bl_store_event_needs(tx, p.uid, &nl, &n, ei), BL_OK);
    assert_int_equal(n, 0);
    /* The board's answers: open needs only, grouped by need. */
    assert_int_equal(bl_store_need_close(tx, b.id, 30, "filled", 30, ei), BL_OK);
    assert_int_equal(bl_store_need_answers_open(tx, &al, &n, ei), BL_OK);
    size_t mine = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(al[i].need_id != b.id);
        if (al[i].need_id == a.id)
            mine++;
        if (i > 0)
            assert_true(al[i - 1].need_id <= al[i].need_id);
    }
    assert_int_equal(mine, 3);
    return BL_OK;
}

static void test_need_events(void **state)
{
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_need_events, NULL), BL_OK);
}

/* ---- end needev ---- */

/* ---- collection order (q_collection.c) ---------------------------------------- */

#define CORDER_N     5  /* badges in the collection */
#define CORDER_MOVES 60 /* swaps per mover thread */

static struct {
    int64_t coll, awards[CORDER_N];
} corder;

static enum bl_err tx_corder_setup(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t org = new_org(tx, u("coorg"));
    struct bl_badgeclass bc = {.uid = u("cob"), .org_id = org, .name = "B", .description = "d"};
    struct bl_holder_rec h = {
        .uid = u("coh"), .first_name = "Ana", .link_hash = u("colh"), .created_at = 10};
    struct bl_holder_coll c = {.uid = u("coc"), .name = "Ordre", .created_at = 20};
    (void)ctx;
    assert_int_equal(bl_store_badgeclass_insert(tx, &bc, ei), BL_OK);
    assert_int_equal(bl_store_holder_insert(tx, &h, ei), BL_OK);
    for (int i = 0; i < CORDER_N; i++) {
        struct bl_award w = award_for(tx, org, bc.id, 1701 + i);
        assert_int_equal(bl_store_award_insert(tx, &w, ei), BL_OK);
        corder.awards[i] = w.id;
    }
    c.holder_id = h.id;
    assert_int_equal(bl_store_hcoll_insert(tx, &c, ei), BL_OK);
    corder.coll = c.id;
    return bl_store_hcoll_set_items(tx, c.id, corder.awards, CORDER_N, ei);
}

/* The positions of the collection, by position: each must be its index. */
static enum bl_err tx_corder_dense(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct bl_val p[] = {bl_v_int(corder.coll)};
    struct bl_rows r;
    int seen[CORDER_N] = {0};
    (void)ctx;
    assert_int_equal(bl_store__exec(tx,
                                    "SELECT award_id, position FROM holder_collection_items"
                                    " WHERE collection_id = $1 ORDER BY position, award_id",
                                    p, 1, &r, ei),
                     BL_OK);
    assert_int_equal(r.nrows, CORDER_N);
    for (size_t i = 0; i < r.nrows; i++) {
        assert_int_equal(bl_cell_int(&r, i, 1), (int64_t)i); /* dense, no duplicate */
        for (int k = 0; k < CORDER_N; k++)
            seen[k] += bl_cell_int(&r, i, 0) == corder.awards[k];
    }
    for (int k = 0; k < CORDER_N; k++)
        assert_int_equal(seen[k], 1); /* every badge once */
    return BL_OK;
}

static enum bl_err tx_corder_swaps(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t *ids = NULL, *w = corder.awards;
    size_t n = 0;
    (void)ctx;
    /* Neighbours and far apart; the order is what was swapped. */
    assert_int_equal(bl_store_hcoll_swap(tx, corder.coll, w[0], w[1], ei), BL_OK);
    assert_int_equal(bl_store_hcoll_swap(tx, corder.coll, w[4], w[2], ei), BL_OK);
    assert_int_equal(bl_store_hcoll_items(tx, corder.coll, &ids, &n, ei), BL_OK);
    assert_int_equal(n, CORDER_N);
    int64_t want[CORDER_N] = {w[1], w[0], w[4], w[3], w[2]};
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ids[i], want[i]);
    /* An award not in the collection, another collection, itself. */
    assert_int_equal(bl_store_hcoll_swap(tx, corder.coll, w[0], w[0] + 1000000, ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_swap(tx, corder.coll + 1000000, w[0], w[1], ei), BL_ENOTFOUND);
    assert_int_equal(bl_store_hcoll_swap(tx, corder.coll, w[3], w[3], ei), BL_EINVAL);
    return tx_corder_dense(tx, NULL, ei);
}

struct corder_mover {
    int seed, failed, done;
};

/* Swap two neighbours read in the same transaction, as bl_app_coll_move does. */
static enum bl_err tx_corder_move(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    struct corder_mover *m = ctx;
    int64_t *ids = NULL;
    size_t n = 0, i = (size_t)(m->seed * 7 + m->done * 3) % (CORDER_N - 1);
    enum bl_err e = bl_store_hcoll_items(tx, corder.coll, &ids, &n, ei);
    if (e == BL_OK && n != CORDER_N)
        e = bl_fail(ei, BL_EINVAL, "%zu items", n);
    if (e == BL_OK)
        e = bl_store_hcoll_swap(tx, corder.coll, ids[i], ids[i + 1], ei);
    return e;
}

/* A whole save of the form at the same time: the items replaced, reversed. */
static enum bl_err tx_corder_save(struct bl_tx *tx, void *ctx, struct bl_errinfo *ei)
{
    int64_t *ids = NULL, rev[CORDER_N];
    size_t n = 0;
    (void)ctx;
    enum bl_err e = bl_store_hcoll_items(tx, corder.coll, &ids, &n, ei);
    if (e == BL_OK && n != CORDER_N)
        e = bl_fail(ei, BL_EINVAL, "%zu items", n);
    for (size_t i = 0; e == BL_OK && i < n; i++)
        rev[i] = ids[n - 1 - i];
    if (e == BL_OK)
        e = bl_store_hcoll_set_items(tx, corder.coll, rev, n, ei);
    return e;
}

static void *corder_run(void *arg)
{
    struct corder_mover *m = arg;
    for (; m->done < CORDER_MOVES; m->done++)
        if (bl_store_run(S, BL_TX_WRITE, m->seed < 0 ? tx_corder_save : tx_corder_move, m, NULL) !=
            BL_OK)
            m->failed++;
    return NULL;
}

static void test_collection_order(void **state)
{
    struct corder_mover m[3] = {{.seed = 1}, {.seed = 2}, {.seed = -1}};
    pthread_t t[3];
    struct bl_store_stats before, after;
    (void)state;
    NEED_DB();
    assert_int_equal(run(BL_TX_WRITE, tx_corder_setup, NULL), BL_OK);
    assert_int_equal(run(BL_TX_WRITE, tx_corder_swaps, NULL), BL_OK);
    /* Two movers and a saver on the same collection at once. */
    bl_store_stats(S, &before);
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&t[i], NULL, corder_run, &m[i]), 0);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    bl_store_stats(S, &after);
    assert_int_equal(m[0].failed + m[1].failed + m[2].failed, 0);
    assert_int_equal(run(BL_TX_READ, tx_corder_dense, NULL), BL_OK);
    printf("# %s: 3x%d concurrent collection moves and saves: positions dense, %llu retries\n",
           bl_store_backend(S), CORDER_MOVES, (unsigned long long)(after.retries - before.retries));
}

/* ---- end corder ---- */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_sqlite_file),
        cmocka_unit_test(test_sqlite_locks_kept),
        cmocka_unit_test(test_org),
        cmocka_unit_test(test_blobs_and_utf8),
        cmocka_unit_test(test_input_limits),
        cmocka_unit_test(test_rollback),
        cmocka_unit_test(test_retry_loop),
        cmocka_unit_test(test_concurrent_increments),
        cmocka_unit_test(test_pool_wait),
        cmocka_unit_test(test_pg_reconnect),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_accounts),
        cmocka_unit_test(test_memberships),
        cmocka_unit_test(test_sessions),
        cmocka_unit_test(test_apitokens),
        cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_badgeclasses),
        cmocka_unit_test(test_badge_editor),
        cmocka_unit_test(test_awards),
        cmocka_unit_test(test_caller_arena),
        cmocka_unit_test(test_award_search),
        cmocka_unit_test(test_audit),
        cmocka_unit_test(test_outbox),
        cmocka_unit_test(test_outbox_concurrent_claims),
        cmocka_unit_test(test_imports),
        cmocka_unit_test(test_resets),
        cmocka_unit_test(test_holders),
        cmocka_unit_test(test_opportunities),
        cmocka_unit_test(test_endorsements),
        cmocka_unit_test(test_network),
        cmocka_unit_test(test_pathways),
        cmocka_unit_test(test_pathway_holder),
        cmocka_unit_test(test_backpack),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_endorse_requests),
        cmocka_unit_test(test_holder_password),
        cmocka_unit_test(test_collections),
        cmocka_unit_test(test_award_people),
        cmocka_unit_test(test_needs_closed),
        cmocka_unit_test(test_opp_accepted),
        cmocka_unit_test(test_holder_profile),
        cmocka_unit_test(test_need_events),
        cmocka_unit_test(test_collection_order),
    };
    const char *url = getenv("BLASON_TEST_DB");
    const char *name = !url                              ? "store (no BLASON_TEST_DB)"
                       : strncmp(url, "sqlite:", 7) == 0 ? "store/sqlite"
                                                         : "store/postgresql";
    return cmocka_run_group_tests_name(name, tests, setup, teardown);
}
