/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * multibase.c: multibase prefixes over the codecs of base64.c and base58.c,
 * and Multikey encoding (multicodec unsigned varint + raw key, in base58btc).
 * The multibase table and the multicodec codes are those of the multiformats
 * registries; Open Badges 3.0 uses 'z' Multikeys and 'u' for status lists
 * (docs/open-badges.md §16.3).
 */
#include <stdint.h>
#include <string.h>

#include "base58.h"
#include "base64.h"
#include "mem.h"
#include "multibase.h"

/* The longest unsigned varint the multiformats spec allows. */
#define VARINT_MAX 9

/* Base58 bytes a Multikey may decode to: prefix + the largest key, with room. */
#define MULTIKEY_RAW_MAX 128u

struct keytype {
    enum bl_multikey_type type;
    uint64_t code; /* multicodec code */
    const char *name;
};

static const struct keytype keytypes[] = {
    {BL_MULTIKEY_ED25519_PUB, 0xed, "Ed25519 public key"},
    {BL_MULTIKEY_P256_PUB, 0x1200, "P-256 public key"},
    {BL_MULTIKEY_ED25519_PRIV, 0x1300, "Ed25519 private key"},
};

static const struct keytype *keytype_by_type(enum bl_multikey_type type);
static enum bl_err check_key(const struct keytype *kt, const unsigned char *p, size_t n,
                             struct bl_errinfo *ei);
static enum bl_err read_varint(const unsigned char *p, size_t n, uint64_t *out, size_t *used,
                               struct bl_errinfo *ei);

enum bl_err bl_multibase_encode(struct bl_buf *out, char base, const void *p, size_t n,
                                struct bl_errinfo *ei)
{
    size_t saved = out->len;
    enum bl_err rc;

    if (base != 'z' && base != 'u' && base != 'm' && base != 'f' && base != 'F')
        return bl_fail(ei, BL_EUNSUPPORTED, "multibase prefix 0x%02x is not supported",
                       (unsigned char)base);
    rc = bl_buf_putc(out, (unsigned char)base);
    if (rc != BL_OK)
        return bl_fail(ei, rc, "multibase text is over the limit of %zu bytes", out->max);
    switch (base) {
    case 'z':
        rc = bl_base58_encode(out, p, n, ei);
        break;
    case 'u':
        rc = bl_base64url_encode(out, p, n, ei);
        break;
    case 'm':
        rc = bl_base64_encode(out, p, n, BL_BASE64_NOPAD, ei);
        break;
    case 'f':
        rc = bl_base16_encode(out, p, n, BL_BASE16_LOWER, ei);
        break;
    default: /* 'F' */
        rc = bl_base16_encode(out, p, n, BL_BASE16_UPPER, ei);
        break;
    }
    if (rc != BL_OK) {
        out->len = saved;
        out->p[saved] = '\0';
    }
    return rc;
}

enum bl_err bl_multibase_decode(struct bl_buf *out, const char *z, size_t n, char *base,
                                struct bl_errinfo *ei)
{
    struct bl_errinfo inner;
    enum bl_err rc;

    if (n == 0)
        return bl_fail(ei, BL_EINVAL, "empty multibase string");
    bl_errinfo_clear(&inner);
    switch (z[0]) {
    case 'z':
        rc = bl_base58_decode(out, z + 1, n - 1, &inner);
        break;
    case 'u':
        rc = bl_base64url_decode(out, z + 1, n - 1, &inner);
        break;
    case 'm':
        rc = bl_base64_decode(out, z + 1, n - 1, BL_BASE64_NOPAD, &inner);
        break;
    case 'f':
        rc = bl_base16_decode(out, z + 1, n - 1, BL_BASE16_LOWER, &inner);
        break;
    case 'F':
        rc = bl_base16_decode(out, z + 1, n - 1, BL_BASE16_UPPER, &inner);
        break;
    default:
        if (z[0] > 0x20 && z[0] < 0x7f)
            return bl_fail(ei, BL_EUNSUPPORTED, "multibase prefix '%c' is not supported", z[0]);
        return bl_fail(ei, BL_EUNSUPPORTED, "multibase prefix 0x%02x is not supported",
                       (unsigned char)z[0]);
    }
    if (rc != BL_OK)
        return bl_fail(ei, rc, "multibase '%c' body: %s", z[0], inner.msg);
    if (base != NULL)
        *base = z[0];
    return BL_OK;
}

