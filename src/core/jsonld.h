/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jsonld.h: JSON-LD 1.1 context processing and expansion (W3C JSON-LD 1.1
 * Processing Algorithms §4, §5), the part of JSON-LD that Data Integrity
 * needs before RDF canonicalisation.  Remote contexts never come from the
 * network: a loader callback maps a URL to JSON text, and the default loader
 * is the compiled-in context store (ctxstore.h).
 *
 * A struct bl_jsonld is a processor with a cache: every remote context is
 * parsed once, and the active context that results from applying a remote
 * (or remote-derived scoped) context to a cached active context is kept, so
 * documents that share contexts pay for context processing once.  One
 * processor serves one thread at a time; give each thread its own.
 *
 * Safe mode (the default for credentials) turns every silently dropped key
 * into an error naming the key and its JSON pointer, and refuses @type
 * values that do not become absolute IRIs.  See docs/internals/jsonld.md.
 */
#ifndef BL_JSONLD_H
#define BL_JSONLD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "err.h"

/* Most remote contexts one document may pull in (also stops cycles). */
#define BL_JSONLD_MAX_REMOTE 32u
/* Deepest nesting of scoped contexts / expansion recursion. */
#define BL_JSONLD_MAX_DEPTH 128u
/* Most active contexts one processor caches (bounds memory on hostile input). */
#define BL_JSONLD_MAX_CACHED 4096u
/* Largest remote context text accepted from a loader. */
#define BL_JSONLD_MAX_CONTEXT_BYTES (1u * 1024 * 1024)

/*
 * A document loader: set *text / *len to the JSON text of the document at
 * url.  The text is borrowed and need only stay valid until the loader is
 * called again or the processor call returns (it is parsed at once).
 * Return BL_ENOTFOUND (with a message) for a URL it does not serve.
 */
typedef enum bl_err (*bl_jsonld_load_fn)(void *arg, const char *url, const char **text, size_t *len,
                                         struct bl_errinfo *ei);

struct bl_jsonld;

/* Options of one expansion; zero-initialise, then set what you need. */
struct bl_jsonld_opts {
    const char *base;             /* document base IRI, or NULL */
    const json_t *expand_context; /* context applied before the document's, or NULL */
    bool unsafe;                  /* false (default): safe mode, see above */
    bool json_ld_10;              /* processingMode json-ld-1.0 */
    /*
     * toRdf: also drop IRIs with a second '#' (not RFC 3987 IRIs), as the W3C
     * suite expects (toRdf #te111).  Default false: keep them, as npm jsonld
     * does, since most Data Integrity signers use it.
     */
    bool strict_iri;
};

/*
 * A new processor in *out (free with bl_jsonld_free).  load NULL selects
 * the compiled-in context store (bl_ctxstore_load); arg is passed to load.
 */
enum bl_err bl_jsonld_new(bl_jsonld_load_fn load, void *arg, struct bl_jsonld **out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Free the processor, its cached contexts and documents.  NULL is fine. */
void bl_jsonld_free(struct bl_jsonld *p);

/*
 * Expand doc (borrowed) into *out, a new jansson array the caller owns
 * (json_decref), following JSON-LD 1.1 Expansion (keys taken in sorted
 * order, so the output is deterministic).  opts NULL: safe mode, no base.
 * Errors: BL_EINVAL for invalid JSON-LD ("JSON-LD: invalid IRI mapping:
 * term \"x\"": the spec error code, then the detail) or a safe-mode refusal
 * ("JSON-LD: term \"foo\" at /credentialSubject/foo is not defined");
 * BL_ENOTFOUND for a context URL the loader does not serve ("JSON-LD:
 * context <url> is not compiled in"); BL_ETOOBIG for a limit; BL_EJSON or
 * BL_EUTF8 for a remote context that is not JSON.
 */
enum bl_err bl_jsonld_expand(struct bl_jsonld *p, const json_t *doc,
                             const struct bl_jsonld_opts *opts, json_t **out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The JSON-LD error code (spec wording, "invalid IRI mapping"; "safe mode"
 * for a safe-mode refusal; "loading remote context failed") of the last
 * failed call on p, or NULL.  Static string.
 */
const char *bl_jsonld_last_code(const struct bl_jsonld *p);

/* True when s is an absolute IRI (a scheme, then ':'), as JSON-LD means it. */
bool bl_jsonld_is_absolute_iri(const char *s);

/*
 * Resolve ref against base (RFC 3986 §5.2 with dot-segment removal) into a
 * new string owned by the caller (bl_free).  base NULL returns a copy of ref.
 */
char *bl_jsonld_resolve_iri(const char *base, const char *ref);

#endif
