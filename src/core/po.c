/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * po.c: GNU gettext PO catalogue reader (po.h).  One pass over the lines:
 * keyword lines open a field, string lines continue it, comments before an
 * entry give its flags and references.  Strings are unescaped into one
 * arena; the entries are sorted once so lookups are a binary search.
 */
#include "po.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mem.h"
#include "utf8.h"

enum field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR };

struct bl_po {
    struct bl_arena arena;
    struct bl_po_entry *e;
    size_t n, cap;
    const char *header;
    bool plural_gt1; /* Plural-Forms says plural=(n > 1) */
};

/* The entry being read, and where its strings are collected. */
struct pending {
    struct bl_buf s[3 + BL_PO_MAX_PLURALS]; /* ctxt, id, plural, str[0..] */
    bool has[3 + BL_PO_MAX_PLURALS];
    bool fuzzy, code, any;
    enum field cur;
    size_t cur_slot;
    unsigned line; /* line of its msgid */
};

static enum bl_err flush(struct bl_po *po, struct pending *p, struct bl_errinfo *ei);
static enum bl_err string_line(const char *s, const char *end, struct bl_buf *into, unsigned line,
                               struct bl_errinfo *ei);
static int cmp_entry(const void *a, const void *b);
static int cmp_key(const char *ca, const char *ia, const char *cb, const char *ib);

enum bl_err bl_po_parse(const char *src, size_t n, struct bl_po **out, struct bl_errinfo *ei)
{
    struct bl_po *po = NULL;
    struct pending p;
    enum bl_err rc = BL_OK;
    unsigned line = 0;

    *out = NULL;
    if (n > BL_PO_MAX_SIZE)
        return bl_fail(ei, BL_ETOOBIG, "po: catalogue of %zu bytes, over %u", n, BL_PO_MAX_SIZE);
    memset(&p, 0, sizeof p);
    for (size_t i = 0; i < sizeof p.s / sizeof p.s[0]; i++)
        bl_buf_init(&p.s[i], BL_PO_MAX_STRING);
    po = bl_calloc(1, sizeof *po);
    bl_arena_init(&po->arena);
    po->header = "";
    /* A UTF-8 byte order mark is allowed and ignored. */
    if (n >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
        src += 3;
        n -= 3;
    }
    for (const char *at = src, *end = src + n; at < end && rc == BL_OK;) {
        const char *eol = memchr(at, '\n', (size_t)(end - at));
        const char *le = eol ? eol : end, *s = at;
        at = eol ? eol + 1 : end;
        line++;
        if (le > s && le[-1] == '\r')
            le--;
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        if (s == le)
            continue;
        if (*s == '#') {
            /* Comments belong to the next entry: the current one is complete. */
            if (p.cur == F_STR && (rc = flush(po, &p, ei)) != BL_OK)
                break;
            if (le - s >= 2 && s[1] == ',') {
                for (const char *f = s + 2; f + 5 <= le; f++)
                    if (memcmp(f, "fuzzy", 5) == 0 && (f + 5 == le || f[5] == ',' || f[5] == ' '))
                        p.fuzzy = true;
            } else if (le - s >= 2 && s[1] == ':') {
                /* "#: src/server/page.c:12 web/templates/x.html" */
                for (const char *f = s + 2; f < le; f++) {
                    const char *w = f;
                    while (f < le && *f != ' ' && *f != '\t')
                        f++;
                    const char *we = f;
                    while (we > w && we[-1] >= '0' && we[-1] <= '9')
                        we--;
                    if (we > w && we[-1] == ':')
                        we--;
                    if (we - w >= 2 && we[-2] == '.' && (we[-1] == 'c' || we[-1] == 'h'))
                        p.code = true;
                }
            }
            continue;
        }
        if (*s == '"') {
            if (p.cur == F_NONE) {
                rc = bl_fail(ei, BL_EINVAL, "po line %u: a string outside any msgid or msgstr",
                             line);
                break;
            }
            rc = string_line(s, le, &p.s[p.cur_slot], line, ei);
            continue;
        }
        /* A keyword: msgctxt, msgid, msgid_plural, msgstr, msgstr[N]. */
        const char *k = s;
        while (s < le && *s != ' ' && *s != '\t')
            s++;
        size_t kn = (size_t)(s - k);
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        enum field f;
        size_t slot;
        if (kn == 7 && memcmp(k, "msgctxt", 7) == 0) {
            f = F_CTXT;
            slot = 0;
        } else if (kn == 5 && memcmp(k, "msgid", 5) == 0) {
            f = F_ID;
            slot = 1;
        } else if (kn == 12 && memcmp(k, "msgid_plural", 12) == 0) {
            f = F_PLURAL;
            slot = 2;
        } else if (kn == 6 && memcmp(k, "msgstr", 6) == 0) {
            f = F_STR;
            slot = 3;
        } else if (kn == 9 && memcmp(k, "msgstr[", 7) == 0 && k[7] >= '0' &&
                   k[7] < '0' + (int)BL_PO_MAX_PLURALS && k[8] == ']') {
            f = F_STR;
            slot = 3 + (size_t)(k[7] - '0');
        } else {
            rc = bl_fail(ei, BL_EINVAL, "po line %u: unknown keyword %.*s", line,
                         (int)(kn > 20 ? 20 : kn), k);
            break;
        }
        /* A msgctxt or msgid after a msgstr starts the next entry. */
        if ((f == F_CTXT || f == F_ID) && p.cur == F_STR && (rc = flush(po, &p, ei)) != BL_OK)
            break;
        /* The order is msgctxt? msgid msgid_plural? msgstr+. */
        bool ok = (f == F_CTXT && p.cur == F_NONE) || (f == F_ID && p.cur <= F_CTXT) ||
                  (f == F_PLURAL && p.cur == F_ID) ||
                  (f == F_STR && (p.cur == F_ID || p.cur == F_PLURAL || p.cur == F_STR));
        if (!ok || p.has[slot]) {
            rc = bl_fail(ei, BL_EINVAL, "po line %u: %.*s out of place", line, (int)kn, k);
            break;
        }
        if (f == F_STR && (kn == 9) != p.has[2]) {
            rc = bl_fail(ei, BL_EINVAL, "po line %u: %s", line,
                         p.has[2] ? "a plural entry needs msgstr[N]"
                                  : "msgstr[N] needs msgid_plural");
            break;
        }
        if (f == F_ID)
            p.line = line;
        p.cur = f;
        p.cur_slot = slot;
        p.has[slot] = true;
        p.any = true;
        if (s == le || *s != '"') {
            rc = bl_fail(ei, BL_EINVAL, "po line %u: %.*s needs a quoted string", line, (int)kn, k);
            break;
        }
        rc = string_line(s, le, &p.s[slot], line, ei);
    }
    if (rc == BL_OK && p.any) {
        if (p.cur != F_STR)
            rc = bl_fail(ei, BL_EINVAL, "po line %u: the last entry has no msgstr", line);
        else
            rc = flush(po, &p, ei);
    }
    if (rc == BL_OK) {
        if (po->n > 1)
            qsort(po->e, po->n, sizeof *po->e, cmp_entry);
        for (size_t i = 1; i < po->n && rc == BL_OK; i++)
            if (cmp_entry(&po->e[i - 1], &po->e[i]) == 0)
                rc = bl_fail(ei, BL_EINVAL, "po: msgid \"%.60s\" appears twice", po->e[i].id);
    }
    for (size_t i = 0; i < sizeof p.s / sizeof p.s[0]; i++)
        bl_buf_free(&p.s[i]);
    if (rc != BL_OK) {
        bl_po_free(po);
        return rc;
    }
    *out = po;
    return BL_OK;
}

