/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * rdf.c: the RDF dataset (a set of quads whose strings live in an arena,
 * with blank-node labels interned to small integers), the strict N-Quads
 * parser and the canonical N-Quads writer (see rdf.h and
 * docs/internals/rdfc.md).
 */
#include <string.h>

#include "mem.h"
#include "rdf.h"
#include "utf8.h"

/* Arena blocks hold this much unless a single string needs more. */
#define ARENA_BLOCK 65536u

struct bl_rdf_arena {
    struct bl_rdf_arena *next;
    size_t cap;
    size_t used;
    unsigned char data[];
};

static const char XSD_STRING[] = "http://www.w3.org/2001/XMLSchema#string";

/* Position of the N-Quads reader. */
struct rd {
    const unsigned char *text, *p, *end, *line_start;
    size_t line;
    struct bl_errinfo *ei;
};

static int term_eq(const struct bl_rdf_term *a, const struct bl_rdf_term *b);
static uint64_t term_hash(uint64_t h, const struct bl_rdf_term *t);
static enum bl_err check_term(const struct bl_rdf_term *t, const char *pos, struct bl_errinfo *ei);
static int iri_ok(const char *z, size_t n);
static int scheme_ok(const char *z, size_t n);
static int label_ok(const char *z, size_t n);
static int lang_ok(const char *z, size_t n);
static int bnode_find(const struct bl_rdf_dataset *ds, const struct bl_rdf_term *t, uint64_t h,
                      size_t *slot);
static uint64_t hbytes(uint64_t h, const char *p, size_t n);

/* ---- dataset ---------------------------------------------------------- */

void bl_rdf_dataset_init(struct bl_rdf_dataset *ds)
{
    memset(ds, 0, sizeof(*ds));
    ds->max_quads = BL_RDF_MAX_QUADS_DEFAULT;
    ds->max_bytes = BL_RDF_MAX_BYTES_DEFAULT;
}

void bl_rdf_dataset_free(struct bl_rdf_dataset *ds)
{
    struct bl_rdf_arena *a = ds->arena, *next;
    size_t mq = ds->max_quads, mb = ds->max_bytes;

    while (a != NULL) {
        next = a->next;
        bl_free(a);
        a = next;
    }
    bl_free(ds->quads);
    bl_free(ds->qset);
    bl_free(ds->bset);
    bl_free(ds->blabels);
    bl_rdf_dataset_init(ds);
    ds->max_quads = mq;
    ds->max_bytes = mb;
}

void bl_rdf_dataset_reset(struct bl_rdf_dataset *ds)
{
    struct bl_rdf_arena *a;

    for (a = ds->arena; a != NULL; a = a->next)
        a->used = 0;
    ds->arena_cur = ds->arena;
    ds->arena_used = 0;
    ds->nquads = 0;
    ds->nbnodes = 0;
    if (ds->qset != NULL)
        memset(ds->qset, 0, ds->qset_cap * sizeof(*ds->qset));
    if (ds->bset != NULL)
        memset(ds->bset, 0, ds->bset_cap * sizeof(*ds->bset));
}

const struct bl_rdf_term *bl_rdf_bnode_at(const struct bl_rdf_dataset *ds, size_t i)
{
    return i < ds->nbnodes ? &ds->blabels[i] : NULL;
}

/* Copy n bytes into the arena; the caller has checked max_bytes. */
static const char *arena_copy(struct bl_rdf_dataset *ds, const char *p, size_t n)
{
    struct bl_rdf_arena *a = ds->arena_cur, *b;
    unsigned char *dst;

    if (n == 0)
        return "";
    while (a != NULL && a->cap - a->used < n) {
        /* Blocks after the current one are empty (reused after a reset). */
        if (a->next == NULL || a->next->cap < n)
            break;
        a = a->next;
    }
    if (a == NULL || a->cap - a->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;

        b = bl_malloc(sizeof(*b) + cap);
        b->cap = cap;
        b->used = 0;
        if (a == NULL) {
            b->next = NULL;
            ds->arena = b;
        } else {
            b->next = a->next;
            a->next = b;
        }
        a = b;
    }
    ds->arena_cur = a;
    dst = a->data + a->used;
    memcpy(dst, p, n);
    a->used += n;
    ds->arena_used += n;
    return (const char *)dst;
}

static uint64_t quad_hash(const struct bl_rdf_quad *q)
{
    uint64_t h = 0x243F6A8885A308D3ull;

    h = term_hash(h, &q->s);
    h = term_hash(h, &q->p);
    h = term_hash(h, &q->o);
    return term_hash(h, &q->g);
}

static int quad_eq(const struct bl_rdf_quad *a, const struct bl_rdf_quad *b)
{
    return term_eq(&a->s, &b->s) && term_eq(&a->p, &b->p) && term_eq(&a->o, &b->o) &&
           term_eq(&a->g, &b->g);
}

