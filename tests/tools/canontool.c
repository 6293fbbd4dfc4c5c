/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * canontool.c: a test driver for RDFC-1.0.  Reads N-Quads on stdin and
 * prints the canonical N-Quads on stdout.  Many datasets may come in one
 * run, separated by the marker line "#--rdfc--" (an N-Quads comment); each
 * answer is then followed by the same marker.  A dataset that fails gives
 * the single line "#error <code name>: <message>" instead.
 *   canontool [--sha384] [--max-work N] [--map]
 * --map adds, after each answer, lines "#map <input label> c14n<n>".
 * Used by tests/interop/rdfc.test.js to compare with rdf-canonize.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/rdf.h"
#include "core/rdfc.h"

#define MARKER "#--rdfc--\n"

static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > UINT64_MAX / 10 - 1)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

static void run_one(const char *text, size_t n, const struct bl_rdfc_opts *opts, int map)
{
    struct bl_rdf_dataset ds;
    struct bl_buf out;
    struct bl_errinfo ei;
    uint32_t *issued = NULL;
    enum bl_err rc;
    size_t i;

    bl_rdf_dataset_init(&ds);
    bl_buf_init(&out, (size_t)1 << 30);
    bl_errinfo_clear(&ei);
    rc = bl_rdf_parse_nquads(&ds, text, n, &ei);
    if (rc == BL_OK) {
        issued = bl_calloc(ds.nbnodes + 1, sizeof(*issued));
        rc = bl_rdfc_canonicalize(&ds, opts, &out, issued, NULL, &ei);
    }
    if (rc != BL_OK) {
        printf("#error %s: %s\n", bl_err_name(rc), ei.msg);
    } else {
        fwrite(out.p, 1, out.len, stdout);
        for (i = 0; map && i < ds.nbnodes; i++) {
            const struct bl_rdf_term *t = bl_rdf_bnode_at(&ds, i);

            printf("#map %.*s c14n%u\n", (int)t->len, t->str, (unsigned)issued[i]);
        }
    }
    bl_free(issued);
    bl_buf_free(&out);
    bl_rdf_dataset_free(&ds);
}

int main(int argc, char **argv)
{
    struct bl_rdfc_opts opts;
    struct bl_buf in;
    unsigned char chunk[65536];
    size_t got, start, i;
    int k, map = 0, batched = 0;

    memset(&opts, 0, sizeof(opts));
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--sha384") == 0) {
            opts.hash = BL_RDFC_SHA384;
        } else if (strcmp(argv[k], "--map") == 0) {
            map = 1;
        } else if (strcmp(argv[k], "--max-work") == 0 && k + 1 < argc &&
                   parse_u64(argv[k + 1], &opts.max_work) == 0) {
            k++;
        } else {
            fprintf(stderr, "usage: canontool [--sha384] [--max-work N] [--map] < in.nq\n");
            return 2;
        }
    }
    bl_buf_init(&in, (size_t)1 << 31);
    while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
        if (bl_buf_append(&in, chunk, got) != BL_OK) {
            fprintf(stderr, "canontool: input too large\n");
            return 2;
        }
    /* Split at marker lines. */
    start = 0;
    for (i = 0; i + sizeof(MARKER) - 1 <= in.len; i++) {
        if ((i == 0 || in.p[i - 1] == '\n') && memcmp(in.p + i, MARKER, sizeof(MARKER) - 1) == 0) {
            run_one((const char *)in.p + start, i - start, &opts, map);
            fputs(MARKER, stdout);
            batched = 1;
            i += sizeof(MARKER) - 2;
            start = i + 1;
        }
    }
    if (!batched || start < in.len)
        run_one((const char *)in.p + start, in.len - start, &opts, map);
    bl_buf_free(&in);
    return fflush(stdout) == 0 ? 0 : 1;
}
