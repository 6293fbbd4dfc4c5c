/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_fwfile.c: libFuzzer target for framework files (core/fwfile.h).
 * When a file reads without problems, its items must come out with unique
 * codes, each parent before its children at depth parent + 1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fwfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_arena a;
    struct bl_fw_file f;
    bl_arena_init(&a);
    enum bl_err rc = bl_fw_file_read(data, size, &a, &f, NULL);
    if (rc == BL_OK && f.problems_total == 0) {
        for (size_t i = 0; i < f.n_items; i++) {
            const struct bl_fw_entry *e = &f.items[i];
            if (!e->code || !e->label || e->depth >= BL_FW_DEPTH_MAX)
                abort();
            size_t k = 0;
            for (; k < i && e->parent; k++)
                if (strcmp(f.items[k].code, e->parent) == 0)
                    break;
            if (e->parent && (k == i || f.items[k].depth + 1 != e->depth))
                abort();
            if (!e->parent && e->depth != 0)
                abort();
            for (size_t j = 0; j < i; j++)
                if (strcmp(f.items[j].code, e->code) == 0)
                    abort();
        }
    } else if (rc == BL_OK && f.n_problems > BL_FW_PROBLEMS_MAX) {
        abort();
    }
    bl_arena_free(&a);
    return 0;
}
