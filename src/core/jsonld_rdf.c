/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jsonld_rdf.c: JSON-LD toRdf.  Instead of building the node map of the
 * specification and walking it, quads are emitted while walking the
 * expanded document: a node object met twice gives the same quads twice,
 * and the dataset (a set) keeps one copy, so the result is the same RDF
 * dataset with less work.  Blank-node labels come from one counter.
 */
#include "jsonld_rdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld_int.h"
#include "limits.h"
#include "mem.h"

/* Largest canonical JSON text of one @json literal. */
#define BL_JSON_MAX_BYTES_FOR_RDF BL_JSON_MAX_BYTES

#define RDF_NS     "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS     "http://www.w3.org/2001/XMLSchema#"
#define RDF_TYPE   RDF_NS "type"
#define RDF_FIRST  RDF_NS "first"
#define RDF_REST   RDF_NS "rest"
#define RDF_NIL    RDF_NS "nil"
#define RDF_JSON   RDF_NS "JSON"
#define XSD_BOOL   XSD_NS "boolean"
#define XSD_INT    XSD_NS "integer"
#define XSD_DOUBLE XSD_NS "double"

struct tr {
    struct bl_rdf_dataset *ds;
    struct bl_errinfo *ei;
    json_t *labels; /* input blank-node label -> our label */
    unsigned next;
    int depth;
    bool strict_iri;
    bool safe; /* refuse what toRdf would drop or lose (as npm jsonld's safe mode) */
};

static json_t *mut(const json_t *j)
{
    union {
        const json_t *c;
        json_t *m;
    } u;

    u.c = j;
    return u.m;
}

/* ---- lexical forms ------------------------------------------------------ */

void bl_jsonld_double_lexical(double d, char *buf, size_t n)
{
    char tmp[48], *e, *m;
    long ex = 0;
    size_t ml;
    bool neg = false;

    /* JavaScript: d.toExponential(15), then trailing zeros trimmed */
    snprintf(tmp, sizeof(tmp), "%.15e", d);
    e = strchr(tmp, 'e');
    if (e == NULL) {
        snprintf(buf, n, "%s", tmp);
        return;
    }
    *e = '\0';
    for (const char *q = e + 1; *q; q++) {
        if (*q == '-')
            neg = true;
        else if (*q >= '0' && *q <= '9')
            ex = ex * 10 + (*q - '0');
    }
    m = tmp;
    ml = strlen(m);
    while (ml > 0 && m[ml - 1] == '0' && ml >= 2 && m[ml - 2] != '.')
        ml--;
    m[ml] = '\0';
    snprintf(buf, n, "%sE%s%ld", m, neg ? "-" : "", ex);
}

/* |d| < 1e21 with no fractional part (JSON-LD's "integer" test); no libm. */
static bool integral_below_1e21(double d)
{
    if (!(d > -1e21 && d < 1e21))
        return false;
    if (d > -9007199254740992.0 && d < 9007199254740992.0)
        return (double)(long long)d == d;
    return true; /* past 2^53 every double is an integer */
}

