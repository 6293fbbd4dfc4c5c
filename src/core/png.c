/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * png.c: find and write the Open Badges text chunk of a PNG (see png.h).
 * The walk reads chunk headers only; chunk data is read (and its CRC
 * checked) for IHDR and text chunks, so a large image costs a few hundred
 * header reads, not a pass over its pixels.
 */
#include <inttypes.h>
#include <string.h>
#include <zlib.h>

#include "limits.h"
#include "mem.h"
#include "png.h"
#include "utf8.h"

/* PNG specification §5.2: the eight signature bytes. */
static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

struct chunk {
    size_t off;                /* offset of the length field */
    size_t index;              /* 0-based position in the file */
    uint32_t len;              /* data length */
    const unsigned char *type; /* 4 bytes */
    const unsigned char *data; /* len bytes */
};

struct walker {
    const unsigned char *p;
    size_t n;
    size_t pos;
    size_t index;
};

/* What a text chunk says, once its header fields are split. */
struct text {
    const unsigned char *kw;
    size_t kwlen;
    int compressed;
    const unsigned char *body;
    size_t bodylen;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int is_type(const struct chunk *c, const char *t)
{
    return memcmp(c->type, t, 4) == 0;
}

static int is_text_type(const struct chunk *c)
{
    return is_type(c, "iTXt") || is_type(c, "tEXt") || is_type(c, "zTXt");
}

static int crc_ok(const struct chunk *c)
{
    uLong crc = crc32(0L, c->type, 4);

    crc = crc32(crc, c->data, c->len);
    return (uint32_t)crc == be32(c->data + c->len);
}

static int is_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * Step to the next chunk.  Returns BL_OK with *c filled, or an error
 * naming the chunk.  The walk is over once the caller sees IEND.
 */
static enum bl_err next_chunk(struct walker *w, struct chunk *c, struct bl_errinfo *ei)
{
    size_t left = w->n - w->pos;
    uint32_t len;
    const unsigned char *h = w->p + w->pos;

