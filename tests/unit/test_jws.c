/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_jws.c: compact JWS.  Known answers from RFC 7515 Appendix A.2 (RS256,
 * byte-exact signing) and A.3 (ES256 verify), RFC 8037 Appendix A.4 (EdDSA,
 * byte-exact); the OB 2.0 signed assertions of the conformance fixtures;
 * and every rejection path with its exact code and message.  Rejection
 * cases carry a valid signature made here with OpenSSL directly, so the
 * check under test, not the signature, is what refuses them.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/base64.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/key.h"
#include "core/mem.h"
#include "testutil.h"

/* RFC 7515 Appendix A.2 / A.3 payload: three lines joined by CRLF. */
static const char rfc_payload[] = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n "
                                  "\"http://example.com/is_root\":true}";
static const char rfc_payload_b64[] = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9l"
                                      "eGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

static const char a2_jwk[] =
    "{\"kty\":\"RSA\","
    "\"n\":\"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1"
    "Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS"
    "5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aG"
    "hyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ\","
    "\"e\":\"AQAB\","
    "\"d\":\"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7Yw"
    "Vol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0"
    "M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jT"
    "j3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ\","
    "\"p\":\"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB"
    "0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc\","
    "\"q\":\"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul"
    "7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc\","
    "\"dp\":\"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Y"
    "z-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0\","
    "\"dq\":\"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N"
    "3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU\","
    "\"qi\":\"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ"
    "3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U\"}";

static const char a2_jws[] =
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
    "fQ"
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
    "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L"
    "07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUi"
    "pUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

static const char a3_jwk_pub[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
                                 "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                                 "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
static const char a3_jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
                             "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                             "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
                             "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";
static const char a3_jws[] =
    "eyJhbGciOiJFUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
    "fQ"
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/* RFC 8037 Appendix A.1 (the RFC 8032 TEST 1 key) and A.4. */
static const char ed_jwk[] = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                             "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                             "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
static const char ed_jwk_pub[] = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                                 "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
static const char a4_jws[] =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    ".hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

static struct bl_key *jwk(const char *text)
{
    struct bl_key *k = NULL;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    if (bl_key_from_jwk_text(text, strlen(text), &k, &ei) != BL_OK)
        fail_msg("JWK import: %s", ei.msg);
    return k;
}

/* Verifying z with opts succeeds and yields payload want[0..n). */
static void verifies_opts(const char *z, const struct bl_jws_verify_opts *opts, const void *want,
                          size_t n)
{
    struct bl_errinfo ei;
    struct bl_buf p;
    json_t *h = NULL;

    bl_buf_init(&p, BL_JWS_PAYLOAD_MAX);
    bl_errinfo_clear(&ei);
    if (bl_jws_verify(z, strlen(z), opts, &h, &p, &ei) != BL_OK)
        fail_msg("verify: %s", ei.msg);
    assert_true(json_is_object(h));
    assert_int_equal(p.len, n);
    if (n > 0)
        assert_memory_equal(p.p, want, n);
    json_decref(h);
    bl_buf_free(&p);
}

static void verifies(const char *z, const struct bl_key *key, const void *want, size_t n)
{
    struct bl_jws_verify_opts opts = {.key = key};

    verifies_opts(z, &opts, want, n);
}

/* Verifying z[0..n) with opts fails with code and exactly msg (NULL: any message). */
static void refused_n(const char *z, size_t n, const struct bl_jws_verify_opts *opts,
                      enum bl_err code, const char *msg)
{
    struct bl_errinfo ei;
    struct bl_buf p;
    json_t *h = (json_t *)1;

    bl_buf_init(&p, BL_JWS_PAYLOAD_MAX);
    assert_int_equal(bl_buf_puts(&p, "keep"), BL_OK);
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_jws_verify(z, n, opts, &h, &p, &ei), code);
    assert_int_equal(ei.code, code);
    if (msg != NULL)
        assert_string_equal(ei.msg, msg);
    assert_null(h);
    assert_int_equal(p.len, 4);
    assert_string_equal((char *)p.p, "keep");
    bl_buf_free(&p);
}

static void refused(const char *z, const struct bl_key *key, enum bl_err code, const char *msg)
{
    struct bl_jws_verify_opts opts = {.key = key};

    refused_n(z, strlen(z), &opts, code, msg);
}

