/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_pathway.c: the pathway engine after a bulk award (issue 9's
 * target: under 1 s per 100,000 progress updates on one core).  100,000
 * young people hold 4 to 12 awards each among 60 badge classes; 20 pathways
 * of different shapes (all-of with an any-of group as "Prêt pour l'emploi",
 * k of n, ordered chains, windows, nested groups) are compiled once.  A
 * bulk award gives everyone one more badge; the timed part inserts it into
 * each person's sorted awards and re-evaluates all 20 pathways for that
 * person, counting completions: 2,000,000 progress updates.
 * Usage: bench_pathway [PEOPLE]
 * Prints updates/s and seconds per 100,000 updates (wall clock and CPU).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/mem.h"
#include "core/pathway.h"

#define PATHWAYS 20
#define CLASSES  60
#define DAY      86400

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ull) >> 33) % n;
}

static double clock_s(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Pathway p: a shape chosen by p % 5, over classes starting at 3 * p. */
static struct bl_pathway *make_pathway(int p)
{
    char buf[2048];
    int c = (3 * p) % (CLASSES - 8), n = 0;
    struct bl_pathway *pw = NULL;
    struct bl_errinfo ei;

#define B(i) (c + (i))
    switch (p % 5) {
    case 0: /* "Prêt pour l'emploi": 3 badges + any 1 of 3 */
        n = snprintf(buf, sizeof buf,
                     "{\"root\":\"r\",\"steps\":[{\"id\":\"a\",\"badge\":\"%d\"},"
                     "{\"id\":\"b\",\"badge\":\"%d\"},{\"id\":\"c\",\"badge\":\"%d\"},"
                     "{\"id\":\"s1\",\"badge\":\"%d\"},{\"id\":\"s2\",\"badge\":\"%d\"},"
                     "{\"id\":\"s3\",\"badge\":\"%d\"},{\"id\":\"soft\",\"need\":1,\"steps\":"
                     "[\"s1\",\"s2\",\"s3\"]},{\"id\":\"r\",\"steps\":[\"a\",\"b\",\"c\","
                     "\"soft\"]}]}",
                     B(0), B(1), B(2), B(3), B(4), B(5));
        break;
    case 1: /* any 3 of 6 */
        n = snprintf(buf, sizeof buf,
                     "{\"root\":\"r\",\"steps\":[{\"id\":\"a\",\"badge\":\"%d\"},"
                     "{\"id\":\"b\",\"badge\":\"%d\"},{\"id\":\"c\",\"badge\":\"%d\"},"
                     "{\"id\":\"d\",\"badge\":\"%d\"},{\"id\":\"e\",\"badge\":\"%d\"},"
                     "{\"id\":\"f\",\"badge\":\"%d\"},{\"id\":\"r\",\"need\":3,\"steps\":"
                     "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}]}",
                     B(0), B(1), B(2), B(3), B(4), B(5));
        break;
    case 2: /* ordered chain of 4 */
        n = snprintf(buf, sizeof buf,
                     "{\"root\":\"r\",\"steps\":[{\"id\":\"a\",\"badge\":\"%d\"},"
                     "{\"id\":\"b\",\"badge\":\"%d\"},{\"id\":\"c\",\"badge\":\"%d\"},"
                     "{\"id\":\"d\",\"badge\":\"%d\"},{\"id\":\"r\",\"ordered\":true,"
                     "\"steps\":[\"a\",\"b\",\"c\",\"d\"]}]}",
                     B(0), B(1), B(2), B(3));
        break;
    case 3: /* 2 of 4 within 90 days, then a final badge */
        n = snprintf(buf, sizeof buf,
                     "{\"root\":\"r\",\"steps\":[{\"id\":\"a\",\"badge\":\"%d\"},"
                     "{\"id\":\"b\",\"badge\":\"%d\"},{\"id\":\"c\",\"badge\":\"%d\"},"
                     "{\"id\":\"d\",\"badge\":\"%d\"},{\"id\":\"fin\",\"badge\":\"%d\"},"
                     "{\"id\":\"w\",\"need\":2,\"window\":%d,\"steps\":[\"a\",\"b\",\"c\",\"d\"]},"
                     "{\"id\":\"r\",\"ordered\":true,\"steps\":[\"w\",\"fin\"]}]}",
                     B(0), B(1), B(2), B(3), B(4), 90 * DAY);
        break;
    default: /* nested: any 2 of three groups */
        n = snprintf(buf, sizeof buf,
                     "{\"root\":\"r\",\"steps\":[{\"id\":\"a\",\"badge\":\"%d\"},"
                     "{\"id\":\"b\",\"badge\":\"%d\"},{\"id\":\"c\",\"badge\":\"%d\"},"
                     "{\"id\":\"d\",\"badge\":\"%d\"},{\"id\":\"e\",\"badge\":\"%d\"},"
                     "{\"id\":\"g1\",\"steps\":[\"a\",\"b\"]},{\"id\":\"g2\",\"need\":1,"
                     "\"steps\":[\"c\",\"d\"]},{\"id\":\"g3\",\"steps\":[\"e\",\"a\"]},"
                     "{\"id\":\"r\",\"need\":2,\"steps\":[\"g1\",\"g2\",\"g3\"]}]}",
                     B(0), B(1), B(2), B(3), B(4));
        break;
    }
#undef B
    if (n <= 0 || (size_t)n >= sizeof buf || bl_pathway_parse(buf, (size_t)n, &pw, &ei) != BL_OK) {
        fprintf(stderr, "bench_pathway: pathway %d: %s\n", p, ei.msg);
        exit(1);
    }
    for (uint32_t i = 0; i < pw->n_badges; i++) {
        int64_t key = 0;
        for (const char *s = pw->badges[i].ref; *s; s++)
            key = key * 10 + (*s - '0');
        bl_pathway_bind(pw, i, key);
    }
    return pw;
}

int main(int argc, char **argv)
{
    long people = 100000;
    struct bl_pathway *pw[PATHWAYS];
    struct bl_pathway_ws *ws = bl_pathway_ws_new(64);
    struct bl_pathway_result r;
    struct rusage ru;

    if (argc > 1) {
        people = 0;
        for (const char *s = argv[1]; *s >= '0' && *s <= '9' && people < 10000000; s++)
            people = people * 10 + (*s - '0');
        if (people <= 0)
            people = 100000;
    }
    for (int p = 0; p < PATHWAYS; p++)
        pw[p] = make_pathway(p);

    /* Everyone's awards, sorted by (class, time), one block per person. */
    size_t *off = bl_calloc((size_t)people + 1, sizeof(*off));
    struct bl_pathway_award *aw = bl_calloc((size_t)people * 12, sizeof(*aw));
    size_t total = 0;
    int64_t t0 = 1767225600; /* 2026-01-01 */
    for (long i = 0; i < people; i++) {
        off[i] = total;
        int n = 4 + (int)rnd(9);
        for (int k = 0; k < n; k++)
            aw[total + (size_t)k] = (struct bl_pathway_award){.badge = (int64_t)rnd(CLASSES),
                                                              .at = t0 + (int64_t)rnd(300) * DAY,
                                                              .invalid = rnd(50) == 0};
        bl_pathway_sort_awards(aw + total, (size_t)n);
        total += (size_t)n;
    }
    off[people] = total;

    /* The bulk award: class 1 (used by several pathways) to everyone, today. */
    struct bl_pathway_award bulk = {.badge = 1, .at = t0 + 301 * DAY};
    struct bl_pathway_award one[16];
    long before = 0, after = 0, updates = 0;
    for (long i = 0; i < people; i++)
        for (int p = 0; p < PATHWAYS; p++) {
            if (bl_pathway_eval(pw[p], aw + off[i], off[i + 1] - off[i], ws, &r, NULL) != BL_OK)
                return 1;
            before += r.complete;
        }

    /* Wall clock, and CPU time: the machine may be shared while it runs. */
    double start = clock_s(CLOCK_MONOTONIC), cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (long i = 0; i < people; i++) {
        size_t n = off[i + 1] - off[i], j = 0, o = 0;
        /* Insert the new award in order. */
        while (j < n && (aw[off[i] + j].badge < bulk.badge ||
                         (aw[off[i] + j].badge == bulk.badge && aw[off[i] + j].at <= bulk.at)))
            one[o++] = aw[off[i] + j++];
        one[o++] = bulk;
        while (j < n)
            one[o++] = aw[off[i] + j++];
        for (int p = 0; p < PATHWAYS; p++) {
            if (bl_pathway_eval(pw[p], one, o, ws, &r, NULL) != BL_OK)
                return 1;
            after += r.complete;
            updates++;
        }
    }
    double el = clock_s(CLOCK_MONOTONIC) - start;
    double cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    getrusage(RUSAGE_SELF, &ru);
    printf("blason.pathway.updates %.0f updates/s\n", (double)updates / el);
    printf("blason.pathway.per100k %.4f s\n", el * 100000.0 / (double)updates);
    printf("blason.pathway.per100k.cpu %.4f s\n", cpu * 100000.0 / (double)updates);
    printf("# %ld people x %d pathways = %ld updates in %.3f s; completions %ld -> %ld\n", people,
           PATHWAYS, updates, el, before, after);
    printf("blason.pathway.maxrss %ld KiB\n", ru.ru_maxrss);
    printf("target.pathway.1s_per_100k %s\n",
           el * 100000.0 / (double)updates < 1.0 ? "met" : "missed");
    for (int p = 0; p < PATHWAYS; p++)
        bl_pathway_free(pw[p]);
    bl_pathway_ws_free(ws);
    bl_free(aw);
    bl_free(off);
    return 0;
}
