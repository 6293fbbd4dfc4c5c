/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * statuslist.h: the encodedList of a W3C Bitstring Status List: a bitstring
 * of `bits` bits (index 0 is the most significant bit of the first byte),
 * gzip-compressed, base64url without padding, with the multibase prefix 'u'.
 * The list must have at least 131,072 bits (16 KiB) so that one entry does
 * not single out a holder.
 */
#ifndef BL_STATUSLIST_H
#define BL_STATUSLIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define BL_STATUSLIST_MIN_BITS 131072u
#define BL_STATUSLIST_MAX_BITS (8u * 1024u * 1024u * 8u) /* 8 MiB of bits */

/*
 * Append the encodedList with the bits set[0..n) on to out.  bits is
 * rounded up to a whole byte and to at least BL_STATUSLIST_MIN_BITS.
 * BL_EINVAL for an index >= bits or bits over the maximum.
 */
enum bl_err bl_statuslist_encode(const uint64_t *set, size_t n, uint64_t bits, struct bl_buf *out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
