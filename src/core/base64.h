/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * base64.h: the RFC 4648 codecs Blason needs: standard base64 (§4), base64url
 * (§5) and base16 (§8).  They carry JWS segments, Multikey values, status
 * lists and test vectors.  Encoders append to a struct bl_buf; decoders append
 * the decoded bytes to one, are strict (no whitespace, no stray padding, no
 * non-zero bits after the last whole byte) and say where and why they failed
 * through struct bl_errinfo.  A decoder that fails leaves the buffer as it
 * was.  The buffer's own cap applies to the output: going over it is
 * BL_ETOOBIG.  See docs/internals/codec.md.
 */
#ifndef BL_BASE64_H
#define BL_BASE64_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * Padding flags for bl_base64_encode and bl_base64_decode (standard
 * alphabet).  With none of them the encoder pads and the decoder requires
 * correct padding, as RFC 4648 §4 describes.
 */
#define BL_BASE64_NOPAD        0x1u /* encode: no '='; decode: refuse any '=' */
#define BL_BASE64_PAD_OPTIONAL 0x2u /* decode: accept correct padding or none */

/*
 * Base16 case flags.  Encoding is lower case unless BL_BASE16_UPPER is given;
 * decoding accepts either case unless exactly one flag restricts it.
 */
#define BL_BASE16_LOWER 0x1u
#define BL_BASE16_UPPER 0x2u

/*
 * Length of the base64 or base64url text for n bytes, with padding when pad
 * is non-zero.  Returns SIZE_MAX when the length does not fit in a size_t.
 */
size_t bl_base64_encoded_len(size_t n, int pad);

/*
 * Most bytes that n characters of base64 or base64url text can decode to
 * (exact for unpadded text of a valid length, an upper bound otherwise).
 */
size_t bl_base64_decoded_max(size_t n);

/*
 * Append the standard base64 encoding of p[0..n) to out, padded with '='
 * unless flags has BL_BASE64_NOPAD.  BL_ETOOBIG when out's cap would be
 * passed (out unchanged).  p may be NULL when n is 0.
 */
enum bl_err bl_base64_encode(struct bl_buf *out, const void *p, size_t n, unsigned flags,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode the standard base64 text z[0..n) and append the bytes to out.
 * By default the text must be padded to a multiple of 4 characters;
 * BL_BASE64_PAD_OPTIONAL also accepts it unpadded and BL_BASE64_NOPAD
 * refuses '=' altogether.  BL_EINVAL (with the offset in ei) for a character
 * outside the alphabet, a bad length, misplaced padding or non-zero trailing
 * bits; BL_ETOOBIG when out's cap would be passed.  out is unchanged on error.
 */
enum bl_err bl_base64_decode(struct bl_buf *out, const char *z, size_t n, unsigned flags,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the base64url encoding (RFC 4648 §5, '-' and '_', no padding) of
 * p[0..n) to out, as JWS and multibase 'u' use it.  BL_ETOOBIG over the cap.
 */
enum bl_err bl_base64url_encode(struct bl_buf *out, const void *p, size_t n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode unpadded base64url text z[0..n) and append the bytes to out.
 * '=' '+' and '/' are refused (BL_EINVAL), as are a length of 4k+1 and
 * non-zero trailing bits.  BL_ETOOBIG over the cap; out unchanged on error.
 */
enum bl_err bl_base64url_decode(struct bl_buf *out, const char *z, size_t n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the base16 (hex) encoding of p[0..n) to out: lower case, or upper
 * case with BL_BASE16_UPPER.  BL_ETOOBIG over the cap.
 */
enum bl_err bl_base16_encode(struct bl_buf *out, const void *p, size_t n, unsigned flags,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode base16 text z[0..n) and append the bytes to out.  Either case is
 * accepted unless flags is BL_BASE16_LOWER or BL_BASE16_UPPER.  BL_EINVAL for
 * an odd length or a non-hex character; BL_ETOOBIG over the cap; out
 * unchanged on error.
 */
enum bl_err bl_base16_decode(struct bl_buf *out, const char *z, size_t n, unsigned flags,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
