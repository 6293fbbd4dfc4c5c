/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jscan.c: RFC 8259 validation without a tree (see jscan.h).  One loop, an
 * explicit stack of open containers, no recursion, no allocation.
 */
#include <string.h>

#include "jscan.h"

struct scan {
    const unsigned char *p;
    size_t n;
    size_t i;
    struct bl_errinfo *ei;
};

static enum bl_err bad(struct scan *s, const char *why)
{
    return bl_fail(s->ei, BL_EJSON, "JSON error at byte %zu: %s", s->i, why);
}

static void skip_ws(struct scan *s)
{
    while (s->i < s->n) {
        unsigned char c = s->p[s->i];

        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        s->i++;
    }
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

/* Read \uXXXX at s->i (pointing at 'u'); *cp gets the code unit. */
static int read_u(struct scan *s, unsigned *cp)
{
    unsigned v = 0;

    if (s->n - s->i < 5)
        return -1;
    for (size_t k = 1; k <= 4; k++) {
        int h = hexval(s->p[s->i + k]);

        if (h < 0)
            return -1;
        v = v << 4 | (unsigned)h;
    }
    s->i += 5;
    *cp = v;
    return 0;
}

/* Length of the valid UTF-8 sequence at p[0..n), or 0 (RFC 3629 §4). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xbf;
    size_t need;

    if (c >= 0xc2 && c <= 0xdf)
        need = 1;
    else if (c >= 0xe0 && c <= 0xef)
        need = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    else
        return 0;
    if (n <= need)
        return 0;
    for (size_t k = 1; k <= need; k++) {
        if (p[k] < lo || p[k] > hi)
            return 0;
        lo = 0x80, hi = 0xbf;
    }
    return need + 1;
}

/* A string, s->i at the opening quote; leaves s->i after the closing one. */
static enum bl_err scan_string(struct scan *s)
{
    s->i++;
    for (;;) {
        unsigned char c;

        if (s->i >= s->n)
            return bad(s, "unterminated string");
        c = s->p[s->i];
        if (c == '"') {
            s->i++;
            return BL_OK;
        }
        if (c < 0x20)
            return bad(s, "control character in string");
        if (c == '\\') {
            unsigned cp, lo;

            if (++s->i >= s->n)
                return bad(s, "unterminated escape");
            c = s->p[s->i];
            if (strchr("\"\\/bfnrt", c) != NULL && c != '\0') {
                s->i++;
                continue;
            }
            if (c != 'u' || read_u(s, &cp) != 0)
                return bad(s, "invalid escape");
            if (cp == 0)
                return bad(s, "\\u0000 in string");
            if (cp >= 0xdc00 && cp <= 0xdfff)
                return bad(s, "lone low surrogate");
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (s->n - s->i < 2 || s->p[s->i] != '\\' || s->p[s->i + 1] != 'u')
                    return bad(s, "lone high surrogate");
                s->i++;
                if (read_u(s, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
                    return bad(s, "invalid surrogate pair");
            }
            continue;
        }
        if (c < 0x80) {
            s->i++;
        } else {
            size_t k = utf8_seq(s->p + s->i, s->n - s->i);

            if (k == 0)
                return bad(s, "invalid UTF-8 in string");
            s->i += k;
        }
    }
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static enum bl_err scan_number(struct scan *s)
{
    if (s->p[s->i] == '-')
        s->i++;
    if (s->i >= s->n || !is_digit(s->p[s->i]))
        return bad(s, "invalid number");
    if (s->p[s->i] == '0')
        s->i++;
    else
        while (s->i < s->n && is_digit(s->p[s->i]))
            s->i++;
    if (s->i < s->n && s->p[s->i] == '.') {
        s->i++;
        if (s->i >= s->n || !is_digit(s->p[s->i]))
            return bad(s, "invalid number");
        while (s->i < s->n && is_digit(s->p[s->i]))
            s->i++;
    }
    if (s->i < s->n && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
        s->i++;
        if (s->i < s->n && (s->p[s->i] == '+' || s->p[s->i] == '-'))
            s->i++;
        if (s->i >= s->n || !is_digit(s->p[s->i]))
            return bad(s, "invalid number");
        while (s->i < s->n && is_digit(s->p[s->i]))
            s->i++;
    }
    return BL_OK;
}

static enum bl_err scan_word(struct scan *s, const char *w)
{
    size_t k = strlen(w);

    if (s->n - s->i < k || memcmp(s->p + s->i, w, k) != 0)
        return bad(s, "invalid literal");
    s->i += k;
    return BL_OK;
}

/* An object key and its colon; s->i at the quote. */
static enum bl_err scan_key(struct scan *s, size_t *kstart, size_t *kend)
{
    enum bl_err rc;

    if (s->i >= s->n || s->p[s->i] != '"')
        return bad(s, "expected a string key");
    *kstart = s->i + 1;
    if ((rc = scan_string(s)) != BL_OK)
        return rc;
    *kend = s->i - 1;
    skip_ws(s);
    if (s->i >= s->n || s->p[s->i] != ':')
        return bad(s, "expected ':'");
    s->i++;
    skip_ws(s);
    return BL_OK;
}

/* A key at the given depth; only top-level keys are remembered. */
static enum bl_err key(struct scan *s, size_t depth, size_t *kstart, size_t *kend)
{
    size_t ks = 0, ke = 0;
    enum bl_err rc = scan_key(s, &ks, &ke);

    if (rc == BL_OK && depth == 1) {
        *kstart = ks;
        *kend = ke;
    }
    return rc;
}

enum bl_err bl_jscan(const char *p, size_t n, size_t max_depth, bl_jscan_member_fn fn, void *ctx,
                     struct bl_errinfo *ei)
{
    struct scan s = {(const unsigned char *)p, n, 0, ei};
    unsigned char stack[BL_JSCAN_MAX_DEPTH]; /* '{' or '[' per open container */
    size_t depth = 0, kstart = 0, kend = 0, vstart = 0;
    int calling = fn != NULL;
    enum bl_err rc;

    if (max_depth > BL_JSCAN_MAX_DEPTH)
        max_depth = BL_JSCAN_MAX_DEPTH;
    skip_ws(&s);
value:
    if (s.i >= s.n)
        return bad(&s, depth ? "unexpected end of input" : "empty input");
    if (depth == 1 && stack[0] == '{')
        vstart = s.i;
    switch (s.p[s.i]) {
    case '{':
    case '[':
        if (depth == max_depth)
            return bl_fail(ei, BL_ETOOBIG, "JSON nested deeper than %zu at byte %zu", max_depth,
                           s.i);
        stack[depth++] = s.p[s.i++];
        skip_ws(&s);
        if (s.i < s.n && s.p[s.i] == (stack[depth - 1] == '{' ? '}' : ']')) {
            s.i++;
            depth--;
            goto after;
        }
        if (stack[depth - 1] == '{' && (rc = key(&s, depth, &kstart, &kend)) != BL_OK)
            return rc;
        goto value;
    case '"':
        rc = scan_string(&s);
        break;
    case 't':
        rc = scan_word(&s, "true");
        break;
    case 'f':
        rc = scan_word(&s, "false");
        break;
    case 'n':
        rc = scan_word(&s, "null");
        break;
    default:
        rc = s.p[s.i] == '-' || is_digit(s.p[s.i]) ? scan_number(&s)
                                                   : bad(&s, "unexpected character");
        break;
    }
    if (rc != BL_OK)
        return rc;
after:
    /* A member of the top-level object is complete. */
    if (depth == 1 && stack[0] == '{' && calling)
        calling = fn(p + kstart, kend - kstart, p + vstart, s.i - vstart, ctx) == 0;
    skip_ws(&s);
    if (depth == 0) {
        if (s.i != s.n)
            return bad(&s, "text after the JSON value");
        return BL_OK;
    }
    if (s.i >= s.n)
        return bad(&s, "unexpected end of input");
    if (s.p[s.i] == ',') {
        s.i++;
        skip_ws(&s);
        if (stack[depth - 1] == '{' && (rc = key(&s, depth, &kstart, &kend)) != BL_OK)
            return rc;
        goto value;
    }
    if (s.p[s.i] == (stack[depth - 1] == '{' ? '}' : ']')) {
        s.i++;
        depth--;
        goto after;
    }
    return bad(&s, stack[depth - 1] == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
}

int bl_jscan_string_eq(const char *value, size_t valuelen, const char *s)
{
    const unsigned char *v = (const unsigned char *)value, *end;
    size_t k = 0, slen = strlen(s);

    if (valuelen < 2 || v[0] != '"' || v[valuelen - 1] != '"')
        return 0;
    end = v + valuelen - 1;
    v++;
    /* Decode simple escapes; any \u escape is compared as its UTF-8 bytes. */
    while (v < end) {
        unsigned char c = *v++;

        if (c == '\\') {
            unsigned cp = 0;

            c = *v++;
            switch (c) {
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case 'u':
                for (int j = 0; j < 4; j++)
                    cp = cp << 4 | (unsigned)hexval(*v++);
                if (cp >= 0x80)
                    return 0; /* no context or key we look for needs more */
                c = (unsigned char)cp;
                break;
            default:
                break; /* \" \\ \/ stand for themselves */
            }
        }
        if (k >= slen || (unsigned char)s[k] != c)
            return 0;
        k++;
    }
    return k == slen;
}
