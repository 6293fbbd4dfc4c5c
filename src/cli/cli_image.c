/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* cli_image.c: read an image argument and take its badge out, for unbake and inspect. */
#include "cli.h"
#include "core/bake.h"
#include "core/mem.h"

int cli_unbake_file(const char *cmd, const char *image, size_t max, struct bl_baked *out,
                    size_t *image_len)
{
    unsigned char *img = NULL;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_errinfo_clear(&ei);
    rc = cli_read_file(image, max, &img, image_len, &ei);
    if (rc == BL_OK)
        rc = bl_unbake(img, *image_len, out, &ei);
    bl_free(img);
    return rc == BL_OK ? CLI_OK : cli_report(cmd, rc, &ei);
}
