/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pngsvg.h: a PNG badge image as an SVG file, so a badge whose class has a
 * PNG image can also be downloaded (and baked) as SVG.  The SVG is one
 * <image> holding the PNG as a data: URL at its own pixel size: nothing is
 * redrawn, the pixels are the issuer's.
 */
#ifndef BL_PNGSVG_H
#define BL_PNGSVG_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * Append to out an SVG showing png[0..n) at its IHDR size, with title (may
 * be NULL; XML-escaped) as its accessible name.  The PNG's structure is
 * checked as bl_png_size does; on error nothing is appended.
 */
enum bl_err bl_pngsvg_wrap(const unsigned char *png, size_t n, const char *title,
                           struct bl_buf *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