/*
 * A compact JWS over header text hdr and payload pl, signed here with
 * OpenSSL (Ed25519 for alg EdDSA-like tests, or k's own type); caller frees.
 */
static char *forge(const char *hdr, const char *pl, const struct bl_key *k)
{
    EVP_PKEY *pkey = bl_key__pkey(k);
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    unsigned char sig[1024];
    size_t nsig = sizeof(sig);
    struct bl_buf b;

    bl_buf_init(&b, 1 << 24);
    assert_int_equal(bl_base64url_encode(&b, hdr, strlen(hdr), NULL), BL_OK);
    assert_int_equal(bl_buf_putc(&b, '.'), BL_OK);
    assert_int_equal(bl_base64url_encode(&b, pl, strlen(pl), NULL), BL_OK);
    assert_int_equal(EVP_DigestSignInit(m, NULL,
                                        bl_key_type(k) == BL_KEY_ED25519 ? NULL : EVP_sha256(),
                                        NULL, pkey),
                     1);
    assert_int_equal(EVP_DigestSign(m, sig, &nsig, b.p, b.len), 1);
    EVP_MD_CTX_free(m);
    assert_int_equal(bl_buf_putc(&b, '.'), BL_OK);
    assert_int_equal(bl_base64url_encode(&b, sig, nsig, NULL), BL_OK);
    return (char *)bl_buf_detach(&b, NULL);
}

static void test_rfc7515_a2_rs256(void **state)
{
    struct bl_key *k = jwk(a2_jwk);
    struct bl_errinfo ei;
    struct bl_buf out;

    (void)state;
    bl_buf_init(&out, 4096);
    bl_errinfo_clear(&ei);
    assert_int_equal(
        bl_jws_sign(k, BL_JWS_RS256, NULL, rfc_payload, strlen(rfc_payload), &out, &ei), BL_OK);
    assert_string_equal((char *)out.p, a2_jws);
    verifies(a2_jws, k, rfc_payload, strlen(rfc_payload));
    bl_buf_free(&out);
    bl_key_free(k);
}

static void test_rfc7515_a3_es256(void **state)
{
    struct bl_key *pub = jwk(a3_jwk_pub), *priv = jwk(a3_jwk);
    struct bl_buf out;

    (void)state;
    verifies(a3_jws, pub, rfc_payload, strlen(rfc_payload));
    /* ECDSA is randomised: our own signature must verify with the RFC's public key. */
    bl_buf_init(&out, 4096);
    assert_int_equal(
        bl_jws_sign(priv, BL_JWS_ES256, NULL, rfc_payload, strlen(rfc_payload), &out, NULL), BL_OK);
    assert_int_equal(out.len, strlen("eyJhbGciOiJFUzI1NiJ9.") + strlen(rfc_payload_b64) + 1 + 86);
    assert_memory_equal(out.p, "eyJhbGciOiJFUzI1NiJ9.", 21);
    verifies((char *)out.p, pub, rfc_payload, strlen(rfc_payload));
    bl_buf_free(&out);
    bl_key_free(pub);
    bl_key_free(priv);
}

static void test_rfc8037_a4_eddsa(void **state)
{
    struct bl_key *k = jwk(ed_jwk), *pub = jwk(ed_jwk_pub);
    const char *msg = "Example of Ed25519 signing";
    struct bl_buf out;

    (void)state;
    bl_buf_init(&out, 4096);
    assert_int_equal(bl_jws_sign(k, BL_JWS_EDDSA, NULL, msg, strlen(msg), &out, NULL), BL_OK);
    assert_string_equal((char *)out.p, a4_jws);
    verifies(a4_jws, pub, msg, strlen(msg));
    bl_buf_free(&out);
    bl_key_free(k);
    bl_key_free(pub);
}

/* The publicKeyPem of an OB 2.0 CryptographicKey fixture, as a key. */
static struct bl_key *ob20_key(const char *rel)
{
    unsigned char *text;
    size_t n;
    json_t *doc = NULL;
    struct bl_key *k = NULL;
    const char *pem;

