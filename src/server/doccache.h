/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * doccache.h: a short-lived in-process cache of public documents (issuer
 * profiles, keys, badge classes, assertions, credentials, baked images).
 *
 * Verifiers and backpacks fetch the same documents over and over; building
 * them means a database read, and for baked images a bake.  An entry lives
 * `ttl` seconds (setting cache_ttl, 5 by default; 0 turns the cache off), so
 * a revocation shows within that delay on this instance — well inside the
 * public max-age of 60 s the responses already carry.  The cache is bounded
 * in entries and bytes and evicts the oldest entries first.
 */
#ifndef BL_SERVER_DOCCACHE_H
#define BL_SERVER_DOCCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

#define BL_DOCCACHE_ENTRIES 4096u
#define BL_DOCCACHE_BYTES   (64u * 1024u * 1024u)
#define BL_DOCCACHE_KEY_MAX 256u

struct bl_doc {
    const unsigned char *p;
    size_t len;
    const char *type; /* media type (copied in and out of the cache) */
    const char *etag; /* 32 hex digits */
    bool gone;
    bool image_svg;
};

void bl_doccache_init(unsigned ttl_s);
void bl_doccache_fini(void);

/* A fresh entry for key copied into arena (*out), or false. */
bool bl_doccache_get(const char *key, struct bl_arena *arena, struct bl_doc *out);
/* Remember doc under key (bytes copied); silently skipped when too big or off. */
void bl_doccache_put(const char *key, const struct bl_doc *doc);

/* Forget everything: after a change made through this instance (award, revocation). */
void bl_doccache_clear(void);

#endif
