/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * key.c: signing keys over OpenSSL 3 EVP_PKEY, and their PEM, PKCS#8, JWK,
 * thumbprint, Multikey, did:key and JWKS forms (see key.h and
 * docs/internals/key.md).  Every OpenSSL failure becomes a bl_err with the
 * library's reason in the message; every temporary copy of private key
 * material is wiped before it is freed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "base64.h"
#include "json.h"
#include "key.h"
#include "mem.h"
#include "multibase.h"

#define ED25519_LEN 32u
#define P256_LEN    32u
/* Largest RSA modulus in bytes, and the most bytes any JWK member decodes to. */
#define RSA_MAX_BYTES (BL_KEY_RSA_MAX_BITS / 8u)

/*
 * The key, and the OpenSSL operation contexts cached for it.  A context is
 * made on first use and reused by later operations (OpenSSL allows reusing
 * an initialised EVP_PKEY_CTX for sign/verify, and an Ed25519 EVP_MD_CTX for
 * one-shot DigestSign/DigestVerify).  `lock` guards them; a thread that
 * finds it taken does not wait but makes a context of its own for that one
 * operation, so the cache never serialises concurrent signers.
 */
struct bl_key {
    EVP_PKEY *pkey;
    enum bl_key_type type;
    unsigned bits;
    bool priv;
    atomic_int refs;
    pthread_mutex_t lock;
    void *ctx[2]; /* [0] sign, [1] verify: EVP_PKEY_CTX (RSA, P-256) or EVP_MD_CTX (Ed25519) */
};

/* The RSA private members of a JWK, in RFC 7518 §6.3.2 order. */
static const char *const rsa_priv_names[] = {"d", "p", "q", "dp", "dq", "qi"};
static const char *const rsa_priv_params[] = {
    OSSL_PKEY_PARAM_RSA_D,         OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,
    OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};
#define RSA_NPRIV 6

static enum bl_err wrap(EVP_PKEY *pkey, struct bl_key **out, struct bl_errinfo *ei);
static bool detect_private(EVP_PKEY *pkey, enum bl_key_type type);
static enum bl_err b64_member(const json_t *jwk, const char *name, size_t want, size_t max,
                              struct bl_buf *out, struct bl_errinfo *ei);
static enum bl_err jwk_rsa(const json_t *jwk, EVP_PKEY **out, bool *priv, struct bl_errinfo *ei);
static enum bl_err jwk_ec(const json_t *jwk, EVP_PKEY **out, bool *priv, struct bl_errinfo *ei);
static enum bl_err jwk_okp(const json_t *jwk, EVP_PKEY **out, bool *priv, struct bl_errinfo *ei);
static enum bl_err ec_from_point(const unsigned char *pt, size_t n, const unsigned char *d,
                                 EVP_PKEY **out, struct bl_errinfo *ei);
static enum bl_err ec_xy(const struct bl_key *k, unsigned char x[P256_LEN],
                         unsigned char y[P256_LEN], struct bl_errinfo *ei);
static enum bl_err put_b64(json_t *obj, const char *name, const void *p, size_t n,
                           struct bl_errinfo *ei);
static enum bl_err put_bn(json_t *obj, const char *name, const struct bl_key *k, const char *param,
                          size_t pad, struct bl_errinfo *ei);
static enum bl_err encode(const struct bl_key *k, bool priv, const char *format, struct bl_buf *out,
                          struct bl_errinfo *ei);
static enum bl_err decode(const char *format, const char *structure, const void *p, size_t n,
                          EVP_PKEY **out, struct bl_errinfo *ei);
static const char *jws_alg(enum bl_key_type type);
static void *ctx_new(const struct bl_key *k, int verify);
static void ctx_free(enum bl_key_type type, void *ctx);
static int ctx_run(const struct bl_key *k, void *ctx, int verify, const unsigned char *tbs,
                   size_t ntbs, const unsigned char *md, unsigned char *sig, size_t *nsig);
static int operate(const struct bl_key *k, int verify, const void *tbs, size_t ntbs,
                   unsigned char *sig, size_t *nsig);

enum bl_err bl_key__crypto_fail(struct bl_errinfo *ei, enum bl_err code, const char *what)
{
    unsigned long e = ERR_peek_last_error();
    const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;
    enum bl_err rc;

    if (reason != NULL)
        rc = bl_fail(ei, code, "%s (OpenSSL: %s)", what, reason);
    else
        rc = bl_fail(ei, code, "%s", what);
    ERR_clear_error();
    return rc;
}

void *bl_key__pkey(const struct bl_key *k)
{
    return k->pkey;
}

const char *bl_key_type_name(enum bl_key_type type)
{
    switch (type) {
    case BL_KEY_ED25519:
        return "Ed25519";
    case BL_KEY_RSA:
        return "RSA";
    case BL_KEY_P256:
        return "P-256";
    }
    return "unknown";
}

enum bl_err bl_key_generate(enum bl_key_type type, unsigned bits, struct bl_key **out,
                            struct bl_errinfo *ei)
{
    EVP_PKEY *pkey = NULL;

    *out = NULL;
    switch (type) {
    case BL_KEY_ED25519:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        break;
    case BL_KEY_P256:
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        break;
    case BL_KEY_RSA:
        if (bits != 2048 && bits != 3072)
            return bl_fail(ei, BL_EINVAL, "RSA key size %u: only 2048 and 3072 are generated",
                           bits);
        pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
        break;
    default:
        return bl_fail(ei, BL_EINVAL, "unknown key type %d", (int)type);
    }
    if (pkey == NULL)
        return bl_key__crypto_fail(ei, BL_ECRYPTO, "key generation failed");
    return wrap(pkey, out, ei);
}

struct bl_key *bl_key_ref(struct bl_key *k)
{
    if (k != NULL)
        atomic_fetch_add(&k->refs, 1);
    return k;
}

