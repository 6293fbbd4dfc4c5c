/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * qr.c: QR codes as SVG and PNG (qr.h).  libqrencode gives the module
 * matrix (bit 0 of each byte: dark); the drawing is ours.  Dark modules are
 * drawn as "h<run>v1h-<run>z" runs merged along rows, which keeps the path
 * short.
 */
#include "core/qr.h"

#include <stdint.h>
#include <string.h>

#include <qrencode.h>
#include <zlib.h>

#include "core/base64.h"
#include "core/chart.h"
#include "core/mem.h"

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

static enum bl_err encode(const char *text, QRcode **out, struct bl_errinfo *ei)
{
    if (!text || !*text)
        return bl_fail(ei, BL_EINVAL, "qr: empty text");
    if (strlen(text) > BL_QR_TEXT_MAX)
        return bl_fail(ei, BL_ETOOBIG, "qr: text over %u bytes", BL_QR_TEXT_MAX);
    *out = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!*out)
        return bl_fail(ei, BL_EINVAL, "qr: the text cannot be encoded");
    return BL_OK;
}

enum bl_err bl_qr_svg_titled(const char *text, const char *title, struct bl_buf *out,
                             struct bl_errinfo *ei)
{
    QRcode *q = NULL;
    enum bl_err e = encode(text, &q, ei);
    if (e != BL_OK)
        return e;
    int w = q->width, size = w + 2 * BL_QR_QUIET;
    e = bl_buf_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                      "role=\"img\" shape-rendering=\"crispEdges\" class=\"qr\"><title>",
                      size, size);
    if (e == BL_OK)
        e = bl_chart_escape(out, title && *title ? title : "QR code");
    if (e == BL_OK)
        e = bl_buf_printf(out,
                          "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
                          "<path fill=\"#000\" d=\"",
                          size, size);
    /* One horizontal run of dark modules per path segment. */
    for (int y = 0; e == BL_OK && y < w; y++)
        for (int x = 0; e == BL_OK && x < w; x++) {
            if (!(q->data[y * w + x] & 1))
                continue;
            int run = 1;
            while (x + run < w && (q->data[y * w + x + run] & 1))
                run++;
            e = bl_buf_printf(out, "M%d %dh%dv1h-%dz", x + BL_QR_QUIET, y + BL_QR_QUIET, run, run);
            x += run - 1;
        }
    if (e == BL_OK)
        e = bl_buf_puts(out, "\"/></svg>");
    QRcode_free(q);
    return e == BL_OK ? BL_OK : bl_fail(ei, e, "qr: the SVG is over its limit");
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static enum bl_err chunk(struct bl_buf *out, const char *type, const unsigned char *p, size_t n)
{
    unsigned char head[8], crc[4];
    be32(head, (uint32_t)n);
    memcpy(head + 4, type, 4);
    uLong c = crc32(0L, head + 4, 4);
    if (n)
        c = crc32(c, p, (uInt)n);
    be32(crc, (uint32_t)c);
    enum bl_err e = bl_buf_append(out, head, 8);
    if (e == BL_OK && n)
        e = bl_buf_append(out, p, n);
    if (e == BL_OK)
        e = bl_buf_append(out, crc, 4);
    return e;
}

enum bl_err bl_qr_png(const char *text, unsigned scale, struct bl_buf *out, struct bl_errinfo *ei)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    QRcode *q = NULL;
    unsigned char *raw = NULL, *z = NULL;
    if (scale < 1 || scale > BL_QR_SCALE_MAX)
        return bl_fail(ei, BL_EINVAL, "qr: scale between 1 and %u", BL_QR_SCALE_MAX);
    enum bl_err e = encode(text, &q, ei);
    if (e != BL_OK)
        return e;
    size_t w = (size_t)q->width, px = (w + 2 * BL_QR_QUIET) * scale, stride = 1 + (px + 7) / 8;
    raw = bl_malloc(stride * px);
    memset(raw, 0, stride * px);
    for (size_t y = 0; y < px; y++) {
        unsigned char *row = raw + y * stride + 1; /* filter byte 0: none */
        for (size_t x = 0; x < px; x++) {
            size_t mx = x / scale, my = y / scale;
            int dark = mx >= BL_QR_QUIET && my >= BL_QR_QUIET && mx < w + BL_QR_QUIET &&
                       my < w + BL_QR_QUIET &&
                       (q->data[(my - BL_QR_QUIET) * w + (mx - BL_QR_QUIET)] & 1);
            if (!dark) /* greyscale 1 bit: 1 is white */
                row[x / 8] |= (unsigned char)(0x80 >> (x % 8));
        }
    }
    uLongf zn = compressBound((uLong)(stride * px));
    z = bl_malloc(zn);
    unsigned char ihdr[13];
    be32(ihdr, (uint32_t)px);
    be32(ihdr + 4, (uint32_t)px);
    ihdr[8] = 1;  /* bit depth */
    ihdr[9] = 0;  /* greyscale */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering */
    ihdr[12] = 0; /* no interlace */
    if (compress2(z, &zn, raw, (uLong)(stride * px), 9) != Z_OK) {
        e = bl_fail(ei, BL_EINVAL, "qr: deflate failed");
        goto out;
    }
    e = bl_buf_append(out, sig, sizeof sig);
    if (e == BL_OK)
        e = chunk(out, "IHDR", ihdr, sizeof ihdr);
    if (e == BL_OK)
        e = chunk(out, "IDAT", z, zn);
    if (e == BL_OK)
        e = chunk(out, "IEND", NULL, 0);
    if (e != BL_OK)
        e = bl_fail(ei, e, "qr: the PNG is over its limit");
out:
    bl_free(raw);
    bl_free(z);
    QRcode_free(q);
    return e;
}
