/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_verify.c: offline verification of baked OB 3.0 PNG badges on one
 * core, the whole entry point `blason verify --offline` uses: unbake, parse,
 * proof, structure, dates (bl_verify_bytes).  A VC-JWT is checked with the
 * key given as `--key` gives it; a Data Integrity proof resolves its
 * `<issuer id>#<Multikey>` method offline.  The badges `blason issue` makes
 * carry no credentialStatus, so no status list is checked (a fetch callback
 * answering from memory is wired in, and the run fails if it is ever called).
 * Usage: bench_verify SECONDS NOW KIND FILE.png KEY.pem|- [KIND FILE KEY|-]...
 * Prints "blason.verify.png.KIND N ops/s" per badge, then the same per CPU-second
 * of this process ("....KIND.cpu N ops/cpu-s"): the machine may be shared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonld.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/verify.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: on a loaded machine, the rate per CPU-second says more. */
static double cpu(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p;
    long len;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = bl_malloc((size_t)len + 1);
    *n = fread(p, 1, (size_t)len, f);
    fclose(f);
    return p;
}

/* The status-list cache: none of these badges has a status, so any call is a bug. */
static enum bl_err no_fetch(void *cls, const char *url, const char *accept, struct bl_buf *body,
                            long *status, char *final_url, size_t flen, struct bl_errinfo *ei)
{
    (void)cls;
    (void)accept;
    (void)body;
    (void)status;
    (void)final_url;
    (void)flen;
    fprintf(stderr, "bench_verify: unexpected fetch of %s\n", url);
    exit(1);
    return bl_fail(ei, BL_EIO, "unreachable");
}

static int bench_one(const char *kind, const char *file, const char *keyfile, double secs,
                     int64_t at)
{
    struct bl_verify_opts o = {.now = at, .offline = true, .fetch = no_fetch, .lang = "en"};
    struct bl_verify_report r;
    struct bl_key *k = NULL;
    unsigned char *png, *pem = NULL;
    size_t n, pn;
    unsigned long i;
    double t0, t, c0;
    int ok = 0;

    if ((png = slurp(file, &n)) == NULL)
        return 0;
    /* One JSON-LD processor for the whole run, as a long-lived verifier keeps one per thread. */
    if (bl_jsonld_new(NULL, NULL, &o.ld, NULL) != BL_OK)
        goto out;
    if (strcmp(keyfile, "-") != 0) {
        if ((pem = slurp(keyfile, &pn)) == NULL ||
            bl_key_from_pem((const char *)pem, pn, &k, NULL) != BL_OK)
            goto out;
        o.key = k;
    }
    /* One run first: the badge must verify, or the figure means nothing. */
    if (bl_verify_bytes(png, n, &o, &r, NULL) != BL_OK)
        goto out;
    if (r.verdict != BL_VERIFY_VALID && r.verdict != BL_VERIFY_VALID_WITH_WARNINGS) {
        const struct bl_verify_check *e = bl_verify_first_error(&r);

        fprintf(stderr, "bench_verify: %s is %s (%s: %s)\n", file,
                bl_verify_verdict_name(r.verdict), e ? e->id : "-", e ? e->detail : "-");
        bl_verify_report_free(&r);
        goto out;
    }
    fprintf(stderr, "# %s: %zu B, %s, proof %s, %zu checks\n", kind, n,
            bl_verify_verdict_name(r.verdict), bl_verify_proof_name(r.proof), r.n);
    bl_verify_report_free(&r);
    c0 = cpu();
    for (i = 0, t0 = now(); (t = now() - t0) < secs; i++) {
        if (bl_verify_bytes(png, n, &o, &r, NULL) != BL_OK ||
            r.verdict > BL_VERIFY_VALID_WITH_WARNINGS)
            goto out;
        bl_verify_report_free(&r);
    }
    c0 = cpu() - c0;
    printf("blason.verify.png.%s %.1f ops/s\n", kind, (double)i / t);
    printf("blason.verify.png.%s.cpu %.1f ops/cpu-s\n", kind, (double)i / c0);
    fflush(stdout);
    ok = 1;
out:
    bl_jsonld_free(o.ld);
    bl_key_free(k);
    bl_free(pem);
    bl_free(png);
    return ok;
}

int main(int argc, char **argv)
{
    double secs;
    int64_t at;

    if (argc < 6 || (argc - 3) % 3 != 0) {
        fprintf(stderr, "usage: bench_verify SECONDS NOW KIND FILE.png KEY.pem|- ...\n");
        return 2;
    }
    secs = strtod(argv[1], NULL);
    at = (int64_t)strtod(argv[2], NULL);
    for (int i = 3; i < argc; i += 3)
        if (!bench_one(argv[i], argv[i + 1], argv[i + 2], secs, at)) {
            fprintf(stderr, "bench_verify: %s failed\n", argv[i]);
            return 1;
        }
    return 0;
}
