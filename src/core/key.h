/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * key.h: signing keys (Ed25519, RSA, ECDSA P-256) and the formats they travel
 * in: PEM (PKCS#8, SPKI), PKCS#8 DER, JWK (RFC 7517/7518/8037), the JWK
 * thumbprint (RFC 7638), Multikey and did:key, and JWKS documents.
 *
 * struct bl_key is opaque and reference-counted: every function that hands
 * out a key gives the caller one reference, released with bl_key_free.  A key
 * is immutable once made (only its internal cache of OpenSSL contexts, under
 * a lock, changes), so references may be shared between threads.
 * Private key material in temporary buffers is wiped before it is freed.
 * See docs/internals/key.md.
 */
#ifndef BL_KEY_H
#define BL_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "limits.h"

enum bl_key_type {
    BL_KEY_ED25519 = 1, /* Ed25519 (RFC 8032), JWS alg EdDSA */
    BL_KEY_RSA,         /* RSA, JWS alg RS256 */
    BL_KEY_P256,        /* ECDSA on NIST P-256, JWS alg ES256 */
};

struct bl_key;

/*
 * Generate a new key pair of the given type into *out (caller owns, free
 * with bl_key_free).  bits is the RSA modulus size, 2048 or 3072, and is
 * ignored (pass 0) for the other types.  BL_EINVAL for another type or
 * size, BL_ECRYPTO if OpenSSL fails.
 */
enum bl_err bl_key_generate(enum bl_key_type type, unsigned bits, struct bl_key **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Take one more reference to k and return k (k may be NULL). */
struct bl_key *bl_key_ref(struct bl_key *k);

/* Release one reference; the last one frees the key and wipes it.  NULL is ignored. */
void bl_key_free(struct bl_key *k);

/* The key type. */
enum bl_key_type bl_key_type(const struct bl_key *k);

/* The size in bits: the RSA modulus; 256 for P-256 and for Ed25519 (OpenSSL 3 counts). */
unsigned bl_key_bits(const struct bl_key *k);

/* True when k holds a private key (can sign). */
bool bl_key_has_private(const struct bl_key *k);

/* A static name for the type: "Ed25519", "RSA", "P-256"; "unknown" otherwise. */
const char *bl_key_type_name(enum bl_key_type type);

/*
 * Import the first PEM block of z[0..n) into *out (caller owns).  Accepted
 * labels: "PRIVATE KEY" (PKCS#8), "PUBLIC KEY" (SPKI), "RSA PUBLIC KEY"
 * (PKCS#1), "RSA PRIVATE KEY" and "EC PRIVATE KEY" (traditional forms).
 * BL_EUNSUPPORTED for an encrypted key, another label or another algorithm
 * (an EC key on another curve); BL_EINVAL for text that does not decode or
 * an RSA key outside [BL_KEY_RSA_MIN_BITS, BL_KEY_RSA_MAX_BITS];
 * BL_ETOOBIG when n > BL_KEY_TEXT_MAX.
 */
enum bl_err bl_key_from_pem(const char *z, size_t n, struct bl_key **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the PEM of k to out: PKCS#8 "PRIVATE KEY" when priv is true (k
 * must have one: BL_EINVAL otherwise), SPKI "PUBLIC KEY" when false.
 * BL_ETOOBIG over out's cap (out unchanged).  A buffer holding a private key
 * should be wiped by the caller (bl_wipe(out->p, out->cap)) before freeing.
 */
enum bl_err bl_key_to_pem(const struct bl_key *k, bool priv, struct bl_buf *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the PKCS#8 PrivateKeyInfo DER of k (which must be private) to out,
 * as bl_seal stores it.  Same wiping advice as bl_key_to_pem.
 */
enum bl_err bl_key_to_pkcs8(const struct bl_key *k, struct bl_buf *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Import a PKCS#8 PrivateKeyInfo DER blob p[0..n) into *out (caller owns). */
enum bl_err bl_key_from_pkcs8(const void *p, size_t n, struct bl_key **out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Make an Ed25519 key from raw bytes: a 32-byte public key (priv false)
 * or a 32-byte seed (priv true), as RFC 8032 and Multikey carry them.
 * *out is the caller's.  BL_EINVAL for another length.
 */
enum bl_err bl_key_from_ed25519_raw(const void *p, size_t n, bool priv, struct bl_key **out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Import a JWK (RFC 7517) into *out (caller owns).  Accepted: kty "RSA" with
 * n e, plus d p q dp dq qi for a private key (all or none of them); kty "EC"
 * crv "P-256" with x y (32 bytes each) and optional d (32 bytes); kty "OKP"
 * crv "Ed25519" with x (32 bytes) and optional d (32 bytes).  Members are
 * unpadded base64url.  A private key must be consistent with its public
 * members (pairwise check).  Members such as kid, alg, use are ignored, but
 * "use" other than "sig" and an "alg" that does not fit the key are refused.
 * BL_EINVAL names the member for a missing, mistyped, badly encoded or
 * wrong-length member, or inconsistent private members; BL_EUNSUPPORTED for
 * another kty or crv.
 */
enum bl_err bl_key_from_jwk(const json_t *jwk, struct bl_key **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Same as bl_key_from_jwk on the JSON text z[0..n) (at most BL_KEY_TEXT_MAX). */
enum bl_err bl_key_from_jwk_text(const char *z, size_t n, struct bl_key **out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The JWK of k as a new JSON object in *out (caller decrefs): the public
 * members only (kty, crv, x, y / n, e), plus the private ones when priv
 * is true (BL_EINVAL if k has none).  Members appear in the order the RFCs
 * list them.  A private JWK holds secrets: serialise it into a buffer you
 * wipe, and json_decref it promptly.
 */
enum bl_err bl_key_to_jwk(const struct bl_key *k, bool priv, json_t **out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the RFC 7638 JWK thumbprint of k's public key to out: base64url of
 * the SHA-256 of the required members in lexicographic order, no spaces.
 * 43 characters; Blason uses it as the `kid`.
 */
enum bl_err bl_key_thumbprint(const struct bl_key *k, struct bl_buf *out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the Multikey of k's public key to out: "z6Mk..." for Ed25519,
 * "zDn..." (compressed point) for P-256.  BL_EUNSUPPORTED for RSA.
 */
enum bl_err bl_key_to_multikey(const struct bl_key *k, struct bl_buf *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Import a public Multikey z[0..n) (Ed25519 or P-256) into *out (caller
 * owns).  BL_EINVAL for a broken value or a point not on the curve;
 * BL_EUNSUPPORTED for another key type (including private Multikeys).
 */
enum bl_err bl_key_from_multikey(const char *z, size_t n, struct bl_key **out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append "did:key:" + the Multikey of k to out (Ed25519 and P-256 only). */
enum bl_err bl_key_to_did(const struct bl_key *k, struct bl_buf *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the verification method id of k's did:key to out:
 * "did:key:X#X" where X is the Multikey.
 */
enum bl_err bl_key_to_did_vm(const struct bl_key *k, struct bl_buf *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Import a did:key DID or verification method id z[0..n): "did:key:X" or
 * "did:key:X#X" (the fragment, when present, must repeat X).  *out is the
 * caller's.  BL_EINVAL for another form, BL_EUNSUPPORTED for another key type.
 */
enum bl_err bl_key_from_did(const char *z, size_t n, struct bl_key **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Build a JWKS document {"keys": [...]} from the public keys keys[0..n)
 * (n <= BL_KEY_JWKS_MAX) into *out (caller decrefs).  Each entry is the
 * public JWK plus "kid" (the RFC 7638 thumbprint), "alg" (EdDSA, RS256 or
 * ES256) and "use": "sig".
 */
enum bl_err bl_key_jwks(const struct bl_key *const *keys, size_t n, json_t **out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Internal to src/core (jws.c, seal.c): the EVP_PKEY inside k, borrowed.
 * Declared as void * so this header does not pull in OpenSSL.
 */
void *bl_key__pkey(const struct bl_key *k);

/*
 * Internal to src/core (jws.c): sign tbs[0..ntbs) with the private key k
 * into sig (room for *nsig bytes; *nsig becomes the length): Ed25519 over
 * the message; RSASSA-PKCS1-v1_5 and ECDSA (DER) over its SHA-256.  Reuses
 * a context cached in k when no other thread holds it.
 */
enum bl_err bl_key__sign(const struct bl_key *k, const void *tbs, size_t ntbs, unsigned char *sig,
                         size_t *nsig, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Internal: verify sig[0..nsig) over tbs as above; BL_ECRYPTO "signature does not verify". */
enum bl_err bl_key__verify(const struct bl_key *k, const void *tbs, size_t ntbs,
                           const unsigned char *sig, size_t nsig,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Internal to src/core: fail with code and the message what, followed by
 * OpenSSL's reason for its last error when there is one; clears OpenSSL's
 * error queue so no stale error leaks into a later call.
 */
enum bl_err bl_key__crypto_fail(struct bl_errinfo *ei, enum bl_err code, const char *what);

#endif
