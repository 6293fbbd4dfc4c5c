/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * i18n_scan.c: translatable units of an HTML template (i18n_scan.h).  A
 * forward scan that knows just enough HTML (tags, attributes, comments,
 * raw-text elements) and just enough Mustache (tags are opaque tokens) to
 * cut the text people read into units.
 */
#include "i18n_scan.h"

#include <stdbool.h>
#include <string.h>

struct scan {
    const char *src, *end;
    bl_i18n_unit_fn fn;
    void *cls;
    struct bl_buf id;    /* the msgid being built */
    bool stop;           /* a set-delimiter tag was met */
    const char *counted; /* newlines are counted up to here */
    unsigned line;       /* the line of counted */
};

static enum bl_err text(struct scan *s, const char *a, const char *b, struct bl_errinfo *ei);
static const char *tag(struct scan *s, const char *p, enum bl_err *rc, struct bl_errinfo *ei);
static const char *must_end(const char *p, const char *end);

/* A NUL byte counts as a blank: it can never be part of a msgid. */
static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\0';
}

static bool alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The line of p; units come in source order, so counting goes on from the last one. */
static unsigned line_of(struct scan *s, const char *p)
{
    for (; s->counted < p; s->counted++)
        s->line += *s->counted == '\n';
    return s->line;
}

enum bl_err bl_i18n_scan(const char *src, size_t n, bl_i18n_unit_fn fn, void *cls,
                         struct bl_errinfo *ei)
{
    struct scan s = {.src = src, .end = src + n, .fn = fn, .cls = cls, .counted = src, .line = 1};
    enum bl_err rc = BL_OK;
    const char *p = src, *seg = src;