/* ECMAScript Number::toString for JCS. */
static void js_number(double d, char *buf, size_t n)
{
    char tmp[48], digits[24];
    int prec, k = 0, ex = 0, pos;
    bool neg;

    if (d == 0) {
        snprintf(buf, n, "0");
        return;
    }
    if (!isfinite(d)) {
        snprintf(buf, n, "null");
        return;
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    neg = tmp[0] == '-';
    for (const char *q = tmp + (neg ? 1 : 0); *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9' && k < (int)sizeof(digits) - 1)
            digits[k++] = *q;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    {
        const char *e = strchr(tmp, 'e');
        bool eneg = e[1] == '-';
        for (const char *q = e + 2; *q; q++)
            ex = ex * 10 + (*q - '0');
        if (eneg)
            ex = -ex;
    }
    pos = ex + 1; /* the "n" of the ECMAScript algorithm */
    if (k <= pos && pos <= 21) {
        size_t l;

        snprintf(buf, n, "%s%s", neg ? "-" : "", digits);
        l = strlen(buf);
        for (int i = 0; i < pos - k && l + 1 < n; i++)
            buf[l++] = '0';
        buf[l] = '\0';
    } else if (0 < pos && pos <= 21) {
        snprintf(buf, n, "%s%.*s.%s", neg ? "-" : "", pos, digits, digits + pos);
    } else if (-6 < pos && pos <= 0) {
        snprintf(buf, n, "%s0.%0*d%s", neg ? "-" : "", -pos, 0, digits);
        if (pos == 0)
            snprintf(buf, n, "%s0.%s", neg ? "-" : "", digits);
    } else {
        int e1 = pos - 1;
        if (k == 1)
            snprintf(buf, n, "%s%se%c%d", neg ? "-" : "", digits, e1 < 0 ? '-' : '+',
                     e1 < 0 ? -e1 : e1);
        else
            snprintf(buf, n, "%s%c.%se%c%d", neg ? "-" : "", digits[0], digits + 1,
                     e1 < 0 ? '-' : '+', e1 < 0 ? -e1 : e1);
    }
}

/* The next UTF-16 code unit of s (UTF-8), for JCS key ordering. */
static unsigned utf16_next(const unsigned char **s, unsigned *pending)
{
    unsigned cp;
    const unsigned char *p = *s;

    if (*pending) {
        cp = *pending;
        *pending = 0;
        return cp;
    }
    if (p[0] < 0x80) {
        cp = p[0];
        *s = p + 1;
    } else if (p[0] < 0xE0) {
        cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        *s = p + 2;
    } else if (p[0] < 0xF0) {
        cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        *s = p + 3;
    } else {
        cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
             (p[3] & 0x3Fu);
        *s = p + 4;
        cp -= 0x10000;
        *pending = 0xDC00 + (cp & 0x3FF);
        return 0xD800 + (cp >> 10);
    }
    return cp;
}

static int cmp_utf16(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a;
    const unsigned char *y = *(const unsigned char *const *)b;
    unsigned px = 0, py = 0;

    for (;;) {
        unsigned cx, cy;
        if ((*x == 0 && px == 0) || (*y == 0 && py == 0))
            return (*x == 0 && px == 0) ? ((*y == 0 && py == 0) ? 0 : -1) : 1;
        cx = utf16_next(&x, &px);
        cy = utf16_next(&y, &py);
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
}

static enum bl_err jcs_string(const char *s, size_t n, struct bl_buf *out)
{
    enum bl_err e = bl_buf_putc(out, '"');

    for (size_t i = 0; i < n && e == BL_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            e = bl_buf_puts(out, "\\\"");
            break;
        case '\\':
            e = bl_buf_puts(out, "\\\\");
            break;
        case '\b':
            e = bl_buf_puts(out, "\\b");
            break;
        case '\f':
            e = bl_buf_puts(out, "\\f");
            break;
        case '\n':
            e = bl_buf_puts(out, "\\n");
            break;
        case '\r':
            e = bl_buf_puts(out, "\\r");
            break;
        case '\t':
            e = bl_buf_puts(out, "\\t");
            break;
        default:
            if (c < 0x20)
                e = bl_buf_printf(out, "\\u%04x", c);
            else
                e = bl_buf_putc(out, c);
        }
    }
    return e == BL_OK ? bl_buf_putc(out, '"') : e;
}

static enum bl_err jcs(const json_t *v, struct bl_buf *out, int depth)
{
    enum bl_err e = BL_OK;
    char num[48];

    if (depth > 200)
        return BL_ETOOBIG;
    switch (json_typeof(v)) {
    case JSON_NULL:
        return bl_buf_puts(out, "null");
    case JSON_TRUE:
        return bl_buf_puts(out, "true");
    case JSON_FALSE:
        return bl_buf_puts(out, "false");
    case JSON_INTEGER:
        js_number((double)json_integer_value(v), num, sizeof(num));
        return bl_buf_puts(out, num);
    case JSON_REAL:
        js_number(json_real_value(v), num, sizeof(num));
        return bl_buf_puts(out, num);
    case JSON_STRING:
        return jcs_string(json_string_value(v), json_string_length(v), out);
    case JSON_ARRAY: {
        size_t i;
        json_t *it;

        e = bl_buf_putc(out, '[');
        json_array_foreach(mut(v), i, it)
        {
            if (e == BL_OK && i > 0)
                e = bl_buf_putc(out, ',');
            if (e == BL_OK)
                e = jcs(it, out, depth + 1);
        }
        return e == BL_OK ? bl_buf_putc(out, ']') : e;
    }
    case JSON_OBJECT: {
        size_t cnt = json_object_size(v), i = 0;
        const char **keys = bl_malloc((cnt ? cnt : 1) * sizeof(*keys));
        const char *k;
        json_t *it;

        json_object_foreach(mut(v), k, it)
        {
            (void)it;
            keys[i++] = k;
        }
        qsort(keys, cnt, sizeof(*keys), cmp_utf16);
        e = bl_buf_putc(out, '{');
        for (i = 0; i < cnt && e == BL_OK; i++) {
            if (i > 0)
                e = bl_buf_putc(out, ',');
            if (e == BL_OK)
                e = jcs_string(keys[i], strlen(keys[i]), out);
            if (e == BL_OK)
                e = bl_buf_putc(out, ':');
            if (e == BL_OK)
                e = jcs(json_object_get(v, keys[i]), out, depth + 1);
        }
        bl_free(keys);
        return e == BL_OK ? bl_buf_putc(out, '}') : e;
    }
    }
    return BL_EINVAL;
}

enum bl_err bl_jsonld_canonical_json(const json_t *v, struct bl_buf *out)
{
    return jcs(v, out, 0);
}

/* ---- terms -------------------------------------------------------------- */

/* An absolute IRI that N-Quads can write (strict: at most one '#'). */
static bool iri_ok(const char *s, bool strict)
{
    const char *hash;

    if (!bl_jsonld_is_absolute_iri(s))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == '<' || *p == '>' || *p == '"' || *p == '{' || *p == '}' ||
            *p == '|' || *p == '^' || *p == '`' || *p == '\\')
            return false;
    if (!strict)
        return true;
    /* one fragment at most: "a#b#c" is not an RFC 3987 IRI */
    hash = strchr(s, '#');
    return hash == NULL || strchr(hash + 1, '#') == NULL;
}

static bool lang_ok(const char *s)
{
    const char *p = s;
    size_t n = 0;

    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        p++;
        n++;
    }
    if (n == 0)
        return false;
    while (*p == '-') {
        p++;
        n = 0;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
            p++;
            n++;
        }
        if (n == 0)
            return false;
    }
    return *p == '\0';
}