void bl_key_free(struct bl_key *k)
{
    if (k == NULL || atomic_fetch_sub(&k->refs, 1) != 1)
        return;
    /* EVP_PKEY_free clears the key material it owns (BN_clear_free etc.). */
    ctx_free(k->type, k->ctx[0]);
    ctx_free(k->type, k->ctx[1]);
    pthread_mutex_destroy(&k->lock);
    EVP_PKEY_free(k->pkey);
    bl_wipe(k, sizeof(*k));
    bl_free(k);
}

enum bl_key_type bl_key_type(const struct bl_key *k)
{
    return k->type;
}

unsigned bl_key_bits(const struct bl_key *k)
{
    return k->bits;
}

bool bl_key_has_private(const struct bl_key *k)
{
    return k->priv;
}

/* ---- PEM and PKCS#8 ------------------------------------------------------ */

enum bl_err bl_key_from_pem(const char *z, size_t n, struct bl_key **out, struct bl_errinfo *ei)
{
    static const char begin[] = "-----BEGIN ";
    static const char *const labels[] = {"PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY",
                                         "RSA PRIVATE KEY", "EC PRIVATE KEY"};
    const char *p, *end = z + n, *label, *lend;
    EVP_PKEY *pkey = NULL;
    enum bl_err rc;
    size_t i, llen;

    *out = NULL;
    if (n > BL_KEY_TEXT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "PEM text of %zu bytes is over the limit of %u", n,
                       BL_KEY_TEXT_MAX);
    for (p = z; p + sizeof(begin) - 1 <= end; p++)
        if (memcmp(p, begin, sizeof(begin) - 1) == 0)
            break;
    if (p + sizeof(begin) - 1 > end)
        return bl_fail(ei, BL_EINVAL, "no \"-----BEGIN\" line: not a PEM key");
    label = p + sizeof(begin) - 1;
    for (lend = label; lend < end && *lend != '-' && *lend != '\n'; lend++)
        ;
    llen = (size_t)(lend - label);
    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strlen(labels[i]) == llen && memcmp(labels[i], label, llen) == 0)
            break;
    if (i == sizeof(labels) / sizeof(labels[0]))
        return bl_fail(ei, BL_EUNSUPPORTED, "PEM block \"%.*s\" is not a supported key form",
                       (int)(llen > 40 ? 40 : llen), label);
    /* A traditional encrypted key announces itself with a Proc-Type header. */
    for (p = lend; p + 10 <= end; p++)
        if (memcmp(p, "Proc-Type:", 10) == 0)
            return bl_fail(ei, BL_EUNSUPPORTED, "encrypted PEM keys are not supported");
    rc = decode("PEM", NULL, z, n, &pkey, ei);
    if (rc != BL_OK)
        return rc;
    return wrap(pkey, out, ei);
}

enum bl_err bl_key_to_pem(const struct bl_key *k, bool priv, struct bl_buf *out,
                          struct bl_errinfo *ei)
{
    return encode(k, priv, "PEM", out, ei);
}

enum bl_err bl_key_to_pkcs8(const struct bl_key *k, struct bl_buf *out, struct bl_errinfo *ei)
{
    return encode(k, true, "DER", out, ei);
}

enum bl_err bl_key_from_pkcs8(const void *p, size_t n, struct bl_key **out, struct bl_errinfo *ei)
{
    EVP_PKEY *pkey = NULL;
    enum bl_err rc;

    *out = NULL;
    if (n > BL_KEY_TEXT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "PKCS#8 blob of %zu bytes is over the limit of %u", n,
                       BL_KEY_TEXT_MAX);
    rc = decode("DER", "PrivateKeyInfo", p, n, &pkey, ei);
    if (rc != BL_OK)
        return rc;
    rc = wrap(pkey, out, ei);
    if (rc == BL_OK && !(*out)->priv) {
        bl_key_free(*out);
        *out = NULL;
        return bl_fail(ei, BL_EINVAL, "PKCS#8 blob holds no private key");
    }
    return rc;
}

enum bl_err bl_key_from_ed25519_raw(const void *p, size_t n, bool priv, struct bl_key **out,
                                    struct bl_errinfo *ei)
{
    EVP_PKEY *pkey;

    *out = NULL;
    if (n != ED25519_LEN)
        return bl_fail(ei, BL_EINVAL, "Ed25519 %s key of %zu bytes, expected 32",
                       priv ? "private" : "public", n);
    if (priv)
        pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, p, n);
    else
        pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, p, n);
    if (pkey == NULL)
        return bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot make an Ed25519 key");
    return wrap(pkey, out, ei);
}

/* ---- JWK ----------------------------------------------------------------- */

enum bl_err bl_key_from_jwk(const json_t *jwk, struct bl_key **out, struct bl_errinfo *ei)
{
    const char *kty = NULL, *s;
    struct bl_errinfo sub;
    EVP_PKEY *pkey = NULL;
    enum bl_err rc;
    bool priv = false;
    json_t *v;

    *out = NULL;
    if (!json_is_object(jwk))
        return bl_fail(ei, BL_EINVAL, "JWK is not a JSON object");
    if (bl_json_get_string(jwk, "kty", &kty, &sub) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "JWK: %s", sub.msg);
    v = json_object_get(jwk, "use");
    if (v != NULL && (!json_is_string(v) || strcmp(json_string_value(v), "sig") != 0))
        return bl_fail(ei, BL_EINVAL, "JWK: \"use\" must be \"sig\" for a signing key");
    if (strcmp(kty, "RSA") == 0)
        rc = jwk_rsa(jwk, &pkey, &priv, ei);
    else if (strcmp(kty, "EC") == 0)
        rc = jwk_ec(jwk, &pkey, &priv, ei);
    else if (strcmp(kty, "OKP") == 0)
        rc = jwk_okp(jwk, &pkey, &priv, ei);
    else
        return bl_fail(ei, BL_EUNSUPPORTED, "JWK: kty \"%.40s\" is not supported", kty);
    if (rc != BL_OK)
        return rc;
    rc = wrap(pkey, out, ei);
    if (rc != BL_OK)
        return rc;
    v = json_object_get(jwk, "alg");
    if (v != NULL) {
        enum bl_key_type type = (*out)->type;

        s = json_string_value(v);
        if (s == NULL || strcmp(s, jws_alg(type)) != 0) {
            bl_key_free(*out);
            *out = NULL;
            return bl_fail(ei, BL_EINVAL, "JWK: \"alg\" does not fit a %s key (expected \"%s\")",
                           bl_key_type_name(type), jws_alg(type));
        }
    }
    return BL_OK;
}

