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

/* Keys, JWS and sealed keys (key.h, jws.h, seal.h). */
/* Smallest RSA modulus accepted anywhere (generation, import, verify). */
#define BL_KEY_RSA_MIN_BITS 2048u
/* Largest RSA modulus accepted on import: bounds the cost of a verify. */
#define BL_KEY_RSA_MAX_BITS 8192u
/* Largest PEM text, JWK text or DER blob accepted on import. */
#define BL_KEY_TEXT_MAX (64u * 1024)
/* Most keys in one JWKS document built by bl_key_jwks. */
#define BL_KEY_JWKS_MAX 64u
/* Longest protected header, in base64url characters (a jwk with RSA-8192 fits). */
#define BL_JWS_HEADER_MAX 16384u
/* Largest decoded payload. */
#define BL_JWS_PAYLOAD_MAX BL_PAYLOAD_MAX
/* Largest decoded signature: an RSA-8192 signature. */
#define BL_JWS_SIG_MAX 1024u
/* Deepest JSON nesting accepted in a protected header. */
#define BL_JWS_HEADER_DEPTH 16u
/* Longest compact JWS text (the three caps above, encoded, and two dots). */
#define BL_JWS_MAX (BL_JWS_HEADER_MAX + 2u + (BL_JWS_PAYLOAD_MAX / 3u + 1u) * 4u + 2048u)
/* Longest context string. */
#define BL_SEAL_CONTEXT_MAX 1024u

#endif
