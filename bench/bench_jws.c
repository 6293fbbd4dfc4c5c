/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_jws.c: compact JWS sign and verify throughput on one core, for
 * RS256 (RSA-2048), ES256 and EdDSA, over a ~1 KB OB 2.0 Assertion.  Each
 * measurement runs for SECONDS (default 1).  Keys are made once; every
 * operation is a whole bl_jws_sign / bl_jws_verify call (header, base64url,
 * JSON, signature), as the server would run it.
 * Usage: bench_jws [SECONDS [PAYLOAD-OUT]]  (PAYLOAD-OUT: where to write the
 * payload, so a peer can sign the same bytes)
 * Prints lines "blason.jws.sign.RS256 1234.5 ops/s" for bench/jws.sh, and
 * "machine.evp.sign.RS256 ..." for OpenSSL's EVP API on the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "core/jws.h"
#include "core/key.h"
#include "core/mem.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A ~1 KB hosted OB 2.0 Assertion, the payload a signed badge carries. */
static void payload(struct bl_buf *b)
{
    if (bl_buf_puts(b,
                    "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\","
                    "\"id\":\"https://badges.example.org/assertions/3f1c2b9e-8d7a-4c55-9e1f-"
                    "0a2b3c4d5e6f\",\"recipient\":{\"type\":\"email\",\"hashed\":true,\"salt\":"
                    "\"deadsea\",\"identity\":\"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e"
                    "70cf4d8e43f6a1d29891942\"},\"badge\":\"https://badges.example.org/badges/"
                    "robotics-level-2\",\"verification\":{\"type\":\"SignedBadge\",\"creator\":"
                    "\"https://badges.example.org/keys/2026-1\"},\"issuedOn\":\"2026-11-28T12:"
                    "00:00Z\",\"expires\":\"2029-11-28T12:00:00Z\",\"evidence\":[{\"id\":\"https:"
                    "//badges.example.org/evidence/42\",\"narrative\":\"Built and programmed a "
                    "line-following robot with two sensors; presented the design to the "
                    "class and answered questions about the control loop.\"}],\"narrative\":"
                    "\"Awarded at the end of the autumn robotics club session after a public "
                    "demonstration. The learner documented each build step, tested three "
                    "sensor layouts and chose the most reliable one.\",\"image\":\"https://"
                    "badges.example.org/badges/robotics-level-2/image.png\",\"extensions:"
                    "ApplyLink\":{\"url\":\"https://badges.example.org/apply\"}}") != BL_OK)
        abort();
}

#define ROUNDS 3

/* One algorithm's benchmark state: Blason's side, and OpenSSL used directly. */
struct op {
    enum bl_jws_alg alg;
    struct bl_key *key;
    struct bl_jws_verify_opts opts;
    struct bl_buf *pl, *out, *got;
    const unsigned char *tbs; /* the signing input of *out */
    size_t ntbs;
    EVP_MD_CTX *msign, *mverify;   /* Ed25519 */
    EVP_PKEY_CTX *psign, *pverify; /* RSA, P-256 */
    unsigned char sig[512];
    size_t nsig;
};

/* Operations per second of op(arg) over about `seconds`. */
static double rate(double seconds, int (*op)(struct op *), struct op *arg)
{
    unsigned long n = 0;
    double t0 = now(), t;

    do {
        if (op(arg) != 1)
            abort();
        n++;
    } while ((n & 7) != 0 || (t = now() - t0) < seconds);
    return (double)n / t;
}

static int blason_sign(struct op *o)
{
    bl_buf_reset(o->out);
    return bl_jws_sign(o->key, o->alg, NULL, o->pl->p, o->pl->len, o->out, NULL) == BL_OK;
}

static int blason_verify(struct op *o)
{
    bl_buf_reset(o->got);
    return bl_jws_verify((char *)o->out->p, o->out->len, &o->opts, NULL, o->got, NULL) == BL_OK;
}

/*
 * The machine's ceiling for the same bytes: OpenSSL's EVP API on the same
 * signing input, contexts made once, no JWS work (no header, base64url,
 * JSON or R||S conversion).  openssl speed, by contrast, signs a fixed
 * short digest and so leaves out hashing the ~1.4 KB signing input.
 */
static int evp_sign(struct op *o)
{
    unsigned char md[32];

    o->nsig = sizeof(o->sig);
    if (o->msign != NULL)
        return EVP_DigestSign(o->msign, o->sig, &o->nsig, o->tbs, o->ntbs);
    return EVP_Digest(o->tbs, o->ntbs, md, NULL, EVP_sha256(), NULL) == 1 &&
           EVP_PKEY_sign(o->psign, o->sig, &o->nsig, md, 32) == 1;
}