    if (n > BL_I18N_SCAN_MAX)
        return bl_fail(ei, BL_ETOOBIG, "template of %zu bytes, over %u", n, BL_I18N_SCAN_MAX);
    bl_buf_init(&s.id, n + 1);
    while (p < s.end && rc == BL_OK && !s.stop) {
        if (p + 1 < s.end && p[0] == '{' && p[1] == '{') {
            const char *e = must_end(p, s.end);
            /* Comments, partials and set-delimiter tags cut the text. */
            if (p + 2 < s.end && (p[2] == '!' || p[2] == '>' || p[2] == '=')) {
                rc = text(&s, seg, p, ei);
                if (p[2] == '=')
                    s.stop = true;
                seg = e;
            }
            p = e;
        } else if (*p == '<' && p + 1 < s.end &&
                   (alpha(p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?')) {
            rc = text(&s, seg, p, ei);
            if (rc == BL_OK)
                p = seg = tag(&s, p, &rc, ei);
        } else {
            p++;
        }
    }
    if (rc == BL_OK && !s.stop)
        rc = text(&s, seg, s.end, ei);
    bl_buf_free(&s.id);
    return rc;
}

/* ---- translation ------------------------------------------------------------ */

struct tr {
    const char *src;
    size_t done; /* bytes of src already copied to out */
    bl_i18n_lookup_fn lookup;
    void *cls;
    struct bl_buf *out;
};

static bool unquoted_safe(const char *t)
{
    for (; *t; t++)
        if (blank(*t) || *t == '"' || *t == '\'' || *t == '=' || *t == '<' || *t == '>' ||
            *t == '`')
            return false;
    return true;
}

static enum bl_err put_unit(void *cls, const struct bl_i18n_unit *u, struct bl_errinfo *ei)
{
    struct tr *t = cls;
    const char *tr = t->lookup(t->cls, u->msgid);
    enum bl_err rc;

    if (!tr || (u->kind == BL_I18N_ATTR && u->quote == 0 && !unquoted_safe(tr)))
        return BL_OK; /* the source text stays */
    rc = bl_buf_append(t->out, t->src + t->done, u->off - t->done);
    for (const char *c = tr; rc == BL_OK && *c; c++) {
        if (u->kind == BL_I18N_ATTR && *c == u->quote)
            rc = bl_buf_puts(t->out, *c == '"' ? "&quot;" : "&#39;");
        else
            rc = bl_buf_putc(t->out, (unsigned char)*c);
    }
    t->done = u->off + u->len;
    return rc == BL_OK ? BL_OK : bl_fail(ei, rc, "translated template over %zu bytes", t->out->max);
}

enum bl_err bl_i18n_translate(const char *src, size_t n, bl_i18n_lookup_fn lookup, void *cls,
                              struct bl_buf *out, struct bl_errinfo *ei)
{
    struct tr t = {.src = src, .lookup = lookup, .cls = cls, .out = out};
    enum bl_err rc = bl_i18n_scan(src, n, put_unit, &t, ei);
    if (rc == BL_OK && bl_buf_append(out, src + t.done, n - t.done) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "translated template over %zu bytes", out->max);
    return rc;
}

/* ---- helpers ------------------------------------------------------------------ */

/* Past the Mustache tag at p ("{{...}}" or "{{{...}}}"); end when it is not closed. */
static const char *must_end(const char *p, const char *end)
{
    bool triple = p + 2 < end && p[2] == '{';
    for (const char *q = p + 2; q + 1 < end; q++)
        if (q[0] == '}' && q[1] == '}') {
            q += 2;
            if (triple && q < end && *q == '}')
                q++;
            return q;
        }
    return end;
}

/* The kind of Mustache tag at p: '#', '^', '/' for sections, 'v' for a variable. */
static char must_kind(const char *p, const char *end)
{
    const char *q = p + 2;
    while (q < end && blank(*q))
        q++;
    if (q < end && (*q == '#' || *q == '^' || *q == '/'))
        return *q;
    return 'v';
}

/*
 * Whether a..b holds a letter outside Mustache tags and character
 * references: ASCII letters, Latin letters U+00C0..U+02AF (but × and ÷) and
 * everything from U+0370 to U+1FFF (Greek, Cyrillic, ...).
 */
static bool has_letter(const char *a, const char *b)
{
    for (const char *p = a; p < b;) {
        unsigned char c = (unsigned char)*p;
        if (c == '{' && p + 1 < b && p[1] == '{') {
            p = must_end(p, b);
        } else if (c == '&') {
            const char *q = p + 1;
            while (q < b && (alpha(*q) || (*q >= '0' && *q <= '9') || *q == '#'))
                q++;
            p = q < b && *q == ';' && q > p + 1 ? q + 1 : p + 1;
        } else if (alpha((char)c)) {
            return true;
        } else if (c >= 0xc0 && p + 1 < b) {
            unsigned cp = c >= 0xe0 ? 0x800 : ((c & 0x1fu) << 6) | ((unsigned char)p[1] & 0x3fu);
            if (c >= 0xe0 && c < 0xf0 && p + 2 < b)
                cp = ((c & 0x0fu) << 12) | (((unsigned char)p[1] & 0x3fu) << 6) |
                     ((unsigned char)p[2] & 0x3fu);
            if ((cp >= 0xc0 && cp <= 0x2af && cp != 0xd7 && cp != 0xf7) ||
                (cp >= 0x370 && cp <= 0x1fff))
                return true;
            p++;
        } else {
            p++;
        }
    }
    return false;
}

/* The name of the Mustache tag at p (after its sigil), into *n bytes. */
static const char *must_name(const char *p, const char *end, size_t *n)
{
    const char *q = p + 2;
    while (q < end && (blank(*q) || *q == '#' || *q == '^' || *q == '/'))
        q++;
    const char *e = q;
    while (e < end && !blank(*e) && *e != '}')
        e++;
    *n = (size_t)(e - q);
    return q;
}

/* Whether a..b holds a section tag of one of kinds ("#^" or "/") named like the tag at t. */
static bool has_section(const char *a, const char *b, const char *kinds, const char *t,
                        const char *tend)
{
    size_t tn, n;
    const char *tname = must_name(t, tend, &tn);
    for (const char *p = a; p + 1 < b;) {
        if (p[0] == '{' && p[1] == '{') {
            const char *e = must_end(p, b), *name = must_name(p, e, &n);
            if (strchr(kinds, must_kind(p, e)) && n == tn && memcmp(name, tname, n) == 0)
                return true;
            p = e;
        } else {
            p++;
        }
    }
    return false;
}

/*
 * Trim blanks and section tags from both ends of *a..*b, keeping sections
 * whole: an opening tag whose end is inside the text stays, and so does
 * a closing tag whose start is inside; a section around the whole text goes.
 */
static void trim(const char **a, const char **b)
{
    for (bool again = true; again && *a < *b;) {
        again = false;
        while (*a < *b && blank(**a))
            (*a)++;
        while (*b > *a && blank((*b)[-1]))
            (*b)--;
        /* The tag at each end, if any. */
        const char *lt = NULL, *lte = NULL, *rt = NULL;
        if (*b - *a >= 2 && (*a)[0] == '{' && (*a)[1] == '{' && must_kind(*a, *b) != 'v') {
            lt = *a;
            lte = must_end(*a, *b);
        }
        if (*b - *a >= 2 && (*b)[-1] == '}' && (*b)[-2] == '}')
            for (const char *q = *b - 2; q > *a; q--)
                if (q[-1] == '{' && q[0] == '{') {
                    const char *o = q - 1;
                    while (o > *a && o[-1] == '{')
                        o--;
                    if (must_end(o, *b) == *b && must_kind(o, *b) != 'v')
                        rt = o;
                    break;
                }
        if (lt && rt == lt)
            rt = NULL; /* the text is a single tag */
        if (lt && must_kind(lt, lte) != '/' && rt && must_kind(rt, *b) == '/' &&
            !has_section(lte, rt, "/", lt, lte)) {
            /* {{#x}}...{{/x}} around everything. */
            *a = lte;
            *b = rt;
            again = true;
            continue;
        }
        if (lt && (must_kind(lt, lte) == '/' || !has_section(lte, *b, "/", lt, lte))) {
            *a = lte;
            again = true;
        }
        if (rt && (must_kind(rt, *b) != '/' || !has_section(*a, rt, "#^", rt, *b))) {
            *b = rt;
            again = true;
        }
    }
}

/* Hand one unit a..b (already trimmed) to the callback. */
static enum bl_err unit(struct scan *s, const char *a, const char *b, enum bl_i18n_kind kind,
                        char quote, struct bl_errinfo *ei)
{
    const char *span = a;
    if (a >= b || !has_letter(a, b))
        return BL_OK;
    bl_buf_reset(&s->id);
    for (const char *p = a; p < b;) {
        if (p[0] == '{' && p + 1 < b && p[1] == '{') {
            /* A Mustache tag as written (but a NUL byte, which would end the msgid). */
            for (const char *e = must_end(p, b); p < e; p++)
                if (*p && bl_buf_putc(&s->id, (unsigned char)*p) != BL_OK)
                    return bl_fail(ei, BL_ETOOBIG, "unit too long");
        } else if (blank(*p)) {
            while (p < b && blank(*p))
                p++;
            if (bl_buf_putc(&s->id, ' ') != BL_OK)
                return bl_fail(ei, BL_ETOOBIG, "unit too long");
        } else {
            if (bl_buf_putc(&s->id, (unsigned char)*p++) != BL_OK)
                return bl_fail(ei, BL_ETOOBIG, "unit too long");
        }
    }
    /*
     * French puts a space before : ; ! ? and », English does not: a text that
     * starts with one of them takes the blanks before it into its span, so
     * the translation decides whether there is a space.
     */
    if (kind == BL_I18N_TEXT &&
        (*a == ':' || *a == ';' || *a == '!' || *a == '?' ||
         (b - a >= 2 && (unsigned char)a[0] == 0xc2 && (unsigned char)a[1] == 0xbb)))
        while (span > s->src && (span[-1] == ' ' || span[-1] == '\t') && span[-1] != '>')
            span--;
    struct bl_i18n_unit u = {
        .off = (size_t)(span - s->src),
        .len = (size_t)(b - span),
        .line = line_of(s, a),
        .kind = kind,
        .quote = quote,
        .msgid = s->id.p ? (const char *)s->id.p : "",
        .msgid_len = s->id.len,
    };
    return s->fn(s->cls, &u, ei);
}

/* The text a..b between two tags: cut where one alternative ends and the next starts. */
static enum bl_err text(struct scan *s, const char *a, const char *b, struct bl_errinfo *ei)
{
    const char *piece = a;
    for (const char *p = a; p < b;) {
        if (p + 1 < b && p[0] == '{' && p[1] == '{') {
            const char *e = must_end(p, b);
            if (must_kind(p, b) == '/') {
                const char *q = e;
                while (q < b && blank(*q))
                    q++;
                if (q + 1 < b && q[0] == '{' && q[1] == '{' &&
                    (must_kind(q, b) == '#' || must_kind(q, b) == '^')) {
                    const char *x = piece, *y = p;
                    trim(&x, &y);
                    enum bl_err rc = unit(s, x, y, BL_I18N_TEXT, 0, ei);
                    if (rc != BL_OK)
                        return rc;
                    piece = e;
                }
            }
            p = e;
        } else {
            p++;
        }
    }
    trim(&piece, &b);
    return unit(s, piece, b, BL_I18N_TEXT, 0, ei);
}

static bool name_is(const char *p, size_t n, const char *name)
{
    if (strlen(name) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != name[i])
            return false;
    return true;
}

/* Past the end of the raw-text element named name (n bytes) starting at p. */
static const char *raw_end(const char *p, const char *end, const char *name, size_t n)
{
    for (; p + 2 + n <= end; p++)
        if (p[0] == '<' && p[1] == '/' && name_is(p + 2, n, name))
            return p;
    return end;
}

/* Attributes looked at in one tag; more are skipped. */
#define MAX_ATTRS 32

struct attr {
    const char *name, *v, *ve; /* name (n bytes) and value v..ve */
    size_t n;
    char quote;
};

/* The tag at p; returns where the text after it starts. */
static const char *tag(struct scan *s, const char *p, enum bl_err *rc, struct bl_errinfo *ei)
{
    const char *end = s->end;
    struct attr at[MAX_ATTRS];
    size_t na = 0;

    if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
        for (const char *q = p + 4; q + 3 <= end; q++)
            if (memcmp(q, "-->", 3) == 0)
                return q + 3;
        return end;
    }
    if (p[1] == '!' || p[1] == '?' || p[1] == '/') {
        const char *q = memchr(p, '>', (size_t)(end - p));
        return q ? q + 1 : end;
    }
    const char *name = p + 1, *q = name;
    while (q < end && (alpha(*q) || (*q >= '0' && *q <= '9') || *q == '-'))
        q++;
    size_t nn = (size_t)(q - name);
    /* Attributes, with Mustache tags between them skipped whole. */
    while (q < end && *q != '>') {
        if (blank(*q) || *q == '/') {
            q++;
        } else if (q + 1 < end && q[0] == '{' && q[1] == '{') {
            q = must_end(q, end);
        } else {
            const char *an = q;
            while (q < end && !blank(*q) && *q != '=' && *q != '>' && *q != '/' &&
                   !(q[0] == '{' && q + 1 < end && q[1] == '{'))
                q++;
            size_t anl = (size_t)(q - an);
            if (anl == 0) {
                q++;
                continue;
            }
            const char *k = q;
            while (k < end && blank(*k))
                k++;
            if (k >= end || *k != '=')
                continue; /* an attribute without a value */
            k++;
            while (k < end && blank(*k))
                k++;
            struct attr a = {.name = an, .n = anl};
            if (k < end && (*k == '"' || *k == '\'')) {
                a.quote = *k;
                a.v = ++k;
                while (k < end && *k != a.quote)
                    k++;
                a.ve = k;
                if (k < end)
                    k++;
            } else {
                a.v = k;
                while (k < end && !blank(*k) && *k != '>')
                    k++;
                a.ve = k;
            }
            q = k;
            if (na < MAX_ATTRS)
                at[na++] = a;
        }
    }
    const char *after = q < end ? q + 1 : end;
    /* The type of an <input>: only submit, button and reset show their value. */
    bool shows_value = false;
    if (name_is(name, nn, "input"))
        for (size_t i = 0; i < na; i++)
            if (name_is(at[i].name, at[i].n, "type"))
                shows_value = name_is(at[i].v, (size_t)(at[i].ve - at[i].v), "submit") ||
                              name_is(at[i].v, (size_t)(at[i].ve - at[i].v), "button") ||
                              name_is(at[i].v, (size_t)(at[i].ve - at[i].v), "reset");
    for (size_t i = 0; i < na && *rc == BL_OK; i++) {
        const char *an = at[i].name;
        size_t n = at[i].n;
        if (name_is(an, n, "alt") || name_is(an, n, "title") || name_is(an, n, "placeholder") ||
            name_is(an, n, "aria-label") || (shows_value && name_is(an, n, "value"))) {
            const char *a = at[i].v, *b = at[i].ve;
            while (a < b && blank(*a))
                a++;
            while (b > a && blank(b[-1]))
                b--;
            *rc = unit(s, a, b, BL_I18N_ATTR, at[i].quote, ei);
        }
    }
    /* Raw text: nothing inside <script> or <style> is for people to read. */
    if (name_is(name, nn, "script") || name_is(name, nn, "style"))
        return raw_end(after, end, name_is(name, nn, "script") ? "script" : "style", nn);
    return after;
}
