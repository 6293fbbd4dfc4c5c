/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * tmpl.h: Blason's small Mustache-compatible template engine.
 *
 * A template text is compiled once into an immutable program (struct
 * bl_tmpl) and rendered many times against a jansson value.  A compiled
 * template is never written after bl_tmpl_compile returns, so several
 * threads may render the same one at once.  Variables are HTML-escaped
 * unless written {{{x}}} or {{& x}}.  Partials are looked up at render
 * time through a caller-given callback.  Design note: docs/internals/tmpl.md.
 */
#ifndef BL_TMPL_H
#define BL_TMPL_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"

/* Largest template text accepted by bl_tmpl_compile. */
#define BL_TMPL_MAX_SIZE (1u * 1024 * 1024)
/* Deepest nesting of sections (compile time) and of sections plus partials
 * (render time); stops a partial that includes itself forever. */
#define BL_TMPL_MAX_DEPTH 64u
/* Longest delimiter set by {{=<% %>=}}. */
#define BL_TMPL_MAX_DELIM 16u
/* Default budget of executed nodes for one render: stops nested sections
 * over lists from running for ever while producing little output. */
#define BL_TMPL_MAX_STEPS (16u * 1024 * 1024)

struct bl_tmpl;

/*
 * Partial lookup: the compiled template called name (n bytes, not
 * NUL-terminated), or NULL when there is none (it then renders as nothing,
 * as the spec says).  The result is borrowed and must outlive the render.
 * Called from every rendering thread, so it must be thread-safe.
 */
typedef const struct bl_tmpl *(*bl_tmpl_lookup_fn)(void *cls, const char *name, size_t n);

/* What a render may use besides the context; every field may be zero. */
struct bl_tmpl_env {
    bl_tmpl_lookup_fn lookup; /* NULL: no partials */
    void *cls;                /* passed to lookup */
    unsigned long max_steps;  /* 0: BL_TMPL_MAX_STEPS */
};

/*
 * Compile n bytes of template text.  On success *out is a new template
 * (free with bl_tmpl_free); it keeps its own copy of the text.  Errors:
 * BL_EINVAL with "template line L col C: ..." in ei, BL_ETOOBIG over
 * BL_TMPL_MAX_SIZE or BL_TMPL_MAX_DEPTH.
 */
enum bl_err bl_tmpl_compile(const char *src, size_t n, struct bl_tmpl **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Free a compiled template (NULL is fine). */
void bl_tmpl_free(struct bl_tmpl *t);

/*
 * Render t with ctx as the root of the context stack, appending to out.
 * The output is capped by out->max (BL_ETOOBIG); env may be NULL.  On
 * error out holds a partial result that the caller should discard.
 * Errors: BL_ETOOBIG (output cap, depth, step budget) with a message in ei.
 */
enum bl_err bl_tmpl_render(const struct bl_tmpl *t, const json_t *ctx,
                           const struct bl_tmpl_env *env, struct bl_buf *out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append s (n bytes) to out with & < > " ' ` = replaced by character
 * references: safe in element text and in quoted or unquoted attributes.
 */
enum bl_err bl_tmpl_escape(struct bl_buf *out, const char *s, size_t n) BL_WARN_UNUSED;

#endif
