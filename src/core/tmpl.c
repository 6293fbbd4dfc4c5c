/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * tmpl.c: Mustache templates (see tmpl.h and docs/internals/tmpl.md).
 *
 * The compiler turns the text into a flat array of nodes; a section node
 * records where its body ends, so rendering is a loop over a range with
 * recursion only for section bodies and partials.  Standalone lines (a
 * section, comment, partial or delimiter tag alone on its line) are removed
 * at compile time; what a standalone partial needs from its line, the
 * indentation, is kept on the node.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "tmpl.h"

enum op {
    OP_TEXT,     /* literal bytes */
    OP_VAR,      /* {{x}}: escaped */
    OP_RAW,      /* {{{x}}} or {{& x}} */
    OP_SECTION,  /* {{#x}} .. {{/x}} */
    OP_INVERTED, /* {{^x}} .. {{/x}} */
    OP_PARTIAL,  /* {{>x}} or {{>*x}} */
    OP_BLOCK,    /* {{$x}} .. {{/x}}: a replaceable block (inheritance) */
    OP_PARENT,   /* {{<x}} .. {{/x}}: a partial with block arguments */
};

#define F_DYN        1u /* the partial's name is looked up in the context */
#define F_STANDALONE 2u /* the tag was alone on its line: its partial is indented */

struct seg {
    uint32_t off, len; /* one component of a dotted name, in src */
};

struct node {
    uint8_t op;
    uint8_t bol;         /* starts a line of the source: gets a standalone partial's indent */
    uint8_t flags;       /* F_* */
    uint32_t pos;        /* offset of the tag in src, for messages */
    uint32_t off, len;   /* TEXT: the bytes; PARTIAL, PARENT, BLOCK: the name */
    uint32_t ioff, ilen; /* standalone PARTIAL, PARENT: the indentation */
    uint32_t seg, nseg;  /* the name looked up in the context (nseg 0: "{{.}}") */
    uint32_t end;        /* SECTION, INVERTED, BLOCK, PARENT: the node after the body */
};

struct bl_tmpl {
    char *src; /* our copy of the text; nodes point into it */
    size_t n;
    struct node *nodes;
    uint32_t nnodes;
    struct seg *segs;
    uint32_t nsegs;
};

/* A section, block or parent waiting for its closing tag. */
struct open {
    uint32_t node;
    uint32_t koff, klen; /* the tag's content, which the closing tag repeats */
};

/* Compiler state. */
struct cc {
    struct bl_tmpl *t;
    size_t ncap, scap;
    char otag[BL_TMPL_MAX_DELIM], ctag[BL_TMPL_MAX_DELIM + 1];
    size_t olen, clen;
    int bol; /* the next node starts a source line */
    struct open open[BL_TMPL_MAX_DEPTH];
    unsigned nopen;
    struct bl_errinfo *ei;
};

/* Indentation of the standalone partials being rendered, outermost last. */
struct indent {
    const char *p;
    size_t n;
    const struct indent *up;
};

/* Block arguments of the parent tags being rendered, outermost last. */
struct ovr {
    const struct bl_tmpl *t;
    uint32_t parent; /* index of the OP_PARENT node in t */
    const struct ovr *up;
};

/* Render state of one call: nothing here is shared between threads. */
struct rs {
    const json_t *stack[BL_TMPL_MAX_DEPTH + 2];
    unsigned nstack;
    bl_tmpl_lookup_fn lookup;
    void *cls;
    unsigned long steps, max_steps;
    struct bl_buf *out;
    struct bl_errinfo *ei;
};

static enum bl_err run(struct rs *r, const struct bl_tmpl *t, uint32_t i, uint32_t to,
                       const struct indent *ind, const struct ovr *ov, unsigned depth);

/* Characters that bl_tmpl_escape replaces, and by what. */
static const char *const escapes[256] = {
    ['&'] = "&amp;",  ['<'] = "&lt;",  ['>'] = "&gt;",  ['"'] = "&quot;",
    ['\''] = "&#39;", ['`'] = "&#96;", ['='] = "&#61;",
};

