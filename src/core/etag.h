/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * etag.h: the version of a resource and the body that shows it as an entity
 * tag (RFC 9110, 8.8.3), and reading the version back from If-Match, for
 * optimistic concurrency in the JSON API (docs/internals/etag.md).  The tag
 * is strong and quoted: "v<n>-<16 hex digits of the body's SHA-256>".
 */
#ifndef BL_CORE_ETAG_H
#define BL_CORE_ETAG_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BL_ETAG_VERSION_MAX 999999999999999999LL /* 18 digits: fits int64_t */
#define BL_ETAG_HASH_HEX    16                   /* 64 bits of SHA-256 over the body, in hex */
#define BL_ETAG_LEN         40 /* "v" + 18 digits + "-" + 16 hex + NUL, without the quotes */

/*
 * The first nhex / 2 bytes of the SHA-256 of body (n bytes) in lower-case
 * hex, NUL-terminated, in out (nhex + 1 bytes; nhex even, at most 64): a
 * strong validator of the bytes themselves.
 */
void bl_etag_hash(const void *body, size_t n, size_t nhex, char *out);

/*
 * The tag, without its quotes, of version v (1..BL_ETAG_VERSION_MAX) shown
 * by body (n bytes) in out: "v3-0123456789abcdef".  The version names what a
 * change is based on; the hash moves with anything else the body shows
 * (counts, names of linked things), so If-None-Match revalidates it.
 */
void bl_etag_of(int64_t v, const void *body, size_t n, char out[BL_ETAG_LEN]);

/*
 * The version an If-Match value (s, n bytes) names: *out > 0 for one strong
 * tag of ours, "v<n>-<16 lower-case hex>" or the bare "v<n>" of earlier
 * answers (optional spaces around it; the hash is not compared: a change is
 * based on a version, whatever counts moved since), *out = 0 for "*" (any
 * version).  BL_EINVAL for anything else: a weak tag (it never matches
 * strongly), a list, a tag that is not ours (leading zeros included), a
 * version 0 or over the maximum.
 */
enum bl_err bl_etag_version(const char *s, size_t n, int64_t *out) BL_WARN_UNUSED;

#endif
