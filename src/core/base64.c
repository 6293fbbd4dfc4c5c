/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * base64.c: RFC 4648 base64, base64url and base16, table-driven.  Encoders
 * reserve the exact output size once and write into the buffer's spare room;
 * decoders first settle the padding and the exact output length, then
 * translate four characters per step with one table lookup each, falling to
 * a slow path only to explain an error.  See docs/internals/codec.md.
 */
#include <stdint.h>

#include "base64.h"

/* A row of 16 characters that are not in any alphabet. */
#define X16                                                                                        \
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
/* The bytes 0x80..0xff: never part of an alphabet. */
#define X128 X16, X16, X16, X16, X16, X16, X16, X16

enum padmode { PAD_REQUIRED, PAD_OPTIONAL, PAD_FORBIDDEN };

struct alpha {
    const char *enc;          /* the 64 characters, by value */
    const unsigned char *dec; /* character -> value, 0xff or 0xfe (see below) */
    const char *name;         /* for messages */
    const char *other;        /* the two characters of the other alphabet */
};

static enum bl_err encode64(struct bl_buf *out, const void *p, size_t n, const struct alpha *a,
                            int pad, struct bl_errinfo *ei);
static enum bl_err decode64(struct bl_buf *out, const char *z, size_t n, const struct alpha *a,
                            enum padmode pm, struct bl_errinfo *ei);
static enum bl_err bad_char(const unsigned char *s, size_t i, const struct alpha *a,
                            struct bl_errinfo *ei);

/*
 * Character -> 6-bit value.  Entries with the top bit set are not values:
 * 0xff marks a character outside the alphabet and 0xfe the pad '=', so one
 * OR over a group of four tells whether the group is clean.
 */
/* clang-format off */
static const unsigned char dec_std[256] = {
    X16,
    X16,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3e, 0xff, 0xff, 0xff, 0x3f,
    0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff,
    0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
    X128,
};
/* clang-format on */

/* clang-format off */
static const unsigned char dec_url[256] = {
    X16,
    X16,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3e, 0xff, 0xff,
    0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff,
    0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xff, 0xff, 0xff, 0xff, 0x3f,
    0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0xff, 0xff, 0xff, 0xff, 0xff,
    X128,
};
/* clang-format on */

/* Hex digit -> value, with 0x10 marking 'A'-'F' and 0x20 marking 'a'-'f'. */
/* clang-format off */
static const unsigned char dec_hex[256] = {
    X16,
    X16,
    X16,
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    X16,
    0xff, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    X16,
    X128,
};
/* clang-format on */

