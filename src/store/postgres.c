/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * postgres.c: the PostgreSQL backend (struct bl_store_ops) over libpq.
 * Each pool slot holds one connection with its own prepared statements
 * (PQprepare once per SQL text, keyed by the text's address, then
 * PQexecPrepared).  Parameters go as text, except blobs which go binary;
 * results come back as text and are decoded by column type (integers,
 * bytea in hex form).  Writes run SERIALIZABLE, reads REPEATABLE READ READ
 * ONLY (docs/internals/store.md says why).
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"
#include "store/backend.h"

/* Type OIDs from PostgreSQL's catalog (pg_type.dat); stable across versions. */
#define OID_BOOL  16
#define OID_BYTEA 17
#define OID_INT8  20
#define OID_INT2  21
#define OID_INT4  23
#define OID_TEXT  25

struct cached {
    const char *sql;
    char name[16];
};

struct pconn {
    PGconn *pg;
    struct cached *cache;
    size_t ncache, capcache;
    unsigned next_name;
};

static enum bl_err fail_res(struct pconn *c, PGresult *res, const char *what,
                            struct bl_errinfo *ei);
static enum bl_err simple(struct pconn *c, const char *sql, struct bl_errinfo *ei);
static enum bl_err prepare(struct pconn *c, const char *sql, const struct bl_val *params, size_t n,
                           const char **name, struct bl_errinfo *ei);
static enum bl_err read_cell(PGresult *res, int row, int col, struct bl_arena *a, struct bl_val *v,
                             struct bl_errinfo *ei);
static void quiet(void *arg, const char *message);

static enum bl_err pg_connect(const char *url, void **out, struct bl_errinfo *ei)
{
    struct pconn *c = bl_calloc(1, sizeof *c);

    *out = NULL;
    c->pg = PQconnectdb(url);
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        enum bl_err rc = bl_fail(ei, BL_EDB, "cannot connect to PostgreSQL: %s",
                                 c->pg ? PQerrorMessage(c->pg) : "out of memory");
        PQfinish(c->pg);
        bl_free(c);
        return rc;
    }
    /* "relation already exists, skipping" and friends are not errors. */
    PQsetNoticeProcessor(c->pg, quiet, NULL);
    if (PQsetClientEncoding(c->pg, "UTF8") != 0) {
        enum bl_err rc =
            bl_fail(ei, BL_EDB, "PostgreSQL: cannot use UTF8: %s", PQerrorMessage(c->pg));
        PQfinish(c->pg);
        bl_free(c);
        return rc;
    }
    *out = c;
    return BL_OK;
}

static void pg_disconnect(void *conn)
{
    struct pconn *c = conn;
    PQfinish(c->pg);
    bl_free(c->cache);
    bl_free(c);
}

static enum bl_err pg_begin(void *conn, enum bl_tx_mode mode, struct bl_errinfo *ei)
{
    struct pconn *c = conn;

    /* A connection broken since its last use gets one reset; its prepared
     * statements died with the server session. */
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        PQreset(c->pg);
        c->ncache = 0;
        if (PQstatus(c->pg) != CONNECTION_OK)
            return bl_fail(ei, BL_EDB, "PostgreSQL connection lost: %s", PQerrorMessage(c->pg));
        PQsetClientEncoding(c->pg, "UTF8");
    }
    return simple(c,
                  mode == BL_TX_WRITE ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                  ei);
}

static enum bl_err pg_commit(void *conn, struct bl_errinfo *ei)
{
    return simple(conn, "COMMIT", ei);
}

