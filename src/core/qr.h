/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * qr.h: QR codes (libqrencode) drawn as SVG or as a PNG, on buffers.  The
 * SVG is one <path> of dark modules with a 4-module quiet zone, a <title>
 * (XML-escaped) and role="img"; it scales to any size (viewBox).  The PNG
 * is 1-bit greyscale, `scale` pixels per module, written with zlib.
 */
#ifndef BL_QR_H
#define BL_QR_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define BL_QR_TEXT_MAX  1000u /* bytes encoded in one code */
#define BL_QR_SCALE_MAX 32u   /* PNG pixels per module */
#define BL_QR_SVG_MAX   (256u * 1024u)
#define BL_QR_PNG_MAX   (256u * 1024u)

/* Append the SVG of the QR code of text to out (level M). */
enum bl_err bl_qr_svg(const char *text, const char *title, struct bl_buf *out,
                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append the PNG of the QR code of text to out (level M). */
enum bl_err bl_qr_png(const char *text, unsigned scale, struct bl_buf *out,
                      struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
