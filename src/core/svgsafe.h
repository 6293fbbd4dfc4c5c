/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * svgsafe.h: is an uploaded SVG free of active content?  svg.c already
 * refuses DTDs and entities; this check refuses what a browser would run
 * or follow when the SVG is opened on its own: <script> and other
 * embedding elements, event handler attributes (on...), javascript: and
 * vbscript: URLs anywhere in an attribute, data: links other than images,
 * processing instructions (xml-stylesheet) and @import or javascript: in
 * <style>.  The image is refused rather than cleaned: nothing is rewritten.
 */
#ifndef BL_SVGSAFE_H
#define BL_SVGSAFE_H

#include <stddef.h>

#include "err.h"

/* Most bytes checked (an uploaded badge image is smaller). */
#define BL_SVGSAFE_MAX (4u * 1024u * 1024u)
/* Most bytes of the text of one <style> element kept for the check. */
#define BL_SVGSAFE_STYLE_MAX (64u * 1024u)

/* What made an SVG unsafe, for a message in the user's language. */
enum bl_svgsafe_why {
    BL_SVGSAFE_OK = 0,
    BL_SVGSAFE_SCRIPT,  /* <script>, <foreignObject>, <iframe>, <embed>, <object>, <handler> */
    BL_SVGSAFE_HANDLER, /* an on... attribute (onload, onclick...) */
    BL_SVGSAFE_URL,     /* a javascript:/vbscript: URL, or a data: link that is not an image */
    BL_SVGSAFE_OTHER,   /* DOCTYPE, entity, processing instruction, @import in <style> */
};

/*
 * Check svg[0..n).  BL_OK when safe; BL_ESVG_UNSAFE with *why set and ei
 * naming the construct and its line; BL_ESVG when not well-formed XML;
 * BL_ETOOBIG past BL_SVGSAFE_MAX or the style limit.  why may be NULL.
 */
enum bl_err bl_svgsafe_check(const unsigned char *svg, size_t n, enum bl_svgsafe_why *why,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
