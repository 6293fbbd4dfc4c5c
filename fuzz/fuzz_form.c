/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_form.c: libFuzzer target for the urlencoded form/query parser and
 * percent-decoding (core/form.h).  Whatever the parser accepts must be
 * UTF-8 without NUL, and encoding the pairs back and parsing again must give
 * the same pairs; bl_form_get must return the first value of each name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/form.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void encode(struct bl_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        enum bl_err rc;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            rc = bl_buf_putc(b, *p);
        } else if (*p == ' ') {
            rc = bl_buf_putc(b, '+');
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = bl_buf_append(b, esc, 3);
        }
        if (rc != BL_OK)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_arena a;
    struct bl_form f, g;
    struct bl_buf b;
    char *dec;
    size_t declen;

    bl_arena_init(&a);
    /* Percent-decoding alone: never longer than the input, NUL-terminated. */
    dec = bl_arena_alloc(&a, size + 1);
    if (bl_pct_decode((const char *)data, size, size & 1, dec, &declen) == BL_OK &&
        (declen > size || dec[declen] != '\0' || memchr(dec, 0, declen) != NULL))
        abort();
    if (bl_form_parse((const char *)data, size, &a, &f, NULL) != BL_OK) {
        if (f.n != 0)
            abort();
        bl_arena_free(&a);
        return 0;
    }
    bl_buf_init(&b, 16u * size + 16);
    for (size_t i = 0; i < f.n; i++) {
        const char *n = f.pairs[i].name, *v = f.pairs[i].value;
        if (!*n || bl_utf8_check((const unsigned char *)n, strlen(n)) != strlen(n) ||
            bl_utf8_check((const unsigned char *)v, strlen(v)) != strlen(v))
            abort();
        /* The first pair of a name is what bl_form_get returns. */
        {
            size_t first = 0;
            while (strcmp(f.pairs[first].name, n) != 0)
                first++;
            if (bl_form_get(&f, n) != f.pairs[first].value)
                abort();
        }
        if (i && bl_buf_putc(&b, '&') != BL_OK)
            abort();
        encode(&b, n);
        if (bl_buf_putc(&b, '=') != BL_OK)
            abort();
        encode(&b, v);
    }
    if (bl_form_parse((const char *)b.p, b.len, &a, &g, NULL) != BL_OK || g.n != f.n)
        abort();
    for (size_t i = 0; i < f.n; i++)
        if (strcmp(f.pairs[i].name, g.pairs[i].name) != 0 ||
            strcmp(f.pairs[i].value, g.pairs[i].value) != 0)
            abort();
    bl_buf_free(&b);
    bl_arena_free(&a);
    return 0;
}
