/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_import.c: a CSV import end to end, as the server runs it: parse and
 * check N lines, then issue each (both OB 2.0 and OB 3.0 forms signed: two
 * RS256 signatures and one eddsa-rdfc-2022 proof) in its own transaction,
 * into a fresh SQLite database (or DB_URL).  Prints
 *   import_awards_per_s VALUE awards/s
 * Usage: bench_import IMAGE.svg [LINES] [DB_URL]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/badge.h"
#include "app/import.h"
#include "app/org.h"
#include "core/buf.h"
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
    struct bl_buf b;
    unsigned char chunk[8192];
    size_t k;
    if (!f)
        return NULL;
    bl_buf_init(&b, 1u << 24);
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (bl_buf_append(&b, chunk, k) != BL_OK)
            break;
    fclose(f);
    return bl_buf_detach(&b, n);
}

int main(int argc, char **argv)
{
    struct bl_errinfo ei = {0};
    struct bl_app *app = NULL;
    char dir[] = "/tmp/bench-import-XXXXXX", url[256], master[256], badge[23], id[23];
    size_t img_len = 0, lines = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
    int64_t org = 0, badge_id = 0;
    unsigned char *img = argc > 1 ? slurp(argv[1], &img_len) : NULL;
    struct bl_buf csv;
    int rc = 1;

    if (!img || !mkdtemp(dir)) {
        fprintf(stderr, "usage: bench_import IMAGE.svg [LINES] [DB_URL]\n");
        return 2;
    }
    snprintf(url, sizeof url, "sqlite:%s/blason.db", dir);
    snprintf(master, sizeof master, "%s/master.key", dir);
    bl_buf_init(&csv, BL_CSV_MAX_BYTES);
    if (bl_buf_puts(&csv, "Prénom;Nom;Courriel;Date\r\n") != BL_OK)
        goto out;
    for (size_t i = 0; i < lines; i++)
        if (bl_buf_printf(&csv, "Léa;Martin %zu;jeune%zu@example.org;15/09/2025\r\n", i, i) !=
            BL_OK)
            goto out;
    struct bl_app_org_input oi = {.slug = "bench",
                                  .name = "Mission Locale (bench)",
                                  .url = "https://example.org",
                                  .email = "contact@example.org"};
    struct bl_app_badge_input bi = {.name = "Atelier CV",
                                    .description = "Bench",
                                    .criteria_narrative = "Participer",
                                    .image = img,
                                    .image_len = img_len};
    if (bl_app_open(argc > 3 ? argv[3] : url, 4, master, true, "https://bench.example.org", &app,
                    &ei) != BL_OK ||
        bl_app_org_create(app, &bl_actor_system, &oi, &org, &ei) != BL_OK ||
        bl_app_badge_create(app, &bl_actor_system, org, &bi, badge, &badge_id, &ei) != BL_OK)
        goto out;
    double t0 = now();
    if (bl_app_import_create(app, &bl_actor_system, badge, "bench.csv", csv.p, csv.len,
                             BL_CSV_MAX_BYTES, id, &ei) != BL_OK ||
        bl_app_import_issue(app, &bl_actor_system, badge, id, false, &ei) != BL_OK)
        goto out;
    double t1 = now();
    struct bl_arena a;
    struct bl_import_view v;
    bl_arena_init(&a);
    if (bl_app_import_view(app, &bl_actor_system, badge, id, &a, &v, &ei) == BL_OK) {
        printf("# import: %zu lines, %lld issued, %lld failed in %.2f s\n", lines,
               (long long)v.im.issued, (long long)v.im.failed, t1 - t0);
        printf("import_awards_per_s %.1f awards/s\n", (double)v.im.issued / (t1 - t0));
        rc = v.im.issued == (int64_t)lines ? 0 : 1;
    }
    bl_arena_free(&a);
out:
    if (rc && ei.msg[0])
        fprintf(stderr, "bench_import: %s\n", ei.msg);
    bl_app_close(app);
    bl_buf_free(&csv);
    bl_free(img);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s/blason.db", dir);
    unlink(cmd);
    snprintf(cmd, sizeof cmd, "%s/blason.db-wal", dir);
    unlink(cmd);
    snprintf(cmd, sizeof cmd, "%s/blason.db-shm", dir);
    unlink(cmd);
    unlink(master);
    rmdir(dir);
    return rc;
}
