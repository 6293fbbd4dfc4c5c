/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* etag.c: a version as a strong entity tag, and back from If-Match (etag.h). */
#include "core/etag.h"

#include <stdbool.h>
#include <stdio.h>

static bool ows(char c)
{
    return c == ' ' || c == '\t';
}

void bl_etag_of_version(int64_t v, char out[BL_ETAG_LEN])
{
    (void)snprintf(out, BL_ETAG_LEN, "v%lld", (long long)v);
}

enum bl_err bl_etag_version(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    int64_t v = 0;
    *out = 0;
    while (n > 0 && ows(s[n - 1]))
        n--;
    while (i < n && ows(s[i]))
        i++;
    if (n - i == 1 && s[i] == '*')
        return BL_OK;
    /* Exactly '"' 'v' digits '"' as we write it (no leading zero: strong tags
     * compare byte for byte); a weak tag (W/"...") or a list stops here. */
    if (n - i < 4 || s[i] != '"' || s[i + 1] != 'v' || s[i + 2] == '0' || s[n - 1] != '"')
        return BL_EINVAL;
    for (i += 2; i < n - 1; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (BL_ETAG_VERSION_MAX - (s[i] - '0')) / 10)
            return BL_EINVAL;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1)
        return BL_EINVAL;
    *out = v;
    return BL_OK;
}