    text = tu_fixture(rel, &n);
    assert_non_null(text);
    assert_int_equal(bl_json_parse((char *)text, n, 1 << 20, 32, &doc, NULL), BL_OK);
    pem = bl_json_str(doc, "publicKeyPem");
    assert_non_null(pem);
    assert_int_equal(bl_key_from_pem(pem, strlen(pem), &k, NULL), BL_OK);
    assert_int_equal(bl_key_type(k), BL_KEY_RSA);
    assert_int_equal(bl_key_bits(k), 2048);
    assert_false(bl_key_has_private(k));
    json_decref(doc);
    bl_free(text);
    return k;
}

static void test_ob20_fixtures(void **state)
{
    static const char *const jwts[] = {"ob20/simple.jwt", "ob20/simple-not-revoked.jwt",
                                       "ob20/simple-revoked.jwt"};
    static const char *const keys[] = {"ob20/assets/key1.json", "ob20/assets/key2.json",
                                       "ob20/assets/key3.json"};
    size_t i, part;

    (void)state;
    for (i = 0; i < 3; i++) {
        struct bl_key *k = ob20_key(keys[i]), *other = ob20_key(keys[(i + 1) % 3]);
        struct bl_jws_verify_opts opts = {.key = k};
        struct bl_buf p;
        json_t *h = NULL, *a = NULL;
        size_t n;
        char *z = (char *)tu_fixture(jwts[i], &n);

        bl_buf_init(&p, BL_JWS_PAYLOAD_MAX);
        assert_int_equal(bl_jws_verify(z, n, &opts, &h, &p, NULL), BL_OK);
        assert_string_equal(bl_json_str(h, "alg"), "RS256");
        assert_int_equal(bl_json_parse((char *)p.p, p.len, 1 << 20, 32, &a, NULL), BL_OK);
        assert_string_equal(bl_json_str(a, "type"), "Assertion");
        /* Another issuer's key does not verify it. */
        refused_n(z, n, &(struct bl_jws_verify_opts){.key = other}, BL_EBADSIG,
                  "signature does not verify");
        /* One changed character in each part (kept inside the alphabet) breaks it. */
        for (part = 0; part < 3; part++) {
            char *dot = z, *c;
            size_t s;

            for (s = 0; s < part; s++)
                dot = strchr(dot, '.') + 1;
            c = dot + 6;
            *c = *c == 'A' ? 'B' : 'A';
            refused_n(z, n, &opts, part == 0 ? BL_EJSON : BL_EBADSIG, NULL);
            bl_free(z);
            z = (char *)tu_fixture(jwts[i], &n);
        }
        json_decref(a);
        json_decref(h);
        bl_buf_free(&p);
        bl_free(z);
        bl_key_free(k);
        bl_key_free(other);
    }
}

static void test_reject_alg(void **state)
{
    struct bl_key *k = jwk(ed_jwk);
    struct bl_jws_verify_opts opts = {.key = k, .algs = BL_JWS_ALG_BIT(BL_JWS_RS256)};
    char *z;

    (void)state;
    /* RFC 7515 §A.5-style unsecured JWS. */
    refused("eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UifQ.", k, BL_EINVAL, "JWS signature is empty");
    z = forge("{\"alg\":\"none\"}", "{}", k);
    refused(z, k, BL_EUNSUPPORTED, "JWS alg \"none\" (unsigned) is refused");
    bl_free(z);
    z = forge("{\"alg\":\"HS256\"}", "{}", k);
    refused(z, k, BL_EUNSUPPORTED, "JWS alg \"HS256\" is not supported");
    bl_free(z);
    z = forge("{\"typ\":\"JWT\"}", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header has no \"alg\"");
    bl_free(z);
    z = forge("{\"alg\":7}", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header \"alg\" is a integer, not a string");
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\"}", "{}", k);
    refused_n(z, strlen(z), &opts, BL_EUNSUPPORTED, "JWS alg \"EdDSA\" is not allowed here");
    bl_free(z);
    bl_key_free(k);
}