enum bl_err bl_key_from_jwk_text(const char *z, size_t n, struct bl_key **out,
                                 struct bl_errinfo *ei)
{
    json_t *jwk = NULL;
    enum bl_err rc;

    *out = NULL;
    rc = bl_json_parse(z, n, BL_KEY_TEXT_MAX, 8, &jwk, ei);
    if (rc != BL_OK)
        return rc;
    rc = bl_key_from_jwk(jwk, out, ei);
    json_decref(jwk);
    return rc;
}

enum bl_err bl_key_to_jwk(const struct bl_key *k, bool priv, json_t **out, struct bl_errinfo *ei)
{
    unsigned char raw[ED25519_LEN], x[P256_LEN], y[P256_LEN];
    enum bl_err rc = BL_OK;
    json_t *o = NULL;
    size_t len = sizeof(raw), i;

    *out = NULL;
    if (priv && !k->priv)
        return bl_fail(ei, BL_EINVAL, "the %s key has no private part to export",
                       bl_key_type_name(k->type));
    o = json_object();
    switch (k->type) {
    case BL_KEY_ED25519:
        json_object_set_new(o, "kty", json_string("OKP"));
        json_object_set_new(o, "crv", json_string("Ed25519"));
        if (EVP_PKEY_get_raw_public_key(k->pkey, raw, &len) != 1) {
            rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot read the Ed25519 public key");
            goto out;
        }
        rc = put_b64(o, "x", raw, len, ei);
        if (rc != BL_OK || !priv)
            goto out;
        len = sizeof(raw);
        if (EVP_PKEY_get_raw_private_key(k->pkey, raw, &len) != 1) {
            rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot read the Ed25519 private key");
            goto out;
        }
        rc = put_b64(o, "d", raw, len, ei);
        break;
    case BL_KEY_P256:
        json_object_set_new(o, "kty", json_string("EC"));
        json_object_set_new(o, "crv", json_string("P-256"));
        rc = ec_xy(k, x, y, ei);
        if (rc == BL_OK)
            rc = put_b64(o, "x", x, sizeof(x), ei);
        if (rc == BL_OK)
            rc = put_b64(o, "y", y, sizeof(y), ei);
        if (rc == BL_OK && priv)
            rc = put_bn(o, "d", k, OSSL_PKEY_PARAM_PRIV_KEY, P256_LEN, ei);
        break;
    case BL_KEY_RSA:
        json_object_set_new(o, "kty", json_string("RSA"));
        rc = put_bn(o, "n", k, OSSL_PKEY_PARAM_RSA_N, 0, ei);
        if (rc == BL_OK)
            rc = put_bn(o, "e", k, OSSL_PKEY_PARAM_RSA_E, 0, ei);
        for (i = 0; rc == BL_OK && priv && i < RSA_NPRIV; i++)
            rc = put_bn(o, rsa_priv_names[i], k, rsa_priv_params[i], 0, ei);
        break;
    }
out:
    bl_wipe(raw, sizeof(raw));
    if (rc != BL_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return BL_OK;
}

enum bl_err bl_key_thumbprint(const struct bl_key *k, struct bl_buf *out, struct bl_errinfo *ei)
{
    unsigned char md[32];
    unsigned int mdlen = sizeof(md);
    struct bl_buf s;
    json_t *jwk = NULL;
    enum bl_err rc;

    bl_buf_init(&s, 4 * BL_KEY_RSA_MAX_BITS / 8 + 256);
    rc = bl_key_to_jwk(k, false, &jwk, ei);
    if (rc != BL_OK)
        goto out;
    /* RFC 7638 §3.2: the required members only, in lexicographic order. */
    switch (k->type) {
    case BL_KEY_RSA:
        rc = bl_buf_printf(&s, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", bl_json_str(jwk, "e"),
                           bl_json_str(jwk, "n"));
        break;
    case BL_KEY_P256:
        rc = bl_buf_printf(&s, "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}",
                           bl_json_str(jwk, "x"), bl_json_str(jwk, "y"));
        break;
    case BL_KEY_ED25519:
        rc = bl_buf_printf(&s, "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}",
                           bl_json_str(jwk, "x"));
        break;
    }
    if (rc != BL_OK) {
        rc = bl_fail(ei, rc, "JWK thumbprint input too long");
        goto out;
    }
    if (EVP_Digest(s.p, s.len, md, &mdlen, EVP_sha256(), NULL) != 1) {
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "SHA-256 failed");
        goto out;
    }
    rc = bl_base64url_encode(out, md, mdlen, ei);
out:
    json_decref(jwk);
    bl_buf_free(&s);
    return rc;
}

/* ---- Multikey and did:key ------------------------------------------------ */

enum bl_err bl_key_to_multikey(const struct bl_key *k, struct bl_buf *out, struct bl_errinfo *ei)
{
    unsigned char raw[1 + P256_LEN], y[P256_LEN];
    size_t len = ED25519_LEN;
    enum bl_err rc;

    switch (k->type) {
    case BL_KEY_ED25519:
        if (EVP_PKEY_get_raw_public_key(k->pkey, raw, &len) != 1)
            return bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot read the Ed25519 public key");
        return bl_multikey_encode(out, BL_MULTIKEY_ED25519_PUB, raw, len, ei);
    case BL_KEY_P256:
        /* SEC 1 §2.3.3 compressed point: 02 or 03 (parity of y), then x. */
        rc = ec_xy(k, raw + 1, y, ei);
        if (rc != BL_OK)
            return rc;
        raw[0] = (unsigned char)(0x02 | (y[P256_LEN - 1] & 1));
        return bl_multikey_encode(out, BL_MULTIKEY_P256_PUB, raw, sizeof(raw), ei);
    case BL_KEY_RSA:
        break;
    }
    return bl_fail(ei, BL_EUNSUPPORTED, "no Multikey form for a %s key", bl_key_type_name(k->type));
}