    if (left == 0)
        return bl_fail(ei, BL_EPNG, "PNG ends after %zu chunks without an IEND chunk", w->index);
    if (w->index >= BL_PNG_MAX_CHUNKS)
        return bl_fail(ei, BL_ETOOBIG, "PNG has more than %u chunks", BL_PNG_MAX_CHUNKS);
    if (left < 12)
        return bl_fail(ei, BL_EPNG,
                       "PNG truncated: chunk %zu at offset %zu has %zu of 12 header bytes",
                       w->index, w->pos, left);
    len = be32(h);
    if (!is_letter(h[4]) || !is_letter(h[5]) || !is_letter(h[6]) || !is_letter(h[7]))
        return bl_fail(
            ei, BL_EPNG,
            "PNG chunk %zu at offset %zu has an invalid type (bytes %02x %02x %02x %02x)", w->index,
            w->pos, h[4], h[5], h[6], h[7]);
    if (len > BL_PNG_MAX_CHUNK_LEN)
        return bl_fail(
            ei, BL_EPNG,
            "PNG chunk %zu (%.4s) at offset %zu declares %u bytes, over the PNG limit of 2^31-1",
            w->index, (const char *)h + 4, w->pos, len);
    if (len > left - 12)
        return bl_fail(ei, BL_EPNG,
                       "PNG truncated: chunk %zu (%.4s) at offset %zu declares %u data bytes but "
                       "only %zu remain",
                       w->index, (const char *)h + 4, w->pos, len, left - 12);
    c->off = w->pos;
    c->index = w->index;
    c->len = len;
    c->type = h + 4;
    c->data = h + 8;
    if (w->index == 0 && (!is_type(c, "IHDR") || len != 13))
        return bl_fail(ei, BL_EPNG,
                       "PNG does not start with a 13-byte IHDR chunk (found %.4s, %u bytes)",
                       (const char *)c->type, len);
    if (w->index > 0 && is_type(c, "IHDR"))
        return bl_fail(ei, BL_EPNG, "PNG has a second IHDR chunk at offset %zu", c->off);
    w->pos += 12 + (size_t)len;
    w->index++;
    return BL_OK;
}

static enum bl_err start(struct walker *w, const unsigned char *p, size_t n, struct bl_errinfo *ei)
{
    if (!bl_png_is_png(p, n))
        return bl_fail(ei, BL_EFORMAT, "not a PNG file (bad signature)");
    w->p = p;
    w->n = n;
    w->pos = sizeof(sig);
    w->index = 0;
    return BL_OK;
}

/*
 * Split a text chunk into keyword and body (PNG §11.3.4).  Returns 0 when
 * the chunk is not a well-formed text chunk; the caller decides whether
 * that matters (it does only for our keywords).
 */
static int split_text(const struct chunk *c, struct text *t)
{
    const unsigned char *end = c->data + c->len, *p;
    const unsigned char *nul = memchr(c->data, 0, c->len < 80 ? c->len : 80);

    if (nul == NULL || nul == c->data)
        return 0;
    t->kw = c->data;
    t->kwlen = (size_t)(nul - c->data);
    p = nul + 1;
    t->compressed = 0;
    if (is_type(c, "tEXt")) {
        t->body = p;
        t->bodylen = (size_t)(end - p);
        return 1;
    }
    if (is_type(c, "zTXt")) {
        if (p == end || *p != 0) /* compression method 0 is the only one */
            return 0;
        t->compressed = 1;
        t->body = p + 1;
        t->bodylen = (size_t)(end - p - 1);
        return 1;
    }
    /* iTXt: flag, method, language tag NUL, translated keyword NUL, text */
    if (end - p < 2 || p[0] > 1 || p[1] != 0)
        return 0;
    t->compressed = p[0];
    p += 2;
    for (int field = 0; field < 2; field++) {
        nul = memchr(p, 0, (size_t)(end - p));
        if (nul == NULL)
            return 0;
        p = nul + 1;
    }
    t->body = p;
    t->bodylen = (size_t)(end - p);
    return 1;
}

/* The version a keyword stands for, or BL_OB_UNKNOWN when it is not ours. */
static enum bl_obver keyword_version(const unsigned char *kw, size_t n)
{
    if (n == sizeof(BL_PNG_KEYWORD_OB2) - 1 && memcmp(kw, BL_PNG_KEYWORD_OB2, n) == 0)
        return BL_OB2;
    if (n == sizeof(BL_PNG_KEYWORD_OB3) - 1 && memcmp(kw, BL_PNG_KEYWORD_OB3, n) == 0)
        return BL_OB3;
    return BL_OB_UNKNOWN;
}

/* 1 when the chunk data starts with one of our keywords and its NUL. */
static int claims_badge(const struct chunk *c)
{
    static const char *const kws[] = {BL_PNG_KEYWORD_OB2, BL_PNG_KEYWORD_OB3};

    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(kws[i]);

        if (c->len > k && memcmp(c->data, kws[i], k) == 0 && c->data[k] == 0)
            return 1;
    }
    return 0;
}