static void test_reject_crit_b64(void **state)
{
    static const char *const exp_understood[] = {"exp", NULL};
    struct bl_key *k = jwk(ed_jwk);
    struct bl_jws_verify_opts opts = {.key = k, .crit = exp_understood};
    char *z;

    (void)state;
    z = forge("{\"alg\":\"EdDSA\",\"crit\":[\"exp\"],\"exp\":1363284000}", "{}", k);
    refused(z, k, BL_EUNSUPPORTED, "JWS critical extension \"exp\" is not understood");
    verifies_opts(z, &opts, "{}", 2);
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\",\"crit\":[\"exp\"]}", "{}", k);
    refused_n(z, strlen(z), &opts, BL_EINVAL, "JWS header \"crit\" lists \"exp\", which is absent");
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\",\"crit\":[\"alg\"]}", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header \"crit\" lists \"alg\", a name RFC 7515 defines");
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\",\"crit\":[]}", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header \"crit\" is not a non-empty array");
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\",\"crit\":[1]}", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header \"crit\" holds a integer, not a string");
    bl_free(z);
    /* RFC 7797 §7 example header. */
    z = forge("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"]}", "{}", k);
    refused(z, k, BL_EUNSUPPORTED, "JWS with \"b64\": false (RFC 7797) is refused");
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\",\"b64\":false}", "{}", k);
    refused(z, k, BL_EUNSUPPORTED, "JWS with \"b64\": false (RFC 7797) is refused");
    bl_free(z);
    bl_key_free(k);
}

static void test_reject_structure(void **state)
{
    struct bl_key *k = jwk(ed_jwk);
    char *z, *bad;
    size_t n;

    (void)state;
    refused("eyJhbGciOiJFZERTQSJ9.e30", k, BL_EINVAL, "compact JWS has 2 segments, expected 3");
    refused("a.b.c.d", k, BL_EINVAL, "compact JWS has 4 segments, expected 3");
    refused("", k, BL_EINVAL, "compact JWS has 1 segments, expected 3");
    refused(".e30.AAAA", k, BL_EINVAL, "JWS header is empty");
    /* Header not an object, duplicate member, not JSON. */
    z = forge("[\"alg\",\"EdDSA\"]", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header is a JSON array, not an object");
    bl_free(z);
    z = forge("\"EdDSA\"", "{}", k);
    refused(z, k, BL_EINVAL, "JWS header is a JSON string, not an object");
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}", "{}", k);
    refused(z, k, BL_EJSON, NULL);
    bl_free(z);
    z = forge("{\"alg\":\"EdDSA\"", "{}", k);
    refused(z, k, BL_EJSON, NULL);
    bl_free(z);
    /* Bad base64url in each part: '+', '/', padding, a stray character. */
    z = forge("{\"alg\":\"EdDSA\"}", "{}", k);
    n = strlen(z);
    bad = bl_strdup(z);
    bad[3] = '+';
    refused(bad, k, BL_EINVAL, NULL);
    memcpy(bad, z, n);
    bad[21] = '/';
    refused(bad, k, BL_EINVAL, NULL);
    memcpy(bad, z, n);
    bad[n - 1] = '=';
    refused(bad, k, BL_EINVAL, NULL);
    memcpy(bad, z, n);
    bad[n - 5] = ' ';
    refused(bad, k, BL_EINVAL, NULL);
    bl_free(bad);
    /* Tampered header, payload and signature. */
    verifies(z, k, "{}", 2);
    bad = forge("{\"alg\":\"EdDSA\",\"kid\":\"x\"}", "{}", k);
    {
        /* Splice: another header onto this payload and signature. */
        struct bl_buf s;

        bl_buf_init(&s, 4096);
        assert_int_equal(bl_buf_append(&s, bad, (size_t)(strchr(bad, '.') - bad)), BL_OK);
        assert_int_equal(bl_buf_puts(&s, strchr(z, '.')), BL_OK);
        refused((char *)s.p, k, BL_EBADSIG, "signature does not verify");
        bl_buf_reset(&s);
        assert_int_equal(bl_buf_append(&s, z, (size_t)(strchr(z, '.') - z)), BL_OK);
        assert_int_equal(bl_buf_puts(&s, ".e3x9"), BL_OK);
        assert_int_equal(bl_buf_puts(&s, strrchr(z, '.')), BL_OK);
        refused((char *)s.p, k, BL_EBADSIG, "signature does not verify");
        bl_buf_free(&s);
    }
    bl_free(bad);
    bad = bl_strdup(z);
    bad[n - 10] = bad[n - 10] == 'A' ? 'B' : 'A';
    refused(bad, k, BL_EBADSIG, "signature does not verify");
    bl_free(bad);
    bl_free(z);
    bl_key_free(k);
}

