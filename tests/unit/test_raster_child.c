/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_raster_child.c: the parent side of the isolated rasteriser with
 * stand-in children written here as shell scripts: one that echoes its
 * input (large input and output at once must not deadlock; the cap must
 * hold), one that fails, one killed by a signal.  The real child is
 * checked over HTTP (tests/http/image-formats.test.js).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/raster_child.h"
#include "core/mem.h"
#include "testutil.h"

static char dir[] = "/tmp/blason-raster-XXXXXX";

static const char *script(const char *name, const char *body)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    assert_int_equal(chmod(p, 0700), 0);
    return p;
}

static void test_echo_large_both_ways(void **state)
{
    (void)state;
    size_t n = 600 * 1024; /* far past a pipe's buffer in both directions */
    unsigned char *in = bl_malloc(n);
    for (size_t i = 0; i < n; i++)
        in[i] = (unsigned char)(i * 31 + 7);
    struct bl_buf out;
    bl_buf_init(&out, 1u << 20);
    assert_int_equal(bl_buf_puts(&out, "x"), BL_OK);
    const char *cat =
        script("cat", "test \"$1 $2 $3\" = \"raster --side 300\" || exit 3\nexec cat");
    assert_int_equal(bl_raster_png_isolated(cat, in, n, 300, &out, NULL), BL_OK);
    assert_int_equal(out.len, n + 1);
    assert_memory_equal(out.p + 1, in, n);

    /* Past the cap: nothing appended, the child is stopped. */
    struct bl_buf small;
    bl_buf_init(&small, 1000);
    struct bl_errinfo ei = {0};
    assert_int_equal(bl_raster_png_isolated(cat, in, n, 300, &small, &ei), BL_ETOOBIG);
    assert_int_equal(small.len, 0);
    bl_buf_free(&small);
    bl_buf_free(&out);
    bl_free(in);
}

static void test_failures_append_nothing(void **state)
{
    (void)state;
    struct bl_buf out;
    struct bl_errinfo ei = {0};
    bl_buf_init(&out, 1u << 20);
    const char *fails = script("fails", "cat >/dev/null; printf partial; exit 1");
    assert_int_equal(
        bl_raster_png_isolated(fails, (const unsigned char *)"<svg/>", 6, 64, &out, &ei), BL_EIO);
    assert_non_null(strstr(ei.msg, "status 1"));
    assert_int_equal(out.len, 0);
    const char *killed = script("killed", "kill -9 $$");
    assert_int_equal(
        bl_raster_png_isolated(killed, (const unsigned char *)"<svg/>", 6, 64, &out, &ei), BL_EIO);
    assert_non_null(strstr(ei.msg, "signal 9"));
    assert_int_equal(
        bl_raster_png_isolated(NULL, (const unsigned char *)"<svg/>", 6, 64, &out, &ei),
        BL_ENOTFOUND);
    assert_int_equal(
        bl_raster_png_isolated(fails, (const unsigned char *)"<svg/>", 6, 0, &out, &ei), BL_EINVAL);
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(
        bl_raster_png_isolated(missing, (const unsigned char *)"<svg/>", 6, 64, &out, &ei), BL_EIO);
    assert_int_equal(out.len, 0);
    bl_buf_free(&out);
}

/* The same SVG at the same side is drawn once; another side or SVG runs the child again. */
static void test_drawn_once(void **state)
{
    (void)state;
    char count[300], body[700];
    snprintf(count, sizeof count, "%s/count", dir);
    snprintf(body, sizeof body, "echo x >> %s\nexec cat", count);
    const char *counting = script("counting", body);
    struct bl_buf out;
    bl_buf_init(&out, 1u << 20);
    const unsigned char a[] = "<svg>a</svg>", b[] = "<svg>b</svg>";
    for (int i = 0; i < 3; i++)
        assert_int_equal(bl_raster_png_isolated(counting, a, sizeof a - 1, 64, &out, NULL), BL_OK);
    assert_int_equal(bl_raster_png_isolated(counting, a, sizeof a - 1, 65, &out, NULL), BL_OK);
    assert_int_equal(bl_raster_png_isolated(counting, b, sizeof b - 1, 64, &out, NULL), BL_OK);
    assert_int_equal(out.len, 5 * (sizeof a - 1));
    size_t n = 0;
    unsigned char *runs = tu_read_file(count, &n);
    assert_non_null(runs);
    assert_int_equal(n, 3 * 2); /* three children: "x\n" each */
    free(runs);
    bl_buf_free(&out);
}

static int setup(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN); /* as blason serve does (raster_child.h) */
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_large_both_ways),
        cmocka_unit_test(test_failures_append_nothing),
        cmocka_unit_test(test_drawn_once),
    };
    return cmocka_run_group_tests_name("raster_child", tests, setup, teardown);
}
