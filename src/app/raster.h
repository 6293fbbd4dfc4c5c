/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * raster.h: an SVG drawn to a PNG with librsvg and cairo, for the badge
 * images Blason generates itself (core/badgeart.h): mail clients and
 * LinkedIn show PNG, not SVG.  Only our own drawings come here, never an
 * uploaded SVG, so librsvg never sees hostile input or external references.
 */
#ifndef BL_APP_RASTER_H
#define BL_APP_RASTER_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* Largest side of a PNG drawn. */
#define BL_RASTER_SIDE_MAX 2048u

/*
 * Draw svg[0..n) into a side x side PNG (transparent background, the SVG
 * scaled to fit) appended to out.  BL_EINVAL when librsvg refuses the SVG
 * or side is 0 or over BL_RASTER_SIDE_MAX, BL_ETOOBIG past out's cap,
 * BL_EIO when cairo fails.
 */
enum bl_err bl_raster_png(const unsigned char *svg, size_t n, unsigned side, struct bl_buf *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
