/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * qr.h: QR codes (libqrencode for the symbol) drawn as SVG or PNG, on
 * buffers; pure, no I/O.  Certificates use bl_qr_svg (a standalone SVG in
 * an arena, for a data: URI); event posters, screens and claim pages use
 * bl_qr_svg_titled (role="img" with an escaped <title>, put inline in the
 * page) and bl_qr_png (1-bit greyscale, `scale` pixels per module, zlib).
 * Every drawing has a BL_QR_QUIET-module white margin.
 */
#ifndef BL_QR_H
#define BL_QR_H

#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#define BL_QR_TEXT_MAX  1000u /* bytes encoded at most (error correction M) */
#define BL_QR_QUIET     4     /* modules of white margin, as the standard asks */
#define BL_QR_SCALE_MAX 32u   /* PNG pixels per module */
#define BL_QR_SVG_MAX   (256u * 1024u)
#define BL_QR_PNG_MAX   (256u * 1024u)

/*
 * The QR code of text (error correction level M, 8-bit mode) as a
 * standalone SVG document in *svg (arena): one black path on white, a
 * viewBox in modules, no script.  BL_ETOOBIG over BL_QR_TEXT_MAX.
 */
enum bl_err bl_qr_svg(const char *text, struct bl_arena *a, const char **svg,
                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Base64 of a NUL-terminated string (for a data: URI), in the arena. */
const char *bl_qr_base64(struct bl_arena *a, const char *s);

/* Append the SVG of the QR code of text to out, role="img", class "qr", with title. */
enum bl_err bl_qr_svg_titled(const char *text, const char *title, struct bl_buf *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Append the PNG of the QR code of text to out (level M). */
enum bl_err bl_qr_png(const char *text, unsigned scale, struct bl_buf *out,
                      struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
