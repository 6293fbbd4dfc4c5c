/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * csv.c: the CSV reader of csv.h: decode to UTF-8, find the separator,
 * then one pass of an RFC 4180 state machine that counts lines for errors.
 */
#include "csv.h"

#include <string.h>

#include "buf.h"
#include "mem.h"
#include "utf8.h"

/* Windows-1252 0x80..0x9F as Unicode; the five undefined bytes become U+FFFD. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

struct parser {
    const char *t; /* decoded UTF-8 text */
    size_t m, i;   /* its length, the read position */
    size_t line;   /* 1-based line at t[i] */
    char sep;
    struct bl_csv_opts o;
    struct bl_arena *a;
    struct bl_buf cell; /* the cell being read */
    const char **cells; /* the current row (bl_malloc'd, grows) */
    size_t n_cells, cap_cells;
    struct bl_csv_row *rows; /* bl_malloc'd, copied into the arena at the end */
    size_t n_rows, cap_rows;
};

static const unsigned char *decode(const unsigned char *p, size_t n, struct bl_arena *a,
                                   enum bl_csv_encoding *enc, size_t *outlen,
                                   struct bl_errinfo *ei);
static size_t line_at(const unsigned char *p, size_t off);
static char find_sep(const char *t, size_t m);
static enum bl_err read_row(struct parser *ps, struct bl_errinfo *ei);
static enum bl_err end_cell(struct parser *ps, struct bl_errinfo *ei);
static void push_row(struct parser *ps, size_t line);

enum bl_err bl_csv_parse(const unsigned char *p, size_t n, const struct bl_csv_opts *o,
                         struct bl_arena *a, struct bl_csv *out, struct bl_errinfo *ei)
{
    struct parser ps = {.a = a, .line = 1};
    enum bl_err rc = BL_OK;

    memset(out, 0, sizeof *out);
    ps.o.max_bytes = o && o->max_bytes ? o->max_bytes : BL_CSV_MAX_BYTES;
    ps.o.max_rows = o && o->max_rows ? o->max_rows : BL_CSV_MAX_ROWS;
    ps.o.max_cols = o && o->max_cols ? o->max_cols : BL_CSV_MAX_COLS;
    ps.o.max_cell = o && o->max_cell ? o->max_cell : BL_CSV_MAX_CELL;
    if (n > ps.o.max_bytes)
        return bl_fail(ei, BL_ETOOBIG, "the file is over the limit of %zu bytes", ps.o.max_bytes);
    const unsigned char *t = decode(p, n, a, &out->encoding, &ps.m, ei);
    if (!t)
        return ei->code;
    ps.t = (const char *)t;
    const char *nul = memchr(ps.t, '\0', ps.m);
    if (nul)
        return bl_fail(ei, BL_EINVAL, "line %zu: NUL byte", line_at(t, (size_t)(nul - ps.t)));
    ps.sep = find_sep(ps.t, ps.m);
    bl_buf_init(&ps.cell, ps.o.max_cell);
    while (ps.i < ps.m && rc == BL_OK)
        rc = read_row(&ps, ei);
    if (rc == BL_OK && ps.n_rows == 0)
        rc = bl_fail(ei, BL_EINVAL, "the file is empty");
    if (rc == BL_OK) {
        out->sep = ps.sep;
        out->rows = bl_arena_memdup(a, ps.rows, ps.n_rows * sizeof *ps.rows);
        out->n_rows = ps.n_rows;
    }
    bl_buf_free(&ps.cell);
    bl_free(ps.cells);
    bl_free(ps.rows);
    return rc;
}

const char *bl_csv_encoding_name(enum bl_csv_encoding e)
{
    return e == BL_CSV_CP1252 ? "Windows-1252" : e == BL_CSV_UTF8_BOM ? "UTF-8 (BOM)" : "UTF-8";
}

/*
 * The text as UTF-8: the input itself when it is UTF-8 (after its BOM),
 * else its Windows-1252 bytes converted into the arena.  Strict UTF-8
 * validity decides: Windows-1252 accented text is almost never valid UTF-8
 * (é is 0xE9 followed by an ASCII letter), and UTF-8 is always tried first.
 */
static const unsigned char *decode(const unsigned char *p, size_t n, struct bl_arena *a,
                                   enum bl_csv_encoding *enc, size_t *outlen, struct bl_errinfo *ei)
{
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        bl_fail(ei, BL_EUNSUPPORTED, "UTF-16 files are not supported: save as CSV UTF-8");
        return NULL;
    }
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        size_t bad = bl_utf8_check(p + 3, n - 3);
        if (bad != n - 3) {
            bl_fail(ei, BL_EUTF8, "line %zu: not UTF-8 although the file starts with a BOM",
                    line_at(p, bad + 3));
            return NULL;
        }
        *enc = BL_CSV_UTF8_BOM;
        *outlen = n - 3;
        return p + 3;
    }
    if (bl_utf8_check(p, n) == n) {
        *enc = BL_CSV_UTF8;
        *outlen = n;
        return p;
    }
    /* Each byte becomes at most 3 bytes of UTF-8 (U+20AC is E2 82 AC). */
    unsigned char *o = bl_arena_alloc(a, 3 * n + 1), *q = o;
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (c >= 0x80 && c < 0xA0)
            c = cp1252_c1[c - 0x80];
        if (c < 0x80) {
            *q++ = (unsigned char)c;
        } else if (c < 0x800) {
            *q++ = (unsigned char)(0xC0 | (c >> 6));
            *q++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *q++ = (unsigned char)(0xE0 | (c >> 12));
            *q++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *q++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    *q = '\0';
    *enc = BL_CSV_CP1252;
    *outlen = (size_t)(q - o);
    return o;
}

