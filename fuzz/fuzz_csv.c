/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_csv.c: libFuzzer target for the CSV reader (core/csv.h), with small
 * limits so they are reached.  Whatever parses must be valid UTF-8 within
 * the limits, with line numbers that only grow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_csv_opts o = {.max_rows = 200, .max_cols = 20, .max_cell = 1024};
    struct bl_arena a;
    struct bl_csv c;
    struct bl_errinfo ei;

    bl_arena_init(&a);
    enum bl_err rc = bl_csv_parse(data, size, &o, &a, &c, &ei);
    if (rc == BL_OK) {
        if (c.n_rows == 0 || c.n_rows > o.max_rows + 1)
            abort();
        if (c.sep != ',' && c.sep != ';' && c.sep != '\t')
            abort();
        for (size_t r = 0; r < c.n_rows; r++) {
            if (c.rows[r].n == 0 || c.rows[r].n > o.max_cols)
                abort();
            if (r > 0 && c.rows[r].line <= c.rows[r - 1].line)
                abort();
            for (size_t k = 0; k < c.rows[r].n; k++) {
                const char *s = c.rows[r].cells[k];
                size_t n = strlen(s);
                if (n > o.max_cell || bl_utf8_check((const unsigned char *)s, n) != n)
                    abort();
            }
        }
    } else if (rc != BL_EINVAL && rc != BL_ETOOBIG && rc != BL_EUTF8 && rc != BL_EUNSUPPORTED) {
        abort();
    }
    bl_arena_free(&a);
    return 0;
}