static void pg_rollback(void *conn)
{
    struct pconn *c = conn;
    if (PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        PQclear(PQexec(c->pg, "ROLLBACK"));
}

static enum bl_err pg_exec(void *conn, const char *sql, const struct bl_val *params, size_t nparams,
                           struct bl_arena *a, struct bl_rows *rows, struct bl_errinfo *ei)
{
    struct pconn *c = conn;
    const char *values[BL_STORE_PARAMS_MAX];
    int lengths[BL_STORE_PARAMS_MAX], formats[BL_STORE_PARAMS_MAX];
    char ints[BL_STORE_PARAMS_MAX][24];
    const char *name = NULL;
    PGresult *res = NULL;
    enum bl_err rc;

    memset(rows, 0, sizeof *rows);
    rc = prepare(c, sql, params, nparams, &name, ei);
    if (rc != BL_OK)
        return rc;
    for (size_t i = 0; i < nparams; i++) {
        const struct bl_val *v = &params[i];
        values[i] = NULL;
        lengths[i] = 0;
        formats[i] = 0;
        switch (v->type) {
        case BL_V_NULL:
            break;
        case BL_V_INT:
            (void)snprintf(ints[i], sizeof ints[i], "%lld", (long long)v->i);
            values[i] = ints[i];
            break;
        case BL_V_TEXT:
            values[i] = v->p;
            break;
        case BL_V_BLOB:
            /* Binary: the bytes as they are, NULs included. */
            values[i] = v->n ? v->p : "";
            lengths[i] = (int)v->n;
            formats[i] = 1;
            break;
        }
    }
    res = PQexecPrepared(c->pg, name, (int)nparams, values, lengths, formats, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        rc = fail_res(c, res, "statement", ei);
        goto out;
    }
    int nr = PQntuples(res), nc = PQnfields(res);
    if ((unsigned)nr > BL_STORE_ROWS_MAX) {
        rc = bl_fail(ei, BL_ETOOBIG, "query returned more than %u rows", BL_STORE_ROWS_MAX);
        goto out;
    }
    if (nr > 0 && nc > 0)
        rows->cells = bl_arena_alloc(a, (size_t)nr * (size_t)nc * sizeof *rows->cells);
    for (int r = 0; r < nr && rc == BL_OK; r++)
        for (int f = 0; f < nc && rc == BL_OK; f++)
            rc = read_cell(res, r, f, a, &rows->cells[(size_t)r * (size_t)nc + (size_t)f], ei);
    if (rc != BL_OK)
        goto out;
    rows->nrows = (size_t)nr;
    rows->ncols = (size_t)nc;
    for (const char *t = PQcmdTuples(res); *t >= '0' && *t <= '9'; t++)
        rows->changes = rows->changes * 10 + (*t - '0');
out:
    if (rc != BL_OK)
        memset(rows, 0, sizeof *rows);
    PQclear(res);
    return rc;
}

static enum bl_err pg_script(void *conn, const char *sql, struct bl_errinfo *ei)
{
    return simple(conn, sql, ei);
}

const struct bl_store_ops bl_store_postgres_ops = {
    .name = "postgresql",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .exec = pg_exec,
    .script = pg_script,
};

/* ---- helpers --------------------------------------------------------------- */

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Map an error result; res may be NULL (connection gone). */
static enum bl_err fail_res(struct pconn *c, PGresult *res, const char *what, struct bl_errinfo *ei)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);
    char line[200];
    size_t n;

    (void)snprintf(line, sizeof line, "%s", msg && *msg ? msg : PQerrorMessage(c->pg));
    n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
        line[--n] = '\0';
    if (state && strcmp(state, "23505") == 0)
        return bl_fail(ei, BL_EEXISTS, "PostgreSQL %s: %s", what, line);
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
        return bl_fail(ei, BL_ERETRY, "PostgreSQL %s: %s", what, line);
    /* A connection lost before COMMIT: the next attempt resets it. */
    if (PQstatus(c->pg) == CONNECTION_BAD && strcmp(what, "commit") != 0)
        return bl_fail(ei, BL_ERETRY, "PostgreSQL %s: connection lost: %s", what, line);
    return bl_fail(ei, BL_EDB, "PostgreSQL %s: %s", what, line);
}

static enum bl_err simple(struct pconn *c, const char *sql, struct bl_errinfo *ei)
{
    PGresult *res = PQexec(c->pg, sql);
    enum bl_err rc = BL_OK;
    ExecStatusType st = PQresultStatus(res);

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = fail_res(c, res, strcmp(sql, "COMMIT") == 0 ? "commit" : "exec", ei);
    PQclear(res);
    return rc;
}

