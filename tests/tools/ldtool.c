/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * ldtool.c: test driver for the JSON-LD processor.  Reads one JSON-LD
 * document (file or stdin) and prints its N-Quads (toRdf, insertion order),
 * its RDFC-1.0 canonical N-Quads (--canon) or its expanded form (--expand).
 * Contexts come from the compiled-in store; --ctx URL=FILE adds one served
 * from a file (tests only).  Used by tests/interop/jsonld.test.js.
 *
 *   ldtool [--canon|--expand] [--base IRI] [--unsafe] [--no-proof]
 *          [--ctx URL=FILE]... [FILE|-]
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctxstore.h"
#include "core/json.h"
#include "core/jsonld.h"
#include "core/jsonld_rdf.h"
#include "core/mem.h"
#include "core/rdf.h"
#include "core/rdfc.h"

#define MAX_EXTRA 16

struct extra {
    const char *url[MAX_EXTRA];
    char *text[MAX_EXTRA];
    size_t len[MAX_EXTRA];
    int n;
};

static char *slurp(FILE *f, size_t *n)
{
    struct bl_buf b;
    char chunk[65536];
    size_t got;

    bl_buf_init(&b, 64u * 1024 * 1024);
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (bl_buf_append(&b, chunk, got) != BL_OK) {
            bl_buf_free(&b);
            return NULL;
        }
    return (char *)bl_buf_detach(&b, n);
}

static enum bl_err load(void *arg, const char *url, const char **text, size_t *len,
                        struct bl_errinfo *ei)
{
    struct extra *x = arg;

    for (int i = 0; i < x->n; i++)
        if (strcmp(x->url[i], url) == 0) {
            *text = x->text[i];
            *len = x->len[i];
            return BL_OK;
        }
    return bl_ctxstore_load(NULL, url, text, len, ei);
}

int main(int argc, char **argv)
{
    struct extra x = {{0}, {0}, {0}, 0};
    struct bl_jsonld_opts o = {0};
    struct bl_errinfo ei = {0};
    struct bl_jsonld *p = NULL;
    struct bl_rdf_dataset ds;
    struct bl_buf out;
    const char *path = "-";
    bool canon = false, expand = false, noproof = false;
    char *text = NULL;
    size_t n = 0;
    json_t *doc = NULL, *exp = NULL;
    enum bl_err e = BL_OK;
    int rc = 1;

    bl_rdf_dataset_init(&ds);
    bl_buf_init(&out, 256u * 1024 * 1024);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--canon") == 0) {
            canon = true;
        } else if (strcmp(argv[i], "--expand") == 0) {
            expand = true;
        } else if (strcmp(argv[i], "--unsafe") == 0) {
            o.unsafe = true;
        } else if (strcmp(argv[i], "--no-proof") == 0) {
            noproof = true;
        } else if (strcmp(argv[i], "--base") == 0 && i + 1 < argc) {
            o.base = argv[++i];
        } else if (strcmp(argv[i], "--ctx") == 0 && i + 1 < argc && x.n < MAX_EXTRA) {
            char *eq = strchr(argv[++i], '=');
            FILE *f;

            if (eq == NULL) {
                fprintf(stderr, "ldtool: --ctx URL=FILE\n");
                return 2;
            }
            *eq = '\0';
            f = fopen(eq + 1, "rb");
            if (f == NULL) {
                fprintf(stderr, "ldtool: cannot read %s\n", eq + 1);
                return 2;
            }
            x.url[x.n] = argv[i];
            x.text[x.n] = slurp(f, &x.len[x.n]);
            fclose(f);
            x.n++;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "usage: ldtool [--canon|--expand] [--base IRI] [--unsafe] "
                            "[--no-proof] [--ctx URL=FILE]... [FILE|-]\n");
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (strcmp(path, "-") == 0) {
        text = slurp(stdin, &n);
    } else {
        FILE *f = fopen(path, "rb");
        if (f) {
            text = slurp(f, &n);
            fclose(f);
        }
    }
    if (text == NULL) {
        fprintf(stderr, "ldtool: cannot read %s\n", path);
        goto out;
    }
    e = bl_json_parse(text, n, 64u * 1024 * 1024, 1000, &doc, &ei);
    if (e == BL_OK && noproof && json_is_object(doc))
        json_object_del(doc, "proof");
    if (e == BL_OK)
        e = bl_jsonld_new(x.n ? load : NULL, &x, &p, &ei);
    if (e == BL_OK && expand) {
        e = bl_jsonld_expand(p, doc, &o, &exp, &ei);
        if (e == BL_OK)
            e = bl_json_dump(exp, JSON_INDENT(2) | JSON_SORT_KEYS, &out, &ei);
        if (e == BL_OK)
            e = bl_buf_putc(&out, '\n');
    } else if (e == BL_OK) {
        e = bl_jsonld_to_rdf(p, doc, &o, &ds, &ei);
        if (e == BL_OK && canon)
            e = bl_rdfc_canonicalize(&ds, NULL, &out, NULL, NULL, &ei);
        else if (e == BL_OK)
            e = bl_rdf_write_nquads(&out, &ds);
    }
    if (e != BL_OK) {
        fprintf(stderr, "ldtool: %s: %s\n", bl_err_name(e), ei.msg[0] ? ei.msg : bl_strerror(e));
        goto out;
    }
    fwrite(out.p ? (const char *)out.p : "", 1, out.len, stdout);
    rc = 0;
out:
    json_decref(doc);
    json_decref(exp);
    bl_jsonld_free(p);
    bl_rdf_dataset_free(&ds);
    bl_buf_free(&out);
    bl_free(text);
    for (int i = 0; i < x.n; i++)
        bl_free(x.text[i]);
    return rc;
}
