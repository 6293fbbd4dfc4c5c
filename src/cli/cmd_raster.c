/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * cmd_raster.c: blason raster [--side N]: an SVG on standard input drawn
 * to a PNG on standard output.  blason serve runs it as a child process to
 * draw issuers' SVG images (app/raster_child.h), so it limits itself first
 * and checks the SVG again as an upload is checked.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/raster.h"
#include "app/raster_child.h"
#include "app/util.h"
#include "cli.h"
#include "core/mem.h"

static void help(void)
{
    printf("Usage: blason raster [--side N] < IMAGE.svg > IMAGE.png\n\n"
           "Draw an SVG image to a square PNG (transparent background, the drawing\n"
           "scaled to fit).  The SVG must be free of scripts, as a badge image\n"
           "uploaded to Blason must be.  The process limits itself to %u s of CPU.\n\n"
           "  --side N   side of the PNG in pixels, 1 to %u (default 512)\n\n"
           "Exit status: 0 drawn, 1 the SVG is refused, 2 usage or I/O error.\n",
           BL_RASTER_CHILD_CPU_S, BL_RASTER_SIDE_MAX);
}

int cmd_raster(int argc, char **argv)
{
    unsigned long side = 512;
    struct bl_errinfo ei;
    bl_errinfo_clear(&ei);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return CLI_OK;
        } else if (strcmp(a, "--side") == 0) {
            size_t v;
            if (++i == argc || cli_parse_size(argv[i], &v) != 0 || v == 0 || v > BL_RASTER_SIDE_MAX)
                return cli_usage_error("raster", "--side needs a number from 1 to %u",
                                       BL_RASTER_SIDE_MAX);
            side = v;
        } else {
            return cli_usage_error("raster", "unexpected argument %s", a);
        }
    }
    bl_raster_child_limits();
    unsigned char *svg = NULL;
    size_t n = 0;
    enum bl_err e = cli_read_file("-", BL_APP_IMAGE_MAX, &svg, &n, &ei);
    if (e != BL_OK)
        return cli_report("raster", e, &ei);
    const char *type = NULL;
    e = bl_app_image_type(svg, n, &type, &ei);
    if (e == BL_OK && strcmp(type, "image/svg+xml") != 0)
        e = bl_fail(&ei, BL_EFORMAT, "image: an SVG is expected");
    struct bl_buf png;
    bl_buf_init(&png, BL_APP_IMAGE_MAX * 8);
    if (e == BL_OK)
        e = bl_raster_png(svg, n, (unsigned)side, &png, &ei);
    bl_free(svg);
    if (e == BL_OK)
        e = cli_write_file("-", png.p, png.len, &ei);
    bl_buf_free(&png);
    return e == BL_OK ? CLI_OK : cli_report("raster", e, &ei);
}
