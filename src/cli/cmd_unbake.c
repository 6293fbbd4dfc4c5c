/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* cmd_unbake.c: blason unbake IMAGE [--max-size N]: the payload on stdout. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/bake.h"
#include "core/limits.h"
#include "core/mem.h"

static void help(void)
{
    printf("Usage: blason unbake IMAGE|- [--max-size SIZE]\n\n"
           "Print the Open Badge baked into a PNG or SVG image on standard output,\n"
           "byte for byte as it is in the image (a URL, a compact JWS or JSON).\n\n"
           "  --max-size SIZE   largest image accepted (default 16M; suffixes k, M, G)\n\n"
           "Exit status: 0 found, 1 no badge or a broken image, 2 usage or I/O error.\n");
}

int cmd_unbake(int argc, char **argv)
{
    const char *image = NULL;
    size_t max = BL_IMAGE_MAX_DEFAULT, len = 0;
    struct bl_baked baked;
    struct bl_errinfo ei;
    enum bl_err rc;
    int status;

    bl_errinfo_clear(&ei);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return CLI_OK;
        } else if (strcmp(a, "--max-size") == 0) {
            if (++i == argc || cli_parse_size(argv[i], &max) != 0 || max == 0)
                return cli_usage_error("unbake", "--max-size needs a size such as 16M");
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("unbake", "unknown option %s", a);
        } else if (image == NULL) {
            image = a;
        } else {
            return cli_usage_error("unbake", "unexpected argument %s", a);
        }
    }
    if (image == NULL)
        return cli_usage_error("unbake", "needs an IMAGE");
    status = cli_unbake_file("unbake", image, max, &baked, &len);
    if (status != CLI_OK)
        return status;
    rc = cli_write_text("-", baked.payload, baked.payload_len, &ei);
    bl_baked_free(&baked);
    return rc == BL_OK ? CLI_OK : cli_report("unbake", rc, &ei);
}
