/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_bake.c: throughput of bl_bake and bl_unbake on one image, on one
 * core, with the machine's ceiling for the same bytes (memcpy and CRC-32 of
 * the image: baking must copy and check every byte; unbaking reads headers).
 * Usage: bench_bake IMAGE PAYLOAD-FILE NAME [SECONDS]
 * Prints lines "name value unit" for bench/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

#include "core/bake.h"
#include "core/mem.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p;
    long len;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "bench_bake: cannot read %s\n", path);
        exit(2);
    }
    p = bl_malloc((size_t)len + 1);
    if (fread(p, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "bench_bake: short read on %s\n", path);
        exit(2);
    }
    fclose(f);
    *n = (size_t)len;
    return p;
}

/* Run op until `seconds` have passed; return operations per second. */
#define MEASURE(seconds, ops_per_s, body)                                                          \
    do {                                                                                           \
        double t0_ = now(), t_;                                                                    \
        unsigned long n_ = 0;                                                                      \
        do {                                                                                       \
            for (int k_ = 0; k_ < 16; k_++) {                                                      \
                body;                                                                              \
            }                                                                                      \
            n_ += 16;                                                                              \
            t_ = now() - t0_;                                                                      \
        } while (t_ < (seconds));                                                                  \
        (ops_per_s) = (double)n_ / t_;                                                             \
    } while (0)

int main(int argc, char **argv)
{
    size_t n, plen;
    unsigned char *img, *pay, *scratch;
    double secs = argc > 4 ? strtod(argv[4], NULL) : 1.0;
    double bake_ops, flat_ops, unbake_ops, memcpy_ops, crc_ops;
    struct bl_buf out, baked;
    struct bl_baked b;
    struct rusage ru;
    volatile size_t sink = 0;

    if (argc < 4) {
        fprintf(stderr, "usage: bench_bake IMAGE PAYLOAD-FILE NAME [SECONDS]\n");
        return 2;
    }
    img = slurp(argv[1], &n);
    pay = slurp(argv[2], &plen);
    bl_buf_init(&out, n + plen + 4096);
    bl_buf_init(&baked, n + plen + 4096);
    if (bl_bake(img, n, pay, plen, BL_OB_UNKNOWN, &baked, NULL) != BL_OK) {
        fprintf(stderr, "bench_bake: %s cannot be baked\n", argv[1]);
        return 1;
    }

    /* What the CLI and server do: the new image as ranges, written with writev. */
    MEASURE(secs, bake_ops, {
        struct bl_bake_out o;

        bl_bake_out_init(&o, n + plen + 4096);
        if (bl_bake_iov(img, n, pay, plen, BL_OB_UNKNOWN, &o, NULL) != BL_OK)
            abort();
        sink += o.iov.total;
        bl_bake_out_free(&o);
    });
    /* The same plus a copy into one contiguous buffer, as the peer returns. */
    MEASURE(secs, flat_ops, {
        bl_buf_reset(&out);
        if (bl_bake(img, n, pay, plen, BL_OB_UNKNOWN, &out, NULL) != BL_OK)
            abort();
    });
    MEASURE(secs, unbake_ops, {
        if (bl_unbake(baked.p, baked.len, &b, NULL) != BL_OK)
            abort();
        bl_baked_free(&b);
    });
    /* The ceiling: touching every byte once (copy) and checking it (CRC-32). */
    scratch = bl_malloc(n);
    MEASURE(secs / 2, memcpy_ops, {
        memcpy(scratch, img, n);
        sink += scratch[n / 2];
    });
    MEASURE(secs / 2, crc_ops, { sink += crc32(0, img, (uInt)n); });
    (void)sink;

    getrusage(RUSAGE_SELF, &ru);
    printf("blason.bake.%s %.1f ops/s\n", argv[3], bake_ops);
    printf("blason.bake_flat.%s %.1f ops/s\n", argv[3], flat_ops);
    printf("blason.unbake.%s %.1f ops/s\n", argv[3], unbake_ops);
    printf("machine.memcpy.%s %.1f ops/s\n", argv[3], memcpy_ops);
    printf("machine.crc32.%s %.1f ops/s\n", argv[3], crc_ops);
    /* A flat bake must at least copy every byte once. */
    printf("blason.bake_flat.%s.of_memcpy %.2f ratio\n", argv[3], flat_ops / memcpy_ops);
    printf("blason.maxrss.%s %ld KiB\n", argv[3], ru.ru_maxrss);
    bl_free(scratch);
    bl_buf_free(&out);
    bl_buf_free(&baked);
    bl_free(img);
    bl_free(pay);
    return 0;
}
