/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * zip.h: a small ZIP writer (PKWARE APPNOTE 6.3: local headers, central
 * directory, end record; no ZIP64, no encryption) for the backpack export.
 * Entries are stored or deflated (zlib, raw deflate); names are UTF-8
 * (general purpose bit 11).  Pure: the archive is built in memory.
 */
#ifndef BL_ZIP_H
#define BL_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define BL_ZIP_ENTRIES_MAX 65535u       /* without ZIP64 */
#define BL_ZIP_SIZE_MAX    (256u << 20) /* bytes of one archive */
#define BL_ZIP_NAME_MAX    255u         /* bytes of an entry name */

struct bl_zip {
    struct bl_buf out;     /* local headers and data, then the directory */
    struct bl_buf central; /* central directory records so far */
    size_t count;
    uint16_t dos_time, dos_date; /* every entry's modification time */
};

/* Start an archive whose entries carry the time `unix_time` (UTC). */
void bl_zip_init(struct bl_zip *z, int64_t unix_time);
/*
 * Add an entry; deflate compresses it (kept stored when that does not
 * help).  BL_EINVAL for an empty, absolute, ".." or over-long name;
 * BL_ETOOBIG past the limits.
 */
enum bl_err bl_zip_add(struct bl_zip *z, const char *name, const void *data, size_t len,
                       bool deflate, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Write the central directory and end record: z->out holds the archive. */
enum bl_err bl_zip_finish(struct bl_zip *z, struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_zip_free(struct bl_zip *z);

#endif
