/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * mem.h: allocation wrappers.  They never return NULL: running out of memory
 * aborts the process (house style C4).  Parsers enforce size limits before
 * allocating, so untrusted input cannot reach the abort.
 */
#ifndef BL_MEM_H
#define BL_MEM_H

#include <stddef.h>

void *bl_malloc(size_t n);
void *bl_calloc(size_t count, size_t size);
void *bl_realloc(void *p, size_t n);
char *bl_strdup(const char *s);
/* Copy n bytes of p and add a NUL; the result is n + 1 bytes long. */
char *bl_strndup(const char *p, size_t n);
void bl_free(void *p);
/* Overwrite n bytes at p with zeros in a way the compiler keeps. */
void bl_wipe(void *p, size_t n);

#endif