static enum bl_err inflate_text(const unsigned char *p, size_t n, struct bl_buf *out,
                                const struct chunk *c, struct bl_errinfo *ei)
{
    z_stream zs;
    unsigned char tmp[16384];
    int zrc;
    enum bl_err rc = BL_OK;

    memset(&zs, 0, sizeof(zs));
    if (inflateInit(&zs) != Z_OK)
        return bl_fail(ei, BL_ENOMEM, "zlib cannot start");
    zs.next_in = (unsigned char *)(uintptr_t)p; /* zlib's API is not const */
    zs.avail_in = (uInt)n;
    do {
        zs.next_out = tmp;
        zs.avail_out = sizeof(tmp);
        zrc = inflate(&zs, Z_NO_FLUSH);
        if (zrc != Z_OK && zrc != Z_STREAM_END) {
            rc = bl_fail(ei, BL_EPNG,
                         "PNG chunk %zu (%.4s) at offset %zu: compressed text is corrupt (%s)",
                         c->index, (const char *)c->type, c->off, zs.msg ? zs.msg : "zlib error");
            goto out;
        }
        if (bl_buf_append(out, tmp, sizeof(tmp) - zs.avail_out) != BL_OK) {
            rc = bl_fail(ei, BL_ETOOBIG,
                         "PNG chunk %zu (%.4s): compressed text inflates past %zu bytes", c->index,
                         (const char *)c->type, out->max);
            goto out;
        }
        if (zrc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            rc = bl_fail(ei, BL_EPNG,
                         "PNG chunk %zu (%.4s) at offset %zu: compressed text is truncated",
                         c->index, (const char *)c->type, c->off);
            goto out;
        }
    } while (zrc != Z_STREAM_END);
out:
    inflateEnd(&zs);
    return rc;
}

/* Latin-1 (tEXt, zTXt) to UTF-8: each byte >= 0x80 becomes two bytes. */
static enum bl_err latin1_to_utf8(struct bl_buf *b)
{
    struct bl_buf u;
    enum bl_err rc = BL_OK;

    bl_buf_init(&u, b->max);
    for (size_t i = 0; i < b->len && rc == BL_OK; i++) {
        unsigned char ch = b->p[i];

        if (ch < 0x80) {
            rc = bl_buf_putc(&u, ch);
        } else {
            unsigned char two[2] = {(unsigned char)(0xc0 | ch >> 6),
                                    (unsigned char)(0x80 | (ch & 0x3f))};

            rc = bl_buf_append(&u, two, 2);
        }
    }
    if (rc == BL_OK) {
        bl_buf_free(b);
        *b = u;
    } else {
        bl_buf_free(&u);
    }
    return rc;
}

/* Decode the payload of a badge chunk into out->text. */
static enum bl_err read_badge(const struct chunk *c, const struct text *t, struct bl_png_badge *out,
                              struct bl_errinfo *ei)
{
    struct bl_buf b;
    enum bl_err rc;
    size_t bad;

    bl_buf_init(&b, BL_PNG_MAX_INFLATE);
    if (t->compressed)
        rc = inflate_text(t->body, t->bodylen, &b, c, ei);
    else if (t->bodylen > BL_PAYLOAD_MAX)
        rc = bl_fail(ei, BL_ETOOBIG,
                     "PNG chunk %zu (%.4s): badge text of %zu bytes is over the %u-byte limit",
                     c->index, (const char *)c->type, t->bodylen, BL_PAYLOAD_MAX);
    else
        rc = bl_buf_append(&b, t->body, t->bodylen);
    if (rc == BL_OK && !is_type(c, "iTXt"))
        rc = latin1_to_utf8(&b);
    if (rc != BL_OK)
        goto out;
    bad = bl_utf8_check(b.p, b.len);
    if (bad != b.len) {
        rc =
            bl_fail(ei, BL_EUTF8, "PNG chunk %zu (%.4s): badge text is not valid UTF-8 at byte %zu",
                    c->index, (const char *)c->type, bad);
        goto out;
    }
    if (memchr(b.p, 0, b.len) != NULL) {
        rc = bl_fail(ei, BL_EPAYLOAD, "PNG chunk %zu (%.4s): badge text contains a NUL byte",
                     c->index, (const char *)c->type);
        goto out;
    }
    memcpy(out->type, c->type, 4);
    out->type[4] = '\0';
    out->compressed = t->compressed;
    out->offset = c->off;
    out->index = c->index;
    out->text = bl_buf_detach(&b, &out->text_len);
out:
    bl_buf_free(&b);
    return rc;
}

int bl_png_is_png(const unsigned char *p, size_t n)
{
    return n >= sizeof(sig) && memcmp(p, sig, sizeof(sig)) == 0;
}

