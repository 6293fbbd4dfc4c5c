/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * statuslist.c: Bitstring Status List encoding (statuslist.h).
 */
#include "statuslist.h"

#include <string.h>

#include <zlib.h>

#include "base64.h"
#include "mem.h"

enum bl_err bl_statuslist_encode(const uint64_t *set, size_t n, uint64_t bits, struct bl_buf *out,
                                 struct bl_errinfo *ei)
{
    if (bits < BL_STATUSLIST_MIN_BITS)
        bits = BL_STATUSLIST_MIN_BITS;
    if (bits > BL_STATUSLIST_MAX_BITS)
        return bl_fail(ei, BL_EINVAL, "status list of %llu bits is over the maximum",
                       (unsigned long long)bits);
    size_t nbytes = (size_t)((bits + 7) / 8);
    unsigned char *raw = bl_calloc(1, nbytes);
    for (size_t i = 0; i < n; i++) {
        if (set[i] >= (uint64_t)nbytes * 8) {
            bl_free(raw);
            return bl_fail(ei, BL_EINVAL, "status index %llu beyond a list of %zu bits",
                           (unsigned long long)set[i], nbytes * 8);
        }
        raw[set[i] / 8] |= (unsigned char)(0x80u >> (set[i] % 8));
    }
    /* gzip (windowBits 15 + 16), best compression: lists are mostly zeros. */
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    enum bl_err e = BL_OK;
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        bl_free(raw);
        return bl_fail(ei, BL_ENOMEM, "deflateInit2 failed");
    }
    uLong cap = deflateBound(&zs, (uLong)nbytes);
    unsigned char *gz = bl_malloc(cap);
    zs.next_in = raw;
    zs.avail_in = (uInt)nbytes;
    zs.next_out = gz;
    zs.avail_out = (uInt)cap;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        e = bl_fail(ei, BL_EINVAL, "gzip of the status list failed");
    size_t gzlen = cap - zs.avail_out;
    deflateEnd(&zs);
    size_t before = out->len;
    if (e == BL_OK)
        e = bl_buf_putc(out, 'u');
    if (e == BL_OK)
        e = bl_base64url_encode(out, gz, gzlen, ei);
    if (e != BL_OK && out->p) {
        out->len = before;
        out->p[before] = '\0';
    }
    bl_free(gz);
    bl_free(raw);
    return e;
}
