/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_key.c: signing keys.  Known answers from RFC 8032 §7.1 (TEST 1 and
 * TEST 2: public key and signature from the secret), RFC 7638 §3.1 (the
 * thumbprint) and the OB 3.0 spec test vector (Multikey and its secret key);
 * round trips through PEM, JWK, Multikey and did:key checked by signing with
 * one copy and verifying with the other; strict JWK validation, each error
 * with its exact code and message.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>

#include "core/base64.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/multibase.h"
#include "testutil.h"

static void unhex(const char *z, unsigned char *out, size_t n)
{
    struct bl_buf b;

    bl_buf_init(&b, n);
    assert_int_equal(bl_base16_decode(&b, z, strlen(z), 0, NULL), BL_OK);
    assert_int_equal(b.len, n);
    memcpy(out, b.p, n);
    bl_buf_free(&b);
}

static struct bl_key *jwk(const char *text)
{
    struct bl_key *k = NULL;
    struct bl_errinfo ei;

    if (bl_key_from_jwk_text(text, strlen(text), &k, &ei) != BL_OK)
        fail_msg("JWK import: %s", ei.msg);
    return k;
}

static void jwk_fails(const char *text, enum bl_err code, const char *msg)
{
    struct bl_key *k = (struct bl_key *)1;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_key_from_jwk_text(text, strlen(text), &k, &ei), code);
    assert_null(k);
    assert_int_equal(ei.code, code);
    assert_string_equal(ei.msg, msg);
}

/* RFC 8032 §7.1: the secret gives the public key and the signature, byte for byte. */
static void rfc8032(const char *secret, const char *public, const char *msg, size_t nmsg,
                    const char *signature)
{
    unsigned char sk[32], pk[32], want[64], sig[64], m[8];
    size_t nsig = sizeof(sig);
    struct bl_key *k = NULL, *pub = NULL;
    json_t *j = NULL;
    struct bl_buf x;
    EVP_MD_CTX *c = EVP_MD_CTX_new();

    unhex(secret, sk, 32);
    unhex(public, pk, 32);
    unhex(signature, want, 64);
    if (nmsg > 0)
        unhex(msg, m, nmsg);
    assert_int_equal(bl_key_from_ed25519_raw(sk, 32, true, &k, NULL), BL_OK);
    assert_true(bl_key_has_private(k));
    assert_int_equal(bl_key_to_jwk(k, false, &j, NULL), BL_OK);
    bl_buf_init(&x, 64);
    assert_int_equal(
        bl_base64url_decode(&x, bl_json_str(j, "x"), strlen(bl_json_str(j, "x")), NULL), BL_OK);
    assert_int_equal(x.len, 32);
    assert_memory_equal(x.p, pk, 32);
    assert_int_equal(EVP_DigestSignInit(c, NULL, NULL, NULL, bl_key__pkey(k)), 1);
    assert_int_equal(EVP_DigestSign(c, sig, &nsig, m, nmsg), 1);
    assert_int_equal(nsig, 64);
    assert_memory_equal(sig, want, 64);
    /* The public key alone verifies it. */
    assert_int_equal(bl_key_from_ed25519_raw(pk, 32, false, &pub, NULL), BL_OK);
    assert_false(bl_key_has_private(pub));
    EVP_MD_CTX_free(c);
    c = EVP_MD_CTX_new();
    assert_int_equal(EVP_DigestVerifyInit(c, NULL, NULL, NULL, bl_key__pkey(pub)), 1);
    assert_int_equal(EVP_DigestVerify(c, sig, 64, m, nmsg), 1);
    EVP_MD_CTX_free(c);
    json_decref(j);
    bl_buf_free(&x);
    bl_key_free(k);
    bl_key_free(pub);
}

