/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* iov.c: lists of borrowed byte ranges (see iov.h). */
#include <string.h>

#include "iov.h"
#include "mem.h"

void bl_iovec_init(struct bl_iovec *vec)
{
    memset(vec, 0, sizeof(*vec));
}

void bl_iovec_reset(struct bl_iovec *vec)
{
    vec->n = 0;
    vec->total = 0;
}

void bl_iovec_free(struct bl_iovec *vec)
{
    bl_free(vec->v);
    bl_iovec_init(vec);
}

void bl_iovec_add(struct bl_iovec *vec, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (vec->n == vec->cap) {
        vec->cap = vec->cap ? vec->cap * 2 : 8;
        vec->v = bl_realloc(vec->v, vec->cap * sizeof(*vec->v));
    }
    vec->v[vec->n].p = p;
    vec->v[vec->n].n = n;
    vec->n++;
    vec->total += n;
}

enum bl_err bl_iovec_flatten(const struct bl_iovec *vec, struct bl_buf *out)
{
    enum bl_err rc = bl_buf_reserve(out, vec->total);

    if (rc != BL_OK)
        return rc;
    for (size_t i = 0; i < vec->n; i++)
        if ((rc = bl_buf_append(out, vec->v[i].p, vec->v[i].n)) != BL_OK)
            return rc; /* cannot happen: reserved above */
    return BL_OK;
}