void bl_png_badge_free(struct bl_png_badge *b)
{
    bl_free(b->text);
    memset(b, 0, sizeof(*b));
}

enum bl_err bl_png_extract(const unsigned char *png, size_t n, struct bl_png_badge *out,
                           struct bl_errinfo *ei)
{
    struct walker w;
    struct chunk c, itxt = {0}, legacy = {0};
    struct text t, it = {0}, lt = {0};
    enum bl_obver ver = BL_OB_UNKNOWN;
    int have_itxt = 0, have_legacy = 0;
    enum bl_err rc;

    memset(out, 0, sizeof(*out));
    rc = start(&w, png, n, ei);
    if (rc != BL_OK)
        return rc;
    do {
        rc = next_chunk(&w, &c, ei);
        if (rc != BL_OK)
            return rc;
        if (c.index != 0 && !is_text_type(&c))
            continue;
        if (!crc_ok(&c))
            return bl_fail(ei, BL_EPNG_CRC, "PNG chunk %zu (%.4s) at offset %zu has a bad CRC",
                           c.index, (const char *)c.type, c.off);
        if (c.index == 0)
            continue;
        if (!split_text(&c, &t)) {
            /* A broken text chunk is only our business if it claims our keyword. */
            if (claims_badge(&c))
                return bl_fail(ei, BL_EPNG,
                               "PNG chunk %zu (%.4s) at offset %zu: malformed badge text chunk",
                               c.index, (const char *)c.type, c.off);
            continue;
        }
        enum bl_obver v = keyword_version(t.kw, t.kwlen);

        if (v == BL_OB_UNKNOWN)
            continue;
        if (is_type(&c, "iTXt")) {
            if (have_itxt)
                return bl_fail(
                    ei, BL_EDUPLICATE,
                    "PNG has two badge chunks: iTXt #%zu at offset %zu and iTXt #%zu at offset %zu",
                    itxt.index, itxt.off, c.index, c.off);
            have_itxt = 1;
            itxt = c;
            it = t;
            ver = v;
        } else if (v == BL_OB2 && !have_legacy) {
            /* Legacy badges: tEXt (or zTXt) "openbadges" with a hosted URL. */
            have_legacy = 1;
            legacy = c;
            lt = t;
        }
    } while (!is_type(&c, "IEND"));

    out->nchunks = w.index;
    if (have_itxt) {
        rc = read_badge(&itxt, &it, out, ei);
        out->ver = ver;
    } else if (have_legacy) {
        rc = read_badge(&legacy, &lt, out, ei);
        out->ver = BL_OB2;
    } else {
        return bl_fail(ei, BL_ENOTFOUND, "PNG has no Open Badges chunk (%zu chunks read)", w.index);
    }
    if (rc != BL_OK) {
        size_t nchunks = out->nchunks;

        bl_png_badge_free(out);
        out->nchunks = nchunks;
    }
    return rc;
}

enum bl_err bl_png_size(const unsigned char *png, size_t n, uint32_t *width, uint32_t *height,
                        struct bl_errinfo *ei)
{
    struct walker w;
    struct chunk c;
    enum bl_err rc = start(&w, png, n, ei);
    if (rc != BL_OK)
        return rc;
    if ((rc = next_chunk(&w, &c, ei)) != BL_OK)
        return rc;
    if (!crc_ok(&c))
        return bl_fail(ei, BL_EPNG_CRC, "PNG IHDR chunk has a bad CRC");
    *width = be32(c.data);
    *height = be32(c.data + 4);
    if (*width == 0 || *height == 0 || *width > INT32_MAX || *height > INT32_MAX)
        return bl_fail(ei, BL_EPNG, "PNG IHDR declares a %" PRIu32 "x%" PRIu32 " image", *width,
                       *height);
    return BL_OK;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

enum bl_err bl_png_bake_iov(const unsigned char *png, size_t n, enum bl_obver ver,
                            const unsigned char *text, size_t len, struct bl_iovec *out,
                            struct bl_png_scratch *s, struct bl_errinfo *ei)
{
    const char *kw = ver == BL_OB3 ? BL_PNG_KEYWORD_OB3 : BL_PNG_KEYWORD_OB2;
    size_t kwlen = strlen(kw), headlen = 8 + kwlen + 5, copied, bad;
    size_t start_n = out->n, start_total = out->total;
    struct walker w;
    struct chunk c;
    enum bl_err rc;
    uLong crc;

