/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_etag.c: libFuzzer target for the If-Match reader (core/etag.h).
 * Whatever names a version must carry it as we print it, quoted, followed by
 * the closing quote or the hash; whatever is refused must leave the version 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/etag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t v = -1;
    char tag[BL_ETAG_LEN];
    enum bl_err rc = bl_etag_version((const char *)data, size, &v);
    if (rc == BL_OK && v > 0) {
        if (v > BL_ETAG_VERSION_MAX)
            abort();
        bl_etag_of(v, data, size, tag);
        /* "v<n>" of the tag must be inside the input, after a quote. */
        size_t n = (size_t)(strchr(tag, '-') - tag);
        const char *p = memchr(data, '"', size);
        if (p == NULL || (size_t)((const uint8_t *)p - data) + n + 2 > size ||
            memcmp(p + 1, tag, n) != 0 || (p[n + 1] != '"' && p[n + 1] != '-'))
            abort();
    } else if (rc == BL_OK ? v != 0 : (rc != BL_EINVAL || v != 0)) {
        abort();
    }
    return 0;
}