static struct bl_rdf_term fresh(struct tr *t, char *buf, size_t n)
{
    snprintf(buf, n, "b%u", t->next++);
    return bl_rdf_bnode(buf, strlen(buf));
}

/* The term for an @id or @type value; false when it is not a usable IRI. */
static bool id_term(struct tr *t, const char *id, struct bl_rdf_term *out)
{
    if (id[0] == '_' && id[1] == ':') {
        json_t *l = json_object_get(t->labels, id + 2);
        if (l == NULL) {
            char b[24];
            snprintf(b, sizeof(b), "b%u", t->next++);
            l = json_string_nocheck(b);
            json_object_set_new_nocheck(t->labels, id + 2, l);
        }
        *out = bl_rdf_bnode(json_string_value(l), json_string_length(l));
        return true;
    }
    if (!iri_ok(id, t->strict_iri))
        return false;
    *out = bl_rdf_iri(id, strlen(id));
    return true;
}

static enum bl_err add(struct tr *t, const struct bl_rdf_term *s, const struct bl_rdf_term *p,
                       const struct bl_rdf_term *o, const struct bl_rdf_term *g)
{
    return bl_rdf_add_quad(t->ds, s, p, o, g->kind == BL_RDF_DEFAULT ? NULL : g, t->ei);
}

static enum bl_err node_to_rdf(struct tr *t, const json_t *node, const struct bl_rdf_term *g,
                               struct bl_rdf_term *subj, bool *ok, char *sbuf, size_t sn);

