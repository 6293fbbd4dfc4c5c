/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bake.h: bake and unbake any supported image (PNG or SVG), choosing the
 * container (keyword, namespace) from the Open Badges version and where the
 * payload goes from its kind.  This is what the CLI and, later, the server
 * call; png.h and svg.h are the format-specific halves.
 */
#ifndef BL_BAKE_H
#define BL_BAKE_H

#include <stddef.h>

#include "badge.h"
#include "buf.h"
#include "err.h"
#include "iov.h"
#include "png.h"

enum bl_image_format {
    BL_IMG_UNKNOWN = 0,
    BL_IMG_PNG,
    BL_IMG_SVG,
};

/* PNG by signature; SVG when the first byte after an optional UTF-8 BOM and
 * whitespace is '<'.  The parsers have the last word. */
enum bl_image_format bl_image_sniff(const unsigned char *p, size_t n);
/* "PNG", "SVG" or "unknown". */
const char *bl_image_format_name(enum bl_image_format f);

/* What unbaking found, and where. */
struct bl_baked {
    enum bl_image_format format;
    enum bl_obver container_ver; /* from the PNG keyword or SVG namespace */
    enum bl_payload_kind kind;   /* from the payload's shape */
    enum bl_obver payload_ver;   /* set by bl_baked_identify; BL_OB_UNKNOWN until then */
    unsigned char *payload;      /* owned, NUL-terminated */
    size_t payload_len;
    /* PNG */
    char png_type[5];
    size_t png_index, png_offset, png_nchunks;
    int png_compressed;
    /* SVG */
    size_t svg_offset;
    unsigned long svg_line, svg_column;
    int svg_has_verify, svg_has_body;
};

void bl_baked_free(struct bl_baked *b);

/*
 * Find the badge in img[0..n).  BL_OK fills *out (free with bl_baked_free);
 * BL_ENOTFOUND when a sound image holds none; BL_EFORMAT when img is
 * neither PNG nor SVG; any error of png.h / svg.h otherwise.  For an SVG
 * element with both a verify attribute and a body, the payload is the
 * verify value when it is a compact JWS (the signature is authoritative),
 * and the body otherwise (a hosted assertion carries its JSON there).
 */
enum bl_err bl_unbake(const unsigned char *img, size_t n, struct bl_baked *out,
                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Parse the payload enough to tell its Open Badges version (JSON @context,
 * JWS claims) and set b->payload_ver.  A payload that does not parse keeps
 * BL_OB_UNKNOWN: unbaking reports what is in the image, verifying judges it.
 */
void bl_baked_identify(struct bl_baked *b);

/* A baked image as a list of ranges (see iov.h), and the bytes they borrow. */
struct bl_bake_out {
    struct bl_iovec iov;
    struct bl_buf own;         /* bytes built here: a baked SVG */
    struct bl_png_scratch png; /* a baked PNG's new chunk head and CRC */
};

/* An empty result whose own bytes may not pass max. */
void bl_bake_out_init(struct bl_bake_out *o, size_t max);
void bl_bake_out_free(struct bl_bake_out *o);

/*
 * Bake payload[0..plen) into img[0..n), describing the new image in out
 * (which must be freshly initialised).  The ranges borrow img, payload and
 * out: keep them alive while writing.  Rules as for bl_bake below.
 */
enum bl_err bl_bake_iov(const unsigned char *img, size_t n, const unsigned char *payload,
                        size_t plen, enum bl_obver ver, struct bl_bake_out *out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Bake payload[0..plen) into img[0..n), appending the new image to out.
 * Surrounding whitespace of the payload is dropped.  ver is BL_OB2 or
 * BL_OB3 to force the container, or BL_OB_UNKNOWN to follow the payload
 * (3.0 for a Verifiable Credential, 2.0 otherwise); a forced version that
 * contradicts the payload is an error, and so is a URL for 3.0 (3.0 badges
 * carry the credential itself).
 */
enum bl_err bl_bake(const unsigned char *img, size_t n, const unsigned char *payload, size_t plen,
                    enum bl_obver ver, struct bl_buf *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