enum bl_err bl_key_from_multikey(const char *z, size_t n, struct bl_key **out,
                                 struct bl_errinfo *ei)
{
    struct bl_multikey mk;
    EVP_PKEY *pkey = NULL;
    enum bl_err rc;

    *out = NULL;
    rc = bl_multikey_decode(z, n, &mk, ei);
    if (rc != BL_OK)
        return rc;
    switch (mk.type) {
    case BL_MULTIKEY_ED25519_PUB:
        rc = bl_key_from_ed25519_raw(mk.key, mk.len, false, out, ei);
        break;
    case BL_MULTIKEY_P256_PUB:
        rc = ec_from_point(mk.key, mk.len, NULL, &pkey, ei);
        if (rc == BL_OK)
            rc = wrap(pkey, out, ei);
        break;
    default:
        rc = bl_fail(ei, BL_EUNSUPPORTED, "Multikey holds a %s, not a public key",
                     bl_multikey_type_name(mk.type));
        break;
    }
    bl_wipe(&mk, sizeof(mk));
    return rc;
}

enum bl_err bl_key_to_did(const struct bl_key *k, struct bl_buf *out, struct bl_errinfo *ei)
{
    struct bl_buf s;
    enum bl_err rc;

    bl_buf_init(&s, 256);
    rc = bl_buf_puts(&s, "did:key:");
    if (rc == BL_OK)
        rc = bl_key_to_multikey(k, &s, ei);
    if (rc == BL_OK && bl_buf_append(out, s.p, s.len) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "did:key does not fit the output buffer");
    bl_buf_free(&s);
    return rc;
}

enum bl_err bl_key_to_did_vm(const struct bl_key *k, struct bl_buf *out, struct bl_errinfo *ei)
{
    struct bl_buf s, m;
    enum bl_err rc;

    bl_buf_init(&s, 512);
    bl_buf_init(&m, 256);
    rc = bl_key_to_multikey(k, &m, ei);
    if (rc == BL_OK)
        rc = bl_buf_printf(&s, "did:key:%s#%s", (const char *)m.p, (const char *)m.p);
    if (rc == BL_OK && bl_buf_append(out, s.p, s.len) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "did:key verification method does not fit the buffer");
    bl_buf_free(&s);
    bl_buf_free(&m);
    return rc;
}

enum bl_err bl_key_from_did(const char *z, size_t n, struct bl_key **out, struct bl_errinfo *ei)
{
    static const char prefix[] = "did:key:";
    const size_t np = sizeof(prefix) - 1;
    const char *mk, *hash;
    size_t nmk;

    *out = NULL;
    if (n < np || memcmp(z, prefix, np) != 0)
        return bl_fail(ei, BL_EINVAL, "not a did:key (no \"did:key:\" prefix)");
    mk = z + np;
    hash = memchr(mk, '#', n - np);
    nmk = hash != NULL ? (size_t)(hash - mk) : n - np;
    if (hash != NULL) {
        size_t nfrag = n - np - nmk - 1;

        if (nfrag != nmk || memcmp(hash + 1, mk, nmk) != 0)
            return bl_fail(ei, BL_EINVAL, "did:key fragment does not repeat the key");
    }
    if (nmk == 0)
        return bl_fail(ei, BL_EINVAL, "did:key without a key");
    return bl_key_from_multikey(mk, nmk, out, ei);
}

enum bl_err bl_key_jwks(const struct bl_key *const *keys, size_t n, json_t **out,
                        struct bl_errinfo *ei)
{
    json_t *doc = NULL, *arr, *jwk = NULL;
    struct bl_buf kid;
    enum bl_err rc = BL_OK;
    size_t i;

    *out = NULL;
    if (n > BL_KEY_JWKS_MAX)
        return bl_fail(ei, BL_ETOOBIG, "JWKS of %zu keys is over the limit of %u", n,
                       BL_KEY_JWKS_MAX);
    bl_buf_init(&kid, 64);
    doc = json_object();
    arr = json_array();
    json_object_set_new(doc, "keys", arr);
    for (i = 0; i < n; i++) {
        bl_buf_reset(&kid);
        rc = bl_key_to_jwk(keys[i], false, &jwk, ei);
        if (rc == BL_OK)
            rc = bl_key_thumbprint(keys[i], &kid, ei);
        if (rc != BL_OK)
            goto out;
        json_object_set_new(jwk, "kid", json_stringn((const char *)kid.p, kid.len));
        json_object_set_new(jwk, "alg", json_string(jws_alg(keys[i]->type)));
        json_object_set_new(jwk, "use", json_string("sig"));
        json_array_append_new(arr, jwk);
        jwk = NULL;
    }
out:
    bl_buf_free(&kid);
    json_decref(jwk);
    if (rc != BL_OK) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return BL_OK;
}

/* ---- signing primitives (for jws.c) -------------------------------------- */

enum bl_err bl_key__sign(const struct bl_key *k, const void *tbs, size_t ntbs, unsigned char *sig,
                         size_t *nsig, struct bl_errinfo *ei)
{
    if (!k->priv)
        return bl_fail(ei, BL_EINVAL, "signing needs a private key");
    if (operate(k, 0, tbs, ntbs, sig, nsig) != 1)
        return bl_key__crypto_fail(ei, BL_ECRYPTO, "signing failed");
    return BL_OK;
}

enum bl_err bl_key__verify(const struct bl_key *k, const void *tbs, size_t ntbs,
                           const unsigned char *sig, size_t nsig, struct bl_errinfo *ei)
{
    size_t n = nsig;

    if (operate(k, 1, tbs, ntbs, (unsigned char *)(uintptr_t)sig, &n) != 1) {
        ERR_clear_error();
        return bl_fail(ei, BL_EBADSIG, "signature does not verify");
    }
    return BL_OK;
}

