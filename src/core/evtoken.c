/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * evtoken.c: signed event claim tokens (evtoken.h), HMAC-SHA-256 through
 * OpenSSL's one-shot HMAC on buffers.
 */
#include "evtoken.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.h"
#include "buf.h"

#define KEY_LABEL "blason/event-claim/v1"

static bool uid_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

enum bl_err bl_evtoken_key_for(const unsigned char *master, size_t master_len, const char *label,
                               unsigned char key[BL_EVTOKEN_KEY_LEN], struct bl_errinfo *ei)
{
    unsigned len = 0;
    if (!HMAC(EVP_sha256(), master, (int)master_len, (const unsigned char *)label, strlen(label),
              key, &len) ||
        len != BL_EVTOKEN_KEY_LEN)
        return bl_fail(ei, BL_ECRYPTO, "token key: HMAC failed");
    return BL_OK;
}

enum bl_err bl_evtoken_key(const unsigned char *master, size_t master_len,
                           unsigned char key[BL_EVTOKEN_KEY_LEN], struct bl_errinfo *ei)
{
    return bl_evtoken_key_for(master, master_len, KEY_LABEL, key, ei);
}

/* base64url(HMAC(key, "<uid>.<kind><n>")[0..MAC_BYTES)) into mac. */
static enum bl_err mac_of(const unsigned char *key, const char *head, size_t head_len, char mac[32],
                          struct bl_errinfo *ei)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    struct bl_buf b;
    enum bl_err e;
    if (!HMAC(EVP_sha256(), key, BL_EVTOKEN_KEY_LEN, (const unsigned char *)head, head_len, md,
              &len))
        return bl_fail(ei, BL_ECRYPTO, "event token: HMAC failed");
    bl_buf_init(&b, 32);
    e = bl_base64url_encode(&b, md, BL_EVTOKEN_MAC_BYTES, ei);
    if (e == BL_OK && b.len < 32) {
        memcpy(mac, b.p, b.len);
        mac[b.len] = '\0';
    }
    bl_buf_free(&b);
    return e;
}

enum bl_err bl_evtoken_make(const unsigned char key[BL_EVTOKEN_KEY_LEN], const char *uid, char kind,
                            int64_t n, char out[BL_EVTOKEN_LEN], struct bl_errinfo *ei)
{
    char digits[24], mac[32];
    size_t nd = 0, len;
    if (!uid || strlen(uid) != BL_EVTOKEN_UID_LEN || (kind != 'r' && kind != 'p') || n < 0)
        return bl_fail(ei, BL_EINVAL, "event token: bad uid, kind or time");
    for (size_t i = 0; i < BL_EVTOKEN_UID_LEN; i++)
        if (!uid_char(uid[i]))
            return bl_fail(ei, BL_EINVAL, "event token: bad uid");
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    memcpy(out, uid, BL_EVTOKEN_UID_LEN);
    len = BL_EVTOKEN_UID_LEN;
    out[len++] = '.';
    out[len++] = kind;
    while (nd > 0)
        out[len++] = digits[--nd];
    enum bl_err e = mac_of(key, out, len, mac, ei);
    if (e != BL_OK)
        return e;
    out[len++] = '.';
    memcpy(out + len, mac, strlen(mac) + 1);
    return BL_OK;
}

bool bl_evtoken_uid(const char *token, char uid[BL_EVTOKEN_UID_LEN + 1])
{
    if (!token || strlen(token) < BL_EVTOKEN_UID_LEN + 1 || token[BL_EVTOKEN_UID_LEN] != '.')
        return false;
    for (size_t i = 0; i < BL_EVTOKEN_UID_LEN; i++)
        if (!uid_char(token[i]))
            return false;
    memcpy(uid, token, BL_EVTOKEN_UID_LEN);
    uid[BL_EVTOKEN_UID_LEN] = '\0';
    return true;
}

enum bl_err bl_evtoken_check(const unsigned char key[BL_EVTOKEN_KEY_LEN], const char *token,
                             int64_t now, int64_t rotate_s, char uid[BL_EVTOKEN_UID_LEN + 1],
                             struct bl_errinfo *ei)
{
    char mac[32];
    const char *p, *dot;
    int64_t n = 0;
    uid[0] = '\0';
    if (!token || strlen(token) >= BL_EVTOKEN_LEN || !bl_evtoken_uid(token, uid))
        goto bad;
    p = token + BL_EVTOKEN_UID_LEN + 1;
    char kind = *p++;
    if (kind != 'r' && kind != 'p')
        goto bad;
    for (dot = p; *dot >= '0' && *dot <= '9'; dot++) {
        if (dot - p >= 18)
            goto bad;
        n = n * 10 + (*dot - '0');
    }
    if (dot == p || *dot != '.' || (dot - p > 1 && *p == '0'))
        goto bad;
    if (mac_of(key, token, (size_t)(dot - token), mac, ei) != BL_OK)
        return ei ? ei->code : BL_ECRYPTO;
    if (strlen(dot + 1) != strlen(mac) || CRYPTO_memcmp(dot + 1, mac, strlen(mac)) != 0)
        goto bad;
    if (kind == 'p')
        return now <= n ? BL_OK : bl_fail(ei, BL_EINVAL, "event token: the poster has expired");
    if (rotate_s < 1)
        rotate_s = 1;
    int64_t slot = now / rotate_s;
    if (n == slot || n + 1 == slot)
        return BL_OK;
    return bl_fail(ei, BL_EINVAL, "event token: expired (slot %lld, now %lld)", (long long)n,
                   (long long)slot);
bad:
    uid[0] = '\0';
    return bl_fail(ei, BL_EBADSIG, "event token: not a valid token");
}
