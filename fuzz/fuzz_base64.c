/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_base64.c: libFuzzer target for the codecs (base64, base64url, base16,
 * base58btc, multibase, Multikey).  The input is tried as text by every
 * strict decoder, and whatever a decoder accepts must encode back to the very
 * same text, since each accepted text is the canonical one.  The input is
 * also tried as bytes: every encoder's output must decode back to it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/base58.h"
#include "core/base64.h"
#include "core/multibase.h"

#define CAP (1u << 22)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct bl_buf *b, const void *p, size_t n)
{
    if (b->len != n || (n && memcmp(b->p, p, n) != 0) || b->p[b->len] != '\0')
        abort();
}

/* Decode z with a strict decoder; on success the encoding must give z back. */
static void text_roundtrips(const char *z, size_t n, struct bl_buf *d, struct bl_buf *e)
{
    struct bl_errinfo ei;
    struct bl_multikey k;
    size_t npad = 0;
    char base = 0;
    enum bl_err rc;

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base64_decode(d, z, n, 0, &ei) == BL_OK) {
        if (bl_base64_encode(e, d->p, d->len, 0, NULL) != BL_OK)
            abort();
        same(e, z, n);
    } else if (ei.code != BL_EINVAL || d->len != 0) {
        abort();
    }

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base64_decode(d, z, n, BL_BASE64_PAD_OPTIONAL, NULL) == BL_OK) {
        /* Padding is optional on input: compare without it. */
        while (npad < n && z[n - 1 - npad] == '=')
            npad++;
        if (bl_base64_encode(e, d->p, d->len, BL_BASE64_NOPAD, NULL) != BL_OK)
            abort();
        same(e, z, n - npad);
    }

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base64_decode(d, z, n, BL_BASE64_NOPAD, NULL) == BL_OK) {
        if (d->len != bl_base64_decoded_max(n) ||
            bl_base64_encode(e, d->p, d->len, BL_BASE64_NOPAD, NULL) != BL_OK)
            abort();
        same(e, z, n);
    }

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base64url_decode(d, z, n, NULL) == BL_OK) {
        if (bl_base64url_encode(e, d->p, d->len, NULL) != BL_OK)
            abort();
        same(e, z, n);
    }

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base16_decode(d, z, n, BL_BASE16_LOWER, NULL) == BL_OK) {
        if (bl_base16_encode(e, d->p, d->len, 0, NULL) != BL_OK)
            abort();
        same(e, z, n);
    }

    bl_buf_reset(d);
    bl_buf_reset(e);
    rc = bl_base58_decode(d, z, n, &ei);
    if (rc == BL_OK) {
        if (bl_base58_encode(e, d->p, d->len, NULL) != BL_OK)
            abort();
        same(e, z, n);
    } else if ((rc != BL_EINVAL && rc != BL_ETOOBIG) || ei.code != rc || d->len != 0) {
        abort();
    }

    bl_buf_reset(d);
    bl_buf_reset(e);
    rc = bl_multibase_decode(d, z, n, &base, &ei);
    if (rc == BL_OK) {
        if (base != z[0] || bl_multibase_encode(e, base, d->p, d->len, NULL) != BL_OK)
            abort();
        same(e, z, n);
    } else if (rc != BL_EINVAL && rc != BL_ETOOBIG && rc != BL_EUNSUPPORTED) {
        abort();
    }

    bl_buf_reset(e);
    rc = bl_multikey_decode(z, n, &k, NULL);
    if (rc == BL_OK) {
        if (k.len > BL_MULTIKEY_MAX || bl_multikey_encode(e, k.type, k.key, k.len, NULL) != BL_OK)
            abort();
        same(e, z, n);
    } else if (k.len != 0) {
        abort();
    }
}

/* Encode p with every encoder; decoding must give p back. */
static void bytes_roundtrip(const uint8_t *p, size_t n, struct bl_buf *d, struct bl_buf *e)
{
    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base64_encode(e, p, n, 0, NULL) != BL_OK || e->len != bl_base64_encoded_len(n, 1) ||
        bl_base64_decode(d, (char *)e->p, e->len, 0, NULL) != BL_OK)
        abort();
    same(d, p, n);

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base64url_encode(e, p, n, NULL) != BL_OK || e->len != bl_base64_encoded_len(n, 0) ||
        bl_base64url_decode(d, (char *)e->p, e->len, NULL) != BL_OK)
        abort();
    same(d, p, n);

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base16_encode(e, p, n, BL_BASE16_UPPER, NULL) != BL_OK ||
        bl_base16_decode(d, (char *)e->p, e->len, BL_BASE16_UPPER, NULL) != BL_OK)
        abort();
    same(d, p, n);

    bl_buf_reset(d);
    bl_buf_reset(e);
    if (bl_base58_encode(e, p, n, NULL) == BL_OK) {
        if (bl_base58_decode(d, (char *)e->p, e->len, NULL) != BL_OK)
            abort();
        same(d, p, n);
    } else if (n < 700) {
        abort(); /* short inputs always fit the limit */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_buf d, e;

    bl_buf_init(&d, CAP);
    bl_buf_init(&e, CAP);
    text_roundtrips((const char *)data, size, &d, &e);
    bytes_roundtrip(data, size, &d, &e);
    bl_buf_free(&d);
    bl_buf_free(&e);
    return 0;
}
