/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_zip.c: the ZIP writer (core/zip.h) checked by another implementation:
 * Debian's Info-ZIP `unzip` tests every CRC (unzip -t) and extracts the
 * archive, and the files read back must be the bytes put in.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/zip.h"
#include "testutil.h"

extern char **environ;

/* Run argv (found on PATH) with its output thrown away; its exit status, or -1. */
static int run(char *const argv[])
{
    pid_t pid;
    int st;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_unzip_reads_it(void **state)
{
    (void)state;
    char dir[] = "/tmp/blason-zip-XXXXXX", path[128], out[128], got_path[256];
    if (!mkdtemp(dir))
        fail_msg("mkdtemp");
    setenv("LC_ALL", "C.UTF-8", 1); /* unzip honours the UTF-8 name flag in a UTF-8 locale */
    if (run((char *const[]){"unzip", "-v", NULL}) != 0) {
        tu_rmtree(dir);
        skip(); /* no unzip on this machine */
    }
    /* a compressible text, binary bytes (stored), an empty file, a UTF-8 name */
    char text[4000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "badge ouvert "[i % 13];
    unsigned char bin[300];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 37 + 11);
    struct bl_zip z;
    struct bl_errinfo ei;
    bl_zip_init(&z, 1795000000); /* 2026-11-18 */
    assert_int_equal(bl_zip_add(&z, "account.json", text, sizeof text, true, &ei), BL_OK);
    assert_int_equal(bl_zip_add(&z, "badges/a.png", bin, sizeof bin, false, &ei), BL_OK);
    assert_int_equal(bl_zip_add(&z, "badges/vide.txt", "", 0, true, &ei), BL_OK);
    assert_int_equal(bl_zip_add(&z, "badges/écusson.json", "{}", 2, true, &ei), BL_OK);
    /* names that would escape the folder, or are empty */
    assert_int_equal(bl_zip_add(&z, "../x", "a", 1, false, &ei), BL_EINVAL);
    assert_int_equal(bl_zip_add(&z, "/etc/x", "a", 1, false, &ei), BL_EINVAL);
    assert_int_equal(bl_zip_add(&z, "a//b", "a", 1, false, &ei), BL_EINVAL);
    assert_int_equal(bl_zip_add(&z, "a/../../b", "a", 1, false, &ei), BL_EINVAL);
    assert_int_equal(bl_zip_add(&z, "", "a", 1, false, &ei), BL_EINVAL);
    assert_int_equal(bl_zip_finish(&z, &ei), BL_OK);
    assert_true(z.out.len < sizeof text); /* the text was deflated */
    (void)snprintf(path, sizeof path, "%s/t.zip", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(z.out.p, 1, z.out.len, f), z.out.len);
    fclose(f);
    bl_zip_free(&z);

    assert_int_equal(run((char *const[]){"unzip", "-tq", path, NULL}), 0);
    (void)snprintf(out, sizeof out, "%s/x", dir);
    assert_int_equal(run((char *const[]){"unzip", "-q", "-d", out, path, NULL}), 0);
    size_t n = 0;
    (void)snprintf(got_path, sizeof got_path, "%s/account.json", out);
    unsigned char *got = tu_read_file(got_path, &n);
    assert_non_null(got);
    assert_int_equal(n, sizeof text);
    assert_memory_equal(got, text, n);
    bl_free(got);
    (void)snprintf(got_path, sizeof got_path, "%s/badges/a.png", out);
    got = tu_read_file(got_path, &n);
    assert_non_null(got);
    assert_int_equal(n, sizeof bin);
    assert_memory_equal(got, bin, n);
    bl_free(got);
    (void)snprintf(got_path, sizeof got_path, "%s/badges/vide.txt", out);
    struct stat st;
    assert_int_equal(stat(got_path, &st), 0);
    assert_int_equal(st.st_size, 0);
    (void)snprintf(got_path, sizeof got_path, "%s/badges/écusson.json", out);
    got = tu_read_file(got_path, &n);
    assert_non_null(got);
    assert_int_equal(n, 2);
    bl_free(got);
    assert_int_equal(tu_rmtree(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unzip_reads_it),
    };
    return cmocka_run_group_tests_name("zip", tests, NULL, NULL);
}