static void test_reject_sizes(void **state)
{
    struct bl_key *k = jwk(ed_jwk);
    struct bl_jws_verify_opts opts = {.key = k};
    struct bl_buf b;
    char *z;
    size_t i;

    (void)state;
    bl_buf_init(&b, BL_JWS_MAX + 16);
    /* Header one character over the cap. */
    for (i = 0; i < BL_JWS_HEADER_MAX + 1; i++)
        assert_int_equal(bl_buf_putc(&b, 'A'), BL_OK);
    assert_int_equal(bl_buf_puts(&b, ".e30.AAAA"), BL_OK);
    refused_n((char *)b.p, b.len, &opts, BL_ETOOBIG,
              "JWS header of 16385 characters is over the limit of 16384");
    /* Signature over 1024 bytes (1366 characters). */
    bl_buf_reset(&b);
    assert_int_equal(bl_buf_puts(&b, "eyJhbGciOiJFZERTQSJ9.e30."), BL_OK);
    for (i = 0; i < 1367; i++)
        assert_int_equal(bl_buf_putc(&b, 'A'), BL_OK);
    refused_n((char *)b.p, b.len, &opts, BL_ETOOBIG,
              "JWS signature of 1367 characters is over the limit of 1366");
    /* The whole text over BL_JWS_MAX. */
    bl_buf_reset(&b);
    for (i = 0; i < BL_JWS_MAX + 1; i++)
        assert_int_equal(bl_buf_putc(&b, 'A'), BL_OK);
    refused_n((char *)b.p, b.len, &opts, BL_ETOOBIG, NULL);
    /* Payload that does not fit the caller's buffer. */
    z = forge("{\"alg\":\"EdDSA\"}", "0123456789", k);
    {
        struct bl_buf small;
        struct bl_errinfo ei;

        bl_buf_init(&small, 9);
        assert_int_equal(bl_jws_verify(z, strlen(z), &opts, NULL, &small, &ei), BL_ETOOBIG);
        assert_int_equal(small.len, 0);
        bl_buf_free(&small);
    }
    bl_free(z);
    bl_buf_free(&b);
    bl_key_free(k);
}

/* A compact JWS "<hdr>.<payload>.<sig>" with the raw signature bytes sig[0..n). */
static char *with_sig(const char *signing_input, const unsigned char *sig, size_t n)
{
    struct bl_buf b;

    bl_buf_init(&b, 1 << 16);
    assert_int_equal(bl_buf_puts(&b, signing_input), BL_OK);
    assert_int_equal(bl_buf_putc(&b, '.'), BL_OK);
    assert_int_equal(bl_base64url_encode(&b, sig, n, NULL), BL_OK);
    return (char *)bl_buf_detach(&b, NULL);
}

static void test_reject_es256_and_keys(void **state)
{
    struct bl_key *ec = jwk(a3_jwk), *rsa = jwk(a2_jwk), *ed = jwk(ed_jwk);
    const char *input = "eyJhbGciOiJFUzI1NiJ9.e30";
    unsigned char raw[256], der[80];
    size_t nder = sizeof(der);
    EVP_MD_CTX *m;
    char *z;

    (void)state;
    memset(raw, 0x11, sizeof(raw));
    z = with_sig(input, raw, 63);
    refused(z, ec, BL_EINVAL, "ES256 signature is 63 bytes, expected 64");
    bl_free(z);
    z = with_sig(input, raw, 65);
    refused(z, ec, BL_EINVAL, "ES256 signature is 65 bytes, expected 64");
    bl_free(z);
    /* A genuine DER signature over the right input is still refused. */
    m = EVP_MD_CTX_new();
    assert_int_equal(EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, bl_key__pkey(ec)), 1);
    assert_int_equal(EVP_DigestSign(m, der, &nder, (const unsigned char *)input, strlen(input)), 1);
    EVP_MD_CTX_free(m);
    z = with_sig(input, der, nder);
    assert_true(nder >= 68 && nder <= 72);
    refused(z, ec, BL_EINVAL, NULL);
    bl_free(z);
    /* An R||S of zeros and an all-ones S are not valid signatures. */
    memset(raw, 0, sizeof(raw));
    z = with_sig(input, raw, 64);
    refused(z, ec, BL_EBADSIG, "signature does not verify");
    bl_free(z);
    memset(raw, 0xff, sizeof(raw));
    z = with_sig(input, raw, 64);
    refused(z, ec, BL_EBADSIG, "signature does not verify");
    bl_free(z);
    /* Algorithm and key type must agree, in both directions. */
    refused(a2_jws, ec, BL_EINVAL, "JWS alg RS256 needs an RSA key, not P-256");
    refused(a3_jws, rsa, BL_EINVAL, "JWS alg ES256 needs an P-256 key, not RSA");
    refused(a4_jws, rsa, BL_EINVAL, "JWS alg EdDSA needs an Ed25519 key, not RSA");
    refused(a2_jws, ed, BL_EINVAL, "JWS alg RS256 needs an RSA key, not Ed25519");
    {
        struct bl_buf out;
        struct bl_errinfo ei;

        bl_buf_init(&out, 4096);
        assert_int_equal(bl_jws_sign(ed, BL_JWS_RS256, NULL, "x", 1, &out, &ei), BL_EINVAL);
        assert_string_equal(ei.msg, "JWS alg RS256 needs an RSA key, not Ed25519");
        assert_int_equal(out.len, 0);
        bl_buf_free(&out);
    }
    /* RS256 signature of the wrong length. */
    z = with_sig("eyJhbGciOiJSUzI1NiJ9.e30", raw, 255);
    refused(z, rsa, BL_EINVAL, "RS256 signature is 255 bytes, expected 256");
    bl_free(z);
    bl_key_free(ec);
    bl_key_free(rsa);
    bl_key_free(ed);
}