enum bl_err bl_tmpl_escape(struct bl_buf *out, const char *s, size_t n)
{
    size_t i, run_start = 0;
    enum bl_err rc;

    for (i = 0; i < n; i++) {
        const char *e = escapes[(unsigned char)s[i]];

        if (e == NULL)
            continue;
        if ((rc = bl_buf_append(out, s + run_start, i - run_start)) != BL_OK ||
            (rc = bl_buf_puts(out, e)) != BL_OK)
            return rc;
        run_start = i + 1;
    }
    return bl_buf_append(out, s + run_start, n - run_start);
}

/* --- compiler ----------------------------------------------------------- */

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1-based line and column (in bytes) of offset pos. */
static void line_col(const char *s, size_t pos, unsigned long *line, unsigned long *col)
{
    size_t i, ls = 0;

    *line = 1;
    for (i = 0; i < pos; i++) {
        if (s[i] == '\n') {
            (*line)++;
            ls = i + 1;
        }
    }
    *col = (unsigned long)(pos - ls) + 1;
}

/* Fail with "template line L col C: " and a message naming a piece of src. */
static enum bl_err fail_at(struct cc *c, enum bl_err code, size_t pos, const char *what, size_t off,
                           size_t len)
{
    unsigned long line, col;

    line_col(c->t->src, pos, &line, &col);
    if (len > 64)
        len = 64;
    return bl_fail(c->ei, code, "template line %lu col %lu: %s '%.*s'", line, col, what, (int)len,
                   c->t->src + off);
}

/* First occurrence of pat (m bytes) in s[from, n), or SIZE_MAX. */
static size_t find(const char *s, size_t n, size_t from, const char *pat, size_t m)
{
    while (from + m <= n) {
        const char *p = memchr(s + from, pat[0], n - from - m + 1);

        if (p == NULL)
            return SIZE_MAX;
        from = (size_t)(p - s);
        if (memcmp(p, pat, m) == 0)
            return from;
        from++;
    }
    return SIZE_MAX;
}

static struct node *add_node(struct cc *c, enum op op, size_t pos)
{
    struct bl_tmpl *t = c->t;
    struct node *nd;

    if (t->nnodes == c->ncap) {
        c->ncap = c->ncap ? c->ncap * 2 : 32;
        t->nodes = bl_realloc(t->nodes, c->ncap * sizeof(*t->nodes));
    }
    nd = &t->nodes[t->nnodes++];
    memset(nd, 0, sizeof(*nd));
    nd->op = (uint8_t)op;
    nd->pos = (uint32_t)pos;
    nd->bol = (uint8_t)c->bol;
    c->bol = 0;
    return nd;
}

static void add_text(struct cc *c, size_t off, size_t len)
{
    struct node *nd;

    if (len == 0)
        return;
    nd = add_node(c, OP_TEXT, off);
    nd->off = (uint32_t)off;
    nd->len = (uint32_t)len;
    c->bol = c->t->src[off + len - 1] == '\n';
}

/*
 * A tag that renders nothing but stands where a line begins: keep the line
 * start as an empty text node, so an indented partial indents it as the
 * spec's "prepend to each line" would.
 */
static void mark_bol(struct cc *c, size_t pos)
{
    if (c->bol)
        (void)add_node(c, OP_TEXT, pos);
}

/* Split the name at src[off, off+len) into dotted components on nd. */
static enum bl_err parse_name(struct cc *c, struct node *nd, size_t off, size_t len, size_t pos)
{
    struct bl_tmpl *t = c->t;
    const char *s = t->src + off;
    size_t i, start = 0;

    if (len == 0)
        return fail_at(c, BL_EINVAL, pos, "empty tag name", off, 0);
    for (i = 0; i < len; i++)
        if (is_ws(s[i]))
            return fail_at(c, BL_EINVAL, pos, "space inside tag name", off, len);
    nd->seg = t->nsegs;
    if (len == 1 && s[0] == '.')
        return BL_OK; /* the implicit iterator: the top of the stack */
    for (i = 0; i <= len; i++) {
        if (i < len && s[i] != '.')
            continue;
        if (i == start)
            return fail_at(c, BL_EINVAL, pos, "empty component in dotted name", off, len);
        if (t->nsegs == c->scap) {
            c->scap = c->scap ? c->scap * 2 : 32;
            t->segs = bl_realloc(t->segs, c->scap * sizeof(*t->segs));
        }
        t->segs[t->nsegs].off = (uint32_t)(off + start);
        t->segs[t->nsegs].len = (uint32_t)(i - start);
        t->nsegs++;
        nd->nseg++;
        start = i + 1;
    }
    return BL_OK;
}

