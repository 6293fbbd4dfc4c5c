/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * ctxstore.h: the JSON-LD contexts compiled into Blason, served by URL.
 * The table is generated at build time by scripts/embed.c from
 * data/contexts.list (npm packages pinned by version and SHA-256); nothing
 * is ever fetched.  This is the default document loader of jsonld.h.
 */
#ifndef BL_CTXSTORE_H
#define BL_CTXSTORE_H

#include <stddef.h>

#include "err.h"

/* One compiled-in context: text is JSON, NUL-terminated, static. */
struct bl_ctxstore_entry {
    const char *url;
    const char *text;
    size_t len;
    const char *source; /* "npm:<path> sha256:<hex>" or "fixture:<file> sha256:<hex>" */
};

/* The generated table (build/gen/contexts.c), terminated by a NULL url. */
extern const struct bl_ctxstore_entry bl_ctxstore_table[];
extern const size_t bl_ctxstore_table_len;

/*
 * A bl_jsonld_load_fn: set *text and *len to the static text of the context
 * whose URL is exactly url (arg unused).  BL_ENOTFOUND ("JSON-LD: context
 * <url> is not compiled in") for any other URL.
 */
enum bl_err bl_ctxstore_load(void *arg, const char *url, const char **text, size_t *len,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* How many contexts are compiled in, and the i-th one (NULL past the end). */
size_t bl_ctxstore_count(void);
const struct bl_ctxstore_entry *bl_ctxstore_at(size_t i);

#endif