static int evp_verify(struct op *o)
{
    unsigned char md[32];

    if (o->mverify != NULL)
        return EVP_DigestVerify(o->mverify, o->sig, o->nsig, o->tbs, o->ntbs);
    return EVP_Digest(o->tbs, o->ntbs, md, NULL, EVP_sha256(), NULL) == 1 &&
           EVP_PKEY_verify(o->pverify, o->sig, o->nsig, md, 32) == 1;
}

static int (*const ops[4])(struct op *) = {blason_sign, blason_verify, evp_sign, evp_verify};

static void raw_setup(struct op *o)
{
    EVP_PKEY *pkey = bl_key__pkey(o->key);

    if (blason_sign(o) != 1)
        abort();
    o->tbs = o->out->p;
    o->ntbs = (size_t)((const unsigned char *)strrchr((char *)o->out->p, '.') - o->out->p);
    if (o->alg == BL_JWS_EDDSA) {
        o->msign = EVP_MD_CTX_new();
        o->mverify = EVP_MD_CTX_new();
        if (EVP_DigestSignInit(o->msign, NULL, NULL, NULL, pkey) != 1 ||
            EVP_DigestVerifyInit(o->mverify, NULL, NULL, NULL, pkey) != 1)
            abort();
    } else {
        o->psign = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        o->pverify = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        if (EVP_PKEY_sign_init(o->psign) != 1 || EVP_PKEY_verify_init(o->pverify) != 1 ||
            EVP_PKEY_CTX_set_signature_md(o->psign, EVP_sha256()) != 1 ||
            EVP_PKEY_CTX_set_signature_md(o->pverify, EVP_sha256()) != 1)
            abort();
    }
    /* A signature for evp_verify; the signing input in *out stays as it is. */
    if (evp_sign(o) != 1)
        abort();
}

static void raw_free(struct op *o)
{
    EVP_MD_CTX_free(o->msign);
    EVP_MD_CTX_free(o->mverify);
    EVP_PKEY_CTX_free(o->psign);
    EVP_PKEY_CTX_free(o->pverify);
}

int main(int argc, char **argv)
{
    static const struct {
        enum bl_key_type type;
        unsigned bits;
        enum bl_jws_alg alg;
    } cases[] = {{BL_KEY_RSA, 2048, BL_JWS_RS256},
                 {BL_KEY_P256, 0, BL_JWS_ES256},
                 {BL_KEY_ED25519, 0, BL_JWS_EDDSA}};
    double seconds = argc > 1 ? strtod(argv[1], NULL) : 1.0; /* lint: allow (bench input) */
    struct bl_buf pl, out, got;
    size_t i;

    if (seconds <= 0)
        seconds = 1.0;
    bl_buf_init(&pl, 1 << 16);
    bl_buf_init(&out, 1 << 16);
    bl_buf_init(&got, 1 << 16);
    payload(&pl);
    printf("# payload %zu bytes\n", pl.len);
    if (argc > 2) {
        FILE *f = fopen(argv[2], "wb");

        if (f == NULL || fwrite(pl.p, 1, pl.len, f) != pl.len || fclose(f) != 0) {
            fprintf(stderr, "bench_jws: cannot write %s\n", argv[2]);
            return 2;
        }
    }
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct op o = {.alg = cases[i].alg, .pl = &pl, .out = &out, .got = &got};
        const char *name = bl_jws_alg_name(cases[i].alg);
        double best[4] = {0, 0, 0, 0}, r;
        int round, w;

        if (bl_key_generate(cases[i].type, cases[i].bits, &o.key, NULL) != BL_OK)
            abort();
        o.opts.key = o.key;
        raw_setup(&o);
        /* Alternate short slices of each measurement and keep the best, so a
         * busy moment on a shared machine does not favour one side. */
        for (round = 0; round < ROUNDS; round++)
            for (w = 0; w < 4; w++) {
                r = rate(seconds / ROUNDS, ops[w], &o);
                if (r > best[w])
                    best[w] = r;
            }
        printf("blason.jws.sign.%s %.1f ops/s\n", name, best[0]);
        printf("blason.jws.verify.%s %.1f ops/s\n", name, best[1]);
        printf("machine.evp.sign.%s %.1f ops/s\n", name, best[2]);
        printf("machine.evp.verify.%s %.1f ops/s\n", name, best[3]);
        fflush(stdout);
        raw_free(&o);
        bl_key_free(o.key);
    }
    bl_buf_free(&pl);
    bl_buf_free(&out);
    bl_buf_free(&got);
    return 0;
}
