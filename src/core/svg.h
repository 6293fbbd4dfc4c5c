/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * svg.h: Open Badges baking in SVG images (2.0 and 3.0), with expat.
 *
 * The reader parses the whole document with a namespace-aware expat parser
 * that refuses any DOCTYPE, entity declaration or reference to an external
 * entity, and finds the badge element by namespace URI and local name:
 * {http://openbadges.org}assertion (2.0) or
 * {https://purl.imsglobal.org/ob/v3p0}credential (3.0).  The prefix does not
 * matter.  Only UTF-8 (or ASCII) documents are accepted.
 *
 * The baker checks the document the same way, then rewrites it as bytes:
 * everything is kept byte for byte except that existing badge elements (of
 * both versions) are cut out, the xmlns:openbadges declaration is added to
 * the root start tag when missing, and the new element is inserted right
 * after the root start tag.
 */
#ifndef BL_SVG_H
#define BL_SVG_H

#include <stddef.h>

#include "badge.h"
#include "buf.h"
#include "err.h"

struct bl_svg_badge {
    enum bl_obver ver; /* BL_OB2 or BL_OB3, from the element's namespace */
    char *verify;      /* the verify attribute, unescaped; NULL when absent */
    size_t verify_len;
    char *body; /* the element's character data (CDATA sections joined),
                   XML whitespace trimmed at both ends; NULL when empty */
    size_t body_len;
    size_t offset;        /* byte offset of the element's start tag */
    unsigned long line;   /* 1-based line of the start tag */
    unsigned long column; /* 0-based column of the start tag */
};

/* Free what an extracted badge owns and zero it. */
void bl_svg_badge_free(struct bl_svg_badge *b);

/*
 * Find the badge in svg[0..n).
 * Returns BL_OK and fills *out (caller frees with bl_svg_badge_free);
 * BL_ENOTFOUND for a well-formed SVG without badge; BL_EDUPLICATE when there
 * are two badge elements; BL_ESVG when not well-formed or the root is not
 * <svg>; BL_ESVG_UNSAFE for a DOCTYPE or entity; BL_ETOOBIG past the limits;
 * BL_EUTF8 when the document is not UTF-8.  ei gets a one-line detail.
 */
enum bl_err bl_svg_extract(const unsigned char *svg, size_t n, struct bl_svg_badge *out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Bake into svg[0..n): the result is appended to out (whose cap limits it).
 * ver is BL_OB2 (<openbadges:assertion>) or BL_OB3 (<openbadges:credential>).
 * verify (may be NULL) becomes the verify attribute, XML-escaped; body (may be
 * NULL) becomes the element content inside CDATA, any "]]>" split across two
 * sections.  Without body the element is self-closing.  On error nothing is
 * appended to out.
 */
enum bl_err bl_svg_bake(const unsigned char *svg, size_t n, enum bl_obver ver, const char *verify,
                        size_t verify_len, const char *body, size_t body_len, struct bl_buf *out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
