/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * raster_child.h: an SVG that came from outside (an uploaded badge image)
 * drawn to PNG in a separate process, `blason raster`.  raster.h draws
 * Blason's own drawings in process; an issuer's SVG is checked safe when
 * uploaded (core/svgsafe.h), but a renderer is a large attack surface, so
 * a bug or a drawing that never ends costs a child process with CPU and
 * memory limits and a deadline, never the server.
 */
#ifndef BL_APP_RASTER_CHILD_H
#define BL_APP_RASTER_CHILD_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define BL_RASTER_CHILD_WALL_MS  10000u         /* the parent kills the child after this */
#define BL_RASTER_CHILD_CPU_S    5u             /* RLIMIT_CPU of the child */
#define BL_RASTER_CHILD_MEMORY   (1024ul << 20) /* RLIMIT_AS of the child (not under ASan) */
#define BL_RASTER_CHILD_VERB     "raster"       /* argv[1] of the child */
#define BL_RASTER_CACHE_N        32             /* drawings kept in memory */
#define BL_RASTER_CACHE_ITEM_MAX (2u << 20)     /* largest PNG kept */
#define BL_RASTER_WAIT_MS        3000u          /* wait for the one child at most this */

/*
 * Run `exe raster --side SIDE`, give it svg[0..n) on standard input and
 * append the PNG it writes to out.  One child runs at a time in the
 * process, and the last BL_RASTER_CACHE_N drawings are kept (same SVG, same
 * side: no child); BL_ELIMIT when the child was busy for BL_RASTER_WAIT_MS.
 * BL_ENOTFOUND when exe is NULL (no
 * rasteriser in this process), BL_ETOOBIG past out's cap (the child is
 * killed), BL_EIO when it cannot be started, refuses the SVG, dies or
 * passes the deadline (it is killed then).  On error nothing
 * is appended.  The caller ignores SIGPIPE (blason serve does).
 */
enum bl_err bl_raster_png_isolated(const char *exe, const unsigned char *svg, size_t n,
                                   unsigned side, struct bl_buf *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The limits the child puts on itself before reading its input. */
void bl_raster_child_limits(void);

#endif