/* A resolver that makes the key from the header's "jwk" member, as VC-JWT does. */
static enum bl_err from_header_jwk(void *cls, const json_t *header, struct bl_key **out,
                                   struct bl_errinfo *ei)
{
    const json_t *j = json_object_get(header, "jwk");

    (*(int *)cls)++;
    if (j == NULL)
        return bl_fail(ei, BL_ENOTFOUND, "no jwk in the header");
    return bl_key_from_jwk(j, out, ei);
}

static void test_sign_extra_and_resolver(void **state)
{
    struct bl_key *k = NULL;
    struct bl_jws_verify_opts opts = {0};
    struct bl_errinfo ei;
    struct bl_buf out, p;
    json_t *extra, *pubjwk = NULL, *h = NULL;
    int calls = 0;
    enum bl_key_type types[] = {BL_KEY_ED25519, BL_KEY_P256, BL_KEY_RSA};
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        assert_int_equal(bl_key_generate(types[i], 2048, &k, NULL), BL_OK);
        assert_int_equal(bl_key_to_jwk(k, false, &pubjwk, NULL), BL_OK);
        extra = json_pack("{s:s, s:o}", "typ", "JWT", "jwk", pubjwk);
        bl_buf_init(&out, 1 << 16);
        bl_buf_init(&p, 1 << 16);
        assert_int_equal(bl_jws_sign(k, bl_jws_alg_for_key(k), extra, "{\"a\":1}", 7, &out, NULL),
                         BL_OK);
        opts.resolve = from_header_jwk;
        opts.resolve_cls = &calls;
        assert_int_equal(bl_jws_verify((char *)out.p, out.len, &opts, &h, &p, &ei), BL_OK);
        assert_int_equal(calls, (int)i + 1);
        assert_string_equal(bl_json_str(h, "alg"), bl_jws_alg_name(bl_jws_alg_for_key(k)));
        assert_string_equal(bl_json_str(h, "typ"), "JWT");
        assert_string_equal((char *)p.p, "{\"a\":1}");
        /* The header keeps alg first, then the extra members in order. */
        {
            struct bl_buf hb;

            bl_buf_init(&hb, 1 << 16);
            assert_int_equal(
                bl_base64url_decode(&hb, (char *)out.p,
                                    (size_t)(strchr((char *)out.p, '.') - (char *)out.p), NULL),
                BL_OK);
            assert_memory_equal(hb.p, "{\"alg\":\"", 8);
            assert_non_null(strstr((char *)hb.p, "\",\"typ\":\"JWT\",\"jwk\":{"));
            bl_buf_free(&hb);
        }
        json_decref(h);
        h = NULL;
        /* extra may not set alg. */
        json_object_set_new(extra, "alg", json_string("none"));
        bl_buf_reset(&out);
        assert_int_equal(bl_jws_sign(k, bl_jws_alg_for_key(k), extra, "x", 1, &out, &ei),
                         BL_EINVAL);
        assert_string_equal(ei.msg, "extra JWS header members may not set \"alg\"");
        json_decref(extra);
        bl_buf_free(&out);
        bl_buf_free(&p);
        bl_key_free(k);
    }
    /* The resolver's own error comes back as is. */
    refused_n(a4_jws, strlen(a4_jws), &opts, BL_ENOTFOUND, "no jwk in the header");
    opts.resolve = NULL;
    refused_n(a4_jws, strlen(a4_jws), &opts, BL_EINVAL,
              "JWS verification without a key or a resolver");
}

