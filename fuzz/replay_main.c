/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * replay_main.c: run a libFuzzer target over every file of a saved corpus
 * with a plain main(), so `make check` (gcc, sanitizers or not) replays what
 * `make fuzz` (clang, libFuzzer) found.  Prints one TAP line per corpus.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    size_t len = 0, cap = 0, got;

    if (f == NULL)
        return -1;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            p = bl_realloc(p, cap);
        }
        got = fread(p + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    /* An exact-size copy, so a read past the end trips the sanitizer. */
    {
        unsigned char *exact = bl_malloc(len);

        if (len)
            memcpy(exact, p, len);
        bl_free(p);
        LLVMFuzzerTestOneInput(exact, len);
        bl_free(exact);
    }
    return 0;
}

int main(int argc, char **argv)
{
    DIR *d;
    struct dirent *e;
    unsigned long n = 0;
    char path[4096];

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
        return 2;
    }
    printf("1..1\n");
    d = opendir(argv[1]);
    if (d == NULL) {
        printf("not ok 1 - corpus %s cannot be opened\n", argv[1]);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name) >= sizeof(path))
            continue;
        if (run_file(path) == 0)
            n++;
    }
    closedir(d);
    /* An empty corpus proves nothing: report it as a failure. */
    if (n == 0) {
        printf("not ok 1 - corpus %s is empty\n", argv[1]);
        return 1;
    }
    printf("ok 1 - replayed %lu inputs of %s\n", n, argv[1]);
    return 0;
}
