/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * qr.c: QR code to SVG (qr.h).  Each dark module becomes a 1x1 "h1v1h-1z"
 * run merged along rows, which keeps the path short.
 */
#include "core/qr.h"

#include <string.h>

#include <qrencode.h>

#include "core/base64.h"
#include "core/buf.h"

enum bl_err bl_qr_svg(const char *text, struct bl_arena *a, const char **svg, struct bl_errinfo *ei)
{
    *svg = NULL;
    if (!text || strlen(text) > BL_QR_TEXT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "qr: text over %u bytes", BL_QR_TEXT_MAX);
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return bl_fail(ei, BL_EINVAL, "qr: cannot encode the text");
    int w = q->width, size = w + 2 * BL_QR_QUIET;
    struct bl_buf b;
    enum bl_err e;
    bl_buf_init(&b, 1u << 20);
    e = bl_buf_printf(&b,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                      "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                      "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                      size, size, size, size);
    for (int y = 0; y < w && e == BL_OK; y++)
        for (int x = 0; x < w && e == BL_OK;) {
            if (!(q->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (q->data[y * w + x + run] & 1))
                run++;
            e = bl_buf_printf(&b, "M%d %dh%dv1h-%dz", x + BL_QR_QUIET, y + BL_QR_QUIET, run, run);
            x += run;
        }
    if (e == BL_OK)
        e = bl_buf_puts(&b, "\"/></svg>");
    QRcode_free(q);
    if (e == BL_OK)
        *svg = bl_arena_strndup(a, (const char *)b.p, b.len);
    else
        bl_fail(ei, e, "qr: SVG too large");
    bl_buf_free(&b);
    return e;
}

const char *bl_qr_base64(struct bl_arena *a, const char *s)
{
    struct bl_buf b;
    const char *out = "";
    bl_buf_init(&b, 4u << 20);
    if (bl_base64_encode(&b, s, strlen(s), 0, NULL) == BL_OK)
        out = bl_arena_strndup(a, (const char *)b.p, b.len);
    bl_buf_free(&b);
    return out;
}
