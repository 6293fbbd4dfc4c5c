/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sqlite.c: the SQLite backend (struct bl_store_ops).  One sqlite3 handle
 * per pool slot, in WAL mode so readers never wait for the writer; writers
 * take the lock up front (BEGIN IMMEDIATE) and wait up to BL_STORE_BUSY_MS
 * for it.  Prepared statements are cached per connection, keyed by the
 * address of their SQL text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "store/backend.h"

/* Longest database path. */
#define SQLITE_PATH_MAX 4096u

struct cached {
    const char *sql;
    sqlite3_stmt *st;
};

struct sconn {
    sqlite3 *db;
    struct cached *cache;
    size_t ncache, capcache;
    int query_only; /* the PRAGMA's current value */
};

static enum bl_err make_parent(const char *path, struct bl_errinfo *ei);
static enum bl_err fail_db(struct sconn *c, int code, const char *what, struct bl_errinfo *ei);
static enum bl_err simple(struct sconn *c, const char *sql, struct bl_errinfo *ei);
static enum bl_err prepare(struct sconn *c, const char *sql, sqlite3_stmt **out,
                           struct bl_errinfo *ei);
static enum bl_err bind_all(struct sconn *c, sqlite3_stmt *st, const struct bl_val *params,
                            size_t n, struct bl_errinfo *ei);
static void read_cell(sqlite3_stmt *st, int col, struct bl_arena *a, struct bl_val *v);

static enum bl_err sq_connect(const char *path, void **out, struct bl_errinfo *ei)
{
    enum bl_err rc = BL_OK;
    struct sconn *c = NULL;
    int fd;

    *out = NULL;
    if (strlen(path) > SQLITE_PATH_MAX)
        return bl_fail(ei, BL_EINVAL, "SQLite path longer than %u bytes", SQLITE_PATH_MAX);
    rc = make_parent(path, ei);
    if (rc != BL_OK)
        return rc;
    /* Create the file ourselves so it is private from the first byte;
     * SQLite gives its -wal and -shm files the same mode.  Only when it does
     * not exist yet: closing a descriptor of an existing database would drop
     * the POSIX locks of this process's other connections to it (sqlite.md). */
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
        return bl_fail(ei, BL_EIO, "cannot create %s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);

    c = bl_calloc(1, sizeof *c);
    int src = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (src != SQLITE_OK) {
        rc = bl_fail(ei, BL_EDB, "cannot open SQLite database %s: %s", path,
                     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(src));
        goto out;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BL_STORE_BUSY_MS);
    rc = simple(c, "PRAGMA journal_mode = WAL", ei);
    if (rc == BL_OK)
        rc = simple(c, "PRAGMA foreign_keys = ON", ei);
    if (rc == BL_OK)
        rc = simple(c, "PRAGMA synchronous = NORMAL", ei);
out:
    if (rc != BL_OK) {
        sqlite3_close_v2(c->db);
        bl_free(c);
        return rc;
    }
    *out = c;
    return BL_OK;
}

static void sq_disconnect(void *conn)
{
    struct sconn *c = conn;
    for (size_t i = 0; i < c->ncache; i++)
        sqlite3_finalize(c->cache[i].st);
    bl_free(c->cache);
    sqlite3_close_v2(c->db);
    bl_free(c);
}

static enum bl_err sq_begin(void *conn, enum bl_tx_mode mode, struct bl_errinfo *ei)
{
    struct sconn *c = conn;
    enum bl_err rc = BL_OK;
    int want = mode == BL_TX_READ;

