/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * seal.c: AES-256-GCM sealing of private keys under the operator's master
 * key, bound to a context string (see seal.h).  The associated data is the
 * magic followed by the context, so the version and the owner are both
 * authenticated; the nonce is authenticated as GCM's IV.
 */
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "base64.h"
#include "mem.h"
#include "rand.h"
#include "seal.h"

#define HEAD (BL_SEAL_MAGIC_LEN + BL_SEAL_NONCE_LEN)

static enum bl_err check_ctx(size_t nctx, struct bl_errinfo *ei);
static void release(struct bl_buf *b);

enum bl_err bl_seal_bytes(const void *p, size_t n, const unsigned char master[BL_SEAL_MASTER_LEN],
                          const char *ctx, size_t nctx, struct bl_buf *out, struct bl_errinfo *ei)
{
    unsigned char *blob = NULL;
    EVP_CIPHER_CTX *c = NULL;
    size_t total = HEAD + n + BL_SEAL_TAG_LEN;
    enum bl_err rc = BL_OK;
    int len = 0;

    if (n > BL_KEY_TEXT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "%zu bytes to seal is over the limit of %u", n,
                       BL_KEY_TEXT_MAX);
    rc = check_ctx(nctx, ei);
    if (rc != BL_OK)
        return rc;
    blob = bl_malloc(total);
    memcpy(blob, BL_SEAL_MAGIC, BL_SEAL_MAGIC_LEN);
    bl_random(blob + BL_SEAL_MAGIC_LEN, BL_SEAL_NONCE_LEN);
    c = EVP_CIPHER_CTX_new();
    if (c == NULL ||
        EVP_EncryptInit_ex2(c, EVP_aes_256_gcm(), master, blob + BL_SEAL_MAGIC_LEN, NULL) != 1 ||
        EVP_EncryptUpdate(c, NULL, &len, (const unsigned char *)BL_SEAL_MAGIC, BL_SEAL_MAGIC_LEN) !=
            1 ||
        (nctx > 0 &&
         EVP_EncryptUpdate(c, NULL, &len, (const unsigned char *)ctx, (int)nctx) != 1) ||
        (n > 0 && EVP_EncryptUpdate(c, blob + HEAD, &len, p, (int)n) != 1) ||
        EVP_EncryptFinal_ex(c, blob + HEAD + n, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, BL_SEAL_TAG_LEN, blob + HEAD + n) != 1) {
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "AES-256-GCM sealing failed");
        goto out;
    }
    if (bl_buf_append(out, blob, total) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "sealed blob of %zu bytes does not fit the buffer", total);
out:
    EVP_CIPHER_CTX_free(c);
    bl_free(blob);
    return rc;
}

enum bl_err bl_seal_open_bytes(const void *p, size_t n,
                               const unsigned char master[BL_SEAL_MASTER_LEN], const char *ctx,
                               size_t nctx, struct bl_buf *out, struct bl_errinfo *ei)
{
    const unsigned char *b = p;
    unsigned char tag[BL_SEAL_TAG_LEN];
    unsigned char *plain = NULL;
    EVP_CIPHER_CTX *c = NULL;
    size_t nplain;
    enum bl_err rc;
    int len = 0;

    if (n > BL_SEAL_MAX)
        return bl_fail(ei, BL_ETOOBIG, "sealed blob of %zu bytes is over the limit of %u", n,
                       (unsigned)BL_SEAL_MAX);
    if (n < HEAD + BL_SEAL_TAG_LEN)
        return bl_fail(ei, BL_EINVAL, "sealed blob of %zu bytes is too short", n);
    if (memcmp(b, BL_SEAL_MAGIC, BL_SEAL_MAGIC_LEN) != 0)
        return bl_fail(ei, BL_EINVAL, "not a sealed key (no \"" BL_SEAL_MAGIC "\" prefix)");
    rc = check_ctx(nctx, ei);
    if (rc != BL_OK)
        return rc;
    nplain = n - HEAD - BL_SEAL_TAG_LEN;
    memcpy(tag, b + n - BL_SEAL_TAG_LEN, BL_SEAL_TAG_LEN);
    plain = bl_malloc(nplain + 1);
    c = EVP_CIPHER_CTX_new();
    if (c == NULL ||
        EVP_DecryptInit_ex2(c, EVP_aes_256_gcm(), master, b + BL_SEAL_MAGIC_LEN, NULL) != 1 ||
        EVP_DecryptUpdate(c, NULL, &len, (const unsigned char *)BL_SEAL_MAGIC, BL_SEAL_MAGIC_LEN) !=
            1 ||
        (nctx > 0 &&
         EVP_DecryptUpdate(c, NULL, &len, (const unsigned char *)ctx, (int)nctx) != 1) ||
        (nplain > 0 && EVP_DecryptUpdate(c, plain, &len, b + HEAD, (int)nplain) != 1) ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, BL_SEAL_TAG_LEN, tag) != 1) {
        rc = bl_key__crypto_fail(ei, BL_ECRYPTO, "AES-256-GCM opening failed");
        goto out;
    }
    if (EVP_DecryptFinal_ex(c, plain + nplain, &len) != 1) {
        ERR_clear_error();
        rc = bl_fail(ei, BL_ECRYPTO, "sealed key does not authenticate");
        goto out;
    }
    if (bl_buf_append(out, plain, nplain) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "opened key of %zu bytes does not fit the buffer", nplain);
