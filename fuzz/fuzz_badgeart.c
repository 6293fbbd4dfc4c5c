/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_badgeart.c: libFuzzer target for the generated image description
 * parser (core/badgeart.h).  Whatever parses must draw an SVG that is
 * well-formed and passes the safety check, and its JSON must parse back to
 * the same choices.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/badgeart.h"
#include "core/svg.h"
#include "core/svgsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_badgeart a, b;
    struct bl_errinfo ei = {0};
    struct bl_buf svg, json;
    struct bl_svg_badge sb;
    if (bl_badgeart_parse((const char *)data, size, &a, &ei) != BL_OK)
        return 0;
    bl_buf_init(&svg, BL_BADGEART_SVG_MAX);
    bl_buf_init(&json, BL_BADGEART_JSON_MAX);
    if (bl_badgeart_svg(&a, &svg, &ei) != BL_OK)
        abort();
    if (bl_svg_extract(svg.p, svg.len, &sb, &ei) != BL_ENOTFOUND)
        abort();
    if (bl_svgsafe_check(svg.p, svg.len, NULL, &ei) != BL_OK)
        abort();
    if (bl_badgeart_json(&a, &json, &ei) != BL_OK ||
        bl_badgeart_parse((const char *)json.p, json.len, &b, &ei) != BL_OK ||
        memcmp(&a, &b, sizeof a) != 0)
        abort();
    bl_buf_free(&svg);
    bl_buf_free(&json);
    return 0;
}
