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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "store/backend.h"
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
    assert_int_equal(applied, (unsigned)latest);
    assert_int_equal(bl_store_migrate(s, &applied, &ei), BL_OK);
    assert_int_equal(applied, 0);
    bl_store_close(s);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_sqlite_file),
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
        cmocka_unit_test(test_awards),
        cmocka_unit_test(test_caller_arena),
        cmocka_unit_test(test_audit),
    };
    const char *url = getenv("BLASON_TEST_DB");
    const char *name = !url                              ? "store (no BLASON_TEST_DB)"
                       : strncmp(url, "sqlite:", 7) == 0 ? "store/sqlite"
                                                         : "store/postgresql";
    return cmocka_run_group_tests_name(name, tests, setup, teardown);
}
