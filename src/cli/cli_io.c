/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* cli_io.c: capped reads, atomic writes and error reporting for the CLI. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli.h"
#include "core/buf.h"
#include "core/iov.h"
#include "core/mem.h"

int cli_report(const char *cmd, enum bl_err rc, const struct bl_errinfo *ei)
{
    const char *msg = ei != NULL && ei->code == rc && ei->msg[0] ? ei->msg : bl_strerror(rc);

    fprintf(stderr, "blason %s: %s (%s)\n", cmd, msg, bl_err_name(rc));
    return rc == BL_EIO ? CLI_USAGE : CLI_INVALID;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "blason %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'blason %s --help'.\n", cmd);
    return CLI_USAGE;
}

int cli_parse_size(const char *s, size_t *out)
{
    size_t v = 0, mul = 1;
    const char *p = s;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (SIZE_MAX - (size_t)(*p - '0')) / 10)
            return -1;
        v = v * 10 + (size_t)(*p - '0');
    }
    switch (*p) {
    case '\0':
        break;
    case 'k':
    case 'K':
        mul = 1024;
        p++;
        break;
    case 'm':
    case 'M':
        mul = 1024 * 1024;
        p++;
        break;
    case 'g':
    case 'G':
        mul = 1024 * 1024 * 1024;
        p++;
        break;
    default:
        return -1;
    }
    if (*p != '\0' || (v != 0 && mul > SIZE_MAX / v))
        return -1;
    *out = v * mul;
    return 0;
}

enum bl_err cli_read_file(const char *path, size_t max, unsigned char **out, size_t *outlen,
                          struct bl_errinfo *ei)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    const char *name = fd == STDIN_FILENO ? "standard input" : path;
    struct bl_buf b;
    struct stat st;
    enum bl_err rc = BL_OK;

    bl_buf_init(&b, max);
    if (fd < 0)
        return bl_fail(ei, BL_EIO, "cannot open %s: %s", name, strerror(errno));
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = bl_fail(ei, BL_EIO, "%s is a directory", name);
        goto out;
    }
    /* Refuse a too-large regular file before reading a byte of it. */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
        rc = bl_fail(ei, BL_ETOOBIG, "%s is %lld bytes, over the limit of %zu (see --max-size)",
                     name, (long long)st.st_size, max);
        goto out;
    }
    for (;;) {
        ssize_t got;
        size_t room;

        if (b.len == max) {
            char probe;

            /* Full: one more byte means the input is over the limit. */
            got = read(fd, &probe, 1);
            if (got > 0)
                rc = bl_fail(ei, BL_ETOOBIG, "%s is over the limit of %zu bytes (see --max-size)",
                             name, max);
            else if (got < 0 && errno == EINTR)
                continue;
            break;
        }
        /* Grow geometrically, never past max. */
        room = b.len < 65536 ? 65536 : b.len;
        if (room > max - b.len)
            room = max - b.len;
        if (bl_buf_reserve(&b, room) != BL_OK) {
            rc = bl_fail(ei, BL_ETOOBIG, "%s is over the limit of %zu bytes", name, max);
            break;
        }
        got = read(fd, b.p + b.len, room);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = bl_fail(ei, BL_EIO, "cannot read %s: %s", name, strerror(errno));
            break;
        }
        if (got == 0)
            break;
        b.len += (size_t)got;
        b.p[b.len] = '\0';
    }
out:
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc != BL_OK) {
        bl_buf_free(&b);
        return rc;
    }
    *out = bl_buf_detach(&b, outlen);
    return BL_OK;
}

/* Write every range, in order, resuming after short writes. */
static int write_ranges(int fd, const struct bl_iov *v, size_t n)
{
    struct iovec iov[64];
    size_t i = 0, skip = 0;

    while (i < n) {
        int k = 0;
        ssize_t w;

        for (size_t j = i; j < n && k < 64; j++, k++) {
            iov[k].iov_base = (void *)(uintptr_t)(v[j].p + (j == i ? skip : 0));
            iov[k].iov_len = v[j].n - (j == i ? skip : 0);
        }
        w = writev(fd, iov, k);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        /* Advance past what was written. */
        while (w > 0 && i < n) {
            size_t left = v[i].n - skip;

            if ((size_t)w >= left) {
                w -= (ssize_t)left;
                i++;
                skip = 0;
            } else {
                skip += (size_t)w;
                w = 0;
            }
        }
    }
    return 0;
}

