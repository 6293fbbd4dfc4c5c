/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * accesslog.c: JSON access log lines (accesslog.h).  Formatted by hand into
 * a stack buffer: one line per request must cost little at 100k req/s, and
 * only strings need escaping.
 */
#include "accesslog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/utf8.h"

/* Cursor over the line buffer; overflow is checked once per piece. */
struct line {
    char *p;
    size_t len, cap;
};

static void put(struct line *l, const char *s, size_t n)
{
    if (n > l->cap - l->len)
        n = l->cap - l->len;
    memcpy(l->p + l->len, s, n);
    l->len += n;
}

static void puts_(struct line *l, const char *s)
{
    put(l, s, strlen(s));
}

/* A JSON string: valid UTF-8 kept, other bytes and controls as \u00XX. */
static void put_json_str(struct line *l, const char *s)
{
    size_t n = s ? strnlen(s, BL_ACCESSLOG_FIELD_MAX) : 0;
    size_t valid = n ? bl_utf8_check((const unsigned char *)s, n) : 0;
    size_t start = l->len;

    put(l, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];

        /* Stop at a character boundary once the field has had its share. */
        if (((c & 0xc0) != 0x80 || i >= valid) && l->len - start > BL_ACCESSLOG_FIELD_MAX - 8)
            break;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(l, esc, 2);
        } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && i >= valid)) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(l, esc, 6);
            if (i >= valid && c >= 0x80)
                valid = i + 1 + bl_utf8_check((const unsigned char *)s + i + 1, n - i - 1);
        } else {
            l->p[l->len++] = (char)c;
        }
    }
    put(l, "\"", 1);
}

enum bl_err bl_accesslog_open(const char *spec, int *fd, struct bl_errinfo *ei)
{
    if (strcmp(spec, "-") == 0) {
        *fd = STDERR_FILENO;
        return BL_OK;
    }
    if (strcmp(spec, "off") == 0) {
        *fd = -1;
        return BL_OK;
    }
    *fd = open(spec, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (*fd < 0)
        return bl_fail(ei, BL_EIO, "access log %s: %s", spec, strerror(errno));
    return BL_OK;
}

void bl_accesslog_close(int fd)
{
    if (fd > STDERR_FILENO)
        close(fd);
}

size_t bl_accesslog_format(const struct bl_access_entry *e, char *buf)
{
    struct line l = {buf, 0, BL_ACCESSLOG_LINE_MAX - 2}; /* room for "}\n" */
    struct tm tm;
    char num[96];
    time_t t = e->start.tv_sec;

    gmtime_r(&t, &tm);
    snprintf(num, sizeof num,
             "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"id\":", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             e->start.tv_nsec / 1000000);
    puts_(&l, num);
    put_json_str(&l, e->id);
    puts_(&l, ",\"remote\":");
    put_json_str(&l, e->remote);
    puts_(&l, ",\"method\":");
    put_json_str(&l, e->method);
    puts_(&l, ",\"path\":");
    put_json_str(&l, e->path);
    snprintf(num, sizeof num, ",\"status\":%u,\"bytes\":%llu,\"us\":%llu,\"ua\":", e->status,
             e->bytes, e->us);
    puts_(&l, num);
    put_json_str(&l, e->ua);
    l.cap += 2;
    put(&l, "}\n", 2);
    return l.len;
}

void bl_accesslog_write(int fd, const struct bl_access_entry *e)
{
    char buf[BL_ACCESSLOG_LINE_MAX];
    size_t n;
    ssize_t w;

    if (fd < 0)
        return;
    n = bl_accesslog_format(e, buf);
    do
        w = write(fd, buf, n);
    while (w < 0 && errno == EINTR);
}