    /* A read transaction refuses writes, as PostgreSQL's READ ONLY does. */
    if (c->query_only != want) {
        rc = simple(c, want ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0", ei);
        if (rc != BL_OK)
            return rc;
        c->query_only = want;
    }
    return simple(c, mode == BL_TX_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", ei);
}

static enum bl_err sq_commit(void *conn, struct bl_errinfo *ei)
{
    return simple(conn, "COMMIT", ei);
}

static void sq_rollback(void *conn)
{
    struct sconn *c = conn;
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static enum bl_err sq_exec(void *conn, const char *sql, const struct bl_val *params, size_t nparams,
                           struct bl_arena *a, struct bl_rows *rows, struct bl_errinfo *ei)
{
    struct sconn *c = conn;
    sqlite3_stmt *st = NULL;
    struct bl_val *cells = NULL;
    size_t ncells = 0, cap = 0, ncols;
    enum bl_err rc;
    int src;

    memset(rows, 0, sizeof *rows);
    rc = prepare(c, sql, &st, ei);
    if (rc != BL_OK)
        return rc;
    rc = bind_all(c, st, params, nparams, ei);
    if (rc != BL_OK)
        goto out;
    ncols = (size_t)sqlite3_column_count(st);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows->nrows >= BL_STORE_ROWS_MAX) {
            rc = bl_fail(ei, BL_ETOOBIG, "query returned more than %u rows", BL_STORE_ROWS_MAX);
            goto out;
        }
        if (ncells + ncols > cap) {
            cap = cap ? cap * 2 : ncols * 16;
            cells = bl_realloc(cells, cap * sizeof *cells);
        }
        for (size_t i = 0; i < ncols; i++)
            read_cell(st, (int)i, a, &cells[ncells + i]);
        ncells += ncols;
        rows->nrows++;
    }
    if (src != SQLITE_DONE) {
        rc = fail_db(c, src, "statement", ei);
        goto out;
    }
    rows->ncols = ncols;
    rows->changes = sqlite3_changes(c->db);
    if (ncells)
        rows->cells = bl_arena_memdup(a, cells, ncells * sizeof *cells);
out:
    if (rc != BL_OK)
        memset(rows, 0, sizeof *rows);
    bl_free(cells);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static enum bl_err sq_script(void *conn, const char *sql, struct bl_errinfo *ei)
{
    return simple(conn, sql, ei);
}

const struct bl_store_ops bl_store_sqlite_ops = {
    .name = "sqlite",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .exec = sq_exec,
    .script = sq_script,
};

/* ---- helpers --------------------------------------------------------------- */

/* Create the directory holding path (and its parents) when missing, mode 0700. */
static enum bl_err make_parent(const char *path, struct bl_errinfo *ei)
{
    char *dir = bl_strdup(path);
    char *slash = strrchr(dir, '/');
    enum bl_err rc = BL_OK;

    if (!slash || slash == dir)
        goto out;
    *slash = '\0';
    for (char *p = dir + 1; rc == BL_OK; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char keep = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            rc = bl_fail(ei, BL_EIO, "cannot create directory %s: %s", dir, strerror(errno));
        *p = keep;
        if (keep == '\0')
            break;
    }
out:
    bl_free(dir);
    return rc;
}

static enum bl_err fail_db(struct sconn *c, int code, const char *what, struct bl_errinfo *ei)
{
    const char *msg = sqlite3_errmsg(c->db);

    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return bl_fail(ei, BL_ERETRY, "SQLite %s: %s", what, msg);
    case SQLITE_CONSTRAINT:
        if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
            return bl_fail(ei, BL_EEXISTS, "SQLite %s: %s", what, msg);
        break;
    default:
        break;
    }
    return bl_fail(ei, BL_EDB, "SQLite %s: %s", what, msg);
}

/* Statements without parameters or results (pragmas, BEGIN, migrations). */
static enum bl_err simple(struct sconn *c, const char *sql, struct bl_errinfo *ei)
{
    int src = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? BL_OK : fail_db(c, src, "exec", ei);
}

static enum bl_err prepare(struct sconn *c, const char *sql, sqlite3_stmt **out,
                           struct bl_errinfo *ei)
{
    for (size_t i = 0; i < c->ncache; i++) {
        if (c->cache[i].sql == sql) {
            *out = c->cache[i].st;
            return BL_OK;
        }
    }
    int src = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (src != SQLITE_OK)
        return fail_db(c, src, "prepare", ei);
    if (c->ncache == c->capcache) {
        c->capcache = c->capcache ? c->capcache * 2 : 32;
        c->cache = bl_realloc(c->cache, c->capcache * sizeof *c->cache);
    }
    c->cache[c->ncache++] = (struct cached){.sql = sql, .st = *out};
    return BL_OK;
}

/* Bind $1..$n by name; a placeholder the statement does not use is skipped. */
static enum bl_err bind_all(struct sconn *c, sqlite3_stmt *st, const struct bl_val *params,
                            size_t n, struct bl_errinfo *ei)
{
    char name[24];

    for (size_t i = 0; i < n; i++) {
        const struct bl_val *v = &params[i];
        int src = SQLITE_OK;
        int at;

        (void)snprintf(name, sizeof name, "$%zu", i + 1);
        at = sqlite3_bind_parameter_index(st, name);
        if (at == 0)
            continue;
        switch (v->type) {
        case BL_V_NULL:
            src = sqlite3_bind_null(st, at);
            break;
        case BL_V_INT:
            src = sqlite3_bind_int64(st, at, v->i);
            break;
        case BL_V_TEXT:
            src = sqlite3_bind_text64(st, at, v->p, v->n, SQLITE_STATIC, SQLITE_UTF8);
            break;
        case BL_V_BLOB:
            src = sqlite3_bind_blob64(st, at, v->p, v->n, SQLITE_STATIC);
            break;
        }
        if (src != SQLITE_OK)
            return fail_db(c, src, "bind", ei);
    }
    return BL_OK;
}

static void read_cell(sqlite3_stmt *st, int col, struct bl_arena *a, struct bl_val *v)
{
    memset(v, 0, sizeof *v);
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
        v->type = BL_V_INT;
        v->i = sqlite3_column_int64(st, col);
        break;
    case SQLITE_TEXT: {
        const unsigned char *p = sqlite3_column_text(st, col);
        v->type = BL_V_TEXT;
        v->n = (size_t)sqlite3_column_bytes(st, col);
        v->p = bl_arena_strndup(a, (const char *)p, v->n);
        break;
    }
    case SQLITE_BLOB: {
        const void *p = sqlite3_column_blob(st, col);
        unsigned char *copy;
        v->type = BL_V_BLOB;
        v->n = (size_t)sqlite3_column_bytes(st, col);
        /* An empty blob is not NULL: keep a valid pointer. */
        copy = bl_arena_alloc(a, v->n ? v->n : 1);
        if (v->n)
            memcpy(copy, p, v->n);
        v->p = copy;
        break;
    }
    case SQLITE_FLOAT:
        v->type = BL_V_INT;
        v->i = sqlite3_column_int64(st, col);
        break;
    default:
        v->type = BL_V_NULL;
        break;
    }
}