/*
 * Sign (verify 0) or verify (1) tbs[0..ntbs): Ed25519 over the message,
 * RSA PKCS#1 v1.5 and ECDSA over its SHA-256.  Returns 1 on success (a
 * valid signature), 0 or less otherwise.  Uses the key's cached context
 * when it is free, a fresh one otherwise.
 */
static int operate(const struct bl_key *k, int verify, const void *tbs, size_t ntbs,
                   unsigned char *sig, size_t *nsig)
{
    /* The cache is not part of the key's value: it may change under const. */
    struct bl_key *m = (struct bl_key *)(uintptr_t)k;
    unsigned char md[32];
    unsigned int mdlen = sizeof(md);
    void *ctx;
    int rc;

    if (k->type != BL_KEY_ED25519 && EVP_Digest(tbs, ntbs, md, &mdlen, EVP_sha256(), NULL) != 1)
        return -1;
    if (pthread_mutex_trylock(&m->lock) == 0) {
        if (m->ctx[verify] == NULL)
            m->ctx[verify] = ctx_new(k, verify);
        rc = m->ctx[verify] != NULL ? ctx_run(k, m->ctx[verify], verify, tbs, ntbs, md, sig, nsig)
                                    : -1;
        /*
         * OpenSSL 3.0 lets a one-shot Ed25519 context be used again; should a
         * later release refuse, start over once with a fresh context.
         */
        if (rc != 1 && k->type == BL_KEY_ED25519) {
            ctx_free(k->type, m->ctx[verify]);
            m->ctx[verify] = ctx_new(k, verify);
            rc = m->ctx[verify] != NULL
                     ? ctx_run(k, m->ctx[verify], verify, tbs, ntbs, md, sig, nsig)
                     : -1;
        }
        pthread_mutex_unlock(&m->lock);
        return rc;
    }
    ctx = ctx_new(k, verify);
    rc = ctx != NULL ? ctx_run(k, ctx, verify, tbs, ntbs, md, sig, nsig) : -1;
    ctx_free(k->type, ctx);
    return rc;
}

static int ctx_run(const struct bl_key *k, void *ctx, int verify, const unsigned char *tbs,
                   size_t ntbs, const unsigned char *md, unsigned char *sig, size_t *nsig)
{
    if (k->type == BL_KEY_ED25519)
        return verify ? EVP_DigestVerify(ctx, sig, *nsig, tbs, ntbs)
                      : EVP_DigestSign(ctx, sig, nsig, tbs, ntbs);
    return verify ? EVP_PKEY_verify(ctx, sig, *nsig, md, 32)
                  : EVP_PKEY_sign(ctx, sig, nsig, md, 32);
}

/* A context ready for one kind of operation with k, or NULL. */
static void *ctx_new(const struct bl_key *k, int verify)
{
    EVP_MD_CTX *mctx;
    EVP_PKEY_CTX *pctx;
    int ok;

    if (k->type == BL_KEY_ED25519) {
        mctx = EVP_MD_CTX_new();
        ok = mctx != NULL && (verify ? EVP_DigestVerifyInit(mctx, NULL, NULL, NULL, k->pkey)
                                     : EVP_DigestSignInit(mctx, NULL, NULL, NULL, k->pkey)) == 1;
        if (!ok) {
            EVP_MD_CTX_free(mctx);
            return NULL;
        }
        return mctx;
    }
    pctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    ok = pctx != NULL && (verify ? EVP_PKEY_verify_init(pctx) : EVP_PKEY_sign_init(pctx)) == 1 &&
         EVP_PKEY_CTX_set_signature_md(pctx, EVP_sha256()) == 1 &&
         (k->type != BL_KEY_RSA || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1);
    if (!ok) {
        EVP_PKEY_CTX_free(pctx);
        return NULL;
    }
    return pctx;
}

static void ctx_free(enum bl_key_type type, void *ctx)
{
    if (type == BL_KEY_ED25519)
        EVP_MD_CTX_free(ctx);
    else
        EVP_PKEY_CTX_free(ctx);
}

/* ---- helpers ------------------------------------------------------------- */

/* Take ownership of pkey and make a key of it, if it is one Blason accepts. */
static enum bl_err wrap(EVP_PKEY *pkey, struct bl_key **out, struct bl_errinfo *ei)
{
    enum bl_key_type type;
    struct bl_key *k;
    int bits = EVP_PKEY_get_bits(pkey);
    char group[64];
    size_t glen = 0;
    enum bl_err rc = BL_OK;

    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        type = BL_KEY_ED25519;
    } else if (EVP_PKEY_is_a(pkey, "RSA")) {
        type = BL_KEY_RSA;
        if (bits < (int)BL_KEY_RSA_MIN_BITS || bits > (int)BL_KEY_RSA_MAX_BITS)
            rc = bl_fail(ei, BL_EINVAL, "RSA key of %d bits: Blason accepts %u to %u bits", bits,
                         BL_KEY_RSA_MIN_BITS, BL_KEY_RSA_MAX_BITS);
    } else if (EVP_PKEY_is_a(pkey, "EC")) {
        type = BL_KEY_P256;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                           &glen) != 1)
            rc = bl_fail(ei, BL_EUNSUPPORTED, "EC key with explicit or unknown curve parameters");
        else if (strcmp(group, "prime256v1") != 0 && strcmp(group, "P-256") != 0)
            rc = bl_fail(ei, BL_EUNSUPPORTED, "EC key on curve %s: only P-256 is supported", group);
    } else {
        const char *name = EVP_PKEY_get0_type_name(pkey);

        rc = bl_fail(ei, BL_EUNSUPPORTED, "%s keys are not supported",
                     name != NULL ? name : "these");
        type = BL_KEY_RSA;
    }
    ERR_clear_error();
    if (rc != BL_OK) {
        EVP_PKEY_free(pkey);
        return rc;
    }
    k = bl_calloc(1, sizeof(*k));
    k->pkey = pkey;
    k->type = type;
    k->bits = (unsigned)bits;
    k->priv = detect_private(pkey, type);
    atomic_init(&k->refs, 1);
    pthread_mutex_init(&k->lock, NULL);
    *out = k;
    return BL_OK;
}

