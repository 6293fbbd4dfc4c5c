/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_di.c: Data Integrity eddsa-rdfc-2022 on one core: canonicalization
 * alone (JSON-LD toRdf + RDFC-1.0), signing and verifying an OB 3.0
 * credential, with one reused JSON-LD processor (as a server keeps one).
 * Usage: bench_di CREDENTIAL.json [SECONDS]   (a signed credential)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/di.h"
#include "core/key.h"
#include "core/mem.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double secs = argc > 2 ? strtod(argv[2], NULL) : 1.0, t0, t;
    json_error_t jerr;
    json_t *doc, *unsigned_doc, *signed_doc = NULL;
    struct bl_jsonld *ld = NULL;
    struct bl_key *k = NULL;
    struct bl_buf nq, vm;
    struct bl_di_report r;
    unsigned long n;

    if (argc < 2 || (doc = json_load_file(argv[1], 0, &jerr)) == NULL) {
        fprintf(stderr, "usage: bench_di CREDENTIAL.json [SECONDS]\n");
        return 2;
    }
    unsigned_doc = json_deep_copy(doc);
    json_object_del(unsigned_doc, "proof");
    bl_buf_init(&nq, 1 << 20);
    bl_buf_init(&vm, 512);
    if (bl_jsonld_new(NULL, NULL, &ld, NULL) != BL_OK ||
        bl_key_generate(BL_KEY_ED25519, 0, &k, NULL) != BL_OK ||
        bl_key_to_did_vm(k, &vm, NULL) != BL_OK)
        return 1;

    for (n = 0, t0 = now(); (t = now() - t0) < secs; n++) {
        bl_buf_reset(&nq);
        if (bl_di_canonicalize(ld, unsigned_doc, &nq, NULL) != BL_OK)
            return 1;
    }
    printf("blason.di.canonicalize %.1f ops/s\n", n / t);
    for (n = 0, t0 = now(); (t = now() - t0) < secs; n++) {
        json_decref(signed_doc);
        if (bl_di_sign(ld, unsigned_doc, k, (char *)vm.p, "2026-11-28T10:00:00Z", &signed_doc,
                       NULL) != BL_OK)
            return 1;
    }
    printf("blason.di.sign %.1f ops/s\n", n / t);
    for (n = 0, t0 = now(); (t = now() - t0) < secs; n++)
        if (bl_di_verify(ld, signed_doc, NULL, NULL, &r, NULL) != BL_OK)
            return 1;
    printf("blason.di.verify %.1f ops/s\n", n / t);
    json_decref(signed_doc);
    json_decref(unsigned_doc);
    json_decref(doc);
    bl_key_free(k);
    bl_jsonld_free(ld);
    bl_buf_free(&nq);
    bl_buf_free(&vm);
    return 0;
}
