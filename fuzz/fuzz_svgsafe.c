/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_svgsafe.c: libFuzzer target for the active-content check of uploaded
 * SVG images (core/svgsafe.h).  It must answer one of its documented codes,
 * and say why exactly when it refuses for safety.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/svgsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_errinfo ei = {0};
    enum bl_svgsafe_why why = BL_SVGSAFE_OK;
    enum bl_err e = bl_svgsafe_check(data, size, &why, &ei);
    if (e != BL_OK && e != BL_ESVG && e != BL_ESVG_UNSAFE && e != BL_ETOOBIG)
        abort();
    if ((e == BL_ESVG_UNSAFE) != (why != BL_SVGSAFE_OK && e != BL_ETOOBIG))
        abort();
    return 0;
}
