/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * di.c: Data Integrity eddsa-rdfc-2022 proofs (see di.h).  The work is in
 * the JSON-LD processor and RDFC-1.0; this file assembles the two
 * canonical forms, hashes them and signs or verifies the result.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "base58.h"
#include "di.h"
#include "jsonld_rdf.h"
#include "mem.h"
#include "rdf.h"
#include "rdfc.h"

#define SUITE_RDFC "eddsa-rdfc-2022"
#define SUITE_OLD  "eddsa-2022" /* the same scheme under its draft name */
#define TYPE_DI    "DataIntegrityProof"
#define TYPE_2020  "Ed25519Signature2020"
#define PURPOSE    "assertionMethod"

enum bl_err bl_di_canonicalize(struct bl_jsonld *ld, const json_t *doc, struct bl_buf *out,
                               struct bl_errinfo *ei)
{
    struct bl_jsonld *own = NULL;
    struct bl_rdf_dataset ds;
    enum bl_err rc = BL_OK;

    if (ld == NULL && (rc = bl_jsonld_new(NULL, NULL, &own, ei)) != BL_OK)
        return rc;
    bl_rdf_dataset_init(&ds);
    rc = bl_jsonld_to_rdf(ld ? ld : own, doc, NULL, &ds, ei);
    if (rc == BL_OK)
        rc = bl_rdfc_canonicalize(&ds, NULL, out, NULL, NULL, ei);
    bl_rdf_dataset_free(&ds);
    bl_jsonld_free(own);
    return rc;
}

/* SHA-256 of the canonical form of doc. */
static enum bl_err canon_hash(struct bl_jsonld *ld, const json_t *doc, unsigned char h[32],
                              struct bl_errinfo *ei)
{
    struct bl_buf nq;
    enum bl_err rc;

    bl_buf_init(&nq, 16u * 1024 * 1024);
    rc = bl_di_canonicalize(ld, doc, &nq, ei);
    if (rc == BL_OK && EVP_Digest(nq.p, nq.len, h, NULL, EVP_sha256(), NULL) != 1)
        rc = bl_fail(ei, BL_ECRYPTO, "SHA-256 failed");
    bl_buf_free(&nq);
    return rc;
}

/*
 * hashData of Data Integrity: SHA-256(canonical proof configuration) ||
 * SHA-256(canonical document without proof).  config is the proof without
 * proofValue; it gets the document's @context here.
 */
static enum bl_err hash_data(struct bl_jsonld *ld, const json_t *doc, const json_t *config,
                             unsigned char out[64], struct bl_errinfo *ei)
{
    json_t *unsigned_doc = json_copy((json_t *)(uintptr_t)doc);
    json_t *cfg = json_copy((json_t *)(uintptr_t)config);
    enum bl_err rc;

    json_object_del(unsigned_doc, "proof");
    json_object_del(cfg, "proofValue");
    json_object_set(cfg, "@context", json_object_get(doc, "@context"));
    rc = canon_hash(ld, cfg, out, ei);
    if (rc == BL_OK)
        rc = canon_hash(ld, unsigned_doc, out + 32, ei);
    json_decref(unsigned_doc);
    json_decref(cfg);
    return rc;
}