static void qset_grow(struct bl_rdf_dataset *ds)
{
    size_t cap = ds->qset_cap ? ds->qset_cap * 2 : 64, i, j;

    bl_free(ds->qset);
    ds->qset = bl_calloc(cap, sizeof(*ds->qset));
    ds->qset_cap = cap;
    for (i = 0; i < ds->nquads; i++) {
        j = (size_t)quad_hash(&ds->quads[i]) & (cap - 1);
        while (ds->qset[j] != 0)
            j = (j + 1) & (cap - 1);
        ds->qset[j] = (uint32_t)(i + 1);
    }
}

static void bset_grow(struct bl_rdf_dataset *ds)
{
    size_t cap = ds->bset_cap ? ds->bset_cap * 2 : 64, i, j;

    bl_free(ds->bset);
    ds->bset = bl_calloc(cap, sizeof(*ds->bset));
    ds->bset_cap = cap;
    for (i = 0; i < ds->nbnodes; i++) {
        j = (size_t)hbytes(7, ds->blabels[i].str, ds->blabels[i].len) & (cap - 1);
        while (ds->bset[j] != 0)
            j = (j + 1) & (cap - 1);
        ds->bset[j] = (uint32_t)(i + 1);
    }
}

/* Store t's strings in the arena; blank nodes are interned. */
static void store_term(struct bl_rdf_dataset *ds, struct bl_rdf_term *t)
{
    size_t slot;
    uint64_t h;

    if (t->kind == BL_RDF_DEFAULT) {
        memset(t, 0, sizeof(*t));
        return;
    }
    if (t->kind == BL_RDF_BNODE) {
        h = hbytes(7, t->str, t->len);
        if (!bnode_find(ds, t, h, &slot)) {
            if ((ds->nbnodes + 1) * 2 > ds->bset_cap) {
                bset_grow(ds);
                (void)bnode_find(ds, t, h, &slot);
            }
            if (ds->nbnodes == ds->bcap) {
                ds->bcap = ds->bcap ? ds->bcap * 2 : 16;
                ds->blabels = bl_realloc(ds->blabels, ds->bcap * sizeof(*ds->blabels));
            }
            t->str = arena_copy(ds, t->str, t->len);
            t->bnode = (uint32_t)ds->nbnodes;
            ds->blabels[ds->nbnodes] = *t;
            ds->bset[slot] = (uint32_t)(ds->nbnodes + 1);
            ds->nbnodes++;
        }
        *t = ds->blabels[ds->bset[slot] - 1];
        return;
    }
    t->bnode = 0;
    t->str = arena_copy(ds, t->str, t->len);
    if (t->kind == BL_RDF_LITERAL) {
        t->dt = t->dt_len ? arena_copy(ds, t->dt, t->dt_len) : NULL;
        t->lang = t->lang_len ? arena_copy(ds, t->lang, t->lang_len) : NULL;
    } else {
        t->dt = t->lang = NULL;
        t->dt_len = t->lang_len = 0;
    }
}

/* Normalise a literal: xsd:string is implicit; a language wins over dt. */
static void norm_term(struct bl_rdf_term *t)
{
    if (t->kind != BL_RDF_LITERAL) {
        t->dt = t->lang = NULL;
        t->dt_len = t->lang_len = 0;
        return;
    }
    if (t->lang_len != 0 ||
        (t->dt_len == sizeof(XSD_STRING) - 1 && memcmp(t->dt, XSD_STRING, t->dt_len) == 0)) {
        t->dt = NULL;
        t->dt_len = 0;
    }
    if (t->lang_len == 0)
        t->lang = NULL;
}

static size_t term_bytes(const struct bl_rdf_term *t)
{
    return t->kind == BL_RDF_DEFAULT ? 0 : t->len + t->dt_len + t->lang_len;
}

/* Add a quad whose terms are valid; the common end of add and parse. */
static enum bl_err add_valid(struct bl_rdf_dataset *ds, struct bl_rdf_quad *q,
                             struct bl_errinfo *ei)
{
    size_t slot, bytes, j;
    uint64_t h;
    int known = 1;
    struct bl_rdf_term *ts[4] = {&q->s, &q->p, &q->o, &q->g};