/* A partial or parent name: "name" (taken as it is) or "*dotted.name". */
static enum bl_err parse_partial_name(struct cc *c, struct node *nd, size_t off, size_t len,
                                      size_t pos)
{
    const char *s = c->t->src;
    size_t i;

    if (len > 0 && s[off] == '*') {
        nd->flags |= F_DYN;
        off++;
        len--;
        while (len > 0 && is_ws(s[off])) {
            off++;
            len--;
        }
        return parse_name(c, nd, off, len, pos);
    }
    if (len == 0)
        return fail_at(c, BL_EINVAL, pos, "empty partial name", off, 0);
    for (i = 0; i < len; i++)
        if (is_ws(s[off + i]))
            return fail_at(c, BL_EINVAL, pos, "space inside partial name", off, len);
    nd->off = (uint32_t)off;
    nd->len = (uint32_t)len;
    return BL_OK;
}

/* {{=<% %>=}}: content is "<% %>" (already without the '='s). */
static enum bl_err set_delims(struct cc *c, size_t off, size_t len, size_t pos)
{
    const char *s = c->t->src + off;
    size_t i = 0, a, alen, b, blen;

    while (i < len && is_ws(s[i]))
        i++;
    a = i;
    while (i < len && !is_ws(s[i]) && s[i] != '=')
        i++;
    alen = i - a;
    while (i < len && is_ws(s[i]))
        i++;
    b = i;
    while (i < len && !is_ws(s[i]) && s[i] != '=')
        i++;
    blen = i - b;
    while (i < len && is_ws(s[i]))
        i++;
    if (alen == 0 || blen == 0 || i != len)
        return fail_at(c, BL_EINVAL, pos, "bad set-delimiters tag", off, len);
    if (alen > BL_TMPL_MAX_DELIM || blen > BL_TMPL_MAX_DELIM)
        return fail_at(c, BL_ETOOBIG, pos, "delimiter too long", off, len);
    memcpy(c->otag, s + a, alen);
    memcpy(c->ctag, s + b, blen);
    c->olen = alen;
    c->clen = blen;
    return BL_OK;
}

/* The tag's content without surrounding whitespace. */
static void trim(const char *s, size_t *off, size_t *len)
{
    while (*len > 0 && is_ws(s[*off])) {
        (*off)++;
        (*len)--;
    }
    while (*len > 0 && is_ws(s[*off + *len - 1]))
        (*len)--;
}

static enum bl_err open_section(struct cc *c, enum op op, size_t off, size_t len, size_t pos,
                                int standalone)
{
    struct node *nd;
    enum bl_err rc;

    if (c->nopen == BL_TMPL_MAX_DEPTH)
        return fail_at(c, BL_ETOOBIG, pos, "sections nested too deep at", off, len);
    if (!standalone)
        mark_bol(c, pos);
    nd = add_node(c, op, pos);
    nd->bol = 0;
    if (op == OP_SECTION || op == OP_INVERTED)
        rc = parse_name(c, nd, off, len, pos);
    else
        rc = parse_partial_name(c, nd, off, len, pos);
    if (rc != BL_OK)
        return rc;
    if (op == OP_BLOCK && (nd->flags & F_DYN))
        return fail_at(c, BL_EINVAL, pos, "a block name cannot be dynamic", off, len);
    c->open[c->nopen].node = c->t->nnodes - 1;
    c->open[c->nopen].koff = (uint32_t)off;
    c->open[c->nopen].klen = (uint32_t)len;
    c->nopen++;
    return BL_OK;
}

