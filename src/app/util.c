/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * util.c: input checks shared by the use cases (util.h).
 */
#include "app/util.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/bake.h"
#include "core/base64.h"
#include "core/mem.h"
#include "core/png.h"
#include "core/rand.h"
#include "core/svgsafe.h"
#include "core/utf8.h"

enum bl_err bl_app_check_text(const char *field, const char *s, bool required, size_t max,
                              struct bl_errinfo *ei)
{
    if (!s || !*s)
        return required ? bl_fail(ei, BL_EINVAL, "%s: required", field) : BL_OK;
    size_t n = strlen(s);
    if (n > max)
        return bl_fail(ei, BL_ETOOBIG, "%s: at most %zu bytes", field, max);
    if (bl_utf8_check((const unsigned char *)s, n) != n)
        return bl_fail(ei, BL_EUTF8, "%s: not valid UTF-8 text", field);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return bl_fail(ei, BL_EINVAL, "%s: control character at byte %zu", field, i);
        /* Bidirectional embeddings, overrides and isolates (U+202A-202E,
         * U+2066-2069) let a name display as another: refused. */
        if (c == 0xe2 && i + 2 < n &&
            (((unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0xaa &&
              (unsigned char)s[i + 2] <= 0xae) ||
             ((unsigned char)s[i + 1] == 0x81 && (unsigned char)s[i + 2] >= 0xa6 &&
              (unsigned char)s[i + 2] <= 0xa9)))
            return bl_fail(ei, BL_EINVAL, "%s: direction-changing character at byte %zu", field, i);
    }
    return BL_OK;
}

enum bl_err bl_app_check_url(const char *field, const char *s, bool required, struct bl_errinfo *ei)
{
    if (!s || !*s)
        return required ? bl_fail(ei, BL_EINVAL, "%s: required", field) : BL_OK;
    size_t n = strlen(s);
    if (n > BL_APP_URL_MAX)
        return bl_fail(ei, BL_ETOOBIG, "%s: at most %u bytes", field, BL_APP_URL_MAX);
    size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
    if (skip == 0 || n == skip || s[skip] == '/')
        return bl_fail(ei, BL_EINVAL, "%s: an address starting with https:// is expected", field);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == '"' || s[i] == '<' || s[i] == '>' ||
            s[i] == 0x7f)
            return bl_fail(ei, BL_EINVAL, "%s: invalid character at byte %zu", field, i);
    return BL_OK;
}

enum bl_err bl_app_image_type(const unsigned char *p, size_t n, const char **type,
                              struct bl_errinfo *ei)
{
    struct bl_baked b;
    *type = NULL;
    if (n > BL_APP_IMAGE_MAX)
        return bl_fail(ei, BL_ETOOBIG, "image: at most %u KiB", BL_APP_IMAGE_MAX / 1024);
    enum bl_err e = bl_unbake(p, n, &b, ei);
    if (e == BL_OK)
        bl_baked_free(&b);
    if (e != BL_OK && e != BL_ENOTFOUND) {
        if (e == BL_EFORMAT)
            return bl_fail(ei, BL_EFORMAT, "image: a PNG or SVG image is expected");
        return e;
    }
    *type = bl_png_is_png(p, n) ? "image/png" : "image/svg+xml";
    if (strcmp(*type, "image/svg+xml") == 0) {
        /* Every SVG Blason stores is served to browsers: no script in any form. */
        enum bl_svgsafe_why why;
        struct bl_errinfo why_ei = {0};
        e = bl_svgsafe_check(p, n, &why, &why_ei);
        if (e != BL_OK) {
            *type = NULL;
            return bl_fail(ei, e, "image: %s", why_ei.msg);
        }
    }
    return BL_OK;
}

void bl_app_secret(char out[BL_APP_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    struct bl_buf b;
    bl_random(raw, sizeof raw);
    bl_buf_init(&b, 64);
    if (bl_base64url_encode(&b, raw, sizeof raw, NULL) != BL_OK || b.len != BL_APP_TOKEN_LEN)
        abort(); /* 32 bytes always encode to 43 characters */
    memcpy(out, b.p, BL_APP_TOKEN_LEN + 1);
    bl_wipe(raw, sizeof raw);
    bl_buf_free(&b);
}