/* The RDF object for item; *ok false when it yields none.  tmp holds text. */
static enum bl_err object_to_rdf(struct tr *t, const json_t *item, const struct bl_rdf_term *g,
                                 struct bl_rdf_term *out, bool *ok, char *buf, size_t bn,
                                 struct bl_buf *tmp);

static enum bl_err list_to_rdf(struct tr *t, const json_t *list, const struct bl_rdf_term *g,
                               struct bl_rdf_term *out, char *buf, size_t bn)
{
    static const struct bl_rdf_term first = {BL_RDF_IRI, 0, RDF_FIRST, sizeof(RDF_FIRST) - 1,
                                             NULL,       0, NULL,      0};
    static const struct bl_rdf_term rest = {BL_RDF_IRI, 0, RDF_REST, sizeof(RDF_REST) - 1,
                                            NULL,       0, NULL,     0};
    struct bl_rdf_term cur, nxt, nil = bl_rdf_iri(RDF_NIL, sizeof(RDF_NIL) - 1);
    char cbuf[24], nbuf[24];
    size_t n = json_array_size(list);
    enum bl_err e = BL_OK;

    if (n == 0) {
        *out = nil;
        return BL_OK;
    }
    cur = fresh(t, buf, bn);
    *out = cur;
    snprintf(cbuf, sizeof(cbuf), "%s", buf);
    cur = bl_rdf_bnode(cbuf, strlen(cbuf));
    for (size_t i = 0; i < n && e == BL_OK; i++) {
        struct bl_rdf_term o;
        bool ok = false;
        char obuf[48];
        struct bl_buf otmp;

        bl_buf_init(&otmp, BL_JSON_MAX_BYTES_FOR_RDF);
        e = object_to_rdf(t, json_array_get(list, i), g, &o, &ok, obuf, sizeof(obuf), &otmp);
        if (e == BL_OK && ok)
            e = add(t, &cur, &first, &o, g);
        bl_buf_free(&otmp);
        if (e != BL_OK)
            break;
        if (i + 1 < n) {
            nxt = fresh(t, nbuf, sizeof(nbuf));
            e = add(t, &cur, &rest, &nxt, g);
            memcpy(cbuf, nbuf, sizeof(cbuf));
            cur = bl_rdf_bnode(cbuf, strlen(cbuf));
        } else {
            e = add(t, &cur, &rest, &nil, g);
        }
    }
    return e;
}

static enum bl_err object_to_rdf(struct tr *t, const json_t *item, const struct bl_rdf_term *g,
                                 struct bl_rdf_term *out, bool *ok, char *buf, size_t bn,
                                 struct bl_buf *tmp)
{
    json_t *v, *ty, *lang;
    const char *dt = NULL;
    char lex[48];

