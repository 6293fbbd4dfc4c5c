/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * rdfc.h: RDF Dataset Canonicalization (W3C RDFC-1.0, formerly URDNA2015).
 * Given a dataset (rdf.h), issue canonical blank-node identifiers c14n0,
 * c14n1, ... and write the canonical N-Quads: one line per quad, blank
 * nodes relabelled, lines sorted in code point order.  The Hash N-Degree
 * Quads step is exponential on symmetric graphs, so the work is bounded
 * (struct bl_rdfc_opts.max_work); a dataset that needs more fails with
 * BL_ETOOBIG ("canonicalization needs too much work (...)").  Hashing is
 * SHA-256 (the default) or SHA-384 through OpenSSL's EVP interface.
 * See docs/internals/rdfc.md.
 */
#ifndef BL_RDFC_H
#define BL_RDFC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "rdf.h"

enum bl_rdfc_hash {
    BL_RDFC_SHA256 = 0, /* RDFC-1.0's default */
    BL_RDFC_SHA384
};

/*
 * Work budget: every call of Hash N-Degree Quads and every permutation it
 * tries costs one step.  The default budget is BL_RDFC_MAX_WORK_DEFAULT plus
 * BL_RDFC_WORK_PER_BNODE for each blank node of the dataset: many small
 * symmetric parts (n pairs of alike blank nodes need 4n steps, n alike
 * triangles 27n) are linear work and must pass; one poison graph must not.
 * The W3C suite's legitimate tests need at most 3,348 steps (test044-046);
 * its poison clique needs over 100 million and fails in about 50 ms.
 * Typical credentials need 0-10.  Recursion of Hash N-Degree Quads is also
 * bounded in depth (it is recursive in C).
 */
#define BL_RDFC_MAX_WORK_DEFAULT  100000u
#define BL_RDFC_WORK_PER_BNODE    32u
#define BL_RDFC_MAX_DEPTH_DEFAULT 256u

/* Options; a NULL pointer or a zeroed struct means the defaults. */
struct bl_rdfc_opts {
    enum bl_rdfc_hash hash;
    uint64_t max_work;  /* 0: the default budget above; else exactly this */
    unsigned max_depth; /* 0: BL_RDFC_MAX_DEPTH_DEFAULT */
};

/*
 * Canonicalize ds and append its canonical N-Quads to out.  When issued is
 * not NULL it must have room for ds->nbnodes entries: issued[i] receives n
 * such that blank node i of ds (bl_rdf_bnode_at) became "c14n<n>".  ds is
 * not changed.  When work_out is not NULL it receives the work steps spent.
 *   BL_ETOOBIG  the work budget or depth bound was exceeded, or out's cap;
 *   BL_ECRYPTO  OpenSSL failed to hash;
 *   BL_EINVAL   bad options.
 * out is unchanged on error: the output is appended in one piece.
 */
enum bl_err bl_rdfc_canonicalize(const struct bl_rdf_dataset *ds, const struct bl_rdfc_opts *opts,
                                 struct bl_buf *out, uint32_t *issued, uint64_t *work_out,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Parse N-Quads text[0..n) (bl_rdf_parse_nquads) and append its canonical
 * form to out: the one-call path for `blason canon` and the tests.
 * Errors are those of the two steps.
 */
enum bl_err bl_rdfc_canonicalize_nquads(const char *text, size_t n, const struct bl_rdfc_opts *opts,
                                        struct bl_buf *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
