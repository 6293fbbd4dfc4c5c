/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * arena.h: a per-request (or per-use-case) allocator.  Everything taken from
 * an arena is freed at once by bl_arena_free, so handlers, store rows and
 * templates need no individual frees.  Allocation aborts on OOM like
 * bl_malloc; a hard cap (`max` bytes in all) turns runaway requests into
 * BL_ETOOBIG at the call sites that check bl_arena_used.
 */
#ifndef BL_ARENA_H
#define BL_ARENA_H

#include <stddef.h>

struct bl_arena_block;

struct bl_arena {
    struct bl_arena_block *head; /* newest block first */
    size_t used;                 /* bytes handed out, all blocks */
};

void bl_arena_init(struct bl_arena *a);
/* Free every block; the arena is empty and reusable afterwards. */
void bl_arena_free(struct bl_arena *a);

/* n bytes aligned for any type; never NULL (aborts on OOM). */
void *bl_arena_alloc(struct bl_arena *a, size_t n);
/* n zeroed bytes. */
void *bl_arena_zalloc(struct bl_arena *a, size_t n);
/* Copies; NULL in gives NULL out. */
char *bl_arena_strdup(struct bl_arena *a, const char *s);
char *bl_arena_strndup(struct bl_arena *a, const char *p, size_t n);
void *bl_arena_memdup(struct bl_arena *a, const void *p, size_t n);
/* printf into the arena. */
char *bl_arena_printf(struct bl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
