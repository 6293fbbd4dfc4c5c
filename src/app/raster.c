/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * raster.c: SVG to PNG with librsvg (raster.h).  The PNG is written through
 * cairo's stream writer into a capped buffer, so nothing touches a file.
 */
#include "app/raster.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

struct sink {
    struct bl_buf *out;
    enum bl_err err;
};

static cairo_status_t write_png(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *s = closure;
    if (s->err == BL_OK)
        s->err = bl_buf_append(s->out, data, length);
    return s->err == BL_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

enum bl_err bl_raster_png(const unsigned char *svg, size_t n, unsigned side, struct bl_buf *out,
                          struct bl_errinfo *ei)
{
    GError *gerr = NULL;
    RsvgHandle *h = NULL;
    cairo_surface_t *surface = NULL;
    cairo_t *cr = NULL;
    enum bl_err e = BL_OK;
    size_t start = out->len;
    if (side == 0 || side > BL_RASTER_SIDE_MAX)
        return bl_fail(ei, BL_EINVAL, "image: a side between 1 and %u pixels is expected",
                       BL_RASTER_SIDE_MAX);
    h = rsvg_handle_new_from_data(svg, n, &gerr);
    if (!h) {
        e = bl_fail(ei, BL_EINVAL, "image: librsvg refuses the SVG: %s",
                    gerr ? gerr->message : "no reason given");
        goto out;
    }
    surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)side, (int)side);
    cr = cairo_create(surface);
    RsvgRectangle viewport = {0, 0, (double)side, (double)side};
    if (!rsvg_handle_render_document(h, cr, &viewport, &gerr)) {
        e = bl_fail(ei, BL_EINVAL, "image: librsvg cannot draw the SVG: %s",
                    gerr ? gerr->message : "no reason given");
        goto out;
    }
    cairo_surface_flush(surface);
    struct sink s = {out, BL_OK};
    cairo_status_t st = cairo_surface_write_to_png_stream(surface, write_png, &s);
    if (s.err != BL_OK)
        e = bl_fail(ei, s.err, "image: the PNG is over %zu bytes", out->max);
    else if (st != CAIRO_STATUS_SUCCESS)
        e = bl_fail(ei, BL_EIO, "image: cairo: %s", cairo_status_to_string(st));
out:
    if (e != BL_OK)
        out->len = start; /* nothing half-written stays in out */
    if (cr)
        cairo_destroy(cr);
    if (surface)
        cairo_surface_destroy(surface);
    if (h)
        g_object_unref(h);
    if (gerr)
        g_error_free(gerr);
    return e;
}