static bool detect_private(EVP_PKEY *pkey, enum bl_key_type type)
{
    BIGNUM *bn = NULL;
    size_t len = 0;
    bool priv = false;

    switch (type) {
    case BL_KEY_ED25519:
        priv = EVP_PKEY_get_raw_private_key(pkey, NULL, &len) == 1 && len == ED25519_LEN;
        break;
    case BL_KEY_RSA:
        priv = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D, &bn) == 1 && bn != NULL;
        break;
    case BL_KEY_P256:
        priv = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1 && bn != NULL;
        break;
    }
    BN_clear_free(bn);
    ERR_clear_error();
    return priv;
}

/*
 * Decode the base64url member name of jwk into out (initialised by the
 * caller; its memory is reserved up front so secrets are never copied by a
 * realloc).  want is the exact length required, or 0 for any up to max.
 */
static enum bl_err b64_member(const json_t *jwk, const char *name, size_t want, size_t max,
                              struct bl_buf *out, struct bl_errinfo *ei)
{
    const json_t *v = json_object_get(jwk, name);
    struct bl_errinfo sub;
    const char *z;
    size_t n;

    if (v == NULL)
        return bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" missing", name);
    if (!json_is_string(v))
        return bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" is a %s, expected a string", name,
                       bl_json_type_name(v));
    z = json_string_value(v);
    n = json_string_length(v);
    if (n > bl_base64_encoded_len(max, 0))
        return bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" is longer than %zu bytes", name, max);
    if (bl_buf_reserve(out, max) != BL_OK)
        return bl_fail(ei, BL_ETOOBIG, "JWK: member \"%s\" too long", name);
    if (bl_base64url_decode(out, z, n, &sub) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" is not base64url (%s)", name, sub.msg);
    if (want != 0 && out->len != want)
        return bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" is %zu bytes, expected %zu", name,
                       out->len, want);
    if (out->len == 0)
        return bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" is empty", name);
    return BL_OK;
}

/* The capped buffer for one JWK member; its bytes are wiped when released. */
static void member_release(struct bl_buf *b)
{
    if (b->p != NULL)
        bl_wipe(b->p, b->cap);
    bl_buf_free(b);
}

static enum bl_err jwk_okp(const json_t *jwk, EVP_PKEY **out, bool *priv, struct bl_errinfo *ei)
{
    const char *crv = bl_json_str(jwk, "crv");
    unsigned char pub[ED25519_LEN];
    size_t len = sizeof(pub);
    struct bl_buf x, d;
    EVP_PKEY *pkey = NULL;
    enum bl_err rc;

    if (crv == NULL)
        return bl_fail(ei, BL_EINVAL, "JWK: member \"crv\" missing or not a string");
    if (strcmp(crv, "Ed25519") != 0)
        return bl_fail(ei, BL_EUNSUPPORTED, "JWK: OKP curve \"%.40s\" is not supported", crv);
    bl_buf_init(&x, ED25519_LEN);
    bl_buf_init(&d, ED25519_LEN);
    rc = b64_member(jwk, "x", ED25519_LEN, ED25519_LEN, &x, ei);
    if (rc != BL_OK)
        goto out;
    *priv = json_object_get(jwk, "d") != NULL;
    if (*priv) {
        rc = b64_member(jwk, "d", ED25519_LEN, ED25519_LEN, &d, ei);
        if (rc != BL_OK)
            goto out;
        pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, d.p, d.len);
        if (pkey == NULL || EVP_PKEY_get_raw_public_key(pkey, pub, &len) != 1) {
            rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot make an Ed25519 key");
            goto out;
        }
        if (len != x.len || memcmp(pub, x.p, len) != 0) {
            rc = bl_fail(ei, BL_EINVAL, "JWK: private key \"d\" does not match \"x\"");
            goto out;
        }
    } else {
        pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, x.p, x.len);
        if (pkey == NULL) {
            rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot make an Ed25519 key");
            goto out;
        }
    }
    *out = pkey;
    pkey = NULL;
out:
    EVP_PKEY_free(pkey);
    member_release(&x);
    member_release(&d);
    return rc;
}

static enum bl_err jwk_ec(const json_t *jwk, EVP_PKEY **out, bool *priv, struct bl_errinfo *ei)
{
    const char *crv = bl_json_str(jwk, "crv");
    unsigned char pt[1 + 2 * P256_LEN];
    struct bl_buf x, y, d;
    enum bl_err rc;

    if (crv == NULL)
        return bl_fail(ei, BL_EINVAL, "JWK: member \"crv\" missing or not a string");
    if (strcmp(crv, "P-256") != 0)
        return bl_fail(ei, BL_EUNSUPPORTED, "JWK: EC curve \"%.40s\" is not supported", crv);
    bl_buf_init(&x, P256_LEN);
    bl_buf_init(&y, P256_LEN);
    bl_buf_init(&d, P256_LEN);
    rc = b64_member(jwk, "x", P256_LEN, P256_LEN, &x, ei);
    if (rc == BL_OK)
        rc = b64_member(jwk, "y", P256_LEN, P256_LEN, &y, ei);
    *priv = json_object_get(jwk, "d") != NULL;
    if (rc == BL_OK && *priv)
        rc = b64_member(jwk, "d", P256_LEN, P256_LEN, &d, ei);
    if (rc != BL_OK)
        goto out;
    pt[0] = 0x04; /* SEC 1 uncompressed point */
    memcpy(pt + 1, x.p, P256_LEN);
    memcpy(pt + 1 + P256_LEN, y.p, P256_LEN);
    rc = ec_from_point(pt, sizeof(pt), *priv ? d.p : NULL, out, ei);
out:
    member_release(&x);
    member_release(&y);
    member_release(&d);
    return rc;
}

