/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* etag.c: a version and its body as a strong entity tag, and the version back from If-Match. */
#include "core/etag.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

static bool ows(char c)
{
    return c == ' ' || c == '\t';
}

static bool lower_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

void bl_etag_hash(const void *body, size_t n, size_t nhex, char *out)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    /* Fails only without memory: the OOM policy (mem.h) is to abort. */
    if (nhex > 64 || nhex % 2 != 0 || EVP_Digest(body, n, md, NULL, EVP_sha256(), NULL) != 1)
        abort();
    for (size_t i = 0; i < nhex / 2; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[nhex] = '\0';
}

void bl_etag_of(int64_t v, const void *body, size_t n, char out[BL_ETAG_LEN])
{
    char h[BL_ETAG_HASH_HEX + 1];
    bl_etag_hash(body, n, BL_ETAG_HASH_HEX, h);
    (void)snprintf(out, BL_ETAG_LEN, "v%lld-%s", (long long)v, h);
}

enum bl_err bl_etag_version(const char *s, size_t n, int64_t *out)
{
    size_t i = 0, end;
    int64_t v = 0;
    *out = 0;
    while (n > 0 && ows(s[n - 1]))
        n--;
    while (i < n && ows(s[i]))
        i++;
    if (n - i == 1 && s[i] == '*')
        return BL_OK;
    /* '"' 'v' digits ['-' 16 hex] '"' as we write it (no leading zero, lower
     * case: strong tags compare byte for byte); a weak tag (W/"...") or a
     * list stops here. */
    if (n - i < 4 || s[i] != '"' || s[i + 1] != 'v' || s[i + 2] == '0' || s[n - 1] != '"')
        return BL_EINVAL;
    end = n - 1;
    if (end - i > BL_ETAG_HASH_HEX + 2 && s[end - BL_ETAG_HASH_HEX - 1] == '-') {
        for (size_t k = end - BL_ETAG_HASH_HEX; k < end; k++)
            if (!lower_hex(s[k]))
                return BL_EINVAL;
        end -= BL_ETAG_HASH_HEX + 1;
    }
    if (end - i < 3)
        return BL_EINVAL; /* no digit */
    for (i += 2; i < end; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (BL_ETAG_VERSION_MAX - (s[i] - '0')) / 10)
            return BL_EINVAL;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1)
        return BL_EINVAL;
    *out = v;
    return BL_OK;
}