/* The 1-based line of byte off (for errors found before parsing). */
static size_t line_at(const unsigned char *p, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += p[i] == '\n';
    return line;
}

/*
 * The separator: the most frequent of ';', ',' and TAB outside quotes on
 * the first line.  Ties go to ';' (French exports, where ',' is the
 * decimal mark), then TAB; a one-column file reads the same with any.
 */
static char find_sep(const char *t, size_t m)
{
    size_t semi = 0, comma = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < m; i++) {
        char c = t[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            semi += c == ';', comma += c == ',', tab += c == '\t';
    }
    if (semi >= comma && semi >= tab && semi > 0)
        return ';';
    if (tab >= comma && tab > 0)
        return '\t';
    return ',';
}

/* Read one line (a record) starting at ps->i; blank records are dropped. */
static enum bl_err read_row(struct parser *ps, struct bl_errinfo *ei)
{
    size_t start = ps->line;
    enum bl_err rc;
    ps->n_cells = 0;
    for (;;) {
        bl_buf_reset(&ps->cell);
        if (ps->i < ps->m && ps->t[ps->i] == '"') {
            ps->i++;
            for (;;) {
                if (ps->i >= ps->m)
                    return bl_fail(ei, BL_EINVAL, "line %zu: quote opened and never closed", start);
                char c = ps->t[ps->i];
                if (c == '"' && ps->i + 1 < ps->m && ps->t[ps->i + 1] == '"') {
                    c = '"';
                    ps->i += 2;
                } else if (c == '"') {
                    ps->i++;
                    break;
                } else if (c == '\r' && ps->i + 1 < ps->m && ps->t[ps->i + 1] == '\n') {
                    c = '\n'; /* a line break inside a cell is kept as LF */
                    ps->i += 2;
                    ps->line++;
                } else {
                    ps->line += c == '\n';
                    ps->i++;
                }
                if (bl_buf_putc(&ps->cell, (unsigned char)c) != BL_OK)
                    return bl_fail(ei, BL_ETOOBIG, "line %zu: a cell is over %zu bytes", start,
                                   ps->o.max_cell);
            }
            if (ps->i < ps->m && ps->t[ps->i] != ps->sep && ps->t[ps->i] != '\r' &&
                ps->t[ps->i] != '\n')
                return bl_fail(ei, BL_EINVAL,
                               "line %zu: unexpected character after a closing quote", ps->line);
        } else {
            size_t b = ps->i;
            while (ps->i < ps->m && ps->t[ps->i] != ps->sep && ps->t[ps->i] != '\r' &&
                   ps->t[ps->i] != '\n')
                ps->i++;
            if (bl_buf_append(&ps->cell, ps->t + b, ps->i - b) != BL_OK)
                return bl_fail(ei, BL_ETOOBIG, "line %zu: a cell is over %zu bytes", start,
                               ps->o.max_cell);
        }
        if ((rc = end_cell(ps, ei)) != BL_OK)
            return rc;
        if (ps->i < ps->m && ps->t[ps->i] == ps->sep) {
            ps->i++;
            continue;
        }
        break;
    }
    /* The line end: CRLF, LF, or a lone CR (old Mac files); EOF needs none. */
    if (ps->i < ps->m && ps->t[ps->i] == '\r')
        ps->i++;
    if (ps->i < ps->m && ps->t[ps->i] == '\n')
        ps->i++;
    ps->line++;
    size_t filled = 0;
    for (size_t k = 0; k < ps->n_cells; k++)
        filled += ps->cells[k][0] != '\0';
    if (filled == 0)
        return BL_OK; /* a blank line, or only separators (";;;" from a spreadsheet) */
    if (ps->n_rows > ps->o.max_rows) /* the header is not counted */
        return bl_fail(ei, BL_ETOOBIG, "line %zu: more than %zu rows", start, ps->o.max_rows);
    push_row(ps, start);
    return BL_OK;
}

static enum bl_err end_cell(struct parser *ps, struct bl_errinfo *ei)
{
    if (ps->n_cells >= ps->o.max_cols)
        return bl_fail(ei, BL_ETOOBIG, "line %zu: more than %zu columns", ps->line, ps->o.max_cols);
    if (ps->n_cells == ps->cap_cells) {
        ps->cap_cells = ps->cap_cells ? 2 * ps->cap_cells : 16;
        ps->cells = bl_realloc(ps->cells, ps->cap_cells * sizeof *ps->cells);
    }
    const char *p = ps->cell.len ? (const char *)ps->cell.p : "";
    ps->cells[ps->n_cells++] = bl_arena_strndup(ps->a, p, ps->cell.len);
    return BL_OK;
}

static void push_row(struct parser *ps, size_t line)
{
    if (ps->n_rows == ps->cap_rows) {
        ps->cap_rows = ps->cap_rows ? 2 * ps->cap_rows : 64;
        ps->rows = bl_realloc(ps->rows, ps->cap_rows * sizeof *ps->rows);
    }
    struct bl_csv_row *r = &ps->rows[ps->n_rows++];
    r->line = line;
    r->n = ps->n_cells;
    r->cells = bl_arena_memdup(ps->a, ps->cells, ps->n_cells * sizeof *ps->cells);
}
