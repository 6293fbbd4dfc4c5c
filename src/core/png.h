/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * png.h: Open Badges baking in PNG images (2.0 and 3.0), on byte buffers.
 *
 * The reader walks every chunk header from the signature to IEND, checking
 * that each type is four ASCII letters and that each length fits both the
 * PNG limit and the bytes left.  It checks the CRC of every chunk whose data
 * it reads (IHDR and the text chunks) and skips the others, pixels included,
 * without touching them.  The badge is the iTXt chunk whose keyword is
 * "openbadges" (2.0 family) or "openbadgecredential" (3.0), wherever it is;
 * a legacy tEXt or zTXt "openbadges" chunk (a hosted assertion URL) is read
 * when there is no iTXt.  Compressed iTXt and zTXt are inflated with a cap.
 *
 * The baker walks the file the same way (CRC checked for IHDR and the text
 * chunks, whose data it reads), leaves out every existing badge chunk of
 * either version (legacy tEXt/zTXt too) and puts one uncompressed iTXt right
 * after IHDR.  All other chunks, and any bytes after IEND, are kept as they
 * are: the result is described as ranges of the input (iov.h), so pixels
 * are neither read nor copied unless the caller flattens the ranges.
 */
#ifndef BL_PNG_H
#define BL_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "badge.h"
#include "buf.h"
#include "err.h"
#include "iov.h"

struct bl_png_badge {
    enum bl_obver ver;   /* BL_OB2 ("openbadges") or BL_OB3 ("openbadgecredential") */
    char type[5];        /* "iTXt", "tEXt" or "zTXt" */
    int compressed;      /* the text was zlib-compressed in the file */
    size_t offset;       /* byte offset of the chunk (its length field) */
    size_t index;        /* 0-based position of the chunk (IHDR is 0) */
    size_t nchunks;      /* chunks in the file, IEND included */
    unsigned char *text; /* the payload as UTF-8 (tEXt/zTXt Latin-1 converted), NUL-terminated */
    size_t text_len;
};

/* Free what an extracted badge owns and zero it. */
void bl_png_badge_free(struct bl_png_badge *b);

/* 1 when p[0..n) starts with the PNG signature. */
int bl_png_is_png(const unsigned char *p, size_t n);

/*
 * Find the badge in png[0..n).
 * Returns BL_OK and fills *out (free with bl_png_badge_free); BL_ENOTFOUND
 * for a sound PNG without badge; BL_EDUPLICATE for two badge iTXt chunks;
 * BL_EPNG for a broken structure; BL_EPNG_CRC for a bad CRC in a chunk that
 * was read; BL_EUTF8 for text that is not UTF-8; BL_ETOOBIG when a limit of
 * limits.h is passed.  ei gets a one-line detail naming chunk and offset.
 */
enum bl_err bl_png_extract(const unsigned char *png, size_t n, struct bl_png_badge *out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The pixel size recorded in the IHDR chunk of png[0..n) (CRC checked).
 * BL_EFORMAT for a file that is not a PNG, BL_EPNG for a missing or broken
 * IHDR or a zero or over 2^31-1 side (the PNG limit).
 */
enum bl_err bl_png_size(const unsigned char *png, size_t n, uint32_t *width, uint32_t *height,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Where bl_png_bake_iov writes the new chunk's head and CRC. */
struct bl_png_scratch {
    unsigned char head[8 + sizeof(BL_PNG_KEYWORD_OB3) - 1 + 5];
    unsigned char crc[4];
};

/*
 * Bake text[0..len) (UTF-8, checked) into png[0..n) for version ver
 * (BL_OB3 selects "openbadgecredential", anything else "openbadges"),
 * adding to out the ranges that make up the new file.  The ranges borrow
 * png, text and *s, which must outlive their use.  On error out is as it was.
 */
enum bl_err bl_png_bake_iov(const unsigned char *png, size_t n, enum bl_obver ver,
                            const unsigned char *text, size_t len, struct bl_iovec *out,
                            struct bl_png_scratch *s, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The same, flattened: bake text[0..len) (UTF-8, checked) into png[0..n) for version ver
 * (BL_OB3 selects "openbadgecredential", anything else "openbadges").
 * The new file is appended to out, whose cap limits it; on error nothing
 * is appended.
 */
enum bl_err bl_png_bake(const unsigned char *png, size_t n, enum bl_obver ver,
                        const unsigned char *text, size_t len, struct bl_buf *out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