static void test_rfc8032(void **state)
{
    (void)state;
    rfc8032("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", 0,
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    rfc8032("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", 1,
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

static void test_rfc7638_thumbprint(void **state)
{
    static const char rfc7638[] =
        "{\"kty\":\"RSA\","
        "\"n\":"
        "\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSo"
        "c_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
        "FDW"
        "2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
        "bFTWhAI4vMQFh6W"
        "eZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\","
        "\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";
    struct bl_key *k = jwk(rfc7638);
    struct bl_buf t;

    (void)state;
    bl_buf_init(&t, 64);
    assert_int_equal(bl_key_thumbprint(k, &t, NULL), BL_OK);
    assert_string_equal((char *)t.p, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    bl_buf_free(&t);
    bl_key_free(k);
}

/* Sign with a, verify with b (both ways of a round trip). */
static void cross_sign(const struct bl_key *a, const struct bl_key *b)
{
    struct bl_jws_verify_opts opts = {.key = b};
    struct bl_errinfo ei;
    struct bl_buf out, p;

    bl_buf_init(&out, 1 << 16);
    bl_buf_init(&p, 1 << 16);
    if (bl_jws_sign(a, bl_jws_alg_for_key(a), NULL, "round trip", 10, &out, &ei) != BL_OK)
        fail_msg("sign: %s", ei.msg);
    if (bl_jws_verify((char *)out.p, out.len, &opts, NULL, &p, &ei) != BL_OK)
        fail_msg("verify: %s", ei.msg);
    assert_string_equal((char *)p.p, "round trip");
    bl_buf_free(&out);
    bl_buf_free(&p);
}

static void test_generate_and_round_trips(void **state)
{
    static const struct {
        enum bl_key_type type;
        unsigned bits, want_bits;
        const char *kty;
    } cases[] = {{BL_KEY_ED25519, 0, 256, "OKP"},
                 {BL_KEY_P256, 0, 256, "EC"},
                 {BL_KEY_RSA, 2048, 2048, "RSA"},
                 {BL_KEY_RSA, 3072, 3072, "RSA"}};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct bl_key *k = NULL, *k2 = NULL, *pub = NULL;
        struct bl_buf pem, pem2;
        json_t *j = NULL;

        assert_int_equal(bl_key_generate(cases[i].type, cases[i].bits, &k, NULL), BL_OK);
        assert_int_equal(bl_key_type(k), cases[i].type);
        assert_int_equal(bl_key_bits(k), cases[i].want_bits);
        assert_true(bl_key_has_private(k));
        /* PEM: PKCS#8 private, SPKI public. */
        bl_buf_init(&pem, 1 << 16);
        bl_buf_init(&pem2, 1 << 16);
        assert_int_equal(bl_key_to_pem(k, true, &pem, NULL), BL_OK);
        assert_memory_equal(pem.p, "-----BEGIN PRIVATE KEY-----\n", 28);
        assert_int_equal(bl_key_from_pem((char *)pem.p, pem.len, &k2, NULL), BL_OK);
        assert_true(bl_key_has_private(k2));
        assert_int_equal(bl_key_to_pem(k2, true, &pem2, NULL), BL_OK);
        assert_int_equal(pem.len, pem2.len);
        assert_memory_equal(pem.p, pem2.p, pem.len);
        cross_sign(k2, k);
        cross_sign(k, k2);
        bl_key_free(k2);
        bl_buf_reset(&pem);
        assert_int_equal(bl_key_to_pem(k, false, &pem, NULL), BL_OK);
        assert_memory_equal(pem.p, "-----BEGIN PUBLIC KEY-----\n", 27);
        assert_int_equal(bl_key_from_pem((char *)pem.p, pem.len, &pub, NULL), BL_OK);
        assert_false(bl_key_has_private(pub));
        cross_sign(k, pub);
        bl_key_free(pub);
        /* JWK: private and public. */
        assert_int_equal(bl_key_to_jwk(k, true, &j, NULL), BL_OK);
        assert_string_equal(bl_json_str(j, "kty"), cases[i].kty);
        assert_non_null(bl_json_str(j, "d"));
        assert_int_equal(bl_key_from_jwk(j, &k2, NULL), BL_OK);
        assert_true(bl_key_has_private(k2));
        cross_sign(k2, k);
        json_decref(j);
        assert_int_equal(bl_key_to_jwk(k, false, &j, NULL), BL_OK);
        assert_null(json_object_get(j, "d"));
        assert_int_equal(bl_key_from_jwk(j, &pub, NULL), BL_OK);
        cross_sign(k2, pub);
        json_decref(j);
        bl_key_free(pub);
        bl_key_free(k2);
        /* A public key cannot export private forms. */
        assert_int_equal(bl_key_to_jwk(k, false, &j, NULL), BL_OK);
        assert_int_equal(bl_key_from_jwk(j, &pub, NULL), BL_OK);
        json_decref(j);
        bl_buf_reset(&pem);
        assert_int_equal(bl_key_to_pem(pub, true, &pem, NULL), BL_EINVAL);
        assert_int_equal(bl_key_to_jwk(pub, true, &j, NULL), BL_EINVAL);
        assert_null(j);
        /* References. */
        assert_ptr_equal(bl_key_ref(pub), pub);
        bl_key_free(pub);
        bl_key_free(pub);
        bl_buf_free(&pem);
        bl_buf_free(&pem2);
        bl_key_free(k);
    }
}

static void test_generate_errors(void **state)
{
    struct bl_key *k = NULL;
    struct bl_errinfo ei;

    (void)state;
    assert_int_equal(bl_key_generate(BL_KEY_RSA, 1024, &k, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "RSA key size 1024: only 2048 and 3072 are generated");
    assert_int_equal(bl_key_generate((enum bl_key_type)9, 0, &k, &ei), BL_EINVAL);
    assert_null(k);
}

/* RFC 7515 A.2 key with one member replaced by value. */
static char *a2_with(const char *member, const char *value);

static const char a2_members[][8] = {"n", "e", "d", "p", "q", "dp", "dq", "qi"};
static const char *const a2_values[] = {
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-"
    "4qPCJrcS2mJPMEzP1Pt0Bm4d4Q"
    "lL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbB"
    "YUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DW"
    "NmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
    "AQAB",
    "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-"
    "7YwVol2NXOoAJ"
    "e46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_"
    "V51gfpRLI"
    "9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_"
    "jTj3ccPDVZFD9pI"
    "uhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
    "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_"
    "Py5PJdTJ"
    "NPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
    "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_"
    "Yw"
    "D66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
    "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-"
    "FOKnu1R6HsJ"
    "eDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
    "h_96-mK1R_"
    "7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-N"
    "KJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
    "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_"
    "QJQ3ydy5cY7YIBi8"
    "7w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U",
};

static char *a2_with(const char *member, const char *value)
{
    json_t *o = json_object();
    char *s;
    size_t i;

    json_object_set_new(o, "kty", json_string("RSA"));
    for (i = 0; i < 8; i++) {
        if (member != NULL && strcmp(member, a2_members[i]) == 0) {
            if (value != NULL)
                json_object_set_new(o, a2_members[i], json_string(value));
        } else {
            json_object_set_new(o, a2_members[i], json_string(a2_values[i]));
        }
    }
    s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static void a2_fails(const char *member, const char *value, enum bl_err code, const char *msg)
{
    char *s = a2_with(member, value);

    jwk_fails(s, code, msg);
    free(s); /* lint: allow (jansson's json_dumps result) */
}

static void test_jwk_strict(void **state)
{
    static const char inconsistent[] = "JWK: RSA private members are inconsistent with each other "
                                       "or with \"n\" and \"e\"";
    char *s;
    struct bl_key *k;

    (void)state;
    /* The untouched RFC key imports. */
    s = a2_with(NULL, NULL);
    k = jwk(s);
    assert_int_equal(bl_key_bits(k), 2048);
    bl_key_free(k);
    free(s); /* lint: allow */
    /* Inconsistent private members: each one swapped for another valid-looking value. */
    a2_fails("dp", a2_values[6], BL_EINVAL, inconsistent);
    a2_fails("dq", a2_values[5], BL_EINVAL, inconsistent);
    a2_fails("qi", a2_values[5], BL_EINVAL, inconsistent);
    a2_fails("p", a2_values[4], BL_EINVAL, inconsistent);
    a2_fails("d", a2_values[0], BL_EINVAL, inconsistent);
    a2_fails("e", "AQAD", BL_EINVAL, inconsistent);
    /* Missing or partial members. */
    a2_fails("qi", NULL, BL_EINVAL,
             "JWK: RSA private key needs all of d p q dp dq qi (\"qi\" missing)");
    a2_fails("n", NULL, BL_EINVAL, "JWK: member \"n\" missing");
    a2_fails("n", "AKH4Fg", BL_EINVAL, "JWK: member \"n\" has a leading zero octet");
    a2_fails("e", "AQA=", BL_EINVAL,
             "JWK: member \"e\" is not base64url (base64url: padding '=' not allowed (offset 3))");
    jwk_fails("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", BL_EINVAL,
              "RSA key of 17 bits: Blason accepts 2048 to 8192 bits");
    /* EC. */
    jwk_fails("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}", BL_EUNSUPPORTED,
              "JWK: EC curve \"P-384\" is not supported");
    jwk_fails(
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\"}",
        BL_EINVAL, "JWK: member \"y\" missing");
    jwk_fails(
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvR\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
        BL_EINVAL, "JWK: member \"x\" is 30 bytes, expected 32");
    /* y of another point: not on the curve. */
    jwk_fails(
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4\"}",
        BL_EINVAL, "P-256 public key is not a point on the curve");
    jwk_fails(
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
        "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LA\"}",
        BL_EINVAL, "JWK: private key \"d\" does not match \"x\", \"y\"");
    /* OKP. */
    jwk_fails("{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AA\"}", BL_EUNSUPPORTED,
              "JWK: OKP curve \"X25519\" is not supported");
    jwk_fails("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
              "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
              "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURA\"}",
              BL_EINVAL, "JWK: private key \"d\" does not match \"x\"");
    jwk_fails("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":11}", BL_EINVAL,
              "JWK: member \"x\" is a integer, expected a string");
    /* Other kty, use, alg, not an object. */
    jwk_fails("{\"kty\":\"oct\",\"k\":\"AA\"}", BL_EUNSUPPORTED,
              "JWK: kty \"oct\" is not supported");
    jwk_fails("{\"crv\":\"Ed25519\"}", BL_EINVAL, "JWK: field \"kty\": missing");
    jwk_fails("[]", BL_EINVAL, "JWK is not a JSON object");
    jwk_fails("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"use\":\"enc\","
              "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
              BL_EINVAL, "JWK: \"use\" must be \"sig\" for a signing key");
    jwk_fails("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"ES256\","
              "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
              BL_EINVAL, "JWK: \"alg\" does not fit a Ed25519 key (expected \"EdDSA\")");
}

/* PEM import of key forms made here by OpenSSL: structure "type-specific" etc. */
static char *openssl_pem(EVP_PKEY *pkey, int selection, const char *structure, const char *cipher)
{
    OSSL_ENCODER_CTX *e = OSSL_ENCODER_CTX_new_for_pkey(pkey, selection, "PEM", structure, NULL);
    unsigned char *data = NULL;
    size_t len = 0;
    char *s;

    assert_non_null(e);
    if (cipher != NULL) {
        assert_int_equal(OSSL_ENCODER_CTX_set_cipher(e, cipher, NULL), 1);
        assert_int_equal(OSSL_ENCODER_CTX_set_passphrase(e, (const unsigned char *)"pw", 2), 1);
    }
    assert_int_equal(OSSL_ENCODER_to_data(e, &data, &len), 1);
    s = bl_strndup((char *)data, len);
    OPENSSL_free(data);
    OSSL_ENCODER_CTX_free(e);
    return s;
}

static void pem_fails(const char *pem, enum bl_err code, const char *msg)
{
    struct bl_key *k = NULL;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_key_from_pem(pem, strlen(pem), &k, &ei), code);
    assert_null(k);
    if (msg != NULL)
        assert_string_equal(ei.msg, msg);
}

static void test_pem_forms(void **state)
{
    struct bl_key *k = NULL, *k2 = NULL;
    EVP_PKEY *small, *p384;
    char *pem;

    (void)state;
    assert_int_equal(bl_key_generate(BL_KEY_RSA, 2048, &k, NULL), BL_OK);
    /* PKCS#1 "RSA PUBLIC KEY" and "RSA PRIVATE KEY". */
    pem = openssl_pem(bl_key__pkey(k), EVP_PKEY_PUBLIC_KEY, "type-specific", NULL);
    assert_memory_equal(pem, "-----BEGIN RSA PUBLIC KEY-----", 30);
    assert_int_equal(bl_key_from_pem(pem, strlen(pem), &k2, NULL), BL_OK);
    assert_false(bl_key_has_private(k2));
    cross_sign(k, k2);
    bl_key_free(k2);
    bl_free(pem);
    pem = openssl_pem(bl_key__pkey(k), EVP_PKEY_KEYPAIR, "type-specific", NULL);
    assert_memory_equal(pem, "-----BEGIN RSA PRIVATE KEY-----", 31);
    assert_int_equal(bl_key_from_pem(pem, strlen(pem), &k2, NULL), BL_OK);
    assert_true(bl_key_has_private(k2));
    cross_sign(k2, k);
    bl_key_free(k2);
    bl_free(pem);
    /* Encrypted forms are refused, never prompted for. */
    pem = openssl_pem(bl_key__pkey(k), EVP_PKEY_KEYPAIR, "PrivateKeyInfo", "AES-256-CBC");
    assert_memory_equal(pem, "-----BEGIN ENCRYPTED PRIVATE KEY-----", 37);
    pem_fails(pem, BL_EUNSUPPORTED,
              "PEM block \"ENCRYPTED PRIVATE KEY\" is not a supported key form");
    bl_free(pem);
    pem = openssl_pem(bl_key__pkey(k), EVP_PKEY_KEYPAIR, "type-specific", "AES-256-CBC");
    pem_fails(pem, BL_EUNSUPPORTED, "encrypted PEM keys are not supported");
    bl_free(pem);
    bl_key_free(k);
    /* RSA-1024 and P-384 keys are refused. */
    small = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    pem = openssl_pem(small, EVP_PKEY_PUBLIC_KEY, "SubjectPublicKeyInfo", NULL);
    pem_fails(pem, BL_EINVAL, "RSA key of 1024 bits: Blason accepts 2048 to 8192 bits");
    bl_free(pem);
    EVP_PKEY_free(small);
    p384 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    pem = openssl_pem(p384, EVP_PKEY_PUBLIC_KEY, "SubjectPublicKeyInfo", NULL);
    pem_fails(pem, BL_EUNSUPPORTED, "EC key on curve secp384r1: only P-256 is supported");
    bl_free(pem);
    EVP_PKEY_free(p384);
    pem_fails("hello", BL_EINVAL, "no \"-----BEGIN\" line: not a PEM key");
    pem_fails("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", BL_EUNSUPPORTED,
              "PEM block \"CERTIFICATE\" is not a supported key form");
    pem_fails("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", BL_EINVAL, NULL);
}

static void test_multikey_did(void **state)
{
    enum bl_key_type types[] = {BL_KEY_ED25519, BL_KEY_P256};
    struct bl_key *k = NULL, *k2 = NULL, *rsa = NULL;
    struct bl_buf mk, did, vm;
    struct bl_errinfo ei;
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        bl_buf_init(&mk, 256);
        bl_buf_init(&did, 256);
        bl_buf_init(&vm, 512);
        assert_int_equal(bl_key_generate(types[i], 0, &k, NULL), BL_OK);
        assert_int_equal(bl_key_to_multikey(k, &mk, NULL), BL_OK);
        assert_memory_equal(mk.p, i == 0 ? "z6Mk" : "zDn", i == 0 ? 4 : 3);
        assert_int_equal(bl_key_from_multikey((char *)mk.p, mk.len, &k2, NULL), BL_OK);
        assert_int_equal(bl_key_type(k2), types[i]);
        cross_sign(k, k2);
        bl_key_free(k2);
        assert_int_equal(bl_key_to_did(k, &did, NULL), BL_OK);
        assert_memory_equal(did.p, "did:key:", 8);
        assert_string_equal((char *)did.p + 8, (char *)mk.p);
        assert_int_equal(bl_key_to_did_vm(k, &vm, NULL), BL_OK);
        assert_int_equal(vm.len, 8 + 2 * mk.len + 1);
        assert_memory_equal(vm.p, did.p, did.len);
        assert_int_equal(vm.p[did.len], '#');
        assert_string_equal((char *)vm.p + did.len + 1, (char *)mk.p);
        assert_int_equal(bl_key_from_did((char *)did.p, did.len, &k2, NULL), BL_OK);
        cross_sign(k, k2);
        bl_key_free(k2);
        assert_int_equal(bl_key_from_did((char *)vm.p, vm.len, &k2, NULL), BL_OK);
        cross_sign(k, k2);
        bl_key_free(k2);
        /* A fragment naming another key is refused. */
        vm.p[vm.len - 1] = vm.p[vm.len - 1] == 'a' ? 'b' : 'a';
        assert_int_equal(bl_key_from_did((char *)vm.p, vm.len, &k2, &ei), BL_EINVAL);
        assert_string_equal(ei.msg, "did:key fragment does not repeat the key");
        bl_key_free(k);
        bl_buf_free(&mk);
        bl_buf_free(&did);
        bl_buf_free(&vm);
    }
    assert_int_equal(bl_key_from_did("did:web:example.org", 19, &k2, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "not a did:key (no \"did:key:\" prefix)");
    assert_int_equal(bl_key_generate(BL_KEY_RSA, 2048, &rsa, NULL), BL_OK);
    bl_buf_init(&mk, 256);
    assert_int_equal(bl_key_to_multikey(rsa, &mk, &ei), BL_EUNSUPPORTED);
    assert_string_equal(ei.msg, "no Multikey form for a RSA key");
    assert_int_equal(mk.len, 0);
    bl_buf_free(&mk);
    bl_key_free(rsa);
}

/* did:key test vectors of the W3C did:key spec (P-256 and Ed25519). */
static void test_did_key_vectors(void **state)
{
    static const char ed[] = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
    static const char p256[] = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
    struct bl_key *k = NULL;
    struct bl_buf b;

    (void)state;
    bl_buf_init(&b, 256);
    assert_int_equal(bl_key_from_did(ed, strlen(ed), &k, NULL), BL_OK);
    assert_int_equal(bl_key_type(k), BL_KEY_ED25519);
    assert_int_equal(bl_key_to_did(k, &b, NULL), BL_OK);
    assert_string_equal((char *)b.p, ed);
    bl_key_free(k);
    bl_buf_reset(&b);
    assert_int_equal(bl_key_from_did(p256, strlen(p256), &k, NULL), BL_OK);
    assert_int_equal(bl_key_type(k), BL_KEY_P256);
    assert_int_equal(bl_key_to_did(k, &b, NULL), BL_OK);
    assert_string_equal((char *)b.p, p256);
    bl_key_free(k);
    bl_buf_free(&b);
}

static void test_ob30_keypair(void **state)
{
    unsigned char *text, seed_pub[64];
    size_t n;
    json_t *doc = NULL, *j = NULL;
    struct bl_key *pub = NULL, *priv = NULL;
    struct bl_buf mk;
    const char *mb;

    (void)state;
    text = tu_fixture("ob30-spec-test-vector/keypair.json", &n);
    assert_int_equal(bl_json_parse((char *)text, n, 1 << 20, 32, &doc, NULL), BL_OK);
    mb = bl_json_str(doc, "publicKeyMultibase");
    assert_int_equal(bl_key_from_multikey(mb, strlen(mb), &pub, NULL), BL_OK);
    assert_int_equal(bl_key_type(pub), BL_KEY_ED25519);
    /* The published secret (seed || public) derives exactly this public key. */
    unhex(bl_json_str(doc, "privateKeyHex_seed_plus_public"), seed_pub, 64);
    assert_int_equal(bl_key_from_ed25519_raw(seed_pub, 32, true, &priv, NULL), BL_OK);
    bl_buf_init(&mk, 256);
    assert_int_equal(bl_key_to_multikey(priv, &mk, NULL), BL_OK);
    assert_string_equal((char *)mk.p, mb);
    assert_int_equal(bl_key_to_jwk(pub, false, &j, NULL), BL_OK);
    {
        struct bl_buf x;
        unsigned char want[32];

        bl_buf_init(&x, 64);
        unhex(bl_json_str(doc, "publicKeyHex"), want, 32);
        assert_int_equal(bl_base64url_decode(&x, bl_json_str(j, "x"), 43, NULL), BL_OK);
        assert_memory_equal(x.p, want, 32);
        assert_memory_equal(seed_pub + 32, want, 32);
        bl_buf_free(&x);
    }
    cross_sign(priv, pub);
    bl_wipe(seed_pub, sizeof(seed_pub));
    json_decref(j);
    json_decref(doc);
    bl_buf_free(&mk);
    bl_free(text);
    bl_key_free(pub);
    bl_key_free(priv);
}

static void test_jwks(void **state)
{
    struct bl_key *keys[3] = {NULL};
    json_t *doc = NULL, *arr, *e;
    struct bl_buf kid;
    size_t i;
    static const char *const algs[] = {"EdDSA", "ES256", "RS256"};

    (void)state;
    assert_int_equal(bl_key_generate(BL_KEY_ED25519, 0, &keys[0], NULL), BL_OK);
    assert_int_equal(bl_key_generate(BL_KEY_P256, 0, &keys[1], NULL), BL_OK);
    assert_int_equal(bl_key_generate(BL_KEY_RSA, 2048, &keys[2], NULL), BL_OK);
    assert_int_equal(bl_key_jwks((const struct bl_key *const *)keys, 3, &doc, NULL), BL_OK);
    arr = json_object_get(doc, "keys");
    assert_int_equal(json_array_size(arr), 3);
    bl_buf_init(&kid, 64);
    json_array_foreach(arr, i, e)
    {
        struct bl_key *k = NULL;

        bl_buf_reset(&kid);
        assert_int_equal(bl_key_thumbprint(keys[i], &kid, NULL), BL_OK);
        assert_int_equal(kid.len, 43);
        assert_string_equal(bl_json_str(e, "kid"), (char *)kid.p);
        assert_string_equal(bl_json_str(e, "alg"), algs[i]);
        assert_string_equal(bl_json_str(e, "use"), "sig");
        assert_null(json_object_get(e, "d"));
        assert_int_equal(bl_key_from_jwk(e, &k, NULL), BL_OK);
        cross_sign(keys[i], k);
        bl_key_free(k);
    }
    bl_buf_free(&kid);
    json_decref(doc);
    for (i = 0; i < 3; i++)
        bl_key_free(keys[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8032),
        cmocka_unit_test(test_rfc7638_thumbprint),
        cmocka_unit_test(test_generate_and_round_trips),
        cmocka_unit_test(test_generate_errors),
        cmocka_unit_test(test_jwk_strict),
        cmocka_unit_test(test_pem_forms),
        cmocka_unit_test(test_multikey_did),
        cmocka_unit_test(test_did_key_vectors),
        cmocka_unit_test(test_ob30_keypair),
        cmocka_unit_test(test_jwks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
