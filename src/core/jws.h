/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jws.h: compact JWS (RFC 7515 §7.1) signing and verification with RS256
 * (RSASSA-PKCS1-v1_5 SHA-256), ES256 (ECDSA P-256 SHA-256, JOSE R||S
 * signatures) and EdDSA (Ed25519, RFC 8037).  Open Badges 2.0 signed
 * assertions and VC-JWT credentials are compact JWS.
 *
 * Verification is strict: exactly three segments of strict base64url; the
 * protected header is a JSON object without duplicate members; "alg" is
 * required and must be one of the three above ("none" and HMAC are
 * refused); "crit" is refused unless the caller understands every name in
 * it; "b64": false (RFC 7797) is refused; every part has a size cap; the key
 * must fit the alg.  The key comes from the caller, or from a resolver that
 * looks at the decoded header (kid, jwk, an OB 2.0 creator).
 * See docs/internals/jws.md.
 */
#ifndef BL_JWS_H
#define BL_JWS_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "key.h"
#include "limits.h"

enum bl_jws_alg {
    BL_JWS_RS256 = 1, /* RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3) */
    BL_JWS_ES256,     /* ECDSA P-256 with SHA-256 (RFC 7518 §3.4) */
    BL_JWS_EDDSA,     /* Ed25519 (RFC 8037 §3.1) */
};

/* Bit for alg in struct bl_jws_verify_opts.algs. */
#define BL_JWS_ALG_BIT(alg) (1u << (unsigned)(alg))

/* The JOSE name of alg ("RS256", "ES256", "EdDSA"); "none" for anything else. */
const char *bl_jws_alg_name(enum bl_jws_alg alg);

/* The alg Blason signs with for k's type: RS256, ES256 or EdDSA. */
enum bl_jws_alg bl_jws_alg_for_key(const struct bl_key *k);

/*
 * Sign payload[0..n) with the private key k and append the compact JWS to
 * out.  The protected header is {"alg": ...} followed by the members of
 * extra (a JSON object or NULL; kid, jwk, typ, ...; it may not contain
 * "alg"), serialised compactly in that order.  BL_EINVAL when k has no
 * private part, does not fit alg, or extra is not an object or holds "alg";
 * BL_ETOOBIG over a limit or out's cap; BL_ECRYPTO if OpenSSL fails.  out
 * is unchanged on error.
 */
enum bl_err bl_jws_sign(const struct bl_key *k, enum bl_jws_alg alg, const json_t *extra,
                        const void *payload, size_t n, struct bl_buf *out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * A key resolver: given the decoded protected header (borrowed, alg already
 * checked), set *out to a key (one reference handed to the verifier, which
 * releases it) or fail with a bl_err of its choosing, which
 * bl_jws_verify returns as is.
 */
typedef enum bl_err (*bl_jws_resolve_fn)(void *cls, const json_t *header, struct bl_key **out,
                                         struct bl_errinfo *ei);

struct bl_jws_verify_opts {
    const struct bl_key *key;  /* the verification key, or NULL to use resolve */
    bl_jws_resolve_fn resolve; /* used when key is NULL */
    void *resolve_cls;         /* passed to resolve */
    unsigned algs;             /* BL_JWS_ALG_BIT(...) mask; 0 allows all three */
    const char *const *crit;   /* NULL-terminated names understood in "crit"; NULL: none */
};

/*
 * Verify the compact JWS z[0..n).  On success, *header (when header is not
 * NULL) is the decoded protected header, a new reference the caller
 * decrefs, and the decoded payload is appended to payload (when not NULL;
 * BL_ETOOBIG past its cap).  Errors, each with a one-line message:
 *   BL_ETOOBIG       a part over its cap (BL_JWS_*_MAX);
 *   BL_EINVAL        not three segments, bad base64url, header not an object,
 *                    no "alg", bad "crit", empty or wrong-length signature,
 *                    key type or size that does not fit the alg;
 *   BL_EJSON/BL_EUTF8 the header is not JSON (duplicate members included);
 *   BL_EUNSUPPORTED  alg none, HS256 or any other alg, an alg outside
 *                    opts->algs, "b64": false, a "crit" name not understood;
 *   BL_EBADSIG       "signature does not verify";
 *   whatever the resolver returns.
 * On error *header is NULL and payload is unchanged.
 */
enum bl_err bl_jws_verify(const char *z, size_t n, const struct bl_jws_verify_opts *opts,
                          json_t **header, struct bl_buf *payload,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Decode the compact JWS z[0..n) without verifying it, for inspection: the
 * same structural checks as bl_jws_verify (segments, base64url, header an
 * object, caps) but not the alg, crit or signature.  Outputs and errors as
 * for bl_jws_verify.  Never trust what it returns.
 */
enum bl_err bl_jws_parse(const char *z, size_t n, json_t **header, struct bl_buf *payload,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
