/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* mem.c: the only place that calls malloc, realloc and free directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void oom(size_t n)
{
    /* No allocation here: report with what is left and stop. */
    fprintf(stderr, "blason: out of memory (%zu bytes)\n", n); /* lint: allow */
    abort();
}

void *bl_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        oom(n);
    return p;
}

void *bl_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);

    if (p == NULL)
        oom(count * size);
    return p;
}

void *bl_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (q == NULL)
        oom(n);
    return q;
}

char *bl_strdup(const char *s)
{
    return bl_strndup(s, strlen(s));
}

char *bl_strndup(const char *p, size_t n)
{
    char *s = bl_malloc(n + 1);

    if (n)
        memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

void bl_free(void *p)
{
    free(p);
}

void bl_wipe(void *p, size_t n)
{
    /* A volatile function pointer keeps the compiler from eliding the call. */
    static void *(*volatile set)(void *, int, size_t) = memset;

    if (p != NULL && n)
        set(p, 0, n);
}
