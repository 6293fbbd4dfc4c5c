/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jsonld_int.h: the private structures of the JSON-LD processor, shared by
 * jsonld.c (contexts, expansion) and jsonld_rdf.c (toRdf).  Not an API.
 */
#ifndef BL_JSONLD_INT_H
#define BL_JSONLD_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "jsonld.h"

/* Container mapping bits, in the order container_bit() knows them. */
enum { C_LIST = 1, C_SET = 2, C_INDEX = 4, C_LANGUAGE = 8, C_ID = 16, C_TYPE = 32, C_GRAPH = 64 };

/* A term definition.  Immutable once stored in an active context. */
struct tdef {
    struct tdef *next; /* ownership list (processor or document) */
    char *term;
    char *iri; /* NULL: the term is mapped to null */
    char *type;
    char *lang;
    char *dir;
    char *index;
    char *nest;
    json_t *ctx; /* scoped context (a reference) when has_ctx */
    char *ctx_base;
    unsigned container;
    bool has_lang, has_dir, has_ctx;
    bool prefix, prot, reverse, perm;
};

/* Open addressing; used counts live entries plus tombstones. */
struct tmap {
    struct tdef **slots;
    size_t cap, n, used;
};

/* An active context; immutable once ctx_process returns it. */
struct actx {
    struct actx *next; /* ownership list */
    struct tmap terms;
    char *base;
    bool base_set; /* base given by @base (may be NULL) rather than by the document */
    char *vocab;
    char *lang;
    char *dir;
    struct actx *prev; /* previous context (non-propagated scoped contexts) */
    bool has_protected;
    bool v10;
    bool perm; /* owned by the processor and cacheable */
    bool open; /* still being built: never a memo key */
};

struct memo {
    const void *a, *b;
    unsigned f;
    struct actx *r;
};

struct mtab {
    struct memo *e;
    size_t cap, n;
};

struct rdoc {
    char *url;
    json_t *doc;
};

struct bl_jsonld {
    bl_jsonld_load_fn load;
    void *load_arg;
    struct actx *initial, *initial10;
    struct actx *perm_ctx, *doc_ctx;
    size_t nperm; /* cached active contexts, at most BL_JSONLD_MAX_CACHED */
    struct tdef *perm_td, *doc_td;
    struct rdoc *docs;
    size_t ndocs, cdocs;
    struct mtab pmemo; /* cached contexts (processor lifetime) */
    struct mtab dmemo; /* this document's (cleared by doc_release) */
    const char *last_code;
};

/* The state of one expansion. */
struct ex {
    struct bl_jsonld *p;
    struct bl_errinfo *ei;
    struct actx *init;
    const char *base;
    json_t *keep; /* documents-lifetime JSON (merged @import contexts) */
    bool safe;
    int depth;
    const char *remote_seen[BL_JSONLD_MAX_REMOTE];
    int nremote_seen;
    char path[512];
    size_t plen;
};

bool bl_jsonld_is_keyword(const char *s);

#endif