/* RFC 7518 §6.3.2: n = p q, dp = d mod (p-1), dq = d mod (q-1), qi q = 1 mod p, e d = 1. */
static bool rsa_consistent(BIGNUM *const v[8])
{
    const BIGNUM *n = v[0], *e = v[1], *d = v[2], *p = v[3], *q = v[4], *dp = v[5], *dq = v[6],
                 *qi = v[7];
    BN_CTX *ctx = BN_CTX_secure_new();
    BIGNUM *t, *p1, *q1;
    bool ok = false;

    if (ctx == NULL)
        return false;
    BN_CTX_start(ctx);
    t = BN_CTX_get(ctx);
    p1 = BN_CTX_get(ctx);
    q1 = BN_CTX_get(ctx);
    if (q1 == NULL || BN_is_one(p) || BN_is_one(q) || BN_is_zero(p) || BN_is_zero(q))
        goto out;
    if (!BN_mul(t, p, q, ctx) || BN_cmp(t, n) != 0)
        goto out;
    if (!BN_sub(p1, p, BN_value_one()) || !BN_sub(q1, q, BN_value_one()))
        goto out;
    if (!BN_nnmod(t, d, p1, ctx) || BN_cmp(t, dp) != 0)
        goto out;
    if (!BN_nnmod(t, d, q1, ctx) || BN_cmp(t, dq) != 0)
        goto out;
    if (!BN_mod_mul(t, qi, q, p, ctx) || !BN_is_one(t))
        goto out;
    if (!BN_mod_mul(t, e, dp, p1, ctx) || !BN_is_one(t))
        goto out;
    if (!BN_mod_mul(t, e, dq, q1, ctx) || !BN_is_one(t))
        goto out;
    ok = true;
out:
    BN_CTX_end(ctx);
    BN_CTX_free(ctx);
    return ok;
}

static enum bl_err jwk_rsa(const json_t *jwk, EVP_PKEY **out, bool *priv, struct bl_errinfo *ei)
{
    static const char *const pub_params[] = {OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E};
    struct bl_buf m[2 + RSA_NPRIV];
    BIGNUM *bn[2 + RSA_NPRIV] = {NULL};
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    enum bl_err rc = BL_OK;
    size_t i, present = 0, count;

    for (i = 0; i < 2 + RSA_NPRIV; i++)
        bl_buf_init(&m[i], RSA_MAX_BYTES);
    if (json_object_get(jwk, "oth") != NULL) {
        rc = bl_fail(ei, BL_EUNSUPPORTED, "JWK: multi-prime RSA (\"oth\") is not supported");
        goto out;
    }
    for (i = 0; i < RSA_NPRIV; i++)
        present += json_object_get(jwk, rsa_priv_names[i]) != NULL;
    for (i = 0; present != 0 && present != RSA_NPRIV && i < RSA_NPRIV; i++)
        if (json_object_get(jwk, rsa_priv_names[i]) == NULL) {
            rc = bl_fail(ei, BL_EINVAL,
                         "JWK: RSA private key needs all of d p q dp dq qi (\"%s\" missing)",
                         rsa_priv_names[i]);
            goto out;
        }
    *priv = present != 0;
    count = *priv ? 2 + RSA_NPRIV : 2;
    for (i = 0; i < count; i++) {
        const char *name = i < 2 ? (i == 0 ? "n" : "e") : rsa_priv_names[i - 2];

        rc = b64_member(jwk, name, 0, i == 1 ? 8 : RSA_MAX_BYTES, &m[i], ei);
        if (rc != BL_OK)
            goto out;
        /* RFC 7518 §6.3.1.1: n (like every such value) has no leading zero octet. */
        if (i < 2 && m[i].p[0] == 0) {
            rc = bl_fail(ei, BL_EINVAL, "JWK: member \"%s\" has a leading zero octet", name);
            goto out;
        }
        bn[i] = i < 2 ? BN_new() : BN_secure_new();
        if (bn[i] == NULL || BN_bin2bn(m[i].p, (int)m[i].len, bn[i]) == NULL) {
            rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot read an RSA member");
            goto out;
        }
    }
    if (!BN_is_odd(bn[0]) || !BN_is_odd(bn[1]) || BN_is_one(bn[1])) {
        rc = bl_fail(ei, BL_EINVAL, "JWK: RSA \"n\" and \"e\" must be odd and \"e\" above 1");
        goto out;
    }
    if (*priv && !rsa_consistent(bn + 0)) {
        rc = bl_fail(ei, BL_EINVAL,
                     "JWK: RSA private members are inconsistent with each "
                     "other or with \"n\" and \"e\"");
        goto out;
    }
    bld = OSSL_PARAM_BLD_new();
    for (i = 0; bld != NULL && i < count; i++)
        if (!OSSL_PARAM_BLD_push_BN(bld, i < 2 ? pub_params[i] : rsa_priv_params[i - 2], bn[i]))
            break;
    if (bld == NULL || i < count || (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
        (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
        EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, out, *priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
        rc = bl_key__crypto_fail(ei, BL_EINVAL, "JWK: cannot make an RSA key");
        goto out;
    }
out:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    for (i = 0; i < 2 + RSA_NPRIV; i++) {
        BN_clear_free(bn[i]);
        member_release(&m[i]);
    }
    return rc;
}

/*
 * Make a P-256 key from the SEC 1 point pt[0..n) (compressed or not) and,
 * when d is not NULL, the 32-byte private scalar d.  The point must be on
 * the curve and d must match it.
 */
static enum bl_err ec_from_point(const unsigned char *pt, size_t n, const unsigned char *d,
                                 EVP_PKEY **out, struct bl_errinfo *ei)
{
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL, *check = NULL;
    EVP_PKEY *pkey = NULL;
    BIGNUM *bn = NULL;
    enum bl_err rc = BL_OK;

    if (bld == NULL ||
        !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, n) ||
        (d != NULL && ((bn = BN_secure_new()) == NULL || BN_bin2bn(d, P256_LEN, bn) == NULL ||
                       !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn))) ||
        (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
        (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
        EVP_PKEY_fromdata_init(ctx) != 1) {
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot make a P-256 key");
        goto out;
    }
    if (EVP_PKEY_fromdata(ctx, &pkey, d != NULL ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) !=
            1 ||
        (check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
        EVP_PKEY_public_check(check) != 1) {
        ERR_clear_error();
        rc = bl_fail(ei, BL_EINVAL, "P-256 public key is not a point on the curve");
        goto out;
    }
    if (d != NULL && EVP_PKEY_pairwise_check(check) != 1) {
        ERR_clear_error();
        rc = bl_fail(ei, BL_EINVAL, "JWK: private key \"d\" does not match \"x\", \"y\"");
        goto out;
    }
    *out = pkey;
    pkey = NULL;
out:
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(check);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_clear_free(bn);
    return rc;
}

/* The affine coordinates of a P-256 public key, 32 bytes each, big-endian. */
static enum bl_err ec_xy(const struct bl_key *k, unsigned char x[P256_LEN],
                         unsigned char y[P256_LEN], struct bl_errinfo *ei)
{
    BIGNUM *bx = NULL, *by = NULL;
    enum bl_err rc = BL_OK;

    if (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, &bx) != 1 ||
        EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &by) != 1 ||
        BN_bn2binpad(bx, x, P256_LEN) < 0 || BN_bn2binpad(by, y, P256_LEN) < 0)
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot read the P-256 public point");
    BN_free(bx);
    BN_free(by);
    return rc;
}

/* Set obj[name] to the base64url text of p[0..n); the text buffer is wiped. */
static enum bl_err put_b64(json_t *obj, const char *name, const void *p, size_t n,
                           struct bl_errinfo *ei)
{
    struct bl_buf b;
    enum bl_err rc;

