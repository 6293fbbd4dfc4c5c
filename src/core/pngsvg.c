/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pngsvg.c: a PNG wrapped in an SVG (pngsvg.h).  Both href and xlink:href
 * carry the data: URL: SVG 2 readers take the first, SVG 1.1 ones (older
 * librsvg, Inkscape 0.x) the second.
 */
#include <inttypes.h>

#include "base64.h"
#include "chart.h"
#include "png.h"
#include "pngsvg.h"

enum bl_err bl_pngsvg_wrap(const unsigned char *png, size_t n, const char *title,
                           struct bl_buf *out, struct bl_errinfo *ei)
{
    uint32_t w, h;
    enum bl_err e = bl_png_size(png, n, &w, &h, ei);
    if (e != BL_OK)
        return e;
    size_t mark = out->len;
    e = bl_buf_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" role=\"img\" width=\"%" PRIu32
                      "\" height=\"%" PRIu32 "\" viewBox=\"0 0 %" PRIu32 " %" PRIu32 "\"><title>",
                      w, h, w, h);
    if (e == BL_OK)
        e = bl_chart_escape(out, title ? title : "");
    /* The data: URL is written twice; encode it once and copy. */
    size_t url_at = 0, url_len = 0;
    if (e == BL_OK)
        e = bl_buf_printf(
            out, "</title><image width=\"%" PRIu32 "\" height=\"%" PRIu32 "\" href=\"", w, h);
    if (e == BL_OK)
        e = bl_buf_puts(out, "data:image/png;base64,");
    if (e == BL_OK) {
        url_at = out->len - (sizeof "data:image/png;base64," - 1);
        e = bl_base64_encode(out, png, n, 0, NULL);
        url_len = out->len - url_at;
    }
    if (e == BL_OK)
        e = bl_buf_puts(out, "\" xlink:href=\"");
    if (e == BL_OK)
        e = bl_buf_reserve(out, url_len);
    if (e == BL_OK) /* after the reserve: out->p may have moved */
        e = bl_buf_append(out, out->p + url_at, url_len);
    if (e == BL_OK)
        e = bl_buf_puts(out, "\"/></svg>\n");
    if (e != BL_OK) {
        out->len = mark;
        if (out->p)
            out->p[mark] = '\0';
        return bl_fail(ei, e, "image: the PNG (%zu bytes) does not fit in an SVG", n);
    }
    return BL_OK;
}