/*
 * The server-side name of sql on this connection, prepared on first use.
 * Parameter types come from the first call's values (bigint, text, bytea;
 * left to the server for NULL), so `$2 = 0` is a bigint comparison.
 */
static enum bl_err prepare(struct pconn *c, const char *sql, const struct bl_val *params, size_t n,
                           const char **name, struct bl_errinfo *ei)
{
    Oid types[BL_STORE_PARAMS_MAX];
    struct cached *e;
    PGresult *res;
    enum bl_err rc = BL_OK;

    for (size_t i = 0; i < c->ncache; i++) {
        if (c->cache[i].sql == sql) {
            *name = c->cache[i].name;
            return BL_OK;
        }
    }
    for (size_t i = 0; i < n; i++) {
        static const Oid by_type[] = {[BL_V_NULL] = 0,
                                      [BL_V_INT] = OID_INT8,
                                      [BL_V_TEXT] = OID_TEXT,
                                      [BL_V_BLOB] = OID_BYTEA};
        types[i] = by_type[params[i].type];
    }
    if (c->ncache == c->capcache) {
        c->capcache = c->capcache ? c->capcache * 2 : 32;
        c->cache = bl_realloc(c->cache, c->capcache * sizeof *c->cache);
    }
    e = &c->cache[c->ncache];
    (void)snprintf(e->name, sizeof e->name, "bl%u", c->next_name++);
    res = PQprepare(c->pg, e->name, sql, (int)n, types);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = fail_res(c, res, "prepare", ei);
    PQclear(res);
    if (rc != BL_OK)
        return rc;
    e->sql = sql;
    c->ncache++;
    *name = e->name;
    return BL_OK;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static enum bl_err read_cell(PGresult *res, int row, int col, struct bl_arena *a, struct bl_val *v,
                             struct bl_errinfo *ei)
{
    const char *p = PQgetvalue(res, row, col);
    size_t n = (size_t)PQgetlength(res, row, col);

    memset(v, 0, sizeof *v);
    if (PQgetisnull(res, row, col))
        return BL_OK;
    switch (PQftype(res, col)) {
    case OID_INT8:
    case OID_INT4:
    case OID_INT2: {
        /* Server output: an optional '-' and digits, within int64 range. */
        int neg = *p == '-';
        uint64_t u = 0;
        for (const char *q = p + neg; *q; q++) {
            if (*q < '0' || *q > '9')
                return bl_fail(ei, BL_EDB, "PostgreSQL: bad integer \"%.30s\"", p);
            u = u * 10 + (uint64_t)(*q - '0');
        }
        v->type = BL_V_INT;
        v->i = neg ? (int64_t)(0 - u) : (int64_t)u;
        return BL_OK;
    }
    case OID_BOOL:
        v->type = BL_V_INT;
        v->i = *p == 't';
        return BL_OK;
    case OID_BYTEA: {
        /* Hex output ("\x0a1b..."), the default since PostgreSQL 9.0. */
        if (n < 2 || p[0] != '\\' || p[1] != 'x' || (n - 2) % 2 != 0)
            return bl_fail(ei, BL_EDB, "PostgreSQL: bytea not in hex form (bytea_output)");
        unsigned char *out = bl_arena_alloc(a, (n - 2) / 2 + 1);
        for (size_t i = 2, k = 0; i < n; i += 2, k++) {
            int hi = hexval(p[i]), lo = hexval(p[i + 1]);
            if (hi < 0 || lo < 0)
                return bl_fail(ei, BL_EDB, "PostgreSQL: bad hex digit in bytea");
            out[k] = (unsigned char)(hi << 4 | lo);
        }
        v->type = BL_V_BLOB;
        v->p = out;
        v->n = (n - 2) / 2;
        return BL_OK;
    }
    default:
        v->type = BL_V_TEXT;
        v->p = bl_arena_strndup(a, p, n);
        v->n = n;
        return BL_OK;
    }
}
