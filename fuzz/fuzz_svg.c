/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_svg.c: libFuzzer target for the SVG badge reader and baker.  Every
 * input is extracted and baked.  The version and payload are picked from
 * the input's length, so the seeds stay plain SVG files.  When baking
 * succeeds, the result must read back with the same payload, hold exactly
 * what was baked, and bake again to the same bytes.  Any broken invariant
 * aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/svg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct payload {
    const char *verify;
    const char *body; /* written as is; read back trimmed */
    const char *trimmed;
};

/* Payloads that exercise the escaping: ]]>, CR, quotes, non-ASCII. */
static const struct payload payloads[] = {
    {"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", NULL, NULL},
    {NULL, " {\"a\":\"]]>\",\r\n\"b\":\"\xc3\xa9\"}\n", "{\"a\":\"]]>\",\r\n\"b\":\"\xc3\xa9\"}"},
    {"https://example.org/a?x=1&y=\"2\"\t<>", "]]>]]>", "]]>]]>"},
    {"\xe2\x82\xac\r\n'", "\r\xf0\x9f\x98\x80 ]]", "\xf0\x9f\x98\x80 ]]"},
};

/* An error message is one line and never empty. */
static void check_msg(const struct bl_errinfo *ei, enum bl_err rc)
{
    if (ei->code != rc || ei->msg[0] == '\0' || strchr(ei->msg, '\n') != NULL ||
        strchr(ei->msg, '\r') != NULL)
        abort();
}

static int same(const char *a, size_t alen, const char *b)
{
    if (b == NULL)
        return a == NULL && alen == 0;
    return a != NULL && alen == strlen(b) && memcmp(a, b, alen) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct payload *pl = &payloads[(size >> 1) % 4];
    enum bl_obver ver = size & 1 ? BL_OB3 : BL_OB2;
    struct bl_svg_badge b, b2;
    struct bl_errinfo ei;
    struct bl_buf out, again;
    enum bl_err xrc, rc;
    size_t vlen = pl->verify ? strlen(pl->verify) : 0, blen = pl->body ? strlen(pl->body) : 0;

    xrc = bl_svg_extract(data, size, &b, &ei);
    if (xrc == BL_OK) {
        if ((b.ver != BL_OB2 && b.ver != BL_OB3) || b.offset >= size || data[b.offset] != '<')
            abort();
        if ((b.verify != NULL && strlen(b.verify) != b.verify_len) ||
            (b.body != NULL && (strlen(b.body) != b.body_len || b.body_len == 0)))
            abort();
    } else {
        check_msg(&ei, xrc);
        if (b.verify != NULL || b.body != NULL)
            abort();
    }
    bl_svg_badge_free(&b);

    bl_buf_init(&out, size + 4096);
    bl_buf_init(&again, size + 4096);
    rc = bl_svg_bake(data, size, ver, pl->verify, vlen, pl->body, blen, &out, &ei);
    if (rc != BL_OK) {
        check_msg(&ei, rc);
        if (out.len != 0)
            abort();
        /* Both ran the same checks: a refused document is refused alike. */
        if (xrc != BL_OK && xrc != BL_ENOTFOUND && xrc != BL_ETOOBIG && rc != xrc)
            abort();
        if ((xrc == BL_OK || xrc == BL_ENOTFOUND) && rc != BL_ESVG && rc != BL_ETOOBIG)
            abort();
        goto out;
    }
    if (xrc != BL_OK && xrc != BL_ENOTFOUND && xrc != BL_ETOOBIG)
        abort();
    if (bl_svg_extract(out.p, out.len, &b2, &ei) != BL_OK)
        abort();
    if (b2.ver != ver || !same(b2.verify, b2.verify_len, pl->verify) ||
        !same(b2.body, b2.body_len, pl->trimmed))
        abort();
    bl_svg_badge_free(&b2);
    /* Baking a baked image again changes nothing. */
    if (bl_svg_bake(out.p, out.len, ver, pl->verify, vlen, pl->body, blen, &again, &ei) != BL_OK)
        abort();
    if (again.len != out.len || memcmp(again.p, out.p, out.len) != 0)
        abort();
out:
    bl_buf_free(&out);
    bl_buf_free(&again);
    return 0;
}
