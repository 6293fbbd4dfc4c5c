/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_rdfc.c: libFuzzer target for RDFC-1.0 (rdfc.h) on parsed N-Quads.
 * Canonicalization must not crash; when it succeeds its output must be a
 * fixed point (canonicalizing it again gives the same bytes) and must not
 * change when the quads are added in reverse order with every blank node
 * renamed.  The work bound is lowered so each input stays fast; running out
 * of work must be BL_ETOOBIG.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rdf.h"
#include "core/rdfc.h"

#define FUZZ_MAX_QUADS 4000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Equal contents (an empty buffer has no bytes, maybe a NULL pointer). */
static int same(const struct bl_buf *x, const struct bl_buf *y)
{
    return x->len == y->len && (x->len == 0 || memcmp(x->p, y->p, x->len) == 0);
}

/* Canonicalize ds; BL_OK or BL_ETOOBIG, anything else is a bug. */
static enum bl_err canon(const struct bl_rdf_dataset *ds, const struct bl_rdfc_opts *o,
                         struct bl_buf *out)
{
    struct bl_errinfo ei;
    enum bl_err rc = bl_rdfc_canonicalize(ds, o, out, NULL, NULL, &ei);

    if (rc != BL_OK && (rc != BL_ETOOBIG || ei.code != rc))
        abort();
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_rdf_dataset a, b, c;
    struct bl_rdfc_opts o;
    struct bl_buf c1, c2, c3;
    size_t i;

    memset(&o, 0, sizeof(o));
    o.max_work = 5000;
    o.hash = (size & 1) ? BL_RDFC_SHA384 : BL_RDFC_SHA256; /* either, cheaply */
    bl_rdf_dataset_init(&a);
    bl_rdf_dataset_init(&b);
    bl_rdf_dataset_init(&c);
    a.max_quads = FUZZ_MAX_QUADS;
    bl_buf_init(&c1, (size_t)1 << 26);
    bl_buf_init(&c2, (size_t)1 << 26);
    bl_buf_init(&c3, (size_t)1 << 26);
    if (bl_rdf_parse_nquads(&a, (const char *)data, size, NULL) != BL_OK)
        goto out;
    if (canon(&a, &o, &c1) != BL_OK)
        goto out;
    /* A fixed point. */
    if (bl_rdf_parse_nquads(&b, (const char *)c1.p, c1.len, NULL) != BL_OK || b.nquads != a.nquads)
        abort();
    if (canon(&b, &o, &c2) == BL_OK && !same(&c1, &c2))
        abort();
    /* Reverse order, new labels. */
    for (i = a.nquads; i-- > 0;) {
        struct bl_rdf_quad q = a.quads[i];
        struct bl_rdf_term *ts[4] = {&q.s, &q.p, &q.o, &q.g};
        char ls[4][32]; /* each label must live until add_quad has copied it */
        int k, n;

        for (k = 0; k < 4; k++) {
            if (ts[k]->kind != BL_RDF_BNODE)
                continue;
            n = snprintf(ls[k], sizeof(ls[k]), "r%u", (unsigned)(a.nbnodes - ts[k]->bnode));
            *ts[k] = bl_rdf_bnode(ls[k], (size_t)n);
        }
        if (bl_rdf_add_quad(&c, &q.s, &q.p, &q.o, &q.g, NULL) != BL_OK)
            abort();
    }
    if (c.nquads != a.nquads || c.nbnodes != a.nbnodes)
        abort();
    if (canon(&c, &o, &c3) == BL_OK && !same(&c1, &c3))
        abort();
out:
    bl_buf_free(&c1);
    bl_buf_free(&c2);
    bl_buf_free(&c3);
    bl_rdf_dataset_free(&a);
    bl_rdf_dataset_free(&b);
    bl_rdf_dataset_free(&c);
    return 0;
}
