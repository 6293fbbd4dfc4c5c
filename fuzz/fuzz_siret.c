/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_siret.c: libFuzzer target for the SIRET reader (core/siret.h).
 * Whatever is accepted must be 14 digits that pass Luhn, or La Poste's
 * digit-sum rule; whatever is refused must say why and leave out empty.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/siret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char out[BL_SIRET_LEN + 1];
    enum bl_siret_fault f;
    enum bl_err rc = bl_siret_parse((const char *)data, size, out, &f, NULL);
    if (rc == BL_OK) {
        if (strlen(out) != BL_SIRET_LEN || f != BL_SIRET_FAULT_NONE)
            abort();
        unsigned sum = 0;
        for (size_t i = 0; i < BL_SIRET_LEN; i++)
            sum += (unsigned)(out[i] - '0');
        bool poste = memcmp(out, BL_SIREN_LA_POSTE, BL_SIREN_LEN) == 0;
        if (poste ? sum % 5 != 0 : !bl_luhn_ok(out, BL_SIRET_LEN))
            abort();
    } else if (rc != BL_EINVAL || f == BL_SIRET_FAULT_NONE || out[0] != '\0') {
        abort();
    }
    return 0;
}
