/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * multibase.h: multibase strings (a one-character base prefix, then the
 * encoded bytes) and the Multikey values built on them (Open Badges 3.0
 * Data Integrity proofs, did:key).  Supported bases: 'z' base58btc,
 * 'u' base64url without padding, 'm' base64 without padding, 'f' and 'F'
 * base16 lower and upper case.  A Multikey is 'z' + base58btc(multicodec
 * varint + raw key).  See docs/internals/codec.md.
 */
#ifndef BL_MULTIBASE_H
#define BL_MULTIBASE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * Append base + the encoding of p[0..n) in that base to out.  BL_EUNSUPPORTED
 * for a base other than z u m f F; BL_ETOOBIG over out's cap or, for 'z', over
 * BL_BASE58_MAX_CHARS.  out is unchanged on error.
 */
enum bl_err bl_multibase_encode(struct bl_buf *out, char base, const void *p, size_t n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode the multibase string z[0..n) and append the bytes to out; the base
 * character goes to *base when base is not NULL.  BL_EINVAL for an empty
 * string or a body the strict decoder of that base refuses (see base64.h,
 * base58.h; offsets in the message count from after the prefix);
 * BL_EUNSUPPORTED for an unknown prefix; BL_ETOOBIG over a limit.  out is
 * unchanged on error.
 */
enum bl_err bl_multibase_decode(struct bl_buf *out, const char *z, size_t n, char *base,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Key types a Multikey may carry, by multicodec code. */
enum bl_multikey_type {
    BL_MULTIKEY_ED25519_PUB = 1, /* ed25519-pub 0xed: 32 bytes ("z6Mk...") */
    BL_MULTIKEY_P256_PUB,        /* p256-pub 0x1200: 33-byte compressed point ("zDn...") */
    BL_MULTIKEY_ED25519_PRIV,    /* ed25519-priv 0x1300: 32-byte seed, or seed + public key */
};

/* Largest raw key a Multikey carries here (an Ed25519 seed + public key). */
#define BL_MULTIKEY_MAX 64u

/* A decoded Multikey.  Holds secrets for BL_MULTIKEY_ED25519_PRIV: wipe it. */
struct bl_multikey {
    enum bl_multikey_type type;
    size_t len;                         /* bytes used in key */
    unsigned char key[BL_MULTIKEY_MAX]; /* the raw key, without the multicodec prefix */
};

/*
 * Append the Multikey of the raw key p[0..n) of the given type to out:
 * 'z' + base58btc(varint(code) + key).  BL_EINVAL when n does not fit the
 * type (32 for Ed25519 public; 33 starting 0x02 or 0x03 for P-256; 32 or 64
 * for an Ed25519 private key) or the type is unknown; BL_ETOOBIG over out's
 * cap.  out is unchanged on error.  Temporary copies of the key are wiped.
 */
enum bl_err bl_multikey_encode(struct bl_buf *out, enum bl_multikey_type type, const void *p,
                               size_t n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode the Multikey z[0..n) into *out (caller's storage; nothing to free).
 * BL_EINVAL when it is not base58btc ('z'), the multicodec varint is broken
 * or not minimal, or the key length does not fit the type (see above);
 * BL_EUNSUPPORTED for another multicodec (secp256k1, X25519, ...);
 * BL_ETOOBIG over the base58 limit.  *out is zeroed on error.
 */
enum bl_err bl_multikey_decode(const char *z, size_t n, struct bl_multikey *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A static English name for the type ("Ed25519 public key"), "unknown" if none. */
const char *bl_multikey_type_name(enum bl_multikey_type type);

#endif
