/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * qr.h: a QR code as an SVG image (libqrencode for the symbol), for the
 * verification link printed on a certificate.  Pure: no I/O.
 */
#ifndef BL_QR_H
#define BL_QR_H

#include "core/arena.h"
#include "core/err.h"

#define BL_QR_TEXT_MAX 1000u /* bytes encoded at most (error correction M) */
#define BL_QR_QUIET    4     /* modules of white margin, as the standard asks */

/*
 * The QR code of text (error correction level M, 8-bit mode) as a
 * standalone SVG document in *svg (arena): one black path on white, a
 * viewBox in modules, no script.  BL_ETOOBIG over BL_QR_TEXT_MAX.
 */
enum bl_err bl_qr_svg(const char *text, struct bl_arena *a, const char **svg,
                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Base64 of a NUL-terminated string (for a data: URI), in the arena. */
const char *bl_qr_base64(struct bl_arena *a, const char *s);

#endif
