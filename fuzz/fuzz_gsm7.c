/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_gsm7.c: libFuzzer target for fitting a text message to GSM-7 and
 * counting its segments (core/gsm7.h).  A fitted text never grows, is
 * GSM-7 when fit says so and unchanged otherwise, is left alone by a
 * second fit, and its segment count agrees with its units.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/gsm7.h"
#include "core/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Segments a text of `units` needs at least, and at most (one per unit past one SMS). */
static void check_cost(const struct bl_gsm7_cost *c)
{
    size_t single = c->gsm7 ? BL_GSM7_SINGLE : BL_UCS2_SINGLE;
    size_t part = c->gsm7 ? BL_GSM7_PART : BL_UCS2_PART;
    if (c->segments < 1)
        abort();
    if (c->units <= single && c->segments != 1)
        abort();
    if (c->units > single && (c->segments < (c->units + part - 1) / part || c->segments > c->units))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char *out = bl_malloc(size + 1), *again = bl_malloc(size + 1);
    size_t outlen = 0, againlen = 0;
    struct bl_gsm7_cost c;

    bool ok = bl_gsm7_fit(s, size, out, &outlen);
    if (outlen > size || out[outlen] != '\0')
        abort();
    if (!ok && (outlen != size || memcmp(out, s, size) != 0))
        abort();
    bl_gsm7_cost(out, outlen, &c);
    check_cost(&c);
    if (c.gsm7 != ok)
        abort();
    if (bl_gsm7_fit(out, outlen, again, &againlen) != ok || againlen != outlen ||
        memcmp(again, out, outlen) != 0)
        abort();
    bl_gsm7_cost(s, size, &c);
    check_cost(&c);
    bl_free(again);
    bl_free(out);
    return 0;
}