    for (j = 0; j < 4; j++) {
        norm_term(ts[j]);
        if (ts[j]->kind == BL_RDF_BNODE) {
            h = hbytes(7, ts[j]->str, ts[j]->len);
            if (bnode_find(ds, ts[j], h, &slot))
                ts[j]->bnode = ds->bset[slot] - 1;
            else
                known = 0;
        }
    }
    h = 0;
    if (known && ds->nquads > 0) {
        h = quad_hash(q); /* the same after store_term: kept for the insertion */
        for (slot = (size_t)h & (ds->qset_cap - 1); ds->qset[slot] != 0;
             slot = (slot + 1) & (ds->qset_cap - 1)) {
            if (quad_eq(&ds->quads[ds->qset[slot] - 1], q))
                return BL_OK;
        }
    }
    if (ds->nquads >= ds->max_quads || ds->nquads >= UINT32_MAX - 1)
        return bl_fail(ei, BL_ETOOBIG, "dataset has more than %zu quads", ds->max_quads);
    bytes = term_bytes(&q->s) + term_bytes(&q->p) + term_bytes(&q->o) + term_bytes(&q->g);
    if (bytes > ds->max_bytes || ds->arena_used > ds->max_bytes - bytes)
        return bl_fail(ei, BL_ETOOBIG, "dataset strings exceed %zu bytes", ds->max_bytes);
    for (j = 0; j < 4; j++)
        store_term(ds, ts[j]);
    if (ds->nquads == ds->qcap) {
        ds->qcap = ds->qcap ? ds->qcap * 2 : 64;
        ds->quads = bl_realloc(ds->quads, ds->qcap * sizeof(*ds->quads));
    }
    ds->quads[ds->nquads++] = *q;
    if (ds->nquads * 2 > ds->qset_cap) {
        qset_grow(ds);
    } else {
        if (!known || ds->nquads == 1)
            h = quad_hash(q);
        for (slot = (size_t)h & (ds->qset_cap - 1); ds->qset[slot] != 0;
             slot = (slot + 1) & (ds->qset_cap - 1))
            ;
        ds->qset[slot] = (uint32_t)ds->nquads;
    }
    return BL_OK;
}

enum bl_err bl_rdf_add_quad(struct bl_rdf_dataset *ds, const struct bl_rdf_term *s,
                            const struct bl_rdf_term *p, const struct bl_rdf_term *o,
                            const struct bl_rdf_term *g, struct bl_errinfo *ei)
{
    struct bl_rdf_quad q;
    enum bl_err rc;

    if (s->kind != BL_RDF_IRI && s->kind != BL_RDF_BNODE)
        return bl_fail(ei, BL_EINVAL, "subject must be an IRI or a blank node");
    if (p->kind != BL_RDF_IRI)
        return bl_fail(ei, BL_EINVAL, "predicate must be an IRI");
    if (o->kind != BL_RDF_IRI && o->kind != BL_RDF_BNODE && o->kind != BL_RDF_LITERAL)
        return bl_fail(ei, BL_EINVAL, "object must be an IRI, a blank node or a literal");
    if (g != NULL && g->kind != BL_RDF_DEFAULT && g->kind != BL_RDF_IRI && g->kind != BL_RDF_BNODE)
        return bl_fail(ei, BL_EINVAL, "graph name must be an IRI or a blank node");
    q.s = *s;
    q.p = *p;
    q.o = *o;
    if (g != NULL)
        q.g = *g;
    else
        memset(&q.g, 0, sizeof(q.g));
    if ((rc = check_term(&q.s, "subject", ei)) != BL_OK ||
        (rc = check_term(&q.p, "predicate", ei)) != BL_OK ||
        (rc = check_term(&q.o, "object", ei)) != BL_OK ||
        (rc = check_term(&q.g, "graph name", ei)) != BL_OK)
        return rc;
    return add_valid(ds, &q, ei);
}

/* ---- writer ----------------------------------------------------------- */

/* Canonical escape of each byte of a literal: 0 none, else the letter. */
static const char ESC[256] = {
    ['\\'] = '\\', ['"'] = '"', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't', ['\b'] = 'b',
    ['\f'] = 'f',  [0] = 'u',   [1] = 'u',    [2] = 'u',    [3] = 'u',    [4] = 'u',
    [5] = 'u',     [6] = 'u',   [7] = 'u',    [11] = 'u',   [14] = 'u',   [15] = 'u',
    [16] = 'u',    [17] = 'u',  [18] = 'u',   [19] = 'u',   [20] = 'u',   [21] = 'u',
    [22] = 'u',    [23] = 'u',  [24] = 'u',   [25] = 'u',   [26] = 'u',   [27] = 'u',
    [28] = 'u',    [29] = 'u',  [30] = 'u',   [31] = 'u',   [127] = 'u',
};

/* The datatype to write after "^^", or NULL (none, or xsd:string). */
static const char *shown_dt(const struct bl_rdf_term *t)
{
    if (t->lang_len != 0 || t->dt_len == 0 ||
        (t->dt_len == sizeof(XSD_STRING) - 1 && memcmp(t->dt, XSD_STRING, t->dt_len) == 0))
        return NULL;
    return t->dt;
}