out:
    EVP_CIPHER_CTX_free(c);
    bl_wipe(plain, nplain + 1);
    bl_free(plain);
    return rc;
}

enum bl_err bl_seal_key(const struct bl_key *k, const unsigned char master[BL_SEAL_MASTER_LEN],
                        const char *ctx, size_t nctx, struct bl_buf *out, struct bl_errinfo *ei)
{
    struct bl_buf der;
    enum bl_err rc;

    bl_buf_init(&der, BL_KEY_TEXT_MAX);
    if (!bl_key_has_private(k))
        return bl_fail(ei, BL_EINVAL, "only a private key can be sealed");
    rc = bl_key_to_pkcs8(k, &der, ei);
    if (rc == BL_OK)
        rc = bl_seal_bytes(der.p, der.len, master, ctx, nctx, out, ei);
    release(&der);
    return rc;
}

enum bl_err bl_seal_open_key(const void *p, size_t n,
                             const unsigned char master[BL_SEAL_MASTER_LEN], const char *ctx,
                             size_t nctx, struct bl_key **out, struct bl_errinfo *ei)
{
    struct bl_buf der;
    enum bl_err rc;

    *out = NULL;
    bl_buf_init(&der, BL_SEAL_MAX);
    /* Reserve the whole plain text at once so no realloc leaves a copy behind. */
    rc = bl_buf_reserve(&der, n);
    if (rc == BL_OK)
        rc = bl_seal_open_bytes(p, n, master, ctx, nctx, &der, ei);
    else
        rc = bl_fail(ei, rc, "sealed blob of %zu bytes is over the limit", n);
    if (rc == BL_OK)
        rc = bl_key_from_pkcs8(der.p, der.len, out, ei);
    release(&der);
    return rc;
}

enum bl_err bl_seal_key_text(const struct bl_key *k, const unsigned char master[BL_SEAL_MASTER_LEN],
                             const char *ctx, size_t nctx, struct bl_buf *out,
                             struct bl_errinfo *ei)
{
    struct bl_buf blob;
    enum bl_err rc;

    bl_buf_init(&blob, BL_SEAL_MAX);
    rc = bl_seal_key(k, master, ctx, nctx, &blob, ei);
    if (rc == BL_OK)
        rc = bl_base64_encode(out, blob.p, blob.len, 0, ei);
    bl_buf_free(&blob);
    return rc;
}

enum bl_err bl_seal_open_key_text(const char *z, size_t n,
                                  const unsigned char master[BL_SEAL_MASTER_LEN], const char *ctx,
                                  size_t nctx, struct bl_key **out, struct bl_errinfo *ei)
{
    struct bl_buf blob;
    enum bl_err rc;

    *out = NULL;
    bl_buf_init(&blob, BL_SEAL_MAX);
    rc = bl_base64_decode(&blob, z, n, 0, ei);
    if (rc == BL_EINVAL)
        rc = bl_fail(ei, BL_EINVAL, "sealed key text is not base64");
    if (rc == BL_OK)
        rc = bl_seal_open_key(blob.p, blob.len, master, ctx, nctx, out, ei);
    bl_buf_free(&blob);
    return rc;
}

static enum bl_err check_ctx(size_t nctx, struct bl_errinfo *ei)
{
    if (nctx > BL_SEAL_CONTEXT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "seal context of %zu bytes is over the limit of %u", nctx,
                       BL_SEAL_CONTEXT_MAX);
    return BL_OK;
}

/* Free a buffer that held key material, wiping all of its memory first. */
static void release(struct bl_buf *b)
{
    if (b->p != NULL)
        bl_wipe(b->p, b->cap);
    bl_buf_free(b);
}
