/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_multipart.c: libFuzzer target for the multipart/form-data parser
 * (core/multipart.h).  The input's first line is a Content-Type value, the
 * rest the body.  Whatever parses must have named UTF-8 parts whose data
 * lies inside the body, and writing the parts back as a body must parse to
 * the same parts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/multipart.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(struct bl_buf *b, const char *s)
{
    if (bl_buf_puts(b, s) != BL_OK)
        abort();
}

/* A quoted-string with '"' and '\' escaped. */
static void quoted(struct bl_buf *b, const char *s)
{
    put(b, "\"");
    for (; *s; s++)
        if ((*s == '"' || *s == '\\') && bl_buf_putc(b, '\\') != BL_OK)
            abort();
        else if (bl_buf_putc(b, (unsigned char)*s) != BL_OK)
            abort();
    put(b, "\"");
}

static void check_utf8(const char *s)
{
    if (s && bl_utf8_check((const unsigned char *)s, strlen(s)) != strlen(s))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size < 256 ? size : 256);
    const uint8_t *body = nl ? nl + 1 : data;
    size_t blen = size - (size_t)(body - data);
    struct bl_arena a;
    struct bl_multipart m, m2;
    const char *boundary = "x";
    struct bl_buf out;

    bl_arena_init(&a);
    if (nl) {
        char *ct = bl_arena_strndup(&a, (const char *)data, (size_t)(nl - data));
        const char *bnd;
        if (bl_multipart_boundary(ct, &a, &bnd, NULL) == BL_OK)
            boundary = bnd;
        else if (bnd != NULL)
            abort();
    }
    if (bl_multipart_parse(body, blen, boundary, &a, &m, NULL) != BL_OK) {
        if (m.n != 0 || m.parts != NULL)
            abort();
        bl_arena_free(&a);
        return 0;
    }
    if (m.n == 0 || m.n > BL_MULTIPART_MAX_PARTS)
        abort();
    bl_buf_init(&out, 2 * blen + 64);
    for (size_t i = 0; i < m.n; i++) {
        const struct bl_multipart_part *p = &m.parts[i];
        if (!p->name || !p->name[0] || p->data < body || p->data + p->len > body + blen)
            abort();
        check_utf8(p->name);
        check_utf8(p->filename);
        check_utf8(p->content_type);
        if (bl_multipart_get(&m, p->name) == NULL ||
            strcmp(bl_multipart_get(&m, p->name)->name, p->name) != 0)
            abort();
        put(&out, "--");
        put(&out, boundary);
        put(&out, "\r\nContent-Disposition: form-data; name=");
        quoted(&out, p->name);
        if (p->filename) {
            put(&out, "; filename=");
            quoted(&out, p->filename);
        }
        if (p->content_type) {
            put(&out, "\r\nContent-Type: ");
            put(&out, p->content_type);
        }
        put(&out, "\r\n\r\n");
        if (bl_buf_append(&out, p->data, p->len) != BL_OK)
            abort();
        put(&out, "\r\n");
    }
    put(&out, "--");
    put(&out, boundary);
    put(&out, "--\r\n");
    if (bl_multipart_parse(out.p, out.len, boundary, &a, &m2, NULL) != BL_OK || m2.n != m.n)
        abort();
    for (size_t i = 0; i < m.n; i++) {
        const struct bl_multipart_part *p = &m.parts[i], *q = &m2.parts[i];
        if (strcmp(p->name, q->name) != 0 || !p->filename != !q->filename ||
            (p->filename && strcmp(p->filename, q->filename) != 0) ||
            !p->content_type != !q->content_type ||
            (p->content_type && strcmp(p->content_type, q->content_type) != 0) ||
            p->len != q->len || memcmp(p->data, q->data, p->len) != 0)
            abort();
    }
    bl_buf_free(&out);
    bl_arena_free(&a);
    return 0;
}
