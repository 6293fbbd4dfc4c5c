/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_jws.c: libFuzzer target for the JWS and key parsers.  The first byte
 * picks the target, the rest is the input:
 *   0  bl_jws_verify with a fixed Ed25519 key, then bl_jws_parse;
 *   1  bl_jws_verify with a resolver taking the key from the header "jwk";
 *   2  bl_key_from_jwk_text, and for a key that imports: JWK, thumbprint,
 *      Multikey and PEM exports, and the JWK must import again;
 *   3  bl_key_from_did / bl_key_from_multikey;
 *   4  bl_key_from_pem.
 * Nothing may crash or leak, and every failure must carry a documented code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jws.h"
#include "core/key.h"
#include "core/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The RFC 8037 Appendix A public key. */
static const unsigned char ed_pub[32] = {
    0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
    0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a};

static void expect(int ok)
{
    if (!ok)
        abort();
}

static bool documented(enum bl_err rc)
{
    return rc == BL_EINVAL || rc == BL_ETOOBIG || rc == BL_EJSON || rc == BL_EUTF8 ||
           rc == BL_EUNSUPPORTED || rc == BL_ECRYPTO || rc == BL_EBADSIG || rc == BL_ENOTFOUND;
}

static enum bl_err from_jwk(void *cls, const json_t *header, struct bl_key **out,
                            struct bl_errinfo *ei)
{
    const json_t *j = json_object_get(header, "jwk");

    (void)cls;
    if (j == NULL)
        return bl_fail(ei, BL_ENOTFOUND, "no jwk");
    return bl_key_from_jwk(j, out, ei);
}

static void jws(const char *z, size_t n, bool resolve)
{
    static struct bl_key *key;
    struct bl_jws_verify_opts opts = {0};
    struct bl_buf p;
    json_t *h = NULL;
    enum bl_err rc;

    if (key == NULL)
        expect(bl_key_from_ed25519_raw(ed_pub, 32, false, &key, NULL) == BL_OK);
    if (resolve)
        opts.resolve = from_jwk;
    else
        opts.key = key;
    bl_buf_init(&p, BL_JWS_PAYLOAD_MAX);
    rc = bl_jws_verify(z, n, &opts, &h, &p, NULL);
    expect(rc == BL_OK ? json_is_object(h) : (h == NULL && p.len == 0 && documented(rc)));
    json_decref(h);
    h = NULL;
    bl_buf_reset(&p);
    rc = bl_jws_parse(z, n, &h, &p, NULL);
    expect(rc == BL_OK ? json_is_object(h) : (h == NULL && documented(rc)));
    json_decref(h);
    bl_buf_free(&p);
}

static void jwk(const char *z, size_t n)
{
    struct bl_key *k = NULL, *k2 = NULL;
    struct bl_buf b;
    json_t *j = NULL;
    enum bl_err rc = bl_key_from_jwk_text(z, n, &k, NULL);

    if (rc != BL_OK) {
        expect(k == NULL && documented(rc));
        return;
    }
    bl_buf_init(&b, 1 << 16);
    expect(bl_key_to_jwk(k, bl_key_has_private(k), &j, NULL) == BL_OK);
    expect(bl_key_from_jwk(j, &k2, NULL) == BL_OK);
    expect(bl_key_type(k2) == bl_key_type(k) && bl_key_bits(k2) == bl_key_bits(k));
    expect(bl_key_thumbprint(k, &b, NULL) == BL_OK && b.len == 43);
    bl_buf_reset(&b);
    rc = bl_key_to_multikey(k, &b, NULL);
    expect(rc == BL_OK || (rc == BL_EUNSUPPORTED && bl_key_type(k) == BL_KEY_RSA));
    bl_buf_reset(&b);
    expect(bl_key_to_pem(k, false, &b, NULL) == BL_OK);
    bl_wipe(b.p, b.cap);
    bl_buf_free(&b);
    json_decref(j);
    bl_key_free(k2);
    bl_key_free(k);
}

static void did(const char *z, size_t n)
{
    struct bl_key *k = NULL;
    struct bl_buf b;
    enum bl_err rc;

    rc = n >= 8 && memcmp(z, "did:key:", 8) == 0 ? bl_key_from_did(z, n, &k, NULL)
                                                 : bl_key_from_multikey(z, n, &k, NULL);
    if (rc != BL_OK) {
        expect(k == NULL && documented(rc));
        return;
    }
    /* What imports exports to the same text (did:key and Multikey are canonical). */
    bl_buf_init(&b, 4096);
    if (n >= 8 && memcmp(z, "did:key:", 8) == 0 && memchr(z, '#', n) == NULL) {
        expect(bl_key_to_did(k, &b, NULL) == BL_OK);
        expect(b.len == n && memcmp(b.p, z, n) == 0);
    } else if (n == 0 || z[0] == 'z') {
        expect(bl_key_to_multikey(k, &b, NULL) == BL_OK);
        expect(b.len == n && memcmp(b.p, z, n) == 0);
    }
    bl_buf_free(&b);
    bl_key_free(k);
}

static void pem(const char *z, size_t n)
{
    struct bl_key *k = NULL;
    enum bl_err rc = bl_key_from_pem(z, n, &k, NULL);

    expect(rc == BL_OK ? k != NULL : (k == NULL && documented(rc)));
    bl_key_free(k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *z = (const char *)data + 1;

    if (size == 0)
        return 0;
    switch (data[0] % 5) {
    case 0:
        jws(z, size - 1, false);
        break;
    case 1:
        jws(z, size - 1, true);
        break;
    case 2:
        jwk(z, size - 1);
        break;
    case 3:
        did(z, size - 1);
        break;
    default:
        pem(z, size - 1);
        break;
    }
    return 0;
}
