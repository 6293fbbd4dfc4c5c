/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* cmd_bake.c: blason bake IMAGE PAYLOAD|@FILE -o OUT [--ob2|--ob3] [--max-size N] */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/bake.h"
#include "core/limits.h"
#include "core/mem.h"

static void help(void)
{
    printf("Usage: blason bake IMAGE PAYLOAD|@FILE|- -o OUT [--ob2|--ob3] [--max-size SIZE]\n\n"
           "Bake an Open Badge into a PNG or SVG image.  PAYLOAD is the text itself\n"
           "(a hosted assertion URL, a compact JWS or JSON), @FILE reads it from a\n"
           "file and - from standard input.  Surrounding whitespace is dropped.\n\n"
           "  -o, --output OUT  where to write the baked image (atomically; - for stdout)\n"
           "  --ob3             bake as Open Badges 3.0 (PNG keyword openbadgecredential,\n"
           "                    SVG <openbadges:credential>)\n"
           "  --ob2             bake as Open Badges 2.0 (keyword openbadges)\n"
           "                    Without either, the payload decides: 3.0 for a\n"
           "                    Verifiable Credential, 2.0 otherwise.\n"
           "  --max-size SIZE   largest image accepted (default 16M; suffixes k, M, G)\n\n"
           "A badge already in the image (of either version) is replaced; the rest of\n"
           "the image is kept byte for byte.\n"
           "Exit status: 0 baked, 1 image or payload refused, 2 usage or I/O error.\n");
}

int cmd_bake(int argc, char **argv)
{
    const char *image = NULL, *payload_arg = NULL, *output = NULL;
    enum bl_obver ver = BL_OB_UNKNOWN;
    size_t max = BL_IMAGE_MAX_DEFAULT, img_len = 0, pay_len = 0;
    unsigned char *img = NULL, *pay = NULL;
    struct bl_bake_out out;
    struct bl_errinfo ei;
    enum bl_err rc;
    int status;

    bl_errinfo_clear(&ei);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return CLI_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i == argc)
                return cli_usage_error("bake", "%s needs a file name", a);
            output = argv[i];
        } else if (strcmp(a, "--ob3") == 0 || strcmp(a, "--ob2") == 0) {
            enum bl_obver want = a[4] == '3' ? BL_OB3 : BL_OB2;

            if (ver != BL_OB_UNKNOWN && ver != want)
                return cli_usage_error("bake", "--ob2 and --ob3 exclude each other");
            ver = want;
        } else if (strcmp(a, "--max-size") == 0) {
            if (++i == argc || cli_parse_size(argv[i], &max) != 0 || max == 0)
                return cli_usage_error("bake", "--max-size needs a size such as 16M");
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("bake", "unknown option %s", a);
        } else if (image == NULL) {
            image = a;
        } else if (payload_arg == NULL) {
            payload_arg = a;
        } else {
            return cli_usage_error("bake", "unexpected argument %s", a);
        }
    }
    if (image == NULL || payload_arg == NULL)
        return cli_usage_error("bake", "needs an IMAGE and a PAYLOAD");
    if (output == NULL)
        return cli_usage_error("bake", "needs -o OUT");
    if (strcmp(image, "-") == 0 && strcmp(payload_arg, "-") == 0)
        return cli_usage_error("bake",
                               "the image and the payload cannot both come from standard input");

    rc = cli_read_file(image, max, &img, &img_len, &ei);
    if (rc != BL_OK)
        return cli_report("bake", rc, &ei);
    rc = cli_payload_arg(payload_arg, BL_PAYLOAD_MAX + 4096, &pay, &pay_len, &ei);
    if (rc != BL_OK) {
        bl_free(img);
        return cli_report("bake", rc, &ei);
    }

    /* The baked image may grow by the payload and its markup. */
    bl_bake_out_init(&out, max + 2 * BL_PAYLOAD_MAX);
    rc = bl_bake_iov(img, img_len, pay, pay_len, ver, &out, &ei);
    if (rc == BL_OK)
        rc = cli_write_iov(output, &out.iov, &ei);
    status = rc == BL_OK ? CLI_OK : cli_report("bake", rc, &ei);
    bl_bake_out_free(&out);
    bl_free(img);
    bl_free(pay);
    return status;
}
