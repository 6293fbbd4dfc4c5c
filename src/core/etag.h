/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * etag.h: the version of a resource as an entity tag (RFC 9110, 8.8.3), and
 * reading it back from If-Match, for optimistic concurrency in the JSON API
 * (docs/internals/api-network.md).  The tag is strong and quoted: "v<n>".
 */
#ifndef BL_CORE_ETAG_H
#define BL_CORE_ETAG_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BL_ETAG_VERSION_MAX 999999999999999999LL /* 18 digits: fits int64_t */
#define BL_ETAG_LEN         24                   /* "v" + 18 digits + NUL, without the quotes */

/* The tag of version v (1..BL_ETAG_VERSION_MAX) without its quotes, "v3", in out. */
void bl_etag_of_version(int64_t v, char out[BL_ETAG_LEN]);

/*
 * The version an If-Match value (s, n bytes) names: *out > 0 for one strong
 * tag "v<n>" (optional spaces around it), *out = 0 for "*" (any version).
 * BL_EINVAL for anything else: a weak tag (it never matches strongly), a
 * list, a tag that is not ours (leading zeros included), a version 0 or
 * over the maximum.
 */
enum bl_err bl_etag_version(const char *s, size_t n, int64_t *out) BL_WARN_UNUSED;

#endif
