/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* buf.c: capped growable buffer (see buf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

void bl_buf_init(struct bl_buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void bl_buf_free(struct bl_buf *b)
{
    bl_free(b->p);
    bl_buf_init(b, b->max);
}

void bl_buf_reset(struct bl_buf *b)
{
    b->len = 0;
    if (b->p != NULL)
        b->p[0] = '\0';
}

enum bl_err bl_buf_reserve(struct bl_buf *b, size_t n)
{
    size_t want, cap;

    if (n > b->max || b->len > b->max - n)
        return BL_ETOOBIG;
    want = b->len + n + 1; /* room for the trailing NUL */
    if (want <= b->cap)
        return BL_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap = cap > SIZE_MAX / 2 ? want : cap * 2;
    b->p = bl_realloc(b->p, cap);
    b->cap = cap;
    return BL_OK;
}

enum bl_err bl_buf_append(struct bl_buf *b, const void *p, size_t n)
{
    enum bl_err rc = bl_buf_reserve(b, n);

    if (rc != BL_OK)
        return rc;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return BL_OK;
}

enum bl_err bl_buf_putc(struct bl_buf *b, unsigned char c)
{
    return bl_buf_append(b, &c, 1);
}

enum bl_err bl_buf_puts(struct bl_buf *b, const char *s)
{
    return bl_buf_append(b, s, strlen(s));
}

enum bl_err bl_buf_be32(struct bl_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};

    return bl_buf_append(b, x, 4);
}

enum bl_err bl_buf_printf(struct bl_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    enum bl_err rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return BL_EINVAL;
    rc = bl_buf_reserve(b, (size_t)n);
    if (rc != BL_OK)
        return rc;
    va_start(ap, fmt);
    (void)vsnprintf((char *)b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return BL_OK;
}

unsigned char *bl_buf_detach(struct bl_buf *b, size_t *outlen)
{
    unsigned char *p = b->p;

    if (p == NULL)
        p = (unsigned char *)bl_strndup("", 0);
    if (outlen != NULL)
        *outlen = b->len;
    bl_buf_init(b, b->max);
    return p;
}
