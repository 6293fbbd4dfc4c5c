/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * form.h: application/x-www-form-urlencoded text (HTML form bodies and URL
 * query strings) and percent-decoding, on byte buffers.  Strict: a broken
 * escape, an encoded NUL or invalid UTF-8 refuses the whole input, so a
 * handler never sees half-decoded text.
 */
#ifndef BL_FORM_H
#define BL_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"

/* Most name=value pairs in one form or query string. */
#define BL_FORM_MAX_PAIRS 256u
/* Largest form or query text parsed (request bodies are capped before this). */
#define BL_FORM_MAX_BYTES (4u * 1024 * 1024)

struct bl_form_pair {
    const char *name;  /* decoded, NUL-terminated, arena-owned */
    const char *value; /* decoded, NUL-terminated, arena-owned; "" when no '=' */
};

struct bl_form {
    struct bl_form_pair *pairs; /* in input order, duplicates kept */
    size_t n;
};

/*
 * Percent-decode p[0..n) into out, which has room for n + 1 bytes; a NUL
 * follows the result and *outlen is its length.  With plus_space, '+' is a
 * space (forms and queries); without it '+' stays (paths).  Returns BL_EINVAL
 * for '%' not followed by two hex digits, for %00 and for a raw NUL byte.
 */
enum bl_err bl_pct_decode(const char *p, size_t n, bool plus_space, char *out,
                          size_t *outlen) BL_WARN_UNUSED;

/*
 * Parse p[0..n) ("a=1&b=x+y&c") into *out, every string in arena a.  Empty
 * pieces ("a=1&&b=2") and pieces with an empty name are skipped.  Returns
 * BL_EINVAL (bad escape or %00), BL_EUTF8 (decoded text not UTF-8),
 * BL_ETOOBIG (over BL_FORM_MAX_BYTES or BL_FORM_MAX_PAIRS); *out is then
 * empty and ei says where.
 */
enum bl_err bl_form_parse(const char *p, size_t n, struct bl_arena *a, struct bl_form *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The value of the first pair named name, or NULL. */
const char *bl_form_get(const struct bl_form *f, const char *name);

/* How many pairs are named name (checkbox lists, repeated parameters). */
size_t bl_form_count(const struct bl_form *f, const char *name);

#endif
