/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* cmd_inspect.c: blason inspect IMAGE [--json]: where the badge is and what it is. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "core/bake.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/payload.h"

static void help(void)
{
    printf("Usage: blason inspect IMAGE|- [--json] [--max-size SIZE]\n\n"
           "Describe the Open Badge baked into a PNG or SVG image: the image format,\n"
           "the Open Badges version of the container (PNG keyword or SVG namespace)\n"
           "and of the payload, the payload kind (URL, JWS, JSON) and size, and where\n"
           "it sits (PNG chunk type, index and offset; SVG line, column and offset).\n"
           "The payload is not verified: see 'blason verify' (to come).\n\n"
           "  --json            one JSON object on standard output\n"
           "  --max-size SIZE   largest image accepted (default 16M; suffixes k, M, G)\n\n"
           "Exit status: 0 badge found, 1 no badge or a broken image, 2 usage or I/O error.\n");
}

static json_t *describe(const struct bl_baked *b, size_t image_len)
{
    json_t *o = json_object(), *where = json_object(), *pay = json_object();

    json_object_set_new(o, "format", json_string(b->format == BL_IMG_PNG ? "png" : "svg"));
    json_object_set_new(o, "bytes", json_integer((json_int_t)image_len));
    json_object_set_new(o, "version", json_string(bl_obver_name(b->container_ver)));
    if (b->format == BL_IMG_PNG) {
        json_object_set_new(where, "chunk", json_string(b->png_type));
        json_object_set_new(
            where, "keyword",
            json_string(b->container_ver == BL_OB3 ? BL_PNG_KEYWORD_OB3 : BL_PNG_KEYWORD_OB2));
        json_object_set_new(where, "index", json_integer((json_int_t)b->png_index));
        json_object_set_new(where, "offset", json_integer((json_int_t)b->png_offset));
        json_object_set_new(where, "compressed", json_boolean(b->png_compressed));
        json_object_set_new(where, "chunks", json_integer((json_int_t)b->png_nchunks));
    } else {
        json_object_set_new(where, "element",
                            json_string(b->container_ver == BL_OB3 ? "credential" : "assertion"));
        json_object_set_new(
            where, "namespace",
            json_string(b->container_ver == BL_OB3 ? BL_SVG_NS_OB3 : BL_SVG_NS_OB2));
        json_object_set_new(where, "line", json_integer((json_int_t)b->svg_line));
        json_object_set_new(where, "column", json_integer((json_int_t)b->svg_column));
        json_object_set_new(where, "offset", json_integer((json_int_t)b->svg_offset));
        json_object_set_new(where, "verify_attribute", json_boolean(b->svg_has_verify));
        json_object_set_new(where, "body", json_boolean(b->svg_has_body));
    }
    json_object_set_new(o, "location", where);
    json_object_set_new(pay, "kind", json_string(bl_payload_kind_name(b->kind)));
    json_object_set_new(pay, "version", json_string(bl_obver_name(b->payload_ver)));
    json_object_set_new(pay, "bytes", json_integer((json_int_t)b->payload_len));
    json_object_set_new(o, "payload", pay);
    return o;
}

static void print_human(const char *image, const struct bl_baked *b, size_t image_len)
{
    printf("image:    %s (%s, %zu bytes)\n", image, bl_image_format_name(b->format), image_len);
    if (b->format == BL_IMG_PNG)
        printf("badge:    Open Badges %s, %s chunk \"%s\"%s, chunk %zu of %zu at offset %zu\n",
               b->container_ver == BL_OB3 ? "3.0" : "2.0 family", b->png_type,
               b->container_ver == BL_OB3 ? BL_PNG_KEYWORD_OB3 : BL_PNG_KEYWORD_OB2,
               b->png_compressed ? " (compressed)" : "", b->png_index, b->png_nchunks,
               b->png_offset);
    else
        printf(
            "badge:    Open Badges %s, <openbadges:%s> at line %lu, column %lu (offset %zu)%s%s\n",
            b->container_ver == BL_OB3 ? "3.0" : "2.0 family",
            b->container_ver == BL_OB3 ? "credential" : "assertion", b->svg_line, b->svg_column,
            b->svg_offset, b->svg_has_verify ? ", verify attribute" : "",
            b->svg_has_body ? ", CDATA body" : "");
    printf("payload:  %s, %zu bytes, Open Badges %s\n", bl_payload_kind_name(b->kind),
           b->payload_len, bl_obver_name(b->payload_ver));
}

int cmd_inspect(int argc, char **argv)
{
    const char *image = NULL;
    size_t max = BL_IMAGE_MAX_DEFAULT, len = 0;
    int as_json = 0;
    struct bl_baked baked;
    int status;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return CLI_OK;
        } else if (strcmp(a, "--json") == 0) {
            as_json = 1;
        } else if (strcmp(a, "--max-size") == 0) {
            if (++i == argc || cli_parse_size(argv[i], &max) != 0 || max == 0)
                return cli_usage_error("inspect", "--max-size needs a size such as 16M");
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("inspect", "unknown option %s", a);
        } else if (image == NULL) {
            image = a;
        } else {
            return cli_usage_error("inspect", "unexpected argument %s", a);
        }
    }
    if (image == NULL)
        return cli_usage_error("inspect", "needs an IMAGE");
    status = cli_unbake_file("inspect", image, max, &baked, &len);
    if (status != CLI_OK)
        return status;
    bl_baked_identify(&baked);
    if (as_json) {
        json_t *o = describe(&baked, len);

        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(o);
    } else {
        print_human(image, &baked, len);
    }
    bl_baked_free(&baked);
    return fflush(stdout) == 0 ? CLI_OK : CLI_USAGE;
}