static enum bl_err close_section(struct cc *c, size_t off, size_t len, size_t pos, int standalone)
{
    struct bl_tmpl *t = c->t;
    struct open *o;

    if (c->nopen == 0)
        return fail_at(c, BL_EINVAL, pos, "closing tag without open section", off, len);
    o = &c->open[c->nopen - 1];
    if (o->klen != len || memcmp(t->src + o->koff, t->src + off, len) != 0) {
        unsigned long line, col, oline, ocol;

        line_col(t->src, pos, &line, &col);
        line_col(t->src, t->nodes[o->node].pos, &oline, &ocol);
        return bl_fail(c->ei, BL_EINVAL,
                       "template line %lu col %lu: closing tag '%.*s' does not match "
                       "section '%.*s' opened at line %lu col %lu",
                       line, col, (int)(len > 64 ? 64 : len), t->src + off,
                       (int)(o->klen > 64 ? 64 : o->klen), t->src + o->koff, oline, ocol);
    }
    if (!standalone)
        mark_bol(c, pos);
    t->nodes[o->node].end = t->nnodes;
    c->nopen--;
    return BL_OK;
}

/* Is the tag [ts, te) alone on its line?  *ls: start of its indentation, *next: after the line. */
static int standalone(const struct cc *c, size_t text_start, size_t ts, size_t te, size_t *ls,
                      size_t *next)
{
    const char *s = c->t->src;
    size_t n = c->t->n, i = ts, j = te;

    while (i > text_start && (s[i - 1] == ' ' || s[i - 1] == '\t'))
        i--;
    if (i > 0 && s[i - 1] != '\n')
        return 0;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j < n && s[j] == '\n')
        j++;
    else if (j + 1 < n && s[j] == '\r' && s[j + 1] == '\n')
        j += 2;
    else if (j < n)
        return 0;
    *ls = i;
    *next = j;
    return 1;
}

static enum bl_err compile(struct cc *c)
{
    struct bl_tmpl *t = c->t;
    const char *s = t->src;
    size_t n = t->n, text_start = 0, pos = 0;
    enum bl_err rc;

    c->bol = 1;
    memcpy(c->otag, "{{", 2);
    memcpy(c->ctag, "}}", 2);
    c->olen = c->clen = 2;
    for (;;) {
        char close[BL_TMPL_MAX_DELIM + 1];
        size_t ts = find(s, n, pos, c->otag, c->olen), p, ce, te, clen, ls = 0, next = 0, off, len;
        char sigil;
        int alone = 0;

        if (ts == SIZE_MAX) {
            add_text(c, text_start, n - text_start);
            break;
        }
        p = ts + c->olen;
        sigil = p < n ? s[p] : '\0';
        clen = c->clen;
        memcpy(close, c->ctag, clen);
        if (sigil == '{' || sigil == '=') {
            close[0] = sigil == '{' ? '}' : '=';
            memcpy(close + 1, c->ctag, clen++);
        }
        if (sigil != '\0' && strchr("{=!#^/>&$<", sigil) != NULL)
            p++;
        ce = find(s, n, p, close, clen);
        if (ce == SIZE_MAX)
            return fail_at(c, BL_EINVAL, ts, "unclosed tag", ts, n - ts < 16 ? n - ts : 16);
        te = ce + clen;
        off = p;
        len = ce - p;
        if (sigil != '\0' && strchr("!#^/>=$<", sigil) != NULL)
            alone = standalone(c, text_start, ts, te, &ls, &next);
        add_text(c, text_start, (alone ? ls : ts) - text_start);
        if (alone) {
            text_start = pos = next;
            c->bol = 1;
        } else {
            text_start = pos = te;
        }
        if (sigil != '=')
            trim(s, &off, &len);
        switch (sigil) {
        case '!':
            if (!alone)
                mark_bol(c, ts);
            break;
        case '=':
            if (!alone)
                mark_bol(c, ts);
            if ((rc = set_delims(c, off, len, ts)) != BL_OK)
                return rc;
            break;
        case '#':
            rc = open_section(c, OP_SECTION, off, len, ts, alone);
            if (rc != BL_OK)
                return rc;
            break;
        case '^':
            rc = open_section(c, OP_INVERTED, off, len, ts, alone);
            if (rc != BL_OK)
                return rc;
            break;
        case '$':
            rc = open_section(c, OP_BLOCK, off, len, ts, alone);
            if (rc != BL_OK)
                return rc;
            break;
        case '<':
        case '>': {
            struct node *nd;

            if (sigil == '<') {
                rc = open_section(c, OP_PARENT, off, len, ts, alone);
                nd = &t->nodes[t->nnodes - 1];
            } else {
                nd = add_node(c, OP_PARTIAL, ts);
                rc = parse_partial_name(c, nd, off, len, ts);
            }
            if (rc != BL_OK)
                return rc;
            if (alone) {
                nd->bol = 0;
                nd->flags |= F_STANDALONE;
                nd->ioff = (uint32_t)ls;
                nd->ilen = (uint32_t)(ts - ls);
            }
            break;
        }
        case '/':
            if ((rc = close_section(c, off, len, ts, alone)) != BL_OK)
                return rc;
            break;
        default: {
            struct node *nd = add_node(c, sigil == '{' || sigil == '&' ? OP_RAW : OP_VAR, ts);

            if ((rc = parse_name(c, nd, off, len, ts)) != BL_OK)
                return rc;
            break;
        }
        }
    }
    if (c->nopen > 0) {
        struct open *o = &c->open[c->nopen - 1];

        return fail_at(c, BL_EINVAL, t->nodes[o->node].pos, "unclosed section", o->koff, o->klen);
    }
    return BL_OK;
}