    *ok = false;
    if (!json_is_object(item))
        return BL_OK;
    if (json_object_get(item, "@list")) {
        *ok = true;
        return list_to_rdf(t, json_object_get(item, "@list"), g, out, buf, bn);
    }
    v = json_object_get(item, "@value");
    if (v == NULL)
        return node_to_rdf(t, item, g, out, ok, buf, bn);
    ty = json_object_get(item, "@type");
    lang = json_object_get(item, "@language");
    if (t->safe && json_object_get(item, "@direction"))
        return bl_fail(t->ei, BL_EINVAL,
                       "JSON-LD: @direction cannot be kept in RDF (rdfDirection is not set)");
    if (ty) {
        dt = json_string_value(ty);
        if (dt == NULL)
            return BL_OK;
        if (strcmp(dt, "@json") == 0) {
            enum bl_err e = bl_jsonld_canonical_json(v, tmp);
            if (e != BL_OK)
                return bl_fail(t->ei, e, "JSON-LD: @json value too large");
            *out = bl_rdf_literal((const char *)tmp->p, tmp->len, RDF_JSON, sizeof(RDF_JSON) - 1,
                                  NULL, 0);
            *ok = true;
            return BL_OK;
        }
        if (!iri_ok(dt, t->strict_iri))
            return BL_OK;
    }
    if (json_is_boolean(v)) {
        const char *s = json_is_true(v) ? "true" : "false";
        if (dt == NULL)
            dt = XSD_BOOL;
        *out = bl_rdf_literal(s, strlen(s), dt, strlen(dt), NULL, 0);
    } else if (json_is_number(v)) {
        double d = json_number_value(v);
        bool dbl =
            (dt && strcmp(dt, XSD_DOUBLE) == 0) || (json_is_real(v) && !integral_below_1e21(d));

        if (dbl) {
            bl_jsonld_double_lexical(d, buf, bn);
            if (dt == NULL)
                dt = XSD_DOUBLE;
        } else {
            if (json_is_integer(v))
                snprintf(buf, bn, "%lld", (long long)json_integer_value(v));
            else if (d == 0)
                snprintf(buf, bn, "0");
            else
                snprintf(buf, bn, "%.0f", d);
            if (dt == NULL)
                dt = XSD_INT;
        }
        *out = bl_rdf_literal(buf, strlen(buf), dt, strlen(dt), NULL, 0);
    } else if (json_is_string(v)) {
        if (lang && dt == NULL) {
            const char *l = json_string_value(lang);
            size_t ln = l ? strlen(l) : 0;
            if (l == NULL || !lang_ok(l) || ln >= sizeof(lex))
                return BL_OK;
            /* language tags are case-insensitive; lower case as jsonld.js does */
            for (size_t i = 0; i <= ln; i++)
                lex[i] = (char)((l[i] >= 'A' && l[i] <= 'Z') ? l[i] + 32 : l[i]);
            if (bl_buf_append(tmp, lex, ln) != BL_OK)
                return BL_ETOOBIG;
            *out = bl_rdf_literal(json_string_value(v), json_string_length(v), NULL, 0,
                                  (const char *)tmp->p, ln);
        } else {
            *out = bl_rdf_literal(json_string_value(v), json_string_length(v), dt,
                                  dt ? strlen(dt) : 0, NULL, 0);
        }
    } else {
        return BL_OK;
    }
    *ok = true;
    return BL_OK;
}

static enum bl_err node_to_rdf(struct tr *t, const json_t *node, const struct bl_rdf_term *g,
                               struct bl_rdf_term *subj, bool *ok, char *sbuf, size_t sn)
{
    static const struct bl_rdf_term rdf_type = {BL_RDF_IRI, 0, RDF_TYPE, sizeof(RDF_TYPE) - 1,
                                                NULL,       0, NULL,     0};
    json_t *id = json_object_get(node, "@id"), *v;
    struct bl_rdf_term s;
    const char *k;
    enum bl_err e = BL_OK;
    bool sok;

