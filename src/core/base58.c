/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * base58.c: base58btc by schoolbook base conversion.  Encoding converts the
 * bytes into limbs of base 58^5 (five digits each); decoding converts groups
 * of five digits into limbs of base 2^32.  Both are quadratic, which is why
 * the length is capped; at the cap a conversion takes well under a
 * millisecond.  The limbs may hold key material, so they are wiped.
 */
#include <stdint.h>

#include "base58.h"
#include "mem.h"

/* 58^5: the largest power of 58 below 2^32, so a limb holds five digits. */
#define B58_5 656356768u

/*
 * Most bytes (without leading zeros) whose encoding can still fit in
 * BL_BASE58_MAX_CHARS: a k-byte number needs more than (k - 1) * 1.3657
 * digits, i.e. 1 / log256(58) = 1.3657 digits per byte.
 */
#define B58_MAX_BYTES (BL_BASE58_MAX_CHARS * 7323u / 10000u + 1u)

static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* A row of 16 bytes that are not base58 digits, and the 128 bytes 0x80..0xff. */
#define X16                                                                                        \
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
#define X128 X16, X16, X16, X16, X16, X16, X16, X16

/* Character -> digit value, 0xff outside the alphabet. */
/* clang-format off */
static const unsigned char digit[256] = {
    X16,
    X16,
    X16,
    0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0xff, 0x11, 0x12, 0x13, 0x14, 0x15, 0xff,
    0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0xff, 0x2c, 0x2d, 0x2e,
    0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xff, 0xff, 0xff, 0xff, 0xff,
    X128,
};
/* clang-format on */

static size_t ndigits(uint32_t v);

enum bl_err bl_base58_encode(struct bl_buf *out, const void *p, size_t n, struct bl_errinfo *ei)
{
    const unsigned char *s = p;
    enum bl_err rc = BL_OK;
    uint32_t *limb = NULL;
    size_t zeros = 0, k, nl = 0, maxl, len, i, j;
    unsigned char *d;

    while (zeros < n && s[zeros] == 0)
        zeros++;
    k = n - zeros;
    if (zeros > BL_BASE58_MAX_CHARS || k > B58_MAX_BYTES)
        return bl_fail(ei, BL_ETOOBIG, "base58 of %zu bytes is over the limit of %u characters", n,
                       BL_BASE58_MAX_CHARS);
    /* 1.38 digits per byte, five digits per limb, and one limb of slack. */
    maxl = k * 138 / 500 + 2;
    limb = bl_malloc(maxl * sizeof(*limb));
    for (i = zeros; i < n; i++) {
        uint32_t carry = s[i];

        for (j = 0; j < nl; j++) {
            uint64_t t = (uint64_t)limb[j] << 8 | carry;

            limb[j] = (uint32_t)(t % B58_5);
            carry = (uint32_t)(t / B58_5);
        }
        while (carry != 0) {
            limb[nl++] = carry % B58_5;
            carry /= B58_5;
        }
    }
    len = zeros + (nl ? ndigits(limb[nl - 1]) + 5 * (nl - 1) : 0);
    if (len > BL_BASE58_MAX_CHARS) {
        rc = bl_fail(ei, BL_ETOOBIG, "base58 of %zu bytes is over the limit of %u characters", n,
                     BL_BASE58_MAX_CHARS);
        goto out;
    }
    if (bl_buf_reserve(out, len) != BL_OK) {
        rc = bl_fail(ei, BL_ETOOBIG, "base58 text of %zu characters is over the limit of %zu", len,
                     out->max);
        goto out;
    }
    /* Write the digits from the least significant end backwards. */
    d = out->p + out->len + len;
    for (j = 0; j < nl; j++) {
        uint32_t v = limb[j];
        size_t m = j + 1 < nl ? 5 : ndigits(v);

        while (m-- > 0) {
            *--d = (unsigned char)alphabet[v % 58];
            v /= 58;
        }
    }
    while (d > out->p + out->len)
        *--d = '1';
    out->len += len;
    out->p[out->len] = '\0';
out:
    if (limb != NULL)
        bl_wipe(limb, maxl * sizeof(*limb));
    bl_free(limb);
    return rc;
}

enum bl_err bl_base58_decode(struct bl_buf *out, const char *z, size_t n, struct bl_errinfo *ei)
{
    const unsigned char *s = (const unsigned char *)z;
    enum bl_err rc = BL_OK;
    uint32_t *limb = NULL;
    size_t zeros = 0, nl = 0, maxl, nb, len, i, j;
    unsigned char *d;

    if (n > BL_BASE58_MAX_CHARS)
        return bl_fail(ei, BL_ETOOBIG, "base58 text of %zu characters is over the limit of %u", n,
                       BL_BASE58_MAX_CHARS);
    for (i = 0; i < n; i++) {
        if (digit[s[i]] == 0xff) {
            if (s[i] > 0x20 && s[i] < 0x7f)
                return bl_fail(ei, BL_EINVAL, "base58: invalid character '%c' at offset %zu", s[i],
                               i);
            return bl_fail(ei, BL_EINVAL, "base58: invalid character 0x%02x at offset %zu", s[i],
                           i);
        }
    }
    while (zeros < n && s[zeros] == '1')
        zeros++;
    /* log2(58) = 5.858 bits per digit, 32 bits per limb, one limb of slack. */
    maxl = (n - zeros) * 586 / 100 / 32 + 2;
    limb = bl_malloc(maxl * sizeof(*limb));
    for (i = zeros; i < n;) {
        uint32_t acc = 0, mul = 1;

        /* Up to five digits at a time: 58^5 < 2^32. */
        for (j = 0; j < 5 && i < n; j++, i++) {
            acc = acc * 58 + digit[s[i]];
            mul *= 58;
        }
        for (j = 0; j < nl; j++) {
            uint64_t t = (uint64_t)limb[j] * mul + acc;

            limb[j] = (uint32_t)t;
            acc = (uint32_t)(t >> 32);
        }
        if (acc != 0)
            limb[nl++] = acc;
    }
    nb = 4 * nl;
    if (nl > 0) {
        /* The top limb is non-zero; drop its leading zero bytes. */
        for (uint32_t top = limb[nl - 1]; top >> 24 == 0; top <<= 8)
            nb--;
    }
    len = zeros + nb;
    if (bl_buf_reserve(out, len) != BL_OK) {
        rc = bl_fail(ei, BL_ETOOBIG, "decoded base58 of %zu bytes is over the limit of %zu bytes",
                     len, out->max);
        goto out;
    }
    d = out->p + out->len + len;
    for (i = 0; i < nb; i++)
        *--d = (unsigned char)(limb[i / 4] >> (8 * (i % 4)));
    while (d > out->p + out->len)
        *--d = 0;
    out->len += len;
    out->p[out->len] = '\0';
out:
    if (limb != NULL)
        bl_wipe(limb, maxl * sizeof(*limb));
    bl_free(limb);
    return rc;
}

/* Number of base58 digits of v (at least 1), v < 58^5. */
static size_t ndigits(uint32_t v)
{
    size_t m = 1;

    while (v >= 58) {
        v /= 58;
        m++;
    }
    return m;
}
