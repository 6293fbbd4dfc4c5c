/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backend.h: the primitive operations a database backend provides (layer 1
 * of store.h), and the helpers the typed queries (q_*.c) are written with.
 * Private to src/store: nothing above the store includes it.
 *
 * A backend knows connections, transactions and single statements.  SQL is
 * portable text with $1..$n placeholders; a statement's text must have
 * static storage because backends cache prepared statements keyed by the
 * pointer.  Cells of result rows are allocated in the transaction's arena.
 */
#ifndef BL_STORE_BACKEND_H
#define BL_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

/* Largest text or blob bound as one parameter (a baked image, a signed document). */
#define BL_STORE_VALUE_MAX (32u * 1024 * 1024)
/* Most parameters of one statement. */
#define BL_STORE_PARAMS_MAX 32u
/* Most rows one statement may return (status lists are the largest reads). */
#define BL_STORE_ROWS_MAX 1000000u
/*
 * Attempts of one transaction before BL_ERETRY reaches the caller: two
 * writers of one row under SERIALIZABLE (PostgreSQL), slowed by the
 * sanitizers, were seen to lose 8 times in a row.
 */
#define BL_STORE_ATTEMPTS 12u
/* Most connections in a pool. */
#define BL_STORE_POOL_MAX 256u
/* SQLite: how long a writer waits for the write lock before SQLITE_BUSY. */
#define BL_STORE_BUSY_MS 5000

enum bl_vtype { BL_V_NULL = 0, BL_V_INT, BL_V_TEXT, BL_V_BLOB };

/* A parameter or a result cell.  Text is NUL-terminated; n is its length. */
struct bl_val {
    enum bl_vtype type;
    int64_t i;
    const void *p;
    size_t n;
};

/* The rows of one statement: cells[r * ncols + c]; changes: rows written. */
struct bl_rows {
    size_t nrows;
    size_t ncols;
    struct bl_val *cells;
    int64_t changes;
};

struct bl_store_ops {
    const char *name; /* "sqlite" | "postgresql" */
    /* Open one connection; `target` is the URL without "sqlite:" or the libpq URL. */
    enum bl_err (*connect)(const char *target, void **conn, struct bl_errinfo *ei);
    void (*disconnect)(void *conn);
    enum bl_err (*begin)(void *conn, enum bl_tx_mode mode, struct bl_errinfo *ei);
    enum bl_err (*commit)(void *conn, struct bl_errinfo *ei);
    /* Never fails in a way the caller could act on; leaves the connection idle. */
    void (*rollback)(void *conn);
    /* One statement with parameters; rows (may be NULL) receive the results in a. */
    enum bl_err (*exec)(void *conn, const char *sql, const struct bl_val *params, size_t nparams,
                        struct bl_arena *a, struct bl_rows *rows, struct bl_errinfo *ei);
    /* Several statements without parameters (migrations), inside the open transaction. */
    enum bl_err (*script)(void *conn, const char *sql, struct bl_errinfo *ei);
};

extern const struct bl_store_ops bl_store_sqlite_ops;
extern const struct bl_store_ops bl_store_postgres_ops;

/* ---- helpers for the typed queries (store.c) ------------------------------ */

/* Parameter constructors; a NULL text or blob binds SQL NULL. */
struct bl_val bl_v_int(int64_t i);
struct bl_val bl_v_text(const char *s);
struct bl_val bl_v_blob(const void *p, size_t n);

/* Run one statement in tx; rows may be NULL when none are wanted. */
enum bl_err bl_store__exec(struct bl_tx *tx, const char *sql, const struct bl_val *params,
                           size_t nparams, struct bl_rows *rows,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Cell readers: 0 / NULL for a SQL NULL or another type. */
int64_t bl_cell_int(const struct bl_rows *r, size_t row, size_t col);
const char *bl_cell_text(const struct bl_rows *r, size_t row, size_t col);
const unsigned char *bl_cell_blob(const struct bl_rows *r, size_t row, size_t col, size_t *n);

/* Clamp a page size to (0, BL_STORE_PAGE_MAX]; 0 asks for the maximum. */
size_t bl_store__page(size_t limit);

#define BL_NPARAMS(a) (sizeof(a) / sizeof((a)[0]))

#endif
