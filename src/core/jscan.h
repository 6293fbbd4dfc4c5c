/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jscan.h: a validating JSON scanner that allocates nothing.
 *
 * Baking must know whether a payload is well-formed JSON and which Open
 * Badges version it speaks, thousands of times a second; building a jansson
 * tree for that costs more than the rest of baking together.  The scanner
 * checks RFC 8259 syntax, strict UTF-8, escapes (no \u0000, no lone
 * surrogates) and a nesting limit, and reports the members of the top-level
 * object as byte spans, so callers look only at what they need.  Duplicate
 * keys are not detected and integers of any size are accepted (both are
 * valid JSON); the parse in json.h remains the reference for everything
 * that reads documents for real.
 */
#ifndef BL_JSCAN_H
#define BL_JSCAN_H

#include <stddef.h>

#include "err.h"

/* Deepest nesting bl_jscan can be asked to allow. */
#define BL_JSCAN_MAX_DEPTH 256u

/*
 * Called for each member of the top-level object: key is the raw text
 * between the quotes (escapes not decoded), value the raw text of the value
 * (for a string, with its quotes).  Return 0 to go on, non-zero to stop the
 * callbacks (the rest is still validated).
 */
typedef int (*bl_jscan_member_fn)(const char *key, size_t keylen, const char *value,
                                  size_t valuelen, void *ctx);

/*
 * Check that p[0..n) is exactly one JSON value with surrounding whitespace,
 * nested at most max_depth deep (at most BL_JSCAN_MAX_DEPTH).  fn may be NULL.
 * BL_OK, or BL_EJSON with the byte offset and reason in ei; BL_ETOOBIG when
 * the nesting passes max_depth.
 */
enum bl_err bl_jscan(const char *p, size_t n, size_t max_depth, bl_jscan_member_fn fn, void *ctx,
                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Compare a JSON string value as bl_jscan reports it (quotes included) with
 * the plain string s: 1 when they denote the same text.  Escapes in the
 * value are decoded for the comparison.
 */
int bl_jscan_string_eq(const char *value, size_t valuelen, const char *s);

#endif