enum bl_err bl_di_sign(struct bl_jsonld *ld, const json_t *doc, const struct bl_key *k,
                       const char *vm, const char *created, json_t **out, struct bl_errinfo *ei)
{
    unsigned char data[64], sig[64];
    size_t nsig = sizeof(sig);
    json_t *proof = NULL, *signed_doc = NULL, *old;
    struct bl_buf pv;
    enum bl_err rc;

    *out = NULL;
    if (!json_is_object(doc))
        return bl_fail(ei, BL_EINVAL, "Data Integrity: the document is not a JSON object");
    if (bl_key_type(k) != BL_KEY_ED25519 || !bl_key_has_private(k))
        return bl_fail(ei, BL_EINVAL, "eddsa-rdfc-2022 signs with an Ed25519 private key");
    bl_buf_init(&pv, 256);
    /* Member order as in the OB 3.0 test vector. */
    proof = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", TYPE_DI, "created", created,
                      "verificationMethod", vm, "cryptosuite", SUITE_RDFC, "proofPurpose", PURPOSE);
    if (proof == NULL) {
        rc = bl_fail(ei, BL_EINVAL, "Data Integrity: bad verificationMethod or created");
        goto out;
    }
    rc = hash_data(ld, doc, proof, data, ei);
    if (rc == BL_OK)
        rc = bl_key__sign(k, data, sizeof(data), sig, &nsig, ei);
    if (rc == BL_OK)
        rc = bl_buf_putc(&pv, 'z');
    if (rc == BL_OK)
        rc = bl_base58_encode(&pv, sig, nsig, ei);
    if (rc != BL_OK)
        goto out;
    json_object_set_new(proof, "proofValue", json_string((char *)pv.p));
    signed_doc = json_deep_copy(doc);
    old = json_object_get(signed_doc, "proof");
    if (json_is_array(old)) {
        json_array_append(old, proof);
    } else if (old != NULL) {
        json_object_set_new(signed_doc, "proof", json_pack("[O, O]", old, proof));
    } else {
        json_object_set(signed_doc, "proof", proof);
    }
    *out = signed_doc;
out:
    bl_wipe(data, sizeof(data));
    json_decref(proof);
    bl_buf_free(&pv);
    return rc;
}

/* The issuer id of a credential: "issuer" as a string or as an object's "id". */
static const char *issuer_id(const json_t *doc)
{
    const json_t *iss = json_object_get(doc, "issuer");

    return json_is_string(iss) ? json_string_value(iss)
                               : json_string_value(json_object_get(iss, "id"));
}

/*
 * The key of a verificationMethod, offline where possible: did:key, or
 * <controller>#<Multikey> with the controller bound to the issuer.
 */
static enum bl_err resolve_vm(const json_t *doc, const char *vm, bl_di_resolve_fn resolve,
                              void *cls, struct bl_key **out, struct bl_errinfo *ei)
{
    const char *hash = strchr(vm, '#'), *colon = strchr(vm, ':'), *iss = issuer_id(doc);

    if (colon == NULL || colon == vm)
        return bl_fail(ei, BL_EINVAL, "verificationMethod \"%.80s\" is not a URI", vm);
    if (strncmp(vm, "did:key:", 8) == 0)
        return bl_key_from_did(vm, strlen(vm), out, ei);
    if ((strncmp(vm, "https:", 6) == 0 || strncmp(vm, "http:", 5) == 0) && hash != NULL &&
        hash[1] == 'z') {
        /* The 1EdTech convention: the fragment is the Multikey, the rest the controller. */
        if (iss == NULL || strlen(iss) != (size_t)(hash - vm) || memcmp(iss, vm, strlen(iss)) != 0)
            return bl_fail(ei, BL_EINVAL,
                           "verificationMethod \"%.80s\" is not controlled by the issuer \"%.80s\"",
                           vm, iss ? iss : "");
        return bl_key_from_multikey(hash + 1, strlen(hash + 1), out, ei);
    }
    if (resolve != NULL)
        return resolve(cls, vm, out, ei);
    if (strncmp(vm, "did:", 4) == 0)
        return bl_fail(ei, BL_EUNSUPPORTED, "DID method of \"%.80s\" cannot be resolved", vm);
    if (strncmp(vm, "https:", 6) != 0 && strncmp(vm, "http:", 5) != 0)
        return bl_fail(ei, BL_EUNSUPPORTED,
                       "verificationMethod scheme of \"%.80s\" is not supported", vm);
    return bl_fail(ei, BL_EUNSUPPORTED, "verificationMethod \"%.80s\" needs fetching", vm);
}

