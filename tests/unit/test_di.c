/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_di.c: Data Integrity eddsa-rdfc-2022.  The OB 3.0 Implementation
 * Guide's test vector is reproduced byte for byte (canonical forms, hashes,
 * signature, proofValue), and every signed credential of the 1EdTech
 * fixtures verifies or fails as fixtures/MANIFEST.md says.
 */
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "core/base64.h"
#include "core/bake.h"
#include "core/di.h"
#include "core/key.h"
#include "core/mem.h"
#include "testutil.h"

static void hex_of(const unsigned char *p, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[p[i] >> 4];
        out[2 * i + 1] = hex[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char h[32];

    assert_int_equal(EVP_Digest(p, n, h, NULL, EVP_sha256(), NULL), 1);
    hex_of(h, 32, out);
}

/* The Implementation Guide's vector: every intermediate value, then the proof. */
static void test_ob30_spec_vector(void **state)
{
    json_t *kp = tu_load_json("ob30-spec-test-vector/keypair.json", true);
    json_t *signed_doc = tu_load_json("ob30-spec-test-vector/signed-credential.json", true);
    json_t *doc = json_deep_copy(signed_doc), *config, *out = NULL, *proof;
    size_t pn, dn;
    unsigned char *proof_canon = tu_fixture("ob30-spec-test-vector/proof-canon.txt", &pn);
    unsigned char *doc_canon = tu_fixture("ob30-spec-test-vector/document-canon.txt", &dn);
    struct bl_buf nq, seed;
    struct bl_key *k = NULL;
    char hex[65];
    const char *seed_hex = json_string_value(json_object_get(kp, "privateKeyHex_seed_plus_public"));

    (void)state;
    bl_buf_init(&nq, 1 << 20);
    bl_buf_init(&seed, 64);
    /* The canonical document, and its hash. */
    json_object_del(doc, "proof");
    assert_int_equal(bl_di_canonicalize(NULL, doc, &nq, NULL), BL_OK);
    assert_int_equal(nq.len, dn);
    assert_memory_equal(nq.p, doc_canon, dn);
    sha256_hex(nq.p, nq.len, hex);
    assert_string_equal(hex, json_string_value(json_object_get(kp, "documentHashHex")));
    /* The canonical proof configuration, and its hash. */
    config = json_deep_copy(json_object_get(signed_doc, "proof"));
    json_object_del(config, "proofValue");
    json_object_set(config, "@context", json_object_get(doc, "@context"));
    bl_buf_reset(&nq);
    assert_int_equal(bl_di_canonicalize(NULL, config, &nq, NULL), BL_OK);
    assert_int_equal(nq.len, pn);
    assert_memory_equal(nq.p, proof_canon, pn);
    sha256_hex(nq.p, nq.len, hex);
    assert_string_equal(hex, json_string_value(json_object_get(kp, "proofHashHex")));
    /* Signing with the vector's key gives the vector's proofValue (Ed25519 is deterministic). */
    assert_int_equal(bl_base16_decode(&seed, seed_hex, 64, 0, NULL), BL_OK);
    assert_int_equal(bl_key_from_ed25519_raw(seed.p, 32, true, &k, NULL), BL_OK);
    proof = json_object_get(signed_doc, "proof");
    assert_int_equal(bl_di_sign(NULL, doc, k,
                                json_string_value(json_object_get(proof, "verificationMethod")),
                                json_string_value(json_object_get(proof, "created")), &out, NULL),
                     BL_OK);
    assert_true(json_equal(out, signed_doc));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out, "proof"), "proofValue")),
        json_string_value(json_object_get(kp, "proofValue")));
    bl_wipe(seed.p, seed.cap);
    bl_buf_free(&seed);
    bl_buf_free(&nq);
    bl_key_free(k);
    json_decref(out);
    json_decref(config);
    json_decref(doc);
    json_decref(signed_doc);
    json_decref(kp);
    bl_free(proof_canon);
    bl_free(doc_canon);
}

static enum bl_err verify_file(const char *rel, struct bl_di_report *r, char *msg, size_t msglen)
{
    json_t *doc = tu_load_json(rel, true);
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    rc = bl_di_verify(NULL, doc, NULL, NULL, r, &ei);
    snprintf(msg, msglen, "%s", ei.msg);
    json_decref(doc);
    return rc;
}

static void expect(const char *rel, enum bl_err want, const char *fragment)
{
    struct bl_di_report r;
    char msg[256];
    enum bl_err rc = verify_file(rel, &r, msg, sizeof(msg));

    if (rc != want)
        fail_msg("%s: got %s (%s), wanted %s", rel, bl_err_name(rc), msg, bl_err_name(want));
    if (fragment != NULL && strstr(msg, fragment) == NULL)
        fail_msg("%s: message \"%s\" lacks \"%s\"", rel, msg, fragment);
}