size_t bl_rdf_term_size(const struct bl_rdf_term *t)
{
    size_t n, i;

    switch (t->kind) {
    case BL_RDF_IRI:
    case BL_RDF_BNODE:
        return t->len + 2;
    case BL_RDF_LITERAL:
        n = t->len + 2;
        for (i = 0; i < t->len; i++) {
            char e = ESC[(unsigned char)t->str[i]];

            if (e != 0)
                n += e == 'u' ? 5 : 1;
        }
        if (t->lang_len != 0)
            n += t->lang_len + 1;
        else if (shown_dt(t) != NULL)
            n += t->dt_len + 4;
        return n;
    case BL_RDF_DEFAULT:
        break;
    }
    return 0;
}

unsigned char *bl_rdf_term_put(unsigned char *d, const struct bl_rdf_term *t)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *z = (const unsigned char *)t->str;
    size_t i, run = 0;
    char e;

    switch (t->kind) {
    case BL_RDF_DEFAULT:
        return d;
    case BL_RDF_IRI:
        *d++ = '<';
        memcpy(d, t->str, t->len);
        d += t->len;
        *d++ = '>';
        return d;
    case BL_RDF_BNODE:
        *d++ = '_';
        *d++ = ':';
        memcpy(d, t->str, t->len);
        return d + t->len;
    case BL_RDF_LITERAL:
        *d++ = '"';
        for (i = 0; i < t->len; i++) {
            if ((e = ESC[z[i]]) == 0)
                continue;
            memcpy(d, z + run, i - run);
            d += i - run;
            *d++ = '\\';
            *d++ = (unsigned char)e;
            if (e == 'u') {
                *d++ = '0';
                *d++ = '0';
                *d++ = (unsigned char)hex[z[i] >> 4];
                *d++ = (unsigned char)hex[z[i] & 15];
            }
            run = i + 1;
        }
        memcpy(d, z + run, t->len - run);
        d += t->len - run;
        *d++ = '"';
        if (t->lang_len != 0) {
            *d++ = '@';
            memcpy(d, t->lang, t->lang_len);
            d += t->lang_len;
        } else if (shown_dt(t) != NULL) {
            memcpy(d, "^^<", 3);
            memcpy(d + 3, t->dt, t->dt_len);
            d += 3 + t->dt_len;
            *d++ = '>';
        }
        return d;
    }
    return d;
}

enum bl_err bl_rdf_write_term(struct bl_buf *out, const struct bl_rdf_term *t)
{
    size_t n = bl_rdf_term_size(t);
    enum bl_err rc;
    unsigned char *end;

    if ((rc = bl_buf_reserve(out, n)) != BL_OK)
        return rc;
    end = bl_rdf_term_put(out->p + out->len, t);
    out->len = (size_t)(end - out->p);
    out->p[out->len] = '\0';
    return BL_OK;
}

enum bl_err bl_rdf_write_quad(struct bl_buf *out, const struct bl_rdf_quad *q)
{
    size_t n = bl_rdf_term_size(&q->s) + bl_rdf_term_size(&q->p) + bl_rdf_term_size(&q->o) +
               bl_rdf_term_size(&q->g) + 6;
    unsigned char *d;
    enum bl_err rc;

    if ((rc = bl_buf_reserve(out, n)) != BL_OK)
        return rc;
    d = bl_rdf_term_put(out->p + out->len, &q->s);
    *d++ = ' ';
    d = bl_rdf_term_put(d, &q->p);
    *d++ = ' ';
    d = bl_rdf_term_put(d, &q->o);
    if (q->g.kind != BL_RDF_DEFAULT) {
        *d++ = ' ';
        d = bl_rdf_term_put(d, &q->g);
    }
    memcpy(d, " .\n", 3);
    out->len = (size_t)(d + 3 - out->p);
    out->p[out->len] = '\0';
    return BL_OK;
}

enum bl_err bl_rdf_write_nquads(struct bl_buf *out, const struct bl_rdf_dataset *ds)
{
    enum bl_err rc;
    size_t i;

    for (i = 0; i < ds->nquads; i++)
        if ((rc = bl_rdf_write_quad(out, &ds->quads[i])) != BL_OK)
            return rc;
    return BL_OK;
}

/* ---- N-Quads reader --------------------------------------------------- */

static enum bl_err rd_fail(struct rd *r, const unsigned char *at, const char *what)
{
    return bl_fail(r->ei, BL_EINVAL, "line %zu, column %zu: %s", r->line,
                   (size_t)(at - r->line_start) + 1, what);
}

