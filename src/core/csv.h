/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * csv.h: CSV files as French spreadsheets export them (RFC 4180 quoting),
 * on byte buffers.  The encoding is UTF-8 (with or without a BOM) or, when
 * the bytes are not strict UTF-8, Windows-1252, converted to UTF-8.  The
 * separator is the one of ',', ';' or TAB found most often outside quotes
 * on the header line.  Lines end in CRLF or LF; quoted cells may hold
 * separators, doubled quotes and line breaks.  Design: docs/internals/csv.md.
 */
#ifndef BL_CSV_H
#define BL_CSV_H

#include <stddef.h>

#include "arena.h"
#include "err.h"

/* Defaults of struct bl_csv_opts (a zero field takes them). */
#define BL_CSV_MAX_BYTES (4u * 1024 * 1024) /* input size, before decoding */
#define BL_CSV_MAX_ROWS  10000u             /* data rows, header excluded */
#define BL_CSV_MAX_COLS  50u
#define BL_CSV_MAX_CELL  8192u /* bytes of one decoded cell */

enum bl_csv_encoding {
    BL_CSV_UTF8 = 0,
    BL_CSV_UTF8_BOM, /* UTF-8 starting with EF BB BF (Excel's "CSV UTF-8") */
    BL_CSV_CP1252,   /* Windows-1252 (Excel's plain "CSV" in France) */
};

struct bl_csv_opts {
    size_t max_bytes, max_rows, max_cols, max_cell;
};

struct bl_csv_row {
    size_t line;        /* 1-based line of the file where the row starts */
    size_t n;           /* cells in this row (rows may be ragged) */
    const char **cells; /* UTF-8, NUL-terminated, arena-owned */
};

struct bl_csv {
    enum bl_csv_encoding encoding;
    char sep;                /* ',', ';' or '\t' */
    struct bl_csv_row *rows; /* rows[0] is the header row; arena-owned */
    size_t n_rows;           /* header included */
};

/*
 * Parse p[0..n) into *out (everything in arena a; p may be freed after).
 * Blank lines (nothing between two line ends) are skipped.  Errors, with
 * the line number in ei: BL_ETOOBIG past a limit of o (NULL: the
 * defaults), BL_EINVAL for an unterminated quote, a character after a
 * closing quote, a NUL byte or an empty file, BL_EUTF8 for a file with a
 * UTF-8 BOM that is not UTF-8, BL_EUNSUPPORTED for UTF-16.
 */
enum bl_err bl_csv_parse(const unsigned char *p, size_t n, const struct bl_csv_opts *o,
                         struct bl_arena *a, struct bl_csv *out,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/* "UTF-8", "UTF-8 (BOM)" or "Windows-1252". */
const char *bl_csv_encoding_name(enum bl_csv_encoding e);

#endif