/* Write atomically with the given mode (0 = what a plain create would give). */
static enum bl_err write_atomic(const char *path, const struct bl_iovec *vec, mode_t mode,
                                struct bl_errinfo *ei)
{
    struct bl_buf tmp;
    mode_t mask;
    int fd, saved;

    if (strcmp(path, "-") == 0) {
        if (write_ranges(STDOUT_FILENO, vec->v, vec->n) != 0)
            return bl_fail(ei, BL_EIO, "cannot write to standard output: %s", strerror(errno));
        return BL_OK;
    }
    bl_buf_init(&tmp, 8192);
    if (bl_buf_printf(&tmp, "%s.tmp-XXXXXX", path) != BL_OK)
        return bl_fail(ei, BL_EIO, "output path too long: %s", path);
    fd = mkstemp((char *)tmp.p);
    if (fd < 0) {
        saved = errno;
        bl_buf_free(&tmp);
        return bl_fail(ei, BL_EIO, "cannot create a file next to %s: %s", path, strerror(saved));
    }
    /* mkstemp creates 0600; give the result the mode a plain create would. */
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, mode ? mode : 0666 & ~mask) != 0 || write_ranges(fd, vec->v, vec->n) != 0 ||
        fsync(fd) != 0) {
        saved = errno;
        close(fd);
        unlink((char *)tmp.p);
        bl_buf_free(&tmp);
        return bl_fail(ei, BL_EIO, "cannot write %s: %s", path, strerror(saved));
    }
    if (close(fd) != 0 || rename((char *)tmp.p, path) != 0) {
        saved = errno;
        unlink((char *)tmp.p);
        bl_buf_free(&tmp);
        return bl_fail(ei, BL_EIO, "cannot write %s: %s", path, strerror(saved));
    }
    bl_buf_free(&tmp);
    return BL_OK;
}

enum bl_err cli_write_iov(const char *path, const struct bl_iovec *vec, struct bl_errinfo *ei)
{
    return write_atomic(path, vec, 0, ei);
}

enum bl_err cli_write_file(const char *path, const void *p, size_t n, struct bl_errinfo *ei)
{
    struct bl_iov one = {p, n};
    struct bl_iovec vec = {&one, n ? 1 : 0, 1, n};

    return write_atomic(path, &vec, 0, ei);
}

enum bl_err cli_write_secret(const char *path, const void *p, size_t n, struct bl_errinfo *ei)
{
    struct bl_iov one = {p, n};
    struct bl_iovec vec = {&one, n ? 1 : 0, 1, n};

    return write_atomic(path, &vec, 0600, ei);
}

enum bl_err cli_write_text(const char *path, const void *p, size_t n, struct bl_errinfo *ei)
{
    enum bl_err rc = cli_write_file(path, p, n, ei);

    /* A terminal gets a final newline; a pipe or a file gets the exact bytes. */
    if (rc == BL_OK && strcmp(path, "-") == 0 && isatty(STDOUT_FILENO))
        rc = cli_write_file("-", "\n", 1, ei);
    return rc;
}

enum bl_err cli_payload_arg(const char *arg, size_t max, unsigned char **out, size_t *outlen,
                            struct bl_errinfo *ei)
{
    if (arg[0] == '@' || strcmp(arg, "-") == 0)
        return cli_read_file(arg[0] == '@' ? arg + 1 : "-", max, out, outlen, ei);
    if (strlen(arg) > max)
        return bl_fail(ei, BL_ETOOBIG, "argument of %zu bytes is over the limit of %zu",
                       strlen(arg), max);
    *out = (unsigned char *)bl_strdup(arg);
    *outlen = strlen(arg);
    return BL_OK;
}
