/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_png.c: libFuzzer target for the PNG reader and baker.  Any input
 * must give a clean error or a result; a successful bake must read back
 * the same payload, and baking the result again must give the same bytes.
 * The IHDR size reader and the SVG wrapper run on the same input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/png.h"
#include "core/pngsvg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char payload[] = "{\"@context\":\"https://w3id.org/openbadges/v2\"}";
    struct bl_png_badge pb;
    struct bl_buf out, again;
    enum bl_obver ver = size > 0 && (data[size - 1] & 1) ? BL_OB3 : BL_OB2;

    if (bl_png_extract(data, size, &pb, NULL) == BL_OK) {
        if (pb.text == NULL || pb.text[pb.text_len] != '\0')
            abort();
        bl_png_badge_free(&pb);
    }
    bl_buf_init(&out, 4u * 1024 * 1024);
    bl_buf_init(&again, 4u * 1024 * 1024);
    if (bl_png_bake(data, size, ver, payload, sizeof(payload) - 1, &out, NULL) == BL_OK) {
        if (bl_png_extract(out.p, out.len, &pb, NULL) != BL_OK)
            abort();
        if (pb.ver != ver || pb.text_len != sizeof(payload) - 1 ||
            memcmp(pb.text, payload, pb.text_len) != 0 || pb.index != 1)
            abort();
        bl_png_badge_free(&pb);
        if (bl_png_bake(out.p, out.len, ver, payload, sizeof(payload) - 1, &again, NULL) != BL_OK)
            abort();
        if (again.len != out.len || memcmp(again.p, out.p, out.len) != 0)
            abort();
    } else if (out.len != 0) {
        abort(); /* a failed bake must append nothing */
    }
    bl_buf_free(&out);
    bl_buf_free(&again);

    /* The SVG wrapper: fails exactly when the size cannot be read, and appends nothing then. */
    uint32_t w, h;
    struct bl_buf svg;
    bl_buf_init(&svg, 8u * 1024 * 1024);
    enum bl_err size_e = bl_png_size(data, size, &w, &h, NULL);
    enum bl_err wrap_e = bl_pngsvg_wrap(data, size, "t", &svg, NULL);
    if ((size_e == BL_OK) != (wrap_e == BL_OK) || (wrap_e != BL_OK && svg.len != 0))
        abort();
    bl_buf_free(&svg);
    return 0;
}