static void test_sign_public_key_refused(void **state)
{
    struct bl_key *pub = jwk(ed_jwk_pub);
    struct bl_errinfo ei;
    struct bl_buf out;

    (void)state;
    bl_buf_init(&out, 4096);
    assert_int_equal(bl_jws_sign(pub, BL_JWS_EDDSA, NULL, "x", 1, &out, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "JWS signing needs a private key");
    bl_buf_free(&out);
    bl_key_free(pub);
}

static void test_parse_only(void **state)
{
    struct bl_buf p;
    json_t *h = NULL;
    char *z = bl_strdup(a4_jws);

    (void)state;
    /* A broken signature still parses: parse does not verify. */
    z[strlen(z) - 3] = 'A';
    bl_buf_init(&p, 1024);
    assert_int_equal(bl_jws_parse(z, strlen(z), &h, &p, NULL), BL_OK);
    assert_string_equal(bl_json_str(h, "alg"), "EdDSA");
    assert_string_equal((char *)p.p, "Example of Ed25519 signing");
    json_decref(h);
    /* alg none parses too (it is refused by verify only). */
    bl_buf_reset(&p);
    assert_int_equal(bl_jws_parse("eyJhbGciOiJub25lIn0.e30.AA", 26, &h, &p, NULL), BL_OK);
    assert_string_equal(bl_json_str(h, "alg"), "none");
    json_decref(h);
    assert_int_equal(bl_jws_parse("e30.e30", 7, &h, NULL, NULL), BL_EINVAL);
    assert_null(h);
    bl_buf_free(&p);
    bl_free(z);
}

/* Several threads sign and verify with one key: the context cache must hold. */
struct worker {
    struct bl_key *key;
    int ok;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    struct bl_jws_verify_opts opts = {.key = w->key};
    struct bl_buf out, p;
    int i;

    bl_buf_init(&out, 1 << 16);
    bl_buf_init(&p, 1 << 16);
    w->ok = 1;
    for (i = 0; i < 200 && w->ok; i++) {
        bl_buf_reset(&out);
        bl_buf_reset(&p);
        w->ok = bl_jws_sign(w->key, bl_jws_alg_for_key(w->key), NULL, "{\"n\":1}", 7, &out, NULL) ==
                    BL_OK &&
                bl_jws_verify((char *)out.p, out.len, &opts, NULL, &p, NULL) == BL_OK && p.len == 7;
    }
    bl_buf_free(&out);
    bl_buf_free(&p);
    return NULL;
}

static void test_threads(void **state)
{
    enum bl_key_type types[] = {BL_KEY_ED25519, BL_KEY_P256};
    pthread_t th[4];
    struct worker w[4];
    size_t t, i;

    (void)state;
    for (t = 0; t < 2; t++) {
        struct bl_key *k = NULL;

        assert_int_equal(bl_key_generate(types[t], 0, &k, NULL), BL_OK);
        for (i = 0; i < 4; i++) {
            w[i].key = k;
            assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
        }
        for (i = 0; i < 4; i++) {
            assert_int_equal(pthread_join(th[i], NULL), 0);
            assert_int_equal(w[i].ok, 1);
        }
        bl_key_free(k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7515_a2_rs256),
        cmocka_unit_test(test_rfc7515_a3_es256),
        cmocka_unit_test(test_rfc8037_a4_eddsa),
        cmocka_unit_test(test_ob20_fixtures),
        cmocka_unit_test(test_reject_alg),
        cmocka_unit_test(test_reject_crit_b64),
        cmocka_unit_test(test_reject_structure),
        cmocka_unit_test(test_reject_sizes),
        cmocka_unit_test(test_reject_es256_and_keys),
        cmocka_unit_test(test_sign_extra_and_resolver),
        cmocka_unit_test(test_sign_public_key_refused),
        cmocka_unit_test(test_parse_only),
        cmocka_unit_test(test_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
