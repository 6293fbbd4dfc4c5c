/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_po.c: libFuzzer target for the PO catalogue reader (core/po.h).
 * Whatever it accepts must be sorted, findable entry by entry, UTF-8
 * without NUL, and within the limits; a refusal must leave no catalogue.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/po.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_string(const char *s)
{
    size_t n = strlen(s);
    if (n > BL_PO_MAX_STRING || bl_utf8_check((const unsigned char *)s, n) != n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_po *po = NULL;
    struct bl_errinfo ei;

    if (bl_po_parse((const char *)data, size, &po, &ei) != BL_OK) {
        if (po != NULL)
            abort();
        return 0;
    }
    if (bl_po_count(po) > BL_PO_MAX_ENTRIES)
        abort();
    for (size_t i = 0; i < bl_po_count(po); i++) {
        const struct bl_po_entry *e = bl_po_entry(po, i);
        if (bl_po_find(po, e->ctxt, e->id) != e || e->n_str > BL_PO_MAX_PLURALS)
            abort();
        check_string(e->id);
        if (e->ctxt)
            check_string(e->ctxt);
        for (size_t k = 0; k < e->n_str; k++)
            if (e->str[k])
                check_string(e->str[k]);
        const char *t = bl_po_get(po, e->ctxt, e->id);
        if (t && (t != e->str[0] || !*t))
            abort();
        (void)bl_po_nget(po, e->id, i);
    }
    (void)bl_po_header(po);
    bl_po_free(po);
    return 0;
}
