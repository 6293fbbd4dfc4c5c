/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * seal.h: private keys at rest.  A private key (its PKCS#8 DER) is sealed
 * with the operator's 32-byte master key under AES-256-GCM:
 *
 *     "BLS1" || nonce (12 random bytes) || ciphertext || tag (16 bytes)
 *
 * The associated data binds the blob to a caller-given context string (the
 * organisation id): a sealed key moved to another organisation, or altered
 * in any byte, does not open.  The text form is the blob in standard base64
 * with padding, for a database column.  See docs/internals/key.md.
 */
#ifndef BL_SEAL_H
#define BL_SEAL_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "limits.h"
#include "key.h"

#define BL_SEAL_MASTER_LEN 32u /* AES-256 key */
#define BL_SEAL_NONCE_LEN  12u
#define BL_SEAL_TAG_LEN    16u
/* Largest sealed blob accepted (a PKCS#8 key of BL_KEY_TEXT_MAX and the framing). */
#define BL_SEAL_MAX       (BL_KEY_TEXT_MAX + BL_SEAL_MAGIC_LEN + BL_SEAL_NONCE_LEN + BL_SEAL_TAG_LEN)
#define BL_SEAL_MAGIC     "BLS1"
#define BL_SEAL_MAGIC_LEN 4u

/*
 * Seal the bytes p[0..n) (n <= BL_KEY_TEXT_MAX) under master for context
 * ctx[0..nctx) and append the blob to out.  The nonce comes from bl_random.
 * BL_ETOOBIG over a limit or out's cap (out unchanged); BL_ECRYPTO if
 * OpenSSL fails.
 */
enum bl_err bl_seal_bytes(const void *p, size_t n, const unsigned char master[BL_SEAL_MASTER_LEN],
                          const char *ctx, size_t nctx, struct bl_buf *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Open the blob p[0..n) sealed for context ctx[0..nctx) and append the
 * plain bytes to out (which then holds secrets: wipe it).  BL_EINVAL when the
 * blob is too short or lacks the "BLS1" prefix; BL_ECRYPTO "sealed key does
 * not authenticate" for a wrong master key, wrong context or any altered
 * byte; BL_ETOOBIG over a limit or out's cap.  out is unchanged on error.
 */
enum bl_err bl_seal_open_bytes(const void *p, size_t n,
                               const unsigned char master[BL_SEAL_MASTER_LEN], const char *ctx,
                               size_t nctx, struct bl_buf *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Seal the private key k (BL_EINVAL if it has none) for context ctx and
 * append the blob to out.  The PKCS#8 DER is wiped after use.
 */
enum bl_err bl_seal_key(const struct bl_key *k, const unsigned char master[BL_SEAL_MASTER_LEN],
                        const char *ctx, size_t nctx, struct bl_buf *out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Open a blob made by bl_seal_key into a new private key *out (caller owns). */
enum bl_err bl_seal_open_key(const void *p, size_t n,
                             const unsigned char master[BL_SEAL_MASTER_LEN], const char *ctx,
                             size_t nctx, struct bl_key **out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* bl_seal_key, then append the blob as padded standard base64 text to out. */
enum bl_err bl_seal_key_text(const struct bl_key *k, const unsigned char master[BL_SEAL_MASTER_LEN],
                             const char *ctx, size_t nctx, struct bl_buf *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Decode the base64 text z[0..n) (BL_EINVAL if it is not) and bl_seal_open_key it. */
enum bl_err bl_seal_open_key_text(const char *z, size_t n,
                                  const unsigned char master[BL_SEAL_MASTER_LEN], const char *ctx,
                                  size_t nctx, struct bl_key **out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