void bl_po_free(struct bl_po *po)
{
    if (!po)
        return;
    bl_arena_free(&po->arena);
    bl_free(po->e);
    bl_free(po);
}

size_t bl_po_count(const struct bl_po *po)
{
    return po->n;
}

const struct bl_po_entry *bl_po_entry(const struct bl_po *po, size_t i)
{
    return i < po->n ? &po->e[i] : NULL;
}

const struct bl_po_entry *bl_po_find(const struct bl_po *po, const char *ctxt, const char *id)
{
    size_t lo = 0, hi = po ? po->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_key(ctxt, id, po->e[mid].ctxt, po->e[mid].id);
        if (c == 0)
            return &po->e[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *bl_po_get(const struct bl_po *po, const char *ctxt, const char *id)
{
    const struct bl_po_entry *e = bl_po_find(po, ctxt, id);
    return e && e->str[0] && e->str[0][0] ? e->str[0] : NULL;
}

const char *bl_po_nget(const struct bl_po *po, const char *id, unsigned long n)
{
    const struct bl_po_entry *e = bl_po_find(po, NULL, id);
    size_t k = po && po->plural_gt1 ? n > 1 : n != 1;
    if (!e || !e->plural || k >= e->n_str || !e->str[k] || !e->str[k][0])
        return NULL;
    return e->str[k];
}

const char *bl_po_header(const struct bl_po *po)
{
    return po->header;
}

/* Store the pending entry (unless it is fuzzy) and clear it for the next one. */
static enum bl_err flush(struct bl_po *po, struct pending *p, struct bl_errinfo *ei)
{
    enum bl_err rc = BL_OK;
    char *v[3 + BL_PO_MAX_PLURALS] = {0};

    for (size_t i = 0; i < 3 + BL_PO_MAX_PLURALS; i++) {
        if (!p->has[i])
            continue;
        size_t len = p->s[i].len;
        if (bl_utf8_check(p->s[i].p ? p->s[i].p : (const unsigned char *)"", len) != len) {
            rc = bl_fail(ei, BL_EINVAL, "po line %u: a string is not UTF-8", p->line);
            goto out;
        }
        v[i] = bl_arena_strndup(&po->arena, p->s[i].p ? (const char *)p->s[i].p : "", len);
    }
    if (!p->has[1]) {
        rc = bl_fail(ei, BL_EINVAL, "po line %u: an entry without msgid", p->line);
        goto out;
    }
    if (!v[0] && !v[1][0]) {
        /* The header entry: keep its text, read the plural rule. */
        po->header = v[3] ? v[3] : "";
        const char *pf = strstr(po->header, "plural=");
        if (pf) {
            pf += 7;
            char rule[16];
            size_t k = 0;
            for (; *pf && *pf != ';' && *pf != '\n' && k < sizeof rule - 1; pf++)
                if (*pf != ' ' && *pf != '(' && *pf != ')')
                    rule[k++] = *pf;
            rule[k] = '\0';
            po->plural_gt1 = strcmp(rule, "n>1") == 0;
        }
        goto out;
    }
    if (p->fuzzy)
        goto out;
    if (po->n == BL_PO_MAX_ENTRIES) {
        rc = bl_fail(ei, BL_ETOOBIG, "po: more than %u entries", BL_PO_MAX_ENTRIES);
        goto out;
    }
    if (po->n == po->cap) {
        po->cap = po->cap ? 2 * po->cap : 64;
        po->e = bl_realloc(po->e, po->cap * sizeof *po->e);
    }
    struct bl_po_entry *e = &po->e[po->n++];
    memset(e, 0, sizeof *e);
    e->ctxt = v[0];
    e->id = v[1];
    e->plural = v[2];
    for (size_t i = 0; i < BL_PO_MAX_PLURALS; i++)
        if (v[3 + i]) {
            e->str[i] = v[3 + i];
            e->n_str = i + 1;
        }
    e->flags = p->code ? BL_PO_CODE : 0;
out:
    for (size_t i = 0; i < 3 + BL_PO_MAX_PLURALS; i++)
        bl_buf_reset(&p->s[i]);
    memset(p->has, 0, sizeof p->has);
    p->fuzzy = p->code = p->any = false;
    p->cur = F_NONE;
    return rc;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Append the unescaped "..." of s..end to into; nothing but blanks may follow it. */
static enum bl_err string_line(const char *s, const char *end, struct bl_buf *into, unsigned line,
                               struct bl_errinfo *ei)
{
    const char *q = s + 1;
    for (; q < end && *q != '"'; q++) {
        unsigned c = (unsigned char)*q;
        if (c < 0x20 && c != '\t')
            return bl_fail(ei, BL_EINVAL, "po line %u: a control character in a string", line);
        if (c == '\\') {
            if (++q == end)
                break;
            switch (*q) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case 'a':
                c = '\a';
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'v':
                c = '\v';
                break;
            case '"':
            case '\\':
            case '\'':
            case '?':
                c = (unsigned char)*q;
                break;
            case 'x': {
                int d1 = q + 1 < end ? hexval(q[1]) : -1, d2 = q + 2 < end ? hexval(q[2]) : -1;
                if (d1 < 0)
                    return bl_fail(ei, BL_EINVAL, "po line %u: bad \\x escape", line);
                c = (unsigned)d1;
                q++;
                if (d2 >= 0) {
                    c = c * 16 + (unsigned)d2;
                    q++;
                }
                break;
            }
            default:
                if (*q < '0' || *q > '7')
                    return bl_fail(ei, BL_EINVAL, "po line %u: unknown escape \\%c", line,
                                   *q >= 0x20 && *q < 0x7f ? *q : '?');
                c = 0;
                for (int k = 0; k < 3 && q < end && *q >= '0' && *q <= '7'; k++, q++)
                    c = c * 8 + (unsigned)(*q - '0');
                q--;
                if (c > 0xff)
                    return bl_fail(ei, BL_EINVAL, "po line %u: octal escape over 255", line);
            }
            if (c == 0)
                return bl_fail(ei, BL_EINVAL, "po line %u: NUL in a string", line);
        }
        if (bl_buf_putc(into, (unsigned char)c) != BL_OK)
            return bl_fail(ei, BL_ETOOBIG, "po line %u: a string over %u bytes", line,
                           BL_PO_MAX_STRING);
    }
    if (q >= end)
        return bl_fail(ei, BL_EINVAL, "po line %u: unterminated string", line);
    for (q++; q < end; q++)
        if (*q != ' ' && *q != '\t')
            return bl_fail(ei, BL_EINVAL, "po line %u: text after the string", line);
    return BL_OK;
}

static int cmp_key(const char *ca, const char *ia, const char *cb, const char *ib)
{
    /* No context sorts first. */
    if (!ca != !cb)
        return ca ? 1 : -1;
    int c = ca ? strcmp(ca, cb) : 0;
    return c ? c : strcmp(ia, ib);
}

static int cmp_entry(const void *a, const void *b)
{
    const struct bl_po_entry *x = a, *y = b;
    return cmp_key(x->ctxt, x->id, y->ctxt, y->id);
}