static const struct alpha std64 = {
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", dec_std, "base64", "-_"};
static const struct alpha url64 = {
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", dec_url, "base64url", "+/"};

size_t bl_base64_encoded_len(size_t n, int pad)
{
    size_t q = n / 3, r = n % 3;

    if (q > (SIZE_MAX - 4) / 4)
        return SIZE_MAX;
    return q * 4 + (r == 0 ? 0 : pad ? 4 : r + 1);
}

size_t bl_base64_decoded_max(size_t n)
{
    size_t r = n % 4;

    return n / 4 * 3 + (r >= 2 ? r - 1 : 0);
}

enum bl_err bl_base64_encode(struct bl_buf *out, const void *p, size_t n, unsigned flags,
                             struct bl_errinfo *ei)
{
    return encode64(out, p, n, &std64, !(flags & BL_BASE64_NOPAD), ei);
}

enum bl_err bl_base64url_encode(struct bl_buf *out, const void *p, size_t n, struct bl_errinfo *ei)
{
    return encode64(out, p, n, &url64, 0, ei);
}

enum bl_err bl_base64_decode(struct bl_buf *out, const char *z, size_t n, unsigned flags,
                             struct bl_errinfo *ei)
{
    enum padmode pm = PAD_REQUIRED;

    if (flags & BL_BASE64_NOPAD)
        pm = PAD_FORBIDDEN;
    else if (flags & BL_BASE64_PAD_OPTIONAL)
        pm = PAD_OPTIONAL;
    return decode64(out, z, n, &std64, pm, ei);
}

enum bl_err bl_base64url_decode(struct bl_buf *out, const char *z, size_t n, struct bl_errinfo *ei)
{
    return decode64(out, z, n, &url64, PAD_FORBIDDEN, ei);
}

enum bl_err bl_base16_encode(struct bl_buf *out, const void *p, size_t n, unsigned flags,
                             struct bl_errinfo *ei)
{
    const char *digits = (flags & BL_BASE16_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
    const unsigned char *s = p;
    unsigned char *d;
    size_t i;

    if (n > SIZE_MAX / 2 || bl_buf_reserve(out, n * 2) != BL_OK)
        return bl_fail(ei, BL_ETOOBIG, "base16 of %zu bytes is over the limit of %zu bytes", n,
                       out->max);
    d = out->p + out->len;
    for (i = 0; i < n; i++) {
        *d++ = (unsigned char)digits[s[i] >> 4];
        *d++ = (unsigned char)digits[s[i] & 0x0f];
    }
    out->len += n * 2;
    out->p[out->len] = '\0';
    return BL_OK;
}

enum bl_err bl_base16_decode(struct bl_buf *out, const char *z, size_t n, unsigned flags,
                             struct bl_errinfo *ei)
{
    const unsigned char *s = (const unsigned char *)z;
    unsigned wrongcase = 0;
    unsigned char *d;
    size_t i;

    /* A single case flag restricts the case; none or both accept either. */
    if ((flags & (BL_BASE16_LOWER | BL_BASE16_UPPER)) == BL_BASE16_LOWER)
        wrongcase = 0x10;
    else if ((flags & (BL_BASE16_LOWER | BL_BASE16_UPPER)) == BL_BASE16_UPPER)
        wrongcase = 0x20;
    if (n % 2 != 0)
        return bl_fail(ei, BL_EINVAL, "base16: odd length %zu", n);
    if (bl_buf_reserve(out, n / 2) != BL_OK)
        return bl_fail(ei, BL_ETOOBIG, "decoded base16 of %zu bytes is over the limit of %zu bytes",
                       n / 2, out->max);
    d = out->p + out->len;
    for (i = 0; i < n; i += 2) {
        unsigned hi = dec_hex[s[i]], lo = dec_hex[s[i + 1]];

        if (((hi | lo) & 0x80) || ((hi | lo) & wrongcase)) {
            size_t at = ((hi & 0x80) || (hi & wrongcase)) ? i : i + 1;

            out->p[out->len] = '\0';
            if ((dec_hex[s[at]] & 0x80) && s[at] > 0x20 && s[at] < 0x7f)
                return bl_fail(ei, BL_EINVAL, "base16: invalid character '%c' at offset %zu", s[at],
                               at);
            if (dec_hex[s[at]] & 0x80)
                return bl_fail(ei, BL_EINVAL, "base16: invalid character 0x%02x at offset %zu",
                               s[at], at);
            return bl_fail(ei, BL_EINVAL, "base16: %s-case digit '%c' at offset %zu",
                           wrongcase == 0x10 ? "upper" : "lower", s[at], at);
        }
        *d++ = (unsigned char)((hi & 0x0f) << 4 | (lo & 0x0f));
    }
    out->len += n / 2;
    out->p[out->len] = '\0';
    return BL_OK;
}

static enum bl_err encode64(struct bl_buf *out, const void *p, size_t n, const struct alpha *a,
                            int pad, struct bl_errinfo *ei)
{
    const unsigned char *s = p;
    const char *e = a->enc;
    size_t len = bl_base64_encoded_len(n, pad), i;
    unsigned char *d;

    if (len == SIZE_MAX || bl_buf_reserve(out, len) != BL_OK)
        return bl_fail(ei, BL_ETOOBIG, "%s of %zu bytes is over the limit of %zu bytes", a->name, n,
                       out->max);
    d = out->p + out->len;
    for (i = 0; n - i >= 3; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];

        d[0] = (unsigned char)e[v >> 18];
        d[1] = (unsigned char)e[(v >> 12) & 0x3f];
        d[2] = (unsigned char)e[(v >> 6) & 0x3f];
        d[3] = (unsigned char)e[v & 0x3f];
        d += 4;
    }
    if (n - i == 1) {
        *d++ = (unsigned char)e[s[i] >> 2];
        *d++ = (unsigned char)e[(s[i] & 0x03) << 4];
        if (pad) {
            *d++ = '=';
            *d++ = '=';
        }
    } else if (n - i == 2) {
        *d++ = (unsigned char)e[s[i] >> 2];
        *d++ = (unsigned char)e[(s[i] & 0x03) << 4 | s[i + 1] >> 4];
        *d++ = (unsigned char)e[(s[i + 1] & 0x0f) << 2];
        if (pad)
            *d++ = '=';
    }
    out->len += len;
    out->p[out->len] = '\0';
    return BL_OK;
}

/*
 * The padding is settled first, from the end of the text, so the exact
 * output length is known before a byte is written and the buffer's cap is
 * checked once.  The main loop then only has to spot a marked table entry.
 */
static enum bl_err decode64(struct bl_buf *out, const char *z, size_t n, const struct alpha *a,
                            enum padmode pm, struct bl_errinfo *ei)
{
    const unsigned char *s = (const unsigned char *)z;
    const unsigned char *t = a->dec;
    enum bl_err rc = BL_OK;
    size_t npad = 0, d, len, i;
    unsigned char *o;

    while (npad < n && s[n - 1 - npad] == '=')
        npad++;
    if (npad > 0 && pm == PAD_FORBIDDEN)
        return bl_fail(ei, BL_EINVAL, "%s: padding '=' not allowed (offset %zu)", a->name,
                       n - npad);
    if (pm == PAD_REQUIRED && n % 4 != 0)
        return bl_fail(ei, BL_EINVAL, "%s: length %zu is not a multiple of 4", a->name, n);
    if (npad > 2)
        return bl_fail(ei, BL_EINVAL, "%s: padding in the wrong place at offset %zu", a->name,
                       n - npad);
    d = n - npad;
    if (d % 4 == 1)
        return bl_fail(ei, BL_EINVAL, "%s: bad length %zu (a final group of one character)",
                       a->name, d);
    if (npad > 0 && n % 4 != 0)
        return bl_fail(ei, BL_EINVAL, "%s: %zu '=' do not pad %zu characters to a multiple of 4",
                       a->name, npad, d);
    len = bl_base64_decoded_max(d);
    if (bl_buf_reserve(out, len) != BL_OK)
        return bl_fail(ei, BL_ETOOBIG, "decoded %s of %zu bytes is over the limit of %zu bytes",
                       a->name, len, out->max);
    o = out->p + out->len;
    for (i = 0; d - i >= 4; i += 4) {
        unsigned c0 = t[s[i]], c1 = t[s[i + 1]], c2 = t[s[i + 2]], c3 = t[s[i + 3]];
        uint32_t v;

        if ((c0 | c1 | c2 | c3) & 0x80) {
            rc = bad_char(s, i, a, ei);
            goto out;
        }
        v = (uint32_t)c0 << 18 | (uint32_t)c1 << 12 | (uint32_t)c2 << 6 | c3;
        o[0] = (unsigned char)(v >> 16);
        o[1] = (unsigned char)(v >> 8);
        o[2] = (unsigned char)v;
        o += 3;
    }
    if (d - i >= 2) {
        unsigned c0 = t[s[i]], c1 = t[s[i + 1]], c2 = d - i == 3 ? t[s[i + 2]] : 0;

        if ((c0 | c1 | c2) & 0x80) {
            rc = bad_char(s, i, a, ei);
            goto out;
        }
        /* RFC 4648 §3.5: the bits after the last whole byte must be zero. */
        if (d - i == 2 && (c1 & 0x0f)) {
            rc = bl_fail(ei, BL_EINVAL, "%s: non-zero trailing bits at offset %zu", a->name, i + 1);
            goto out;
        }
        if (d - i == 3 && (c2 & 0x03)) {
            rc = bl_fail(ei, BL_EINVAL, "%s: non-zero trailing bits at offset %zu", a->name, i + 2);
            goto out;
        }
        *o++ = (unsigned char)(c0 << 2 | c1 >> 4);
        if (d - i == 3)
            *o++ = (unsigned char)((c1 & 0x0f) << 4 | c2 >> 2);
    }
    out->len += len;
out:
    /* On error the decoded bytes may have overwritten the terminating NUL. */
    out->p[out->len] = '\0';
    return rc;
}

/* Explain the first marked character of the group of (up to) four at s + i. */
static enum bl_err bad_char(const unsigned char *s, size_t i, const struct alpha *a,
                            struct bl_errinfo *ei)
{
    unsigned char c;

    while (!(a->dec[s[i]] & 0x80))
        i++;
    c = s[i];
    if (c == '=')
        return bl_fail(ei, BL_EINVAL, "%s: padding in the wrong place at offset %zu", a->name, i);
    if (c == (unsigned char)a->other[0] || c == (unsigned char)a->other[1])
        return bl_fail(ei, BL_EINVAL, "%s: '%c' at offset %zu belongs to the other alphabet",
                       a->name, c, i);
    if (c > 0x20 && c < 0x7f)
        return bl_fail(ei, BL_EINVAL, "%s: invalid character '%c' at offset %zu", a->name, c, i);
    return bl_fail(ei, BL_EINVAL, "%s: invalid character 0x%02x at offset %zu", a->name, c, i);
}
