/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * payload.h: what a baked text is (URL, compact JWS, JSON) and which Open
 * Badges version it speaks, following docs/open-badges.md §12.1: the
 * JSON @context decides (VC v1/v2 context: 3.0; openbadges/v2: 2.0;
 * openbadges/v1: 1.1; none: 1.0 with a recipient object, 0.5 with a plain
 * recipient string); a JWS is decoded and its payload judged the same way
 * (a "vc" claim means 3.0).
 */
#ifndef BL_PAYLOAD_H
#define BL_PAYLOAD_H

#include <stddef.h>

#include "badge.h"
#include "err.h"

/* Narrow *p, *n to the text without leading and trailing ASCII whitespace. */
void bl_payload_trim(const unsigned char **p, size_t *n);

/*
 * Classify p[0..n) (already trimmed): an http(s) URL of at most BL_URL_MAX
 * bytes with no space or control character; a compact JWS (three base64url
 * segments, the middle one may be empty); a JSON object ('{' ... '}').
 * Only the shape is looked at here.
 */
enum bl_payload_kind bl_payload_kind(const unsigned char *p, size_t n);

/*
 * The Open Badges version the payload speaks, or BL_OB_UNKNOWN when it says
 * nothing (a URL, or JSON without a known context).  A JSON or JWS payload
 * that does not parse gives BL_EJSON / BL_EPAYLOAD with a detail in ei.
 */
enum bl_err bl_payload_version(const unsigned char *p, size_t n, enum bl_payload_kind kind,
                               enum bl_obver *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* "URL", "JWS", "JSON" or "unknown". */
const char *bl_payload_kind_name(enum bl_payload_kind k);
/* "0.5", "1.0", "1.1", "2.0", "3.0" or "unknown". */
const char *bl_obver_name(enum bl_obver v);

#endif
