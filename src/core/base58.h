/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * base58.h: base58btc (the Bitcoin alphabet), as multibase 'z' uses it for
 * Multikey values, did:key identifiers and Data Integrity proof values.  The
 * bytes are one big-endian number written in base 58, and each leading zero
 * byte becomes a leading '1'.  The conversion is quadratic in the length, so
 * the text is capped at BL_BASE58_MAX_CHARS: base58 is for keys and
 * signatures, never for documents.  See docs/internals/codec.md.
 */
#ifndef BL_BASE58_H
#define BL_BASE58_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "limits.h"

/* Longest base58 text encoded or decoded (a 64-byte signature takes 88). */

/*
 * Append the base58btc text of p[0..n) to out (no multibase prefix).
 * BL_ETOOBIG when the text would be longer than BL_BASE58_MAX_CHARS or pass
 * out's cap; out is unchanged then.  p may be NULL when n is 0.
 */
enum bl_err bl_base58_encode(struct bl_buf *out, const void *p, size_t n,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode the base58btc text z[0..n) and append the bytes to out.  BL_EINVAL
 * (with the offset) for a character outside the alphabet ('0' 'O' 'I' 'l'
 * and anything not alphanumeric); BL_ETOOBIG when n is over
 * BL_BASE58_MAX_CHARS or the bytes would pass out's cap.  out is unchanged on
 * error.  Every valid text round-trips: encoding the result gives z back.
 */
enum bl_err bl_base58_decode(struct bl_buf *out, const char *z, size_t n,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