    if (++t->depth > (int)BL_JSONLD_MAX_DEPTH * 2) {
        t->depth--;
        return bl_fail(t->ei, BL_ETOOBIG, "JSON-LD: nesting too deep for toRdf");
    }
    if (json_is_string(id)) {
        sok = id_term(t, json_string_value(id), &s);
    } else if (id) {
        /* @id null (an ignored "@keyword"-like IRI): the node has no name */
        s = bl_rdf_bnode("", 0);
        sok = false;
    } else {
        s = fresh(t, sbuf, sn);
        sok = true;
    }
    json_object_foreach(mut(node), k, v)
    {
        size_t i, cnt;
        json_t *it;

        if (strcmp(k, "@type") == 0) {
            json_array_foreach(v, i, it)
            {
                struct bl_rdf_term o;
                if (json_is_string(it) && id_term(t, json_string_value(it), &o) && sok)
                    e = add(t, &s, &rdf_type, &o, g);
                if (e != BL_OK)
                    goto out;
            }
        } else if (strcmp(k, "@reverse") == 0) {
            const char *rk;
            json_t *rv;

            json_object_foreach(v, rk, rv)
            {
                struct bl_rdf_term p;
                bool pok = rk[0] != '_' && iri_ok(rk, t->strict_iri);

                p = bl_rdf_iri(rk, strlen(rk));
                json_array_foreach(rv, i, it)
                {
                    struct bl_rdf_term o;
                    bool ook = false;
                    char obuf[24];

                    e = node_to_rdf(t, it, g, &o, &ook, obuf, sizeof(obuf));
                    if (e == BL_OK && ook && sok && pok)
                        e = add(t, &o, &p, &s, g);
                    if (e != BL_OK)
                        goto out;
                }
            }
        } else if (strcmp(k, "@graph") == 0) {
            cnt = json_array_size(v);
            for (i = 0; i < cnt && sok; i++) {
                struct bl_rdf_term o;
                bool ook;
                char obuf[24];
                const json_t *el = json_array_get(v, i);

                if (!json_is_object(el) || json_object_get(el, "@value") ||
                    json_object_get(el, "@list"))
                    continue;
                e = node_to_rdf(t, el, &s, &o, &ook, obuf, sizeof(obuf));
                if (e != BL_OK)
                    goto out;
            }
        } else if (strcmp(k, "@included") == 0) {
            json_array_foreach(v, i, it)
            {
                struct bl_rdf_term o;
                bool ook;
                char obuf[24];

                e = node_to_rdf(t, it, g, &o, &ook, obuf, sizeof(obuf));
                if (e != BL_OK)
                    goto out;
            }
        } else if (k[0] == '@') {
            continue;
        } else {
            struct bl_rdf_term p = bl_rdf_iri(k, strlen(k));
            bool pok = !(k[0] == '_' && k[1] == ':') && iri_ok(k, t->strict_iri);

            if (t->safe && k[0] == '_' && k[1] == ':') {
                e = bl_fail(t->ei, BL_EINVAL, "JSON-LD: blank node predicate %.100s", k);
                goto out;
            }

            json_array_foreach(v, i, it)
            {
                struct bl_rdf_term o;
                bool ook = false;
                char obuf[48];
                struct bl_buf tmp;

                bl_buf_init(&tmp, BL_JSON_MAX_BYTES_FOR_RDF);
                e = object_to_rdf(t, it, g, &o, &ook, obuf, sizeof(obuf), &tmp);
                if (e == BL_OK && ook && sok && pok)
                    e = add(t, &s, &p, &o, g);
                bl_buf_free(&tmp);
                if (e != BL_OK)
                    goto out;
            }
        }
    }
out:
    t->depth--;
    if (e == BL_OK) {
        *subj = s;
        *ok = sok;
        /* a fresh label lives in sbuf; an IRI or mapped label outlives us */
    }
    return e;
}

enum bl_err bl_jsonld_expanded_to_rdf(const json_t *expanded, const struct bl_jsonld_opts *opts,
                                      struct bl_rdf_dataset *ds, struct bl_errinfo *ei)
{
    struct tr t;
    size_t i;
    json_t *it;
    enum bl_err e = BL_OK;
    struct bl_rdf_term g = {BL_RDF_DEFAULT, 0, NULL, 0, NULL, 0, NULL, 0};

    memset(&t, 0, sizeof(t));
    t.ds = ds;
    t.ei = ei;
    t.labels = json_object();
    t.strict_iri = opts && opts->strict_iri;
    t.safe = !(opts && opts->unsafe);
    json_array_foreach(mut(expanded), i, it)
    {
        struct bl_rdf_term s;
        bool ok;
        char sbuf[24];

        if (!json_is_object(it) || json_object_get(it, "@value") || json_object_get(it, "@list"))
            continue;
        e = node_to_rdf(&t, it, &g, &s, &ok, sbuf, sizeof(sbuf));
        if (e != BL_OK)
            break;
    }
    json_decref(t.labels);
    return e;
}

enum bl_err bl_jsonld_to_rdf(struct bl_jsonld *p, const json_t *doc,
                             const struct bl_jsonld_opts *opts, struct bl_rdf_dataset *ds,
                             struct bl_errinfo *ei)
{
    json_t *exp = NULL;
    enum bl_err e = bl_jsonld_expand(p, doc, opts, &exp, ei);

    if (e != BL_OK)
        return e;
    e = bl_jsonld_expanded_to_rdf(exp, opts, ds, ei);
    json_decref(exp);
    return e;
}