enum bl_err bl_tmpl_compile(const char *src, size_t n, struct bl_tmpl **out, struct bl_errinfo *ei)
{
    struct cc c;
    struct bl_tmpl *t;
    enum bl_err rc;

    *out = NULL;
    if (n > BL_TMPL_MAX_SIZE)
        return bl_fail(ei, BL_ETOOBIG, "template of %zu bytes is over the limit of %u", n,
                       BL_TMPL_MAX_SIZE);
    t = bl_calloc(1, sizeof(*t));
    t->src = bl_strndup(src, n);
    t->n = n;
    memset(&c, 0, sizeof(c));
    c.t = t;
    c.ei = ei;
    rc = compile(&c);
    if (rc != BL_OK) {
        bl_tmpl_free(t);
        return rc;
    }
    *out = t;
    return BL_OK;
}

void bl_tmpl_free(struct bl_tmpl *t)
{
    if (t == NULL)
        return;
    bl_free(t->src);
    bl_free(t->nodes);
    bl_free(t->segs);
    bl_free(t);
}

/* --- renderer ----------------------------------------------------------- */

static enum bl_err out_fail(struct rs *r, enum bl_err rc)
{
    if (rc == BL_ETOOBIG)
        return bl_fail(r->ei, rc, "template output over the limit of %zu bytes", r->out->max);
    return bl_fail(r->ei, rc, "template output: %s", bl_strerror(rc));
}

static enum bl_err put(struct rs *r, const char *p, size_t n)
{
    enum bl_err rc = bl_buf_append(r->out, p, n);

    return rc == BL_OK ? BL_OK : out_fail(r, rc);
}

static enum bl_err put_indent(struct rs *r, const struct indent *ind)
{
    enum bl_err rc;

    if (ind == NULL)
        return BL_OK;
    if ((rc = put_indent(r, ind->up)) != BL_OK)
        return rc;
    return put(r, ind->p, ind->n);
}

/* Template text: inside a standalone partial every line but an empty last one is indented. */
static enum bl_err put_text(struct rs *r, const char *p, size_t n, const struct indent *ind)
{
    enum bl_err rc;

    while (ind != NULL && n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t k;

        if (nl == NULL || nl == p + n - 1)
            break;
        k = (size_t)(nl - p) + 1;
        if ((rc = put(r, p, k)) != BL_OK || (rc = put_indent(r, ind)) != BL_OK)
            return rc;
        p += k;
        n -= k;
    }
    return put(r, p, n);
}

