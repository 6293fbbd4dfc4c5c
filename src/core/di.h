/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * di.h: W3C Data Integrity proofs for Open Badges 3.0 credentials, with the
 * eddsa-rdfc-2022 cryptosuite (the only Linked Data proof 1EdTech accepts),
 * and verification of the older names of the same Ed25519 scheme:
 * cryptosuite "eddsa-2022" and type Ed25519Signature2020.
 *
 * Both sides compute hashData = SHA-256(canonical proof configuration) ||
 * SHA-256(canonical document), where "canonical" is JSON-LD toRdf (safe
 * mode, compiled-in contexts only) then RDFC-1.0, the document is taken
 * without its "proof" and the proof configuration is the proof without
 * "proofValue" and with the document's "@context".  The signature is
 * Ed25519 over hashData; proofValue is "z" + base58btc(signature).
 * See docs/internals/di.md.
 */
#ifndef BL_DI_H
#define BL_DI_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "jsonld.h"
#include "key.h"

/* Most proofs examined in one proof set. */
#define BL_DI_MAX_PROOFS 8u

/*
 * Resolve a verificationMethod the core cannot resolve offline (an https
 * URL without a key fragment, did:web...): set *out to a key (the caller
 * of the resolver releases it) or fail.  cls is the caller's.
 */
typedef enum bl_err (*bl_di_resolve_fn)(void *cls, const char *vm, struct bl_key **out,
                                        struct bl_errinfo *ei);

/* The verdict on one proof of a proof set. */
struct bl_di_proof_result {
    enum bl_err status; /* BL_OK when this proof verifies */
    char type[40];      /* proof type, e.g. "DataIntegrityProof" */
    char suite[40];     /* cryptosuite, "" for Ed25519Signature2020 */
    char msg[200];      /* why not, one line; "" when it verifies */
};

struct bl_di_report {
    size_t n;                                      /* proofs examined */
    size_t valid;                                  /* of which verify */
    struct bl_di_proof_result v[BL_DI_MAX_PROOFS]; /* in document order */
};

/*
 * Canonical N-Quads of doc (borrowed) as JSON-LD toRdf + RDFC-1.0 give it,
 * appended to out.  The "proof" member is not removed: pass what you want
 * canonicalised.  ld is a processor (bl_jsonld_new); NULL makes one for the
 * call with the compiled-in contexts.
 */
enum bl_err bl_di_canonicalize(struct bl_jsonld *ld, const json_t *doc, struct bl_buf *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Sign doc (borrowed) with the Ed25519 key k: *out is a new document, a
 * copy of doc with a DataIntegrityProof (cryptosuite eddsa-rdfc-2022,
 * proofPurpose assertionMethod) whose verificationMethod is vm and created
 * the given dateTime ("YYYY-MM-DDTHH:MM:SSZ").  A proof already in doc is
 * kept and the new one added beside it (a proof set); neither covers the
 * other.  BL_EINVAL when k is not an Ed25519 private key.
 */
enum bl_err bl_di_sign(struct bl_jsonld *ld, const json_t *doc, const struct bl_key *k,
                       const char *vm, const char *created, json_t **out,
                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Verify every proof of doc.  Keys come from the verificationMethod:
 * did:key, or "<controller>#<Multikey>" whose controller must be the
 * credential's issuer id; anything else goes to resolve (NULL: refused).
 * proofPurpose must be assertionMethod.  BL_OK when there is at least one
 * proof and every proof verifies; otherwise the first failing proof's code
 * (BL_ENOTFOUND when there is no proof), with every proof's verdict in r.
 */
enum bl_err bl_di_verify(struct bl_jsonld *ld, const json_t *doc, bl_di_resolve_fn resolve,
                         void *cls, struct bl_di_report *r, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
