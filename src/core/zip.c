/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * zip.c: the ZIP writer (zip.h).  All numbers are little-endian.
 */
#include "core/zip.h"

#include <string.h>
#include <time.h>

#include <zlib.h>

#include "core/mem.h"

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u
#define VERSION     20u     /* 2.0: deflate */
#define FLAG_UTF8   0x0800u /* names are UTF-8 */

static enum bl_err le16(struct bl_buf *b, unsigned v)
{
    unsigned char p[2] = {(unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff)};
    return bl_buf_append(b, p, 2);
}

static enum bl_err le32(struct bl_buf *b, uint32_t v)
{
    unsigned char p[4] = {(unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff),
                          (unsigned char)((v >> 16) & 0xff), (unsigned char)(v >> 24)};
    return bl_buf_append(b, p, 4);
}

void bl_zip_init(struct bl_zip *z, int64_t unix_time)
{
    struct tm tm;
    time_t t = (time_t)unix_time;
    memset(z, 0, sizeof *z);
    bl_buf_init(&z->out, BL_ZIP_SIZE_MAX);
    bl_buf_init(&z->central, BL_ZIP_SIZE_MAX);
    /* DOS dates start in 1980; before that, 1980-01-01 00:00 */
    if (gmtime_r(&t, &tm) && tm.tm_year >= 80) {
        z->dos_time = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
        z->dos_date = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
    } else {
        z->dos_date = (1 << 5) | 1;
    }
}

void bl_zip_free(struct bl_zip *z)
{
    bl_buf_free(&z->out);
    bl_buf_free(&z->central);
}

/* A relative path of non-empty components, none "." or "..", no backslash or control character. */
static bool name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > BL_ZIP_NAME_MAX)
        return false;
    for (const char *p = name;;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)p[i] < 0x20 || p[i] == '\\')
                return false;
        if (!end)
            return true;
        p = end + 1;
    }
}

/* Raw deflate of data into out (a bl_malloc'd buffer of *outlen bytes); false when it grew. */
static bool deflate_raw(const void *data, size_t len, unsigned char **out, size_t *outlen)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    size_t cap = deflateBound(&s, (uLong)len);
    *out = bl_malloc(cap);
    s.next_in = (Bytef *)(uintptr_t)data;
    s.avail_in = (uInt)len;
    s.next_out = *out;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    *outlen = s.total_out;
    deflateEnd(&s);
    if (rc != Z_STREAM_END || *outlen >= len) {
        bl_free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

enum bl_err bl_zip_add(struct bl_zip *z, const char *name, const void *data, size_t len,
                       bool deflate, struct bl_errinfo *ei)
{
    unsigned char *packed = NULL;
    size_t plen = 0;
    enum bl_err e = BL_OK;
    if (!name_ok(name))
        return bl_fail(ei, BL_EINVAL, "zip: bad entry name");
    if (z->count >= BL_ZIP_ENTRIES_MAX || len > BL_ZIP_SIZE_MAX || z->out.len > UINT32_MAX - len)
        return bl_fail(ei, BL_ETOOBIG, "zip: archive over its limits");
    uint32_t crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
    bool packed_ok = deflate && len > 0 && deflate_raw(data, len, &packed, &plen);
    unsigned method = packed_ok ? 8u : 0u;
    const void *body = packed_ok ? packed : data;
    size_t blen = packed_ok ? plen : len;
    size_t nlen = strlen(name);
    uint32_t offset = (uint32_t)z->out.len;
    struct bl_buf *o = &z->out, *c = &z->central;
    /* local file header */
    if (e == BL_OK)
        e = le32(o, SIG_LOCAL);
    if (e == BL_OK)
        e = le16(o, VERSION);
    if (e == BL_OK)
        e = le16(o, FLAG_UTF8);
    if (e == BL_OK)
        e = le16(o, method);
    if (e == BL_OK)
        e = le16(o, z->dos_time);
    if (e == BL_OK)
        e = le16(o, z->dos_date);
    if (e == BL_OK)
        e = le32(o, crc);
    if (e == BL_OK)
        e = le32(o, (uint32_t)blen);
    if (e == BL_OK)
        e = le32(o, (uint32_t)len);
    if (e == BL_OK)
        e = le16(o, (unsigned)nlen);
    if (e == BL_OK)
        e = le16(o, 0);
    if (e == BL_OK)
        e = bl_buf_append(o, name, nlen);
    if (e == BL_OK && blen)
        e = bl_buf_append(o, body, blen);
    /* central directory record */
    if (e == BL_OK)
        e = le32(c, SIG_CENTRAL);
    if (e == BL_OK)
        e = le16(c, (3u << 8) | VERSION); /* made by Unix: else unzip reads names as CP437 */
    if (e == BL_OK)
        e = le16(c, VERSION);
    if (e == BL_OK)
        e = le16(c, FLAG_UTF8);
    if (e == BL_OK)
        e = le16(c, method);
    if (e == BL_OK)
        e = le16(c, z->dos_time);
    if (e == BL_OK)
        e = le16(c, z->dos_date);
    if (e == BL_OK)
        e = le32(c, crc);
    if (e == BL_OK)
        e = le32(c, (uint32_t)blen);
    if (e == BL_OK)
        e = le32(c, (uint32_t)len);
    if (e == BL_OK)
        e = le16(c, (unsigned)nlen);
    for (int i = 0; i < 4 && e == BL_OK; i++) /* extra, comment, disk, internal attributes */
        e = le16(c, 0);
    if (e == BL_OK)
        e = le32(c, 0100644u << 16); /* external attributes: a regular file, rw-r--r-- */
    if (e == BL_OK)
        e = le32(c, offset);
    if (e == BL_OK)
        e = bl_buf_append(c, name, nlen);
    bl_free(packed);
    if (e != BL_OK)
        return bl_fail(ei, e, "zip: archive over %u bytes", BL_ZIP_SIZE_MAX);
    z->count++;
    return BL_OK;
}

enum bl_err bl_zip_finish(struct bl_zip *z, struct bl_errinfo *ei)
{
    uint32_t cd_offset = (uint32_t)z->out.len, cd_size = (uint32_t)z->central.len;
    enum bl_err e = bl_buf_append(&z->out, z->central.p, z->central.len);
    if (e == BL_OK)
        e = le32(&z->out, SIG_END);
    if (e == BL_OK)
        e = le16(&z->out, 0); /* this disk */
    if (e == BL_OK)
        e = le16(&z->out, 0); /* disk of the directory */
    if (e == BL_OK)
        e = le16(&z->out, (unsigned)z->count);
    if (e == BL_OK)
        e = le16(&z->out, (unsigned)z->count);
    if (e == BL_OK)
        e = le32(&z->out, cd_size);
    if (e == BL_OK)
        e = le32(&z->out, cd_offset);
    if (e == BL_OK)
        e = le16(&z->out, 0); /* comment length */
    if (e != BL_OK)
        return bl_fail(ei, e, "zip: archive over %u bytes", BL_ZIP_SIZE_MAX);
    return BL_OK;
}