/* fixtures/MANIFEST.md, ob30/: "Offline-verifiable: valid" and friends. */
static void test_fixtures_valid(void **state)
{
    static const char *const valid[] = {
        "ob30/simple.json",
        "ob30/simple.1ob",
        "ob30/simple-did-key-method.json",
        "ob30/simple-did-web-method.json",
        "ob30/simple-context-alias.json",
        "ob30/simple-context-version.json",
        "ob30/simple-eddsa-2022.json",
        "ob30/simple_v1.json",
        "ob30/endorsement-valid.json",
        "ob30/complete.json",
        "ob30/simple-err-expired.json", /* signature valid; expiry is the verifier's */
        "ob30/simple-err-issued.json",
        "ob30/bit-string-list/credential-status-revoked.json",
        "ob30/bit-string-list/credential-status-revoked-blank-nodes.json",
        "ob30/bit-string-list/testlist",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
        expect(valid[i], BL_OK, NULL);
}

static void test_fixtures_invalid(void **state)
{
    struct bl_di_report r;
    char msg[256];

    (void)state;
    expect("ob30/simple-err-proof-value.json", BL_EBADSIG, "does not verify");
    expect("ob30/simple-err-proof-method.json", BL_EUNSUPPORTED, "not a supported key type");
    expect("ob30/simple-err-proof-method-no-scheme.json", BL_EINVAL, "not a URI");
    expect("ob30/simple-err-proof-method-unknown-scheme.json", BL_EUNSUPPORTED, "scheme");
    expect("ob30/simple-err-proof-method-unknown-did-method.json", BL_EUNSUPPORTED, "DID method");
    expect("ob30/simple-noproof.json", BL_ENOTFOUND, "no proof");
    /* Issuer removed: the key fragment's controller cannot be bound to it. */
    expect("ob30/simple-err-issuer.json", BL_EINVAL, "not controlled by the issuer");
    /* Two proofs: ours verifies, the unknown type does not (MANIFEST: exactly 1 error). */
    assert_int_equal(verify_file("ob30/simple-multiple-proofs.json", &r, msg, sizeof(msg)),
                     BL_EUNSUPPORTED);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.valid, 1);
}

/* Tampering with the document, the proof options or the key is detected. */
static void test_tamper(void **state)
{
    json_t *doc = tu_load_json("ob30/simple.json", true), *t;
    struct bl_di_report r;

    (void)state;
    t = json_deep_copy(doc);
    json_object_set_new(t, "name", json_string("Autre badge"));
    assert_int_equal(bl_di_verify(NULL, t, NULL, NULL, &r, NULL), BL_EBADSIG);
    json_decref(t);
    t = json_deep_copy(doc);
    json_object_set_new(json_array_get(json_object_get(t, "proof"), 0), "created",
                        json_string("2011-01-01T19:23:24Z"));
    assert_int_equal(bl_di_verify(NULL, t, NULL, NULL, &r, NULL), BL_EBADSIG);
    json_decref(t);
    t = json_deep_copy(doc);
    json_object_set_new(json_array_get(json_object_get(t, "proof"), 0), "proofPurpose",
                        json_string("authentication"));
    assert_int_equal(bl_di_verify(NULL, t, NULL, NULL, &r, NULL), BL_EINVAL);
    json_decref(t);
    json_decref(doc);
}

/* Sign with a fresh key, verify, and a proof set keeps both proofs valid. */
static void test_sign_verify_roundtrip(void **state)
{
    json_t *doc = tu_load_json("ob30/simple.json", true),
           *v1 = tu_load_json("ob30/simple-noproof.json", true);
    json_t *s1 = NULL, *s2 = NULL;
    struct bl_errinfo ei;
    struct bl_key *k1 = NULL, *k2 = NULL;
    struct bl_buf did1, did2;
    struct bl_di_report r;

    (void)state;
    json_object_del(doc, "proof");
    bl_buf_init(&did1, 256);
    bl_buf_init(&did2, 256);
    assert_int_equal(bl_key_generate(BL_KEY_ED25519, 0, &k1, NULL), BL_OK);
    assert_int_equal(bl_key_generate(BL_KEY_ED25519, 0, &k2, NULL), BL_OK);
    assert_int_equal(bl_key_to_did_vm(k1, &did1, NULL), BL_OK);
    assert_int_equal(bl_key_to_did_vm(k2, &did2, NULL), BL_OK);
    assert_int_equal(bl_di_sign(NULL, doc, k1, (char *)did1.p, "2026-11-28T10:00:00Z", &s1, NULL),
                     BL_OK);
    assert_int_equal(bl_di_verify(NULL, s1, NULL, NULL, &r, NULL), BL_OK);
    assert_int_equal(bl_di_sign(NULL, s1, k2, (char *)did2.p, "2026-11-28T10:00:01Z", &s2, NULL),
                     BL_OK);
    assert_int_equal(bl_di_verify(NULL, s2, NULL, NULL, &r, NULL), BL_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.valid, 2);
    json_decref(s2);
    s2 = NULL;
    /* A VCDM 1.1 credential without the Data Integrity context: the proof's
     * terms are undefined there, and safe mode says which. */
    assert_int_equal(bl_di_sign(NULL, v1, k2, (char *)did2.p, "2026-11-28T10:00:00Z", &s2, &ei),
                     BL_EINVAL);
    assert_non_null(strstr(ei.msg, "is not defined"));
    json_decref(v1);
    /* Only Ed25519 keys make this proof. */
    json_decref(s1);
    bl_key_free(k1);
    assert_int_equal(bl_key_generate(BL_KEY_P256, 0, &k1, NULL), BL_OK);
    assert_int_equal(bl_di_sign(NULL, doc, k1, "did:key:x", "2026-11-28T10:00:00Z", &s1, NULL),
                     BL_EINVAL);
    bl_buf_free(&did1);
    bl_buf_free(&did2);
    bl_key_free(k1);
    bl_key_free(k2);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ob30_spec_vector),      cmocka_unit_test(test_fixtures_valid),
        cmocka_unit_test(test_fixtures_invalid),      cmocka_unit_test(test_tamper),
        cmocka_unit_test(test_sign_verify_roundtrip),
    };

    return cmocka_run_group_tests_name("di", tests, NULL, NULL);
}
