/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_jsonld.c: throughput of JSON-LD toRdf on one OB 3.0 credential
 * (ob30/simple.json without its proof), on one core, with one processor
 * reused as a server would (contexts cached), and the same followed by
 * RDFC-1.0 canonicalization (what eddsa-rdfc-2022 needs per document).
 * Lines: torRdf on the parsed document (the module's own cost), the same
 * with JSON parsing, and parse + toRdf + RDFC-1.0.
 * Usage: bench_jsonld [CREDENTIAL.json] [SECONDS]   (default
 * $FIXTURES/ob30/simple.json, 2 s).  Prints "name value unit" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/jsonld.h"
#include "core/jsonld_rdf.h"
#include "core/mem.h"
#include "core/rdf.h"
#include "core/rdfc.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    struct bl_buf b;
    char chunk[8192];
    size_t got;

    if (f == NULL) {
        fprintf(stderr, "bench_jsonld: cannot read %s\n", path);
        exit(2);
    }
    bl_buf_init(&b, 1u << 24);
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (bl_buf_append(&b, chunk, got) != BL_OK)
            exit(2);
    fclose(f);
    return (char *)bl_buf_detach(&b, n);
}

/* The document parsed once, for the "toRdf only" figure. */
static json_t *parsed;

/* One document: parse (mode > 0), drop the proof, toRdf, canonicalize (mode 2). */
static void one(struct bl_jsonld *p, const char *text, size_t n, struct bl_rdf_dataset *ds,
                struct bl_buf *out, int mode)
{
    json_t *doc = NULL;
    struct bl_errinfo ei;
    int canon = mode == 2;

    if (mode == 0) {
        doc = json_incref(parsed);
    } else {
        if (bl_json_parse(text, n, 1u << 20, 64, &doc, &ei) != BL_OK) {
            fprintf(stderr, "bench_jsonld: %s\n", ei.msg);
            exit(1);
        }
        json_object_del(doc, "proof");
    }
    bl_rdf_dataset_reset(ds);
    bl_buf_reset(out);
    if (bl_jsonld_to_rdf(p, doc, NULL, ds, &ei) != BL_OK ||
        (canon && bl_rdfc_canonicalize(ds, NULL, out, NULL, NULL, &ei) != BL_OK)) {
        fprintf(stderr, "bench_jsonld: %s\n", ei.msg);
        exit(1);
    }
    json_decref(doc);
}

static double measure(struct bl_jsonld *p, const char *text, size_t n, double seconds, int mode)
{
    struct bl_rdf_dataset ds;
    struct bl_buf out;
    double t0 = now(), t;
    long ops = 0;

    bl_rdf_dataset_init(&ds);
    bl_buf_init(&out, 1u << 24);
    do {
        for (int i = 0; i < 100; i++)
            one(p, text, n, &ds, &out, mode);
        ops += 100;
        t = now();
    } while (t - t0 < seconds);
    bl_rdf_dataset_free(&ds);
    bl_buf_free(&out);
    return (double)ops / (t - t0);
}

int main(int argc, char **argv)
{
    char def[4096];
    const char *path = argv[1];
    double seconds = argc > 2 ? strtod(argv[2], NULL) : 2.0;
    struct bl_jsonld *p = NULL;
    struct bl_errinfo ei;
    char *text;
    size_t n;

    if (path == NULL) {
        const char *fx = getenv("FIXTURES");
        snprintf(def, sizeof(def), "%s/ob30/simple.json", fx ? fx : "../shared/fixtures");
        path = def;
    }
    text = slurp(path, &n);
    if (bl_jsonld_new(NULL, NULL, &p, &ei) != BL_OK)
        return 1;
    if (bl_json_parse(text, n, 1u << 20, 64, &parsed, &ei) != BL_OK) {
        fprintf(stderr, "bench_jsonld: %s\n", ei.msg);
        return 1;
    }
    json_object_del(parsed, "proof");
    measure(p, text, n, 0.2, 2); /* warm the context cache */
    printf("blason.jsonld.torRdf.ob3-simple %.1f ops/s\n", measure(p, text, n, seconds, 0));
    printf("blason.jsonld.parse+torRdf.ob3-simple %.1f ops/s\n", measure(p, text, n, seconds, 1));
    printf("blason.jsonld.parse+torRdf+rdfc.ob3-simple %.1f ops/s\n",
           measure(p, text, n, seconds, 2));
    json_decref(parsed);
    bl_jsonld_free(p);
    bl_free(text);
    return 0;
}