/* Shortest text that reads back as the same double (1.21, not 1.2100000000000000). */
static enum bl_err put_real(struct rs *r, double d)
{
    char tmp[40];
    int prec, k = 0;

    for (prec = 1; prec <= 17; prec++) {
        k = snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        if (k > 0 && strtod(tmp, NULL) == d)
            break;
    }
    if (k <= 0 || (size_t)k >= sizeof(tmp))
        return BL_OK;
    for (int i = 0; i < k; i++)
        if (tmp[i] == ',')
            tmp[i] = '.'; /* a locale with a decimal comma */
    return put(r, tmp, (size_t)k);
}

static enum bl_err put_value(struct rs *r, const json_t *v, int esc)
{
    enum bl_err rc;

    if (v == NULL)
        return BL_OK;
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (!esc)
            return put(r, json_string_value(v), json_string_length(v));
        rc = bl_tmpl_escape(r->out, json_string_value(v), json_string_length(v));
        return rc == BL_OK ? BL_OK : out_fail(r, rc);
    case JSON_INTEGER:
        rc = bl_buf_printf(r->out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return rc == BL_OK ? BL_OK : out_fail(r, rc);
    case JSON_REAL:
        return put_real(r, json_real_value(v));
    case JSON_TRUE:
        return put(r, "true", 4);
    case JSON_FALSE:
        return put(r, "false", 5);
    default:
        return BL_OK; /* null, objects and arrays render as nothing */
    }
}

/* Resolve nd's name against the context stack (the spec's "Dotted Names"). */
static const json_t *resolve(const struct rs *r, const struct bl_tmpl *t, const struct node *nd)
{
    const struct seg *sg;
    const json_t *v = NULL;
    uint32_t j;
    unsigned k;

    if (nd->nseg == 0)
        return r->stack[r->nstack - 1];
    sg = &t->segs[nd->seg];
    for (k = r->nstack; k-- > 0 && v == NULL;)
        if (json_is_object(r->stack[k]))
            v = json_object_getn(r->stack[k], t->src + sg->off, sg->len);
    for (j = 1; j < nd->nseg && v != NULL; j++)
        v = json_is_object(v) ? json_object_getn(v, t->src + sg[j].off, sg[j].len) : NULL;
    return v;
}

/* Falsey: missing, null, false, "" and []; numbers (0 too) and objects are truthy. */
static int truthy(const json_t *v)
{
    if (v == NULL)
        return 0;
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE:
        return 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    default:
        return 1;
    }
}

static enum bl_err too_deep(struct rs *r, const struct bl_tmpl *t, const struct node *nd)
{
    unsigned long line, col;

    line_col(t->src, nd->pos, &line, &col);
    return bl_fail(r->ei, BL_ETOOBIG,
                   "template line %lu col %lu: sections and partials nested deeper than %u", line,
                   col, BL_TMPL_MAX_DEPTH);
}

/* The template a PARTIAL or PARENT node names, or NULL. */
static const struct bl_tmpl *find_partial(struct rs *r, const struct bl_tmpl *t,
                                          const struct node *nd)
{
    const json_t *v;

    if (r->lookup == NULL)
        return NULL;
    if (!(nd->flags & F_DYN))
        return r->lookup(r->cls, t->src + nd->off, nd->len);
    v = resolve(r, t, nd);
    if (!json_is_string(v))
        return NULL;
    return r->lookup(r->cls, json_string_value(v), json_string_length(v));
}

/* The argument for block b of t given by the outermost parent tag, or NULL. */
static const struct ovr *find_block(const struct ovr *ov, const struct bl_tmpl *t,
                                    const struct node *b, uint32_t *at)
{
    const struct ovr *found = NULL;

    for (; ov != NULL; ov = ov->up) {
        const struct node *pn = &ov->t->nodes[ov->parent];
        uint32_t i = ov->parent + 1;

        while (i < pn->end) {
            const struct node *c = &ov->t->nodes[i];

            if (c->op == OP_BLOCK && c->len == b->len &&
                memcmp(ov->t->src + c->off, t->src + b->off, b->len) == 0) {
                found = ov;
                *at = i;
            }
            i = c->end > i ? c->end : i + 1;
        }
    }
    return found;
}