    bl_buf_init(&b, bl_base64_encoded_len(n, 0));
    rc = bl_buf_reserve(&b, b.max);
    if (rc == BL_OK)
        rc = bl_base64url_encode(&b, p, n, ei);
    if (rc == BL_OK)
        json_object_set_new(obj, name, json_stringn((const char *)b.p, b.len));
    member_release(&b);
    return rc;
}

/* Set obj[name] to the base64url of k's big-number parameter, left-padded to pad bytes. */
static enum bl_err put_bn(json_t *obj, const char *name, const struct bl_key *k, const char *param,
                          size_t pad, struct bl_errinfo *ei)
{
    BIGNUM *bn = NULL;
    unsigned char *p = NULL;
    size_t len = 0;
    enum bl_err rc;

    if (EVP_PKEY_get_bn_param(k->pkey, param, &bn) != 1)
        return bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot read a key parameter");
    len = pad != 0 ? pad : (size_t)BN_num_bytes(bn);
    p = bl_malloc(len ? len : 1);
    if (BN_bn2binpad(bn, p, (int)len) < 0)
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "key parameter too large");
    else
        rc = put_b64(obj, name, p, len, ei);
    bl_wipe(p, len);
    bl_free(p);
    BN_clear_free(bn);
    return rc;
}

/* Append k in format ("PEM" or "DER"): PKCS#8 when priv, SPKI otherwise. */
static enum bl_err encode(const struct bl_key *k, bool priv, const char *format, struct bl_buf *out,
                          struct bl_errinfo *ei)
{
    OSSL_ENCODER_CTX *ectx = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    enum bl_err rc = BL_OK;

    if (priv && !k->priv)
        return bl_fail(ei, BL_EINVAL, "the %s key has no private part to export",
                       bl_key_type_name(k->type));
    ectx = OSSL_ENCODER_CTX_new_for_pkey(k->pkey, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                                         format, priv ? "PrivateKeyInfo" : "SubjectPublicKeyInfo",
                                         NULL);
    if (ectx == NULL || OSSL_ENCODER_CTX_get_num_encoders(ectx) == 0 ||
        OSSL_ENCODER_to_data(ectx, &data, &len) != 1) {
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "cannot encode the key");
        goto out;
    }
    if (bl_buf_append(out, data, len) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "encoded key of %zu bytes does not fit the buffer", len);
out:
    OPENSSL_clear_free(data, len);
    OSSL_ENCODER_CTX_free(ectx);
    return rc;
}

static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return -1;
}

/* Decode p[0..n) in format (and structure, or NULL for any) into *out. */
static enum bl_err decode(const char *format, const char *structure, const void *p, size_t n,
                          EVP_PKEY **out, struct bl_errinfo *ei)
{
    OSSL_DECODER_CTX *dctx;
    const unsigned char *data = p;
    size_t len = n;
    enum bl_err rc = BL_OK;

    *out = NULL;
    dctx = OSSL_DECODER_CTX_new_for_pkey(out, format, structure, NULL, 0, NULL, NULL);
    if (dctx == NULL || OSSL_DECODER_CTX_get_num_decoders(dctx) == 0) {
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "no OpenSSL decoder for keys");
        goto out;
    }
    /* Never prompt: an encrypted key is refused, not decrypted. */
    (void)OSSL_DECODER_CTX_set_pem_password_cb(dctx, no_passphrase, NULL);
    if (OSSL_DECODER_from_data(dctx, &data, &len) != 1 || *out == NULL) {
        EVP_PKEY_free(*out);
        *out = NULL;
        rc = bl_key__crypto_fail(ei, BL_EINVAL, "key does not decode");
    }
out:
    OSSL_DECODER_CTX_free(dctx);
    return rc;
}

/* The JWS alg Blason uses with a key type (RFC 7518 §3.1, RFC 8037 §3.1). */
static const char *jws_alg(enum bl_key_type type)
{
    switch (type) {
    case BL_KEY_ED25519:
        return "EdDSA";
    case BL_KEY_RSA:
        return "RS256";
    case BL_KEY_P256:
        return "ES256";
    }
    return "none";
}
