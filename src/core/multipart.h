/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * multipart.h: multipart/form-data request bodies (RFC 7578 on RFC 2046),
 * the way browsers send a file input, on byte buffers.  Strict: CRLF line
 * ends, one Content-Disposition "form-data" with a name per part, the
 * closing delimiter required; limits on parts, header bytes and total size.
 * Part bodies are not copied: they point into the input.
 */
#ifndef BL_MULTIPART_H
#define BL_MULTIPART_H

#include <stddef.h>

#include "arena.h"
#include "err.h"

/*
 * Most parts in one body.  The badge editor is the largest form: about 20
 * fields and 10 competency rows of 6 fields each (4 typed, 2 kept from the
 * framework picker).
 */
#define BL_MULTIPART_MAX_PARTS 128u
/* Largest header block of one part (its lines and the blank line). */
#define BL_MULTIPART_MAX_HEADER 4096u
/* Largest body parsed (the server's request limit is lower). */
#define BL_MULTIPART_MAX_BYTES (64u * 1024 * 1024)
/* Longest boundary (RFC 2046 §5.1.1). */
#define BL_MULTIPART_BOUNDARY_MAX 70u

struct bl_multipart_part {
    const char *name;          /* field name, UTF-8, NUL-terminated, arena-owned */
    const char *filename;      /* file name as sent (UTF-8), or NULL when not a file */
    const char *content_type;  /* the part's Content-Type value, or NULL */
    const unsigned char *data; /* the part's bytes: borrowed from the input */
    size_t len;
};

struct bl_multipart {
    struct bl_multipart_part *parts; /* in input order, arena-owned */
    size_t n;
};

/*
 * The boundary parameter of a Content-Type value such as
 * `multipart/form-data; boundary="----x"` (token or quoted string), copied
 * into arena a as *out.  BL_EUNSUPPORTED when the type is not
 * multipart/form-data, BL_EINVAL when the boundary is missing, empty, over
 * BL_MULTIPART_BOUNDARY_MAX or has a character RFC 2046 does not allow.
 */
enum bl_err bl_multipart_boundary(const char *content_type, struct bl_arena *a, const char **out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Parse body p[0..n) delimited by boundary into *out (strings in arena a,
 * data pointing into p, which must outlive *out).  The body starts with
 * the first delimiter (no preamble); what follows the closing delimiter is
 * ignored (RFC 2046 epilogue).  BL_EINVAL for a malformed body (ei says
 * what and at which offset), BL_EUTF8 for a name or file name that is not
 * UTF-8, BL_ETOOBIG past a limit; *out is then empty.
 */
enum bl_err bl_multipart_parse(const unsigned char *p, size_t n, const char *boundary,
                               struct bl_arena *a, struct bl_multipart *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The first part named name, or NULL.  Borrowed from m. */
const struct bl_multipart_part *bl_multipart_get(const struct bl_multipart *m, const char *name);

#endif
