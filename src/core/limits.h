/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * limits.h: every size limit of Blason, in one place (house style C5).
 * A limit that an operator may change has a default here and a setting
 * elsewhere; the code never hard-codes a number of its own.
 */
#ifndef BL_LIMITS_H
#define BL_LIMITS_H

/* Largest image accepted for baking or unbaking (CLI --max-size overrides). */
#define BL_IMAGE_MAX_DEFAULT (16u * 1024 * 1024)
/* Largest payload (JSON, JWS or URL) carried by a badge. */
#define BL_PAYLOAD_MAX (1u * 1024 * 1024)
/* Most chunks walked in one PNG; a 1 MB image has a few hundred. */
#define BL_PNG_MAX_CHUNKS 100000u
/* Largest length field a PNG chunk may carry (PNG spec: 2^31 - 1). */
#define BL_PNG_MAX_CHUNK_LEN 0x7fffffffu
/* Most bytes a compressed iTXt/zTXt may inflate to (zip-bomb guard). */
#define BL_PNG_MAX_INFLATE BL_PAYLOAD_MAX
/* Deepest element nesting accepted in an SVG. */
#define BL_SVG_MAX_DEPTH 256u
/* Deepest nesting and largest text accepted by the JSON helpers. */
#define BL_JSON_MAX_DEPTH 64u
#define BL_JSON_MAX_BYTES BL_PAYLOAD_MAX
/* Longest base58btc text decoded (the algorithm is quadratic; keys and
 * signatures are under 100 characters). */
#define BL_BASE58_MAX_CHARS 1024u
/* Most problems one Open Badges validation report keeps (the rest are counted). */
#define BL_OB_REPORT_MAX 256u
/* Longest URL accepted as a badge payload. */
#define BL_URL_MAX 2048u

#endif
