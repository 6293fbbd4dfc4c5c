/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* testutil.c: file reading and fixture lookup for the unit tests. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "testutil.h"

unsigned char *tu_read_file(const char *path, size_t *outlen)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    size_t cap = 0, len = 0, got;

    if (f == NULL)
        return NULL;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            p = bl_realloc(p, cap + 1);
        }
        got = fread(p + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        bl_free(p);
        fclose(f);
        return NULL;
    }
    fclose(f);
    p[len] = '\0';
    *outlen = len;
    return p;
}

static const char *fixtures_dir(void)
{
    const char *d = getenv("FIXTURES");

    return d != NULL && *d ? d : "../shared/fixtures";
}

const char *tu_fixture_path(const char *rel)
{
    static char path[4096];

    snprintf(path, sizeof(path), "%s/%s", fixtures_dir(), rel);
    return path;
}

unsigned char *tu_fixture(const char *rel, size_t *outlen)
{
    struct stat st;
    unsigned char *p;

    if (stat(fixtures_dir(), &st) != 0) {
        print_message("# fixtures folder %s not found: skipping\n", fixtures_dir());
        skip();
    }
    p = tu_read_file(tu_fixture_path(rel), outlen);
    if (p == NULL)
        fail_msg("fixture %s cannot be read", tu_fixture_path(rel));
    return p;
}

json_t *tu_load_json(const char *path, bool fixture)
{
    unsigned char *text;
    json_t *j = NULL;
    size_t n;
    struct bl_errinfo ei;

    text = fixture ? tu_fixture(path, &n) : tu_read_file(path, &n);
    if (text == NULL)
        fail_msg("cannot read %s", path);
    bl_errinfo_clear(&ei);
    if (bl_json_parse((char *)text, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &j, &ei) != BL_OK)
        fail_msg("%s: %s", path, ei.msg);
    bl_free(text);
    return j;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int tu_rmtree(const char *dir)
{
    /* Depth first, without following links: children before their folder. */
    return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_run(char *const argv[], bool with_stderr, char *out, size_t cap)
{
    int fds[2];
    size_t got = 0;
    if (cap == 0 || pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) { /* the child: stdout (and stderr) into the pipe, then the program */
        int quiet = with_stderr ? fds[1] : open("/dev/null", O_WRONLY);
        dup2(fds[1], STDOUT_FILENO);
        if (quiet >= 0)
            dup2(quiet, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    for (;;) { /* read it all, keep what fits */
        char chunk[512];
        ssize_t k = read(fds[0], chunk, sizeof chunk);
        if (k <= 0)
            break;
        for (ssize_t i = 0; i < k && got + 1 < cap; i++)
            out[got++] = chunk[i];
    }
    out[got] = '\0';
    close(fds[0]);
    int st = 0;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int tu_closed_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}
