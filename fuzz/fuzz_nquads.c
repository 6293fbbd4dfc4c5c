/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_nquads.c: libFuzzer target for the N-Quads reader and writer (rdf.h).
 * Whatever parses must write, parse again to the same number of quads and
 * blank nodes, and write again to the same bytes; a failure must carry one
 * of the documented codes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Equal contents (an empty buffer has no bytes, maybe a NULL pointer). */
static int same(const struct bl_buf *x, const struct bl_buf *y)
{
    return x->len == y->len && (x->len == 0 || memcmp(x->p, y->p, x->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_rdf_dataset a, b;
    struct bl_buf t1, t2;
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_rdf_dataset_init(&a);
    bl_rdf_dataset_init(&b);
    bl_buf_init(&t1, (size_t)1 << 26);
    bl_buf_init(&t2, (size_t)1 << 26);
    rc = bl_rdf_parse_nquads(&a, (const char *)data, size, &ei);
    if (rc != BL_OK) {
        if ((rc != BL_EINVAL && rc != BL_EUTF8 && rc != BL_ETOOBIG) || ei.code != rc ||
            strncmp(ei.msg, "line ", 5) != 0)
            abort();
        goto out;
    }
    if (bl_rdf_write_nquads(&t1, &a) != BL_OK)
        abort();
    if (bl_rdf_parse_nquads(&b, (const char *)t1.p, t1.len, &ei) != BL_OK)
        abort();
    if (b.nquads != a.nquads || b.nbnodes != a.nbnodes)
        abort();
    if (bl_rdf_write_nquads(&t2, &b) != BL_OK)
        abort();
    if (!same(&t1, &t2))
        abort();
out:
    bl_buf_free(&t1);
    bl_buf_free(&t2);
    bl_rdf_dataset_free(&a);
    bl_rdf_dataset_free(&b);
    return 0;
}
