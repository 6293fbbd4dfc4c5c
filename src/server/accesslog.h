/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * accesslog.h: the structured access log of blason serve, one JSON object
 * per line:
 *   {"time":"2026-11-28T14:45:11.123Z","id":"...","remote":"127.0.0.1",
 *    "method":"GET","path":"/healthz","status":200,"bytes":15,"us":42,"ua":"curl/7.88.1"}
 * Each line leaves in a single write(2) on a file opened O_APPEND, so lines
 * from concurrent workers (or processes) never interleave.
 */
#ifndef BL_ACCESSLOG_H
#define BL_ACCESSLOG_H

#include <stddef.h>
#include <time.h>

#include "core/err.h"

/* Longest line written; long paths and user agents are cut to fit. */
#define BL_ACCESSLOG_LINE_MAX  4096u
#define BL_ACCESSLOG_FIELD_MAX 1024u

struct bl_access_entry {
    struct timespec start;                        /* CLOCK_REALTIME when the request arrived */
    const char *id, *remote, *method, *path, *ua; /* NULL is written as "" */
    unsigned status;
    unsigned long long bytes; /* body bytes of the response */
    unsigned long long us;    /* microseconds from arrival to completion */
};

/*
 * Open the log named by spec: "-" is standard error, "off" no log (*fd = -1),
 * anything else a file created 0640 and appended to.  BL_EIO names the file.
 */
enum bl_err bl_accesslog_open(const char *spec, int *fd, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Close what bl_accesslog_open opened (standard error stays open). */
void bl_accesslog_close(int fd);

/* Format e as one line into buf (BL_ACCESSLOG_LINE_MAX bytes); returns its length. */
size_t bl_accesslog_format(const struct bl_access_entry *e, char *buf);

/* Format and write e in one write(2); a failed write is dropped. */
void bl_accesslog_write(int fd, const struct bl_access_entry *e);

#endif