enum bl_err bl_multikey_encode(struct bl_buf *out, enum bl_multikey_type type, const void *p,
                               size_t n, struct bl_errinfo *ei)
{
    const struct keytype *kt = keytype_by_type(type);
    unsigned char raw[VARINT_MAX + BL_MULTIKEY_MAX];
    size_t len = 0;
    uint64_t code;
    enum bl_err rc;

    if (kt == NULL)
        return bl_fail(ei, BL_EINVAL, "unknown Multikey type %d", (int)type);
    rc = check_key(kt, p, n, ei);
    if (rc != BL_OK)
        return rc;
    /* Unsigned varint: seven bits at a time, low first, high bit = more. */
    for (code = kt->code; code >= 0x80; code >>= 7)
        raw[len++] = (unsigned char)(code | 0x80);
    raw[len++] = (unsigned char)code;
    memcpy(raw + len, p, n);
    len += n;
    rc = bl_multibase_encode(out, 'z', raw, len, ei);
    bl_wipe(raw, sizeof(raw));
    return rc;
}

enum bl_err bl_multikey_decode(const char *z, size_t n, struct bl_multikey *out,
                               struct bl_errinfo *ei)
{
    const struct keytype *kt = NULL;
    struct bl_buf raw;
    enum bl_err rc = BL_OK;
    uint64_t code = 0;
    size_t used = 0, i;

    memset(out, 0, sizeof(*out));
    bl_buf_init(&raw, MULTIKEY_RAW_MAX);
    if (n == 0 || z[0] != 'z') {
        rc = bl_fail(ei, BL_EINVAL, "a Multikey must be base58btc (prefix 'z')");
        goto out;
    }
    rc = bl_multibase_decode(&raw, z, n, NULL, ei);
    if (rc != BL_OK)
        goto out;
    rc = read_varint(raw.p, raw.len, &code, &used, ei);
    if (rc != BL_OK)
        goto out;
    for (i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++) {
        if (keytypes[i].code == code)
            kt = &keytypes[i];
    }
    if (kt == NULL) {
        rc = bl_fail(ei, BL_EUNSUPPORTED, "multicodec 0x%llx is not a supported key type",
                     (unsigned long long)code);
        goto out;
    }
    rc = check_key(kt, raw.p + used, raw.len - used, ei);
    if (rc != BL_OK)
        goto out;
    out->type = kt->type;
    out->len = raw.len - used;
    memcpy(out->key, raw.p + used, out->len);
out:
    if (raw.p != NULL)
        bl_wipe(raw.p, raw.cap);
    bl_buf_free(&raw);
    return rc;
}

const char *bl_multikey_type_name(enum bl_multikey_type type)
{
    const struct keytype *kt = keytype_by_type(type);

    return kt != NULL ? kt->name : "unknown";
}

static const struct keytype *keytype_by_type(enum bl_multikey_type type)
{
    size_t i;

    for (i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++) {
        if (keytypes[i].type == type)
            return &keytypes[i];
    }
    return NULL;
}

/* The length (and, for P-256, the point tag) each key type must have. */
static enum bl_err check_key(const struct keytype *kt, const unsigned char *p, size_t n,
                             struct bl_errinfo *ei)
{
    switch (kt->type) {
    case BL_MULTIKEY_ED25519_PUB:
        if (n != 32)
            return bl_fail(ei, BL_EINVAL, "%s must be 32 bytes, not %zu", kt->name, n);
        break;
    case BL_MULTIKEY_P256_PUB:
        if (n != 33)
            return bl_fail(ei, BL_EINVAL, "%s must be a 33-byte compressed point, not %zu bytes",
                           kt->name, n);
        if (p[0] != 0x02 && p[0] != 0x03)
            return bl_fail(ei, BL_EINVAL, "%s: compressed point starts with 0x%02x", kt->name,
                           p[0]);
        break;
    case BL_MULTIKEY_ED25519_PRIV:
        /* A bare seed, or seed + public key as in the OB 3.0 test vector. */
        if (n != 32 && n != 64)
            return bl_fail(ei, BL_EINVAL, "%s must be 32 or 64 bytes, not %zu", kt->name, n);
        break;
    }
    return BL_OK;
}

/*
 * multiformats unsigned-varint: at most 9 bytes, and minimal (a last byte of
 * zero after a continuation would encode the same value in more bytes).
 */
static enum bl_err read_varint(const unsigned char *p, size_t n, uint64_t *out, size_t *used,
                               struct bl_errinfo *ei)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < n && i < VARINT_MAX; i++) {
        v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) {
            if (i > 0 && p[i] == 0)
                return bl_fail(ei, BL_EINVAL, "multicodec varint is not minimal");
            *out = v;
            *used = i + 1;
            return BL_OK;
        }
    }
    if (i == VARINT_MAX)
        return bl_fail(ei, BL_EINVAL, "multicodec varint longer than %d bytes", VARINT_MAX);
    return bl_fail(ei, BL_EINVAL, "multicodec varint is truncated");
}