static void skip_ws(struct rd *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
        r->p++;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static size_t put_utf8(unsigned char *d, uint32_t cp)
{
    if (cp < 0x80) {
        d[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decode \uXXXX or \UXXXXXXXX at r->p (pointing at 'u' or 'U'). */
static enum bl_err rd_uchar(struct rd *r, uint32_t *cp)
{
    const unsigned char *at = r->p - 1;
    size_t k, nd = *r->p == 'u' ? 4 : 8;
    uint32_t v = 0;
    int h;

    r->p++;
    if ((size_t)(r->end - r->p) < nd)
        return rd_fail(r, at, "truncated \\u escape");
    for (k = 0; k < nd; k++) {
        if ((h = hexval(r->p[k])) < 0)
            return rd_fail(r, at, "bad hex digit in \\u escape");
        v = (v << 4) | (uint32_t)h;
    }
    r->p += nd;
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return rd_fail(r, at, "\\u escape is not a Unicode scalar value");
    *cp = v;
    return BL_OK;
}

/*
 * Bytes an IRIREF holds verbatim: not controls, space, <>"{}|^` or the
 * backslash.  Every byte of a multi-byte UTF-8 sequence is >= 0x80.
 */
static const unsigned char IRI_BYTE[128] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1,
    ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1,  ['0'] = 1, ['1'] = 1,
    ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,  ['8'] = 1, ['9'] = 1,
    [':'] = 1, [';'] = 1, ['='] = 1, ['?'] = 1, ['@'] = 1, ['A'] = 1,  ['B'] = 1, ['C'] = 1,
    ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,  ['J'] = 1, ['K'] = 1,
    ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,  ['R'] = 1, ['S'] = 1,
    ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1,  ['Z'] = 1, ['['] = 1,
    [']'] = 1, ['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,  ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,  ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,  ['u'] = 1, ['v'] = 1,
    ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['~'] = 1, [0x7f] = 1,
};
#define IRI_OK(c) ((c) >= 0x80 || IRI_BYTE[c])

/* Does this code point end up outside what an IRIREF may hold verbatim? */
static int iri_bad_cp(uint32_t c)
{
    return !IRI_OK(c);
}

/* IRIREF at r->p ('<'); the value (without <>) goes to *t. */
static enum bl_err rd_iri(struct rd *r, struct bl_buf *sb, struct bl_rdf_term *t)
{
    const unsigned char *at = r->p, *start, *seg;
    unsigned char u8[4];
    int copying = 0;
    uint32_t cp;
    enum bl_err rc;

    start = seg = ++r->p;
    for (;;) {
        while (r->p < r->end && IRI_OK(*r->p))
            r->p++;
        if (r->p >= r->end || *r->p == '\n' || *r->p == '\r')
            return rd_fail(r, at, "unterminated IRI");
        if (*r->p == '>')
            break;
        if (*r->p != '\\')
            return rd_fail(r, r->p, "character not allowed in an IRI");
        if (!copying) {
            copying = 1;
            bl_buf_reset(sb);
        }
        if ((rc = bl_buf_append(sb, seg, (size_t)(r->p - seg))) != BL_OK)
            return rc;
        r->p++;
        if (r->p >= r->end || (*r->p != 'u' && *r->p != 'U'))
            return rd_fail(r, r->p - 1, "only \\u and \\U escapes are allowed in an IRI");
        if ((rc = rd_uchar(r, &cp)) != BL_OK)
            return rc;
        if (iri_bad_cp(cp))
            return rd_fail(r, at, "escaped character not allowed in an IRI");
        if ((rc = bl_buf_append(sb, u8, put_utf8(u8, cp))) != BL_OK)
            return rc;
        seg = r->p;
    }
    if (copying) {
        if ((rc = bl_buf_append(sb, seg, (size_t)(r->p - seg))) != BL_OK)
            return rc;
        *t = bl_rdf_iri((const char *)sb->p, sb->len);
    } else {
        *t = bl_rdf_iri((const char *)start, (size_t)(r->p - start));
    }
    r->p++;
    /* Every character was checked above: only the scheme is left. */
    if (!scheme_ok(t->str, t->len))
        return rd_fail(r, at, "IRI is not absolute");
    return BL_OK;
}

/* BLANK_NODE_LABEL at r->p ('_'). */
static enum bl_err rd_bnode(struct rd *r, struct bl_rdf_term *t)
{
    const unsigned char *at = r->p, *start;

    if (r->end - r->p < 2 || r->p[1] != ':')
        return rd_fail(r, at, "expected '_:'");
    start = r->p += 2;
    /* Take everything up to a delimiter, then let go of trailing dots. */
    while (r->p < r->end && *r->p != ' ' && *r->p != '\t' && *r->p != '\n' && *r->p != '\r' &&
           *r->p != '<' && *r->p != '"' && *r->p != '#')
        r->p++;
    while (r->p > start && r->p[-1] == '.')
        r->p--;
    *t = bl_rdf_bnode((const char *)start, (size_t)(r->p - start));
    if (!label_ok(t->str, t->len))
        return rd_fail(r, at, "bad blank node label");
    return BL_OK;
}

/* STRING_LITERAL_QUOTE plus language or datatype, at r->p ('"'). */
static enum bl_err rd_literal(struct rd *r, struct bl_buf *sb, struct bl_buf *dtb,
                              struct bl_rdf_term *t)
{
    const unsigned char *at = r->p, *start, *seg, *lang;
    unsigned char u8[4], c;
    int copying = 0;
    uint32_t cp;
    enum bl_err rc;
    struct bl_rdf_term dt;

    start = seg = ++r->p;
    for (;;) {
        if (r->p >= r->end)
            return rd_fail(r, at, "unterminated literal");
        c = *r->p;
        if (c == '"')
            break;
        if (c == '\n' || c == '\r')
            return rd_fail(r, r->p, "line break in a literal");
        if (c != '\\') {
            r->p++;
            continue;
        }
        if (!copying) {
            copying = 1;
            bl_buf_reset(sb);
        }
        if ((rc = bl_buf_append(sb, seg, (size_t)(r->p - seg))) != BL_OK)
            return rc;
        r->p++;
        if (r->p >= r->end)
            return rd_fail(r, r->p - 1, "unterminated escape");
        switch (*r->p) {
        case 't':
            c = '\t';
            break;
        case 'b':
            c = '\b';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 'f':
            c = '\f';
            break;
        case '"':
        case '\'':
        case '\\':
            c = *r->p;
            break;
        case 'u':
        case 'U':
            if ((rc = rd_uchar(r, &cp)) != BL_OK)
                return rc;
            if ((rc = bl_buf_append(sb, u8, put_utf8(u8, cp))) != BL_OK)
                return rc;
            seg = r->p;
            continue;
        default:
            return rd_fail(r, r->p - 1, "bad escape in a literal");
        }
        r->p++;
        if ((rc = bl_buf_putc(sb, c)) != BL_OK)
            return rc;
        seg = r->p;
    }
    if (copying) {
        if ((rc = bl_buf_append(sb, seg, (size_t)(r->p - seg))) != BL_OK)
            return rc;
        *t = bl_rdf_literal((const char *)sb->p, sb->len, NULL, 0, NULL, 0);
    } else {
        *t = bl_rdf_literal((const char *)start, (size_t)(r->p - start), NULL, 0, NULL, 0);
    }
    r->p++;
    if (r->p < r->end && *r->p == '@') {
        lang = ++r->p;
        while (r->p < r->end && ((*r->p | 0x20) >= 'a' && (*r->p | 0x20) <= 'z'))
            r->p++;
        while (r->p < r->end && *r->p == '-') {
            r->p++;
            while (r->p < r->end && (((*r->p | 0x20) >= 'a' && (*r->p | 0x20) <= 'z') ||
                                     (*r->p >= '0' && *r->p <= '9')))
                r->p++;
        }
        t->lang = (const char *)lang;
        t->lang_len = (size_t)(r->p - lang);
        if (!lang_ok(t->lang, t->lang_len))
            return rd_fail(r, lang - 1, "bad language tag");
    } else if (r->p < r->end && *r->p == '^') {
        if (r->end - r->p < 3 || r->p[1] != '^' || r->p[2] != '<')
            return rd_fail(r, r->p, "expected '^^<' before a datatype IRI");
        r->p += 2;
        if ((rc = rd_iri(r, dtb, &dt)) != BL_OK)
            return rc;
        t->dt = dt.str;
        t->dt_len = dt.len;
    }
    return BL_OK;
}

static enum bl_err rd_statement(struct rd *r, struct bl_rdf_dataset *ds, struct bl_buf sb[5])
{
    struct bl_rdf_quad q;
    enum bl_err rc;

    memset(&q, 0, sizeof(q));
    if (*r->p == '<')
        rc = rd_iri(r, &sb[0], &q.s);
    else if (*r->p == '_')
        rc = rd_bnode(r, &q.s);
    else
        return rd_fail(r, r->p, "expected an IRI or a blank node as subject");
    if (rc != BL_OK)
        return rc;
    skip_ws(r);
    if (r->p >= r->end || *r->p != '<')
        return rd_fail(r, r->p, "expected an IRI as predicate");
    if ((rc = rd_iri(r, &sb[1], &q.p)) != BL_OK)
        return rc;
    skip_ws(r);
    if (r->p >= r->end)
        return rd_fail(r, r->p, "expected an object");
    if (*r->p == '<')
        rc = rd_iri(r, &sb[2], &q.o);
    else if (*r->p == '_')
        rc = rd_bnode(r, &q.o);
    else if (*r->p == '"')
        rc = rd_literal(r, &sb[2], &sb[3], &q.o);
    else
        return rd_fail(r, r->p, "expected an IRI, a blank node or a literal as object");
    if (rc != BL_OK)
        return rc;
    skip_ws(r);
    if (r->p < r->end && *r->p == '<')
        rc = rd_iri(r, &sb[4], &q.g);
    else if (r->p < r->end && *r->p == '_')
        rc = rd_bnode(r, &q.g);
    if (rc != BL_OK)
        return rc;
    skip_ws(r);
    if (r->p >= r->end || *r->p != '.')
        return rd_fail(r, r->p, "expected '.' at the end of the statement");
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == '#')
        while (r->p < r->end && *r->p != '\n' && *r->p != '\r')
            r->p++;
    if (r->p < r->end && *r->p != '\n' && *r->p != '\r')
        return rd_fail(r, r->p, "expected the end of the line after '.'");
    return add_valid(ds, &q, r->ei);
}

enum bl_err bl_rdf_parse_nquads(struct bl_rdf_dataset *ds, const char *text, size_t n,
                                struct bl_errinfo *ei)
{
    struct rd r;
    struct bl_buf sb[5];
    enum bl_err rc = BL_OK;
    size_t bad, k;

    if (n > BL_RDF_MAX_NQUADS_TEXT)
        return bl_fail(ei, BL_ETOOBIG, "N-Quads text of %zu bytes exceeds %u", n,
                       BL_RDF_MAX_NQUADS_TEXT);
    if (text == NULL)
        text = ""; /* n is 0: nothing to read, and no arithmetic on NULL */
    r.text = r.p = r.line_start = (const unsigned char *)text;
    r.end = r.text + n;
    r.line = 1;
    r.ei = ei;
    bad = bl_utf8_check(r.text, n);
    if (bad != n) {
        for (k = 0; k < bad; k++)
            if (r.text[k] == '\n') {
                r.line++;
                r.line_start = r.text + k + 1;
            }
        return bl_fail(ei, BL_EUTF8, "line %zu, column %zu: invalid UTF-8", r.line,
                       (size_t)(r.text + bad - r.line_start) + 1);
    }
    for (k = 0; k < 5; k++)
        bl_buf_init(&sb[k], BL_RDF_MAX_NQUADS_TEXT);
    while (r.p < r.end) {
        skip_ws(&r);
        if (r.p < r.end && *r.p == '#')
            while (r.p < r.end && *r.p != '\n' && *r.p != '\r')
                r.p++;
        if (r.p < r.end && *r.p != '\n' && *r.p != '\r') {
            if ((rc = rd_statement(&r, ds, sb)) != BL_OK)
                goto out;
        }
        /* At an end of line (or of the text). */
        if (r.p < r.end) {
            if (*r.p == '\r' && r.p + 1 < r.end && r.p[1] == '\n')
                r.p++;
            r.p++;
            r.line++;
            r.line_start = r.p;
        }
    }
out:
    for (k = 0; k < 5; k++)
        bl_buf_free(&sb[k]);
    return rc;
}

/* ---- validation and hashing helpers ------------------------------------ */

static uint64_t hbytes(uint64_t h, const char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t v;

    while (n >= 8) {
        memcpy(&v, p, 8);
        h = (h ^ v) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    v = 0;
    if (n)
        memcpy(&v, p, n);
    h = (h ^ v ^ ((uint64_t)n << 59)) * k;
    return h ^ (h >> 32);
}

static uint64_t term_hash(uint64_t h, const struct bl_rdf_term *t)
{
    h = (h ^ (uint64_t)t->kind) * 0xff51afd7ed558ccdull;
    switch (t->kind) {
    case BL_RDF_DEFAULT:
        return h;
    case BL_RDF_BNODE:
        return (h ^ t->bnode) * 0xc4ceb9fe1a85ec53ull;
    case BL_RDF_LITERAL:
        h = hbytes(h, t->dt ? t->dt : "", t->dt_len);
        h = hbytes(h, t->lang ? t->lang : "", t->lang_len);
        return hbytes(h, t->str, t->len);
    case BL_RDF_IRI:
        return hbytes(h, t->str, t->len);
    }
    return h;
}

static int streq(const char *a, size_t na, const char *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static int term_eq(const struct bl_rdf_term *a, const struct bl_rdf_term *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case BL_RDF_DEFAULT:
        return 1;
    case BL_RDF_BNODE:
        return a->bnode == b->bnode;
    case BL_RDF_LITERAL:
        return streq(a->str, a->len, b->str, b->len) && streq(a->dt, a->dt_len, b->dt, b->dt_len) &&
               streq(a->lang, a->lang_len, b->lang, b->lang_len);
    case BL_RDF_IRI:
        return streq(a->str, a->len, b->str, b->len);
    }
    return 0;
}

static int bnode_find(const struct bl_rdf_dataset *ds, const struct bl_rdf_term *t, uint64_t h,
                      size_t *slot)
{
    size_t j;
    const struct bl_rdf_term *l;

    if (ds->bset_cap == 0) {
        *slot = 0;
        return 0;
    }
    for (j = (size_t)h & (ds->bset_cap - 1); ds->bset[j] != 0; j = (j + 1) & (ds->bset_cap - 1)) {
        l = &ds->blabels[ds->bset[j] - 1];
        if (streq(l->str, l->len, t->str, t->len)) {
            *slot = j;
            return 1;
        }
    }
    *slot = j;
    return 0;
}

/* Decode one code point of valid UTF-8 at z[*i], advancing *i. */
static uint32_t next_cp(const char *z, size_t *i)
{
    const unsigned char *s = (const unsigned char *)z + *i;

    if (s[0] < 0x80) {
        *i += 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *i += 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *i += 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *i += 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* N-Triples PN_CHARS_BASE. */
static int pn_base(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
           (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
           (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
           (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
           (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static int pn_u(uint32_t c)
{
    return pn_base(c) || c == '_' || c == ':';
}

static int pn_chars(uint32_t c)
{
    return pn_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
           (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* A blank-node label (valid UTF-8) as N-Quads allows it. */
static int label_ok(const char *z, size_t n)
{
    size_t i = 0;
    uint32_t c;

    if (n == 0)
        return 0;
    c = next_cp(z, &i);
    if (!pn_u(c) && !(c >= '0' && c <= '9'))
        return 0;
    while (i < n) {
        c = next_cp(z, &i);
        if (!pn_chars(c) && !(c == '.' && i < n))
            return 0;
    }
    return 1;
}

/* Starts with a URI scheme and a colon: the IRI is absolute. */
static int scheme_ok(const char *z, size_t n)
{
    size_t i;

    if (n == 0 || !((z[0] | 0x20) >= 'a' && (z[0] | 0x20) <= 'z'))
        return 0;
    for (i = 1; i < n && z[i] != ':'; i++)
        if (!(((z[i] | 0x20) >= 'a' && (z[i] | 0x20) <= 'z') || (z[i] >= '0' && z[i] <= '9') ||
              z[i] == '+' || z[i] == '-' || z[i] == '.'))
            return 0;
    return i < n;
}

/* An absolute IRI with nothing N-Quads cannot hold between <>. */
static int iri_ok(const char *z, size_t n)
{
    size_t i;

    if (!scheme_ok(z, n))
        return 0;
    for (i = 0; i < n; i++)
        if (!IRI_OK((unsigned char)z[i]))
            return 0;
    return 1;
}

static int lang_ok(const char *z, size_t n)
{
    size_t i = 0, k;

    while (i < n && ((z[i] | 0x20) >= 'a' && (z[i] | 0x20) <= 'z'))
        i++;
    if (i == 0)
        return 0;
    while (i < n) {
        if (z[i++] != '-')
            return 0;
        k = i;
        while (i < n &&
               (((z[i] | 0x20) >= 'a' && (z[i] | 0x20) <= 'z') || (z[i] >= '0' && z[i] <= '9')))
            i++;
        if (i == k)
            return 0;
    }
    return 1;
}

static enum bl_err check_term(const struct bl_rdf_term *t, const char *pos, struct bl_errinfo *ei)
{
    switch (t->kind) {
    case BL_RDF_DEFAULT:
        return BL_OK;
    case BL_RDF_IRI:
        if (t->str == NULL || bl_utf8_check((const unsigned char *)t->str, t->len) != t->len)
            return bl_fail(ei, BL_EUTF8, "%s IRI is not UTF-8", pos);
        if (!iri_ok(t->str, t->len))
            return bl_fail(ei, BL_EINVAL, "%s is not an absolute IRI N-Quads can write", pos);
        return BL_OK;
    case BL_RDF_BNODE:
        if (t->str == NULL || bl_utf8_check((const unsigned char *)t->str, t->len) != t->len)
            return bl_fail(ei, BL_EUTF8, "%s blank node label is not UTF-8", pos);
        if (!label_ok(t->str, t->len))
            return bl_fail(ei, BL_EINVAL, "%s blank node label is malformed", pos);
        return BL_OK;
    case BL_RDF_LITERAL:
        if ((t->str == NULL && t->len != 0) ||
            bl_utf8_check((const unsigned char *)t->str, t->len) != t->len)
            return bl_fail(ei, BL_EUTF8, "%s literal is not UTF-8", pos);
        if (t->lang_len != 0) {
            if (t->lang == NULL || !lang_ok(t->lang, t->lang_len))
                return bl_fail(ei, BL_EINVAL, "%s literal has a malformed language tag", pos);
        } else if (t->dt_len != 0) {
            if (t->dt == NULL ||
                bl_utf8_check((const unsigned char *)t->dt, t->dt_len) != t->dt_len)
                return bl_fail(ei, BL_EUTF8, "%s datatype IRI is not UTF-8", pos);
            if (!iri_ok(t->dt, t->dt_len))
                return bl_fail(ei, BL_EINVAL, "%s datatype is not an absolute IRI", pos);
        }
        return BL_OK;
    }
    return bl_fail(ei, BL_EINVAL, "%s has an unknown term kind", pos);
}
