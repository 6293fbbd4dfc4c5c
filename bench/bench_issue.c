/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_issue.c: the whole issuing path of an Open Badges 3.0 VC-JWT badge
 * (credential from the definition files, claims, RS256 signature, baking
 * into a PNG) against the raw RS256 signing of the same claims, in the same
 * process on one core.  The issue's target: the path at >= 70% of raw.
 * Usage: bench_issue ISSUER.json BADGE.json IMAGE.png [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/bake.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/jws.h"
#include "core/key.h"
#include "core/mem.h"
#include "core/ob2.h"
#include "core/ob3.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Build, sign and bake one badge; the JWS is left in jws. */
static int issue_one(const json_t *idef, const json_t *bdef, const struct bl_key *k,
                     const unsigned char *img, size_t n, struct bl_buf *jws)
{
    json_t *cred = NULL, *claims = NULL, *hdr = json_pack("{s:s}", "typ", "JWT");
    struct bl_ob_report r;
    struct bl_buf body;
    struct bl_bake_out out;
    int ok;

    bl_ob_report_init(&r);
    bl_buf_init(&body, 1 << 20);
    bl_bake_out_init(&out, 1 << 24);
    bl_buf_reset(jws);
    ok = bl_ob3_credential_from_defs(idef, bdef, "jeune@example.org",
                                     "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                     "urn:uuid:7d0e0c1a-0000-4000-8000-000000000001", 1795856400,
                                     NULL, &cred, &r, NULL) == BL_OK &&
         bl_ob3_jwt_claims(cred, &claims, NULL) == BL_OK &&
         bl_json_dump(claims, JSON_COMPACT | JSON_PRESERVE_ORDER, &body, NULL) == BL_OK &&
         bl_jws_sign(k, BL_JWS_RS256, hdr, body.p, body.len, jws, NULL) == BL_OK &&
         bl_bake_iov(img, n, jws->p, jws->len, BL_OB3, &out, NULL) == BL_OK;
    bl_bake_out_free(&out);
    bl_buf_free(&body);
    bl_ob_report_free(&r);
    json_decref(cred);
    json_decref(claims);
    json_decref(hdr);
    return ok;
}

int main(int argc, char **argv)
{
    double secs = argc > 4 ? strtod(argv[4], NULL) : 1.0, t0, t, full, raw;
    json_error_t jerr;
    json_t *idef, *bdef, *hdr;
    struct bl_key *k = NULL;
    struct bl_buf jws, body, sig;
    unsigned char *img;
    size_t n;
    long len;
    unsigned long i;
    FILE *f;

    if (argc < 4 || (idef = json_load_file(argv[1], 0, &jerr)) == NULL ||
        (bdef = json_load_file(argv[2], 0, &jerr)) == NULL || (f = fopen(argv[3], "rb")) == NULL) {
        fprintf(stderr, "usage: bench_issue ISSUER.json BADGE.json IMAGE.png [SECONDS]\n");
        return 2;
    }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    img = bl_malloc((size_t)len);
    n = fread(img, 1, (size_t)len, f);
    fclose(f);
    bl_buf_init(&jws, 1 << 20);
    bl_buf_init(&body, 1 << 20);
    bl_buf_init(&sig, 1 << 20);
    if (bl_key_generate(BL_KEY_RSA, 2048, &k, NULL) != BL_OK ||
        !issue_one(idef, bdef, k, img, n, &jws))
        return 1;
    /* The raw rate: signing the very claims the path signs, nothing else. */
    {
        const char *dot = memchr(jws.p, '.', jws.len), *dot2;

        dot2 = memchr(dot + 1, '.', jws.len - (size_t)(dot + 1 - (const char *)jws.p));
        if (bl_base64url_decode(&body, dot + 1, (size_t)(dot2 - dot - 1), NULL) != BL_OK)
            return 1;
    }
    hdr = json_pack("{s:s}", "typ", "JWT");
    for (i = 0, t0 = now(); (t = now() - t0) < secs; i++) {
        bl_buf_reset(&sig);
        if (bl_jws_sign(k, BL_JWS_RS256, hdr, body.p, body.len, &sig, NULL) != BL_OK)
            return 1;
    }
    raw = (double)i / t;
    for (i = 0, t0 = now(); (t = now() - t0) < secs; i++)
        if (!issue_one(idef, bdef, k, img, n, &jws))
            return 1;
    full = (double)i / t;
    printf("blason.jws.sign.RS256.claims %.1f ops/s\n", raw);
    printf("blason.issue.ob3-vcjwt.png10k %.1f ops/s\n", full);
    printf("ratio.issue.of_raw_rs256 %.2f ratio\n", full / raw);
    json_decref(hdr);
    json_decref(idef);
    json_decref(bdef);
    bl_key_free(k);
    bl_free(img);
    bl_buf_free(&jws);
    bl_buf_free(&body);
    bl_buf_free(&sig);
    return 0;
}