/* Verify one proof of doc; the verdict goes to res. */
static enum bl_err verify_one(struct bl_jsonld *ld, const json_t *doc, const json_t *proof,
                              bl_di_resolve_fn resolve, void *cls, struct bl_di_proof_result *res)
{
    const char *type = json_string_value(json_object_get(proof, "type"));
    const char *suite = json_string_value(json_object_get(proof, "cryptosuite"));
    const char *purpose = json_string_value(json_object_get(proof, "proofPurpose"));
    const char *vm = json_string_value(json_object_get(proof, "verificationMethod"));
    const char *value = json_string_value(json_object_get(proof, "proofValue"));
    struct bl_errinfo ei;
    struct bl_key *k = NULL;
    struct bl_buf sig;
    unsigned char data[64];
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    bl_buf_init(&sig, 128);
    snprintf(res->type, sizeof(res->type), "%s", type ? type : "");
    snprintf(res->suite, sizeof(res->suite), "%s", suite ? suite : "");
    if (!json_is_object(proof))
        rc = bl_fail(&ei, BL_EINVAL, "the proof is not an object");
    else if (type == NULL)
        rc = bl_fail(&ei, BL_EINVAL, "the proof has no type");
    else if (!(strcmp(type, TYPE_DI) == 0 && suite != NULL &&
               (strcmp(suite, SUITE_RDFC) == 0 || strcmp(suite, SUITE_OLD) == 0)) &&
             strcmp(type, TYPE_2020) != 0)
        rc = bl_fail(&ei, BL_EUNSUPPORTED, "proof type %.40s%s%.40s is not supported", type,
                     suite ? " / " : "", suite ? suite : "");
    else if (purpose == NULL || strcmp(purpose, PURPOSE) != 0)
        rc = bl_fail(&ei, BL_EINVAL, "proofPurpose is \"%.40s\", not " PURPOSE,
                     purpose ? purpose : "");
    else if (vm == NULL)
        rc = bl_fail(&ei, BL_EINVAL, "the proof has no verificationMethod");
    else if (value == NULL || value[0] != 'z')
        rc = bl_fail(&ei, BL_EINVAL, "proofValue is not a base58btc multibase value");
    else
        rc = bl_base58_decode(&sig, value + 1, strlen(value + 1), &ei);
    if (rc == BL_OK && sig.len != 64)
        rc = bl_fail(&ei, BL_EINVAL, "proofValue holds %zu bytes, not an Ed25519 signature",
                     sig.len);
    if (rc == BL_OK)
        rc = resolve_vm(doc, vm, resolve, cls, &k, &ei);
    if (rc == BL_OK && bl_key_type(k) != BL_KEY_ED25519)
        rc = bl_fail(&ei, BL_EINVAL, "verificationMethod is not an Ed25519 key");
    if (rc == BL_OK)
        rc = hash_data(ld, doc, proof, data, &ei);
    if (rc == BL_OK)
        rc = bl_key__verify(k, data, sizeof(data), sig.p, sig.len, &ei);
    res->status = rc;
    snprintf(res->msg, sizeof(res->msg), "%.199s", rc == BL_OK ? "" : ei.msg);
    bl_key_free(k);
    bl_buf_free(&sig);
    return rc;
}

enum bl_err bl_di_verify(struct bl_jsonld *ld, const json_t *doc, bl_di_resolve_fn resolve,
                         void *cls, struct bl_di_report *r, struct bl_errinfo *ei)
{
    const json_t *proofs = json_object_get(doc, "proof");
    struct bl_jsonld *own = NULL;
    enum bl_err rc, first = BL_OK;
    size_t count;

    memset(r, 0, sizeof(*r));
    if (proofs == NULL)
        return bl_fail(ei, BL_ENOTFOUND, "the credential has no proof");
    count = json_is_array(proofs) ? json_array_size(proofs) : 1;
    if (count == 0)
        return bl_fail(ei, BL_ENOTFOUND, "the credential has an empty proof set");
    if (count > BL_DI_MAX_PROOFS)
        return bl_fail(ei, BL_ETOOBIG, "the credential has %zu proofs, more than %u", count,
                       BL_DI_MAX_PROOFS);
    if (ld == NULL && (rc = bl_jsonld_new(NULL, NULL, &own, ei)) != BL_OK)
        return rc;
    for (size_t i = 0; i < count; i++) {
        const json_t *p = json_is_array(proofs) ? json_array_get(proofs, i) : proofs;

        rc = verify_one(ld ? ld : own, doc, p, resolve, cls, &r->v[i]);
        r->n++;
        if (rc == BL_OK) {
            r->valid++;
        } else if (first == BL_OK) {
            first = rc;
            bl_fail(ei, rc, "proof %zu: %s", i + 1, r->v[i].msg);
        }
    }
    bl_jsonld_free(own);
    return first;
}