    if (len > BL_PAYLOAD_MAX)
        return bl_fail(ei, BL_ETOOBIG, "payload of %zu bytes is over the %u-byte limit", len,
                       BL_PAYLOAD_MAX);
    bad = bl_utf8_check(text, len);
    if (bad != len)
        return bl_fail(ei, BL_EUTF8, "payload is not valid UTF-8 at byte %zu", bad);
    if (memchr(text, 0, len) != NULL)
        return bl_fail(ei, BL_EPAYLOAD, "payload contains a NUL byte");
    rc = start(&w, png, n, ei);
    if (rc != BL_OK)
        return rc;

    /* The new chunk: length, "iTXt", keyword, NUL, flag 0, method 0, empty
     * language and translated keyword (four NULs in all after the keyword's). */
    put_be32(s->head, (uint32_t)(kwlen + 5 + len));
    memcpy(s->head + 4, "iTXt", 4);
    memcpy(s->head + 8, kw, kwlen);
    memset(s->head + 8 + kwlen, 0, 5);
    crc = crc32(0L, s->head + 4, (uInt)(headlen - 4));
    crc = crc32(crc, text, (uInt)len);
    put_be32(s->crc, (uint32_t)crc);

    /* copied: how much of the input the ranges already cover. */
    copied = 0;
    do {
        rc = next_chunk(&w, &c, ei);
        if (rc != BL_OK)
            goto out;
        if (c.index != 0 && !is_text_type(&c))
            continue; /* pixels and the rest: neither read nor copied */
        if (!crc_ok(&c)) {
            rc = bl_fail(ei, BL_EPNG_CRC, "PNG chunk %zu (%.4s) at offset %zu has a bad CRC",
                         c.index, (const char *)c.type, c.off);
            goto out;
        }
        if (c.index == 0) {
            bl_iovec_add(out, png, c.off + 12 + c.len);
            bl_iovec_add(out, s->head, headlen);
            bl_iovec_add(out, text, len);
            bl_iovec_add(out, s->crc, 4);
            copied = c.off + 12 + c.len;
        } else if (claims_badge(&c)) {
            /* An old badge of either version (legacy tEXt too): leave it out. */
            bl_iovec_add(out, png + copied, c.off - copied);
            copied = c.off + 12 + c.len;
        }
    } while (!is_type(&c, "IEND"));
    /* The last run, with whatever follows IEND, unchanged. */
    bl_iovec_add(out, png + copied, n - copied);
out:
    if (rc != BL_OK) {
        out->n = start_n;
        out->total = start_total;
    }
    return rc;
}

enum bl_err bl_png_bake(const unsigned char *png, size_t n, enum bl_obver ver,
                        const unsigned char *text, size_t len, struct bl_buf *out,
                        struct bl_errinfo *ei)
{
    struct bl_iovec vec;
    struct bl_png_scratch s;
    enum bl_err rc;

    bl_iovec_init(&vec);
    rc = bl_png_bake_iov(png, n, ver, text, len, &vec, &s, ei);
    if (rc == BL_OK && bl_iovec_flatten(&vec, out) != BL_OK)
        rc = bl_fail(ei, BL_ETOOBIG, "baked image of %zu bytes would be over the %zu-byte limit",
                     vec.total, out->max);
    bl_iovec_free(&vec);
    return rc;
}
