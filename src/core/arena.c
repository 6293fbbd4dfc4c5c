/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * arena.c: bump allocation in blocks of 8 KiB or more.  A request that does
 * not fit the current block gets a new one sized for it, so large strings do
 * not waste the rest of a block.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

#define ARENA_BLOCK 8192u
#define ARENA_ALIGN 16u

struct bl_arena_block {
    struct bl_arena_block *next;
    size_t size; /* bytes in data[] */
    size_t off;  /* first free byte */
    _Alignas(16) unsigned char data[];
};

void bl_arena_init(struct bl_arena *a)
{
    a->head = NULL;
    a->used = 0;
}

void bl_arena_free(struct bl_arena *a)
{
    struct bl_arena_block *b = a->head;
    while (b) {
        struct bl_arena_block *next = b->next;
        bl_free(b);
        b = next;
    }
    bl_arena_init(a);
}

void *bl_arena_alloc(struct bl_arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need < n)
        need = n; /* overflow: let bl_malloc abort below */
    struct bl_arena_block *b = a->head;
    if (!b || b->size - b->off < need) {
        size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        b = bl_malloc(sizeof *b + size);
        b->size = size;
        b->off = 0;
        /* A big one-off block goes second so the current block keeps serving. */
        if (a->head && need > ARENA_BLOCK) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->off;
    b->off += need;
    a->used += need;
    return p;
}

void *bl_arena_zalloc(struct bl_arena *a, size_t n)
{
    void *p = bl_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

void *bl_arena_memdup(struct bl_arena *a, const void *p, size_t n)
{
    void *q = bl_arena_alloc(a, n ? n : 1);
    if (n)
        memcpy(q, p, n);
    return q;
}

char *bl_arena_strndup(struct bl_arena *a, const char *p, size_t n)
{
    if (!p)
        return NULL;
    char *q = bl_arena_alloc(a, n + 1);
    memcpy(q, p, n);
    q[n] = '\0';
    return q;
}

char *bl_arena_strdup(struct bl_arena *a, const char *s)
{
    return s ? bl_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bl_arena_printf(struct bl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = bl_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