static enum bl_err run_section(struct rs *r, const struct bl_tmpl *t, uint32_t i,
                               const struct indent *ind, const struct ovr *ov, unsigned depth)
{
    const struct node *nd = &t->nodes[i];
    const json_t *v = resolve(r, t, nd);
    enum bl_err rc = BL_OK;
    size_t k;

    if (nd->op == OP_INVERTED)
        return truthy(v) ? BL_OK : run(r, t, i + 1, nd->end, ind, ov, depth + 1);
    if (!truthy(v))
        return BL_OK;
    if (!json_is_array(v)) {
        r->stack[r->nstack++] = v;
        rc = run(r, t, i + 1, nd->end, ind, ov, depth + 1);
        r->nstack--;
        return rc;
    }
    for (k = 0; k < json_array_size(v) && rc == BL_OK; k++) {
        r->stack[r->nstack++] = json_array_get(v, k);
        rc = run(r, t, i + 1, nd->end, ind, ov, depth + 1);
        r->nstack--;
    }
    return rc;
}

static enum bl_err run(struct rs *r, const struct bl_tmpl *t, uint32_t i, uint32_t to,
                       const struct indent *ind, const struct ovr *ov, unsigned depth)
{
    enum bl_err rc = BL_OK;

    if (depth > BL_TMPL_MAX_DEPTH)
        return too_deep(r, t, &t->nodes[i > 0 ? i - 1 : 0]);
    while (i < to && rc == BL_OK) {
        const struct node *nd = &t->nodes[i];

        if (++r->steps > r->max_steps)
            return bl_fail(r->ei, BL_ETOOBIG, "template rendering over %lu steps", r->max_steps);
        if (ind != NULL && nd->bol && (rc = put_indent(r, ind)) != BL_OK)
            return rc;
        switch ((enum op)nd->op) {
        case OP_TEXT:
            rc = put_text(r, t->src + nd->off, nd->len, ind);
            i++;
            break;
        case OP_VAR:
        case OP_RAW:
            rc = put_value(r, resolve(r, t, nd), nd->op == OP_VAR);
            i++;
            break;
        case OP_SECTION:
        case OP_INVERTED:
            rc = run_section(r, t, i, ind, ov, depth);
            i = nd->end;
            break;
        case OP_BLOCK: {
            uint32_t at = 0;
            const struct ovr *o = find_block(ov, t, nd, &at);

            if (o != NULL)
                rc = run(r, o->t, at + 1, o->t->nodes[at].end, ind, o->up, depth + 1);
            else
                rc = run(r, t, i + 1, nd->end, ind, ov, depth + 1);
            i = nd->end;
            break;
        }
        case OP_PARTIAL:
        case OP_PARENT: {
            const struct bl_tmpl *p = find_partial(r, t, nd);
            struct indent own = {t->src + nd->ioff, nd->ilen, ind};
            struct ovr args = {t, i, ov};

            if (p != NULL && p->nnodes > 0) {
                if (depth + 1 > BL_TMPL_MAX_DEPTH)
                    return too_deep(r, t, nd);
                rc = run(r, p, 0, p->nnodes, (nd->flags & F_STANDALONE) ? &own : NULL,
                         nd->op == OP_PARENT ? &args : ov, depth + 1);
            }
            i = nd->op == OP_PARENT ? nd->end : i + 1;
            break;
        }
        }
    }
    return rc;
}

enum bl_err bl_tmpl_render(const struct bl_tmpl *t, const json_t *ctx,
                           const struct bl_tmpl_env *env, struct bl_buf *out, struct bl_errinfo *ei)
{
    struct rs r;

    r.stack[0] = ctx;
    r.nstack = 1;
    r.lookup = env != NULL ? env->lookup : NULL;
    r.cls = env != NULL ? env->cls : NULL;
    r.max_steps = env != NULL && env->max_steps ? env->max_steps : BL_TMPL_MAX_STEPS;
    r.steps = 0;
    r.out = out;
    r.ei = ei;
    return run(&r, t, 0, t->nnodes, NULL, NULL, 0);
}
