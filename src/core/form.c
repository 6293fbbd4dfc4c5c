/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * form.c: percent-decoding and the urlencoded form/query parser (form.h).
 * Two passes: count the pairs to size one arena array, then decode each
 * piece into its own arena string.
 */
#include "form.h"

#include <string.h>

#include "utf8.h"

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

enum bl_err bl_pct_decode(const char *p, size_t n, bool plus_space, char *out, size_t *outlen)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '%') {
            int hi, lo;
            if (n - i < 3)
                return BL_EINVAL;
            hi = hexval((unsigned char)p[i + 1]);
            lo = hexval((unsigned char)p[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return BL_EINVAL;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '\0') {
            return BL_EINVAL; /* a raw NUL would cut the C string short */
        } else if (c == '+' && plus_space) {
            out[o++] = ' ';
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    *outlen = o;
    return BL_OK;
}

/* Decode one name or value into the arena, checking UTF-8. */
static enum bl_err decode_piece(const char *p, size_t n, struct bl_arena *a, const char **out)
{
    char *s = bl_arena_alloc(a, n + 1);
    size_t len;
    enum bl_err rc = bl_pct_decode(p, n, true, s, &len);

    if (rc != BL_OK)
        return rc;
    if (bl_utf8_check((const unsigned char *)s, len) != len)
        return BL_EUTF8;
    *out = s;
    return BL_OK;
}

enum bl_err bl_form_parse(const char *p, size_t n, struct bl_arena *a, struct bl_form *out,
                          struct bl_errinfo *ei)
{
    size_t count = 1, k = 0, pos = 0;
    enum bl_err rc = BL_OK;

    out->pairs = NULL;
    out->n = 0;
    if (n > BL_FORM_MAX_BYTES)
        return bl_fail(ei, BL_ETOOBIG, "form: %zu bytes, the limit is %u", n, BL_FORM_MAX_BYTES);
    if (n == 0)
        return BL_OK;
    for (size_t i = 0; i < n; i++)
        count += p[i] == '&';
    if (count > BL_FORM_MAX_PAIRS)
        count = BL_FORM_MAX_PAIRS; /* empty pieces take no slot; the loop checks the rest */
    out->pairs = bl_arena_alloc(a, count * sizeof *out->pairs);
    while (pos <= n) {
        const char *piece = p + pos, *amp = memchr(piece, '&', n - pos), *eq;
        size_t len = amp ? (size_t)(amp - piece) : n - pos;
        size_t nlen;

        pos += len + 1;
        if (len == 0)
            continue;
        eq = memchr(piece, '=', len);
        nlen = eq ? (size_t)(eq - piece) : len;
        if (nlen == 0)
            continue;
        if (k == BL_FORM_MAX_PAIRS) {
            rc = bl_fail(ei, BL_ETOOBIG, "form: more than %u fields", BL_FORM_MAX_PAIRS);
            goto out;
        }
        rc = decode_piece(piece, nlen, a, &out->pairs[k].name);
        if (rc == BL_OK) {
            if (eq)
                rc = decode_piece(eq + 1, len - nlen - 1, a, &out->pairs[k].value);
            else
                out->pairs[k].value = "";
        }
        if (rc != BL_OK) {
            rc = bl_fail(ei, rc, "form: field %zu (at byte %zu): %s", k + 1, (size_t)(piece - p),
                         rc == BL_EUTF8 ? "not UTF-8" : "bad percent escape or %00");
            goto out;
        }
        k++;
    }
    out->n = k;
out:
    if (rc != BL_OK) {
        out->pairs = NULL;
        out->n = 0;
    }
    return rc;
}

const char *bl_form_get(const struct bl_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->pairs[i].name, name) == 0)
            return f->pairs[i].value;
    return NULL;
}

size_t bl_form_count(const struct bl_form *f, const char *name)
{
    size_t c = 0;

    for (size_t i = 0; i < f->n; i++)
        c += strcmp(f->pairs[i].name, name) == 0;
    return c;
}
