/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_seal.c: sealed private keys.  With a fixed random source the blob is
 * checked byte for byte against AES-256-GCM computed here with OpenSSL
 * directly from the documented format; then round trips, and every way a
 * blob can be wrong: master key, context, any flipped bit, truncation.
 */
#include <string.h>

#include <openssl/evp.h>

#include "core/base64.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/rand.h"
#include "core/seal.h"
#include "testutil.h"

static const unsigned char master[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};

/* A deterministic source: 0xa0, 0xa1, ... */
static void counting(void *p, size_t n)
{
    unsigned char *q = p;
    size_t i;

    for (i = 0; i < n; i++)
        q[i] = (unsigned char)(0xa0 + i);
}

/* RFC 8032 TEST 1 secret. */
static struct bl_key *test_key(void)
{
    static const unsigned char seed[32] = {0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60,
                                           0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
                                           0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19,
                                           0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
    struct bl_key *k = NULL;

    assert_int_equal(bl_key_from_ed25519_raw(seed, 32, true, &k, NULL), BL_OK);
    return k;
}

static void test_known_blob(void **state)
{
    /* RFC 8410 §7 PKCS#8 of an Ed25519 seed: 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 ||
     * seed. */
    static const unsigned char prefix[16] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                             0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
    struct bl_key *k = test_key(), *back = NULL;
    struct bl_buf blob, der;
    unsigned char plain[48], ct[48], tag[16], nonce[12];
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len;

    (void)state;
    bl_random_set_source(counting);
    bl_buf_init(&blob, 4096);
    bl_buf_init(&der, 4096);
    assert_int_equal(bl_key_to_pkcs8(k, &der, NULL), BL_OK);
    assert_int_equal(der.len, 48);
    assert_memory_equal(der.p, prefix, 16);
    memcpy(plain, der.p, 48);
    assert_int_equal(bl_seal_key(k, master, "org-1", 5, &blob, NULL), BL_OK);
    /* Independent computation of the documented format. */
    counting(nonce, 12);
    assert_int_equal(EVP_EncryptInit_ex2(c, EVP_aes_256_gcm(), master, nonce, NULL), 1);
    assert_int_equal(EVP_EncryptUpdate(c, NULL, &len, (const unsigned char *)"BLS1org-1", 9), 1);
    assert_int_equal(EVP_EncryptUpdate(c, ct, &len, plain, 48), 1);
    assert_int_equal(EVP_EncryptFinal_ex(c, tag, &len), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
    EVP_CIPHER_CTX_free(c);
    assert_int_equal(blob.len, 4 + 12 + 48 + 16);
    assert_memory_equal(blob.p, "BLS1", 4);
    assert_memory_equal(blob.p + 4, nonce, 12);
    assert_memory_equal(blob.p + 16, ct, 48);
    assert_memory_equal(blob.p + 64, tag, 16);
    /* Same source, same blob. */
    bl_buf_reset(&der);
    assert_int_equal(bl_seal_key(k, master, "org-1", 5, &der, NULL), BL_OK);
    assert_int_equal(der.len, blob.len);
    assert_memory_equal(der.p, blob.p, blob.len);
    assert_int_equal(bl_seal_open_key(blob.p, blob.len, master, "org-1", 5, &back, NULL), BL_OK);
    assert_true(bl_key_has_private(back));
    bl_random_set_source(NULL);
    bl_key_free(back);
    bl_buf_free(&blob);
    bl_buf_free(&der);
    bl_key_free(k);
}

/* Sign with a, verify with b through the raw EVP interface. */
static void same_key(const struct bl_key *a, const struct bl_key *b)
{
    unsigned char sig[64];
    size_t n = sizeof(sig);
    EVP_MD_CTX *c = EVP_MD_CTX_new();

    assert_int_equal(EVP_DigestSignInit(c, NULL, NULL, NULL, bl_key__pkey(a)), 1);
    assert_int_equal(EVP_DigestSign(c, sig, &n, (const unsigned char *)"m", 1), 1);
    EVP_MD_CTX_free(c);
    c = EVP_MD_CTX_new();
    assert_int_equal(EVP_DigestVerifyInit(c, NULL, NULL, NULL, bl_key__pkey(b)), 1);
    assert_int_equal(EVP_DigestVerify(c, sig, n, (const unsigned char *)"m", 1), 1);
    EVP_MD_CTX_free(c);
}

static void opens_with(const struct bl_buf *blob, const unsigned char *m, const char *ctx,
                       enum bl_err code, const char *msg)
{
    struct bl_key *k = (struct bl_key *)1;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_seal_open_key(blob->p, blob->len, m, ctx, strlen(ctx), &k, &ei), code);
    assert_null(k);
    assert_string_equal(ei.msg, msg);
}

static void test_round_trip_and_tamper(void **state)
{
    enum bl_key_type types[] = {BL_KEY_ED25519, BL_KEY_P256, BL_KEY_RSA};
    unsigned char other[32];
    size_t t, i;
    int bit;

    (void)state;
    memcpy(other, master, 32);
    other[31] ^= 1;
    for (t = 0; t < 3; t++) {
        struct bl_key *k = NULL, *back = NULL;
        struct bl_buf blob;

        bl_buf_init(&blob, BL_SEAL_MAX);
        assert_int_equal(bl_key_generate(types[t], 2048, &k, NULL), BL_OK);
        assert_int_equal(bl_seal_key(k, master, "org-1", 5, &blob, NULL), BL_OK);
        assert_int_equal(bl_seal_open_key(blob.p, blob.len, master, "org-1", 5, &back, NULL),
                         BL_OK);
        assert_int_equal(bl_key_type(back), types[t]);
        if (types[t] == BL_KEY_ED25519)
            same_key(back, k);
        bl_key_free(back);
        opens_with(&blob, other, "org-1", BL_ECRYPTO, "sealed key does not authenticate");
        opens_with(&blob, master, "org-2", BL_ECRYPTO, "sealed key does not authenticate");
        opens_with(&blob, master, "", BL_ECRYPTO, "sealed key does not authenticate");
        /* Every bit of the Ed25519 blob, one at a time; a sample of the bigger ones. */
        for (i = 0; i < blob.len; i += types[t] == BL_KEY_RSA ? 97 : 1) {
            for (bit = 0; bit < 8; bit++) {
                blob.p[i] ^= (unsigned char)(1u << bit);
                if (i < 4)
                    opens_with(&blob, master, "org-1", BL_EINVAL,
                               "not a sealed key (no \"BLS1\" prefix)");
                else
                    opens_with(&blob, master, "org-1", BL_ECRYPTO,
                               "sealed key does not authenticate");
                blob.p[i] ^= (unsigned char)(1u << bit);
            }
        }
        /* Truncated and extended. */
        blob.len--;
        opens_with(&blob, master, "org-1", BL_ECRYPTO, "sealed key does not authenticate");
        blob.len = 31;
        opens_with(&blob, master, "org-1", BL_EINVAL, "sealed blob of 31 bytes is too short");
        bl_buf_free(&blob);
        bl_key_free(k);
    }
}

static void test_text_form(void **state)
{
    struct bl_key *k = test_key(), *back = NULL;
    struct bl_errinfo ei;
    struct bl_buf text;

    (void)state;
    bl_buf_init(&text, 4096);
    bl_random_set_source(counting);
    assert_int_equal(bl_seal_key_text(k, master, "org-1", 5, &text, NULL), BL_OK);
    bl_random_set_source(NULL);
    /* 80 bytes -> 108 base64 characters; "BLS1" + a0 a1 a2... starts "QkxTMaChoq". */
    assert_int_equal(text.len, 108);
    assert_memory_equal(text.p, "QkxTMaChoq", 10);
    assert_int_equal(
        bl_seal_open_key_text((char *)text.p, text.len, master, "org-1", 5, &back, NULL), BL_OK);
    same_key(k, back);
    bl_key_free(back);
    text.p[20] = '*';
    assert_int_equal(
        bl_seal_open_key_text((char *)text.p, text.len, master, "org-1", 5, &back, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "sealed key text is not base64");
    /* A public key cannot be sealed. */
    {
        struct bl_key *pub = NULL;
        json_t *j = NULL;

        assert_int_equal(bl_key_to_jwk(k, false, &j, NULL), BL_OK);
        assert_int_equal(bl_key_from_jwk(j, &pub, NULL), BL_OK);
        bl_buf_reset(&text);
        assert_int_equal(bl_seal_key(pub, master, "o", 1, &text, &ei), BL_EINVAL);
        assert_string_equal(ei.msg, "only a private key can be sealed");
        assert_int_equal(text.len, 0);
        json_decref(j);
        bl_key_free(pub);
    }
    bl_buf_free(&text);
    bl_key_free(k);
}

static void test_bytes_limits(void **state)
{
    struct bl_buf blob, out;
    struct bl_errinfo ei;
    static char big[BL_SEAL_CONTEXT_MAX + 1];

    (void)state;
    bl_buf_init(&blob, BL_SEAL_MAX);
    bl_buf_init(&out, 16);
    /* Empty plain text seals and opens. */
    assert_int_equal(bl_seal_bytes("", 0, master, "c", 1, &blob, NULL), BL_OK);
    assert_int_equal(blob.len, 32);
    assert_int_equal(bl_seal_open_bytes(blob.p, blob.len, master, "c", 1, &out, NULL), BL_OK);
    assert_int_equal(out.len, 0);
    memset(big, 'x', sizeof(big));
    assert_int_equal(bl_seal_bytes("a", 1, master, big, sizeof(big), &blob, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "seal context of 1025 bytes is over the limit of 1024");
    /* The output cap is honoured and out is left as it was. */
    bl_buf_reset(&blob);
    assert_int_equal(bl_seal_bytes("0123456789abcdefXYZ", 19, master, "c", 1, &blob, NULL), BL_OK);
    assert_int_equal(bl_seal_open_bytes(blob.p, blob.len, master, "c", 1, &out, &ei), BL_ETOOBIG);
    assert_int_equal(out.len, 0);
    bl_buf_free(&blob);
    bl_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_blob),
        cmocka_unit_test(test_round_trip_and_tamper),
        cmocka_unit_test(test_text_form),
        cmocka_unit_test(test_bytes_limits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
