/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * buf.h: a growable byte buffer with a hard cap.
 *
 * struct bl_buf owns its bytes.  Appending past `max` fails with BL_ETOOBIG
 * and leaves the buffer as it was, so a caller can stop cleanly on hostile
 * input.  The bytes are always followed by a NUL (not counted in len), so a
 * buffer of text can be handed to C string functions.
 */
#ifndef BL_BUF_H
#define BL_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct bl_buf {
    unsigned char *p; /* len bytes, then a NUL; NULL until the first append */
    size_t len;
    size_t cap;
    size_t max; /* the most len may reach */
};

/* An empty buffer that will refuse to grow past max bytes. */
void bl_buf_init(struct bl_buf *b, size_t max);
/* Free the bytes and return to the empty state (max is kept). */
void bl_buf_free(struct bl_buf *b);
/* Forget the content but keep the memory. */
void bl_buf_reset(struct bl_buf *b);

enum bl_err bl_buf_append(struct bl_buf *b, const void *p, size_t n) BL_WARN_UNUSED;
enum bl_err bl_buf_putc(struct bl_buf *b, unsigned char c) BL_WARN_UNUSED;
enum bl_err bl_buf_puts(struct bl_buf *b, const char *s) BL_WARN_UNUSED;
enum bl_err bl_buf_be32(struct bl_buf *b, uint32_t v) BL_WARN_UNUSED;
enum bl_err bl_buf_printf(struct bl_buf *b, const char *fmt, ...) BL_WARN_UNUSED BL_PRINTF(2, 3);
/* Make room for n more bytes without changing len. */
enum bl_err bl_buf_reserve(struct bl_buf *b, size_t n) BL_WARN_UNUSED;

/*
 * Hand the bytes over to the caller (free with bl_free) and leave b empty.
 * Never returns NULL: an empty buffer yields an empty string.
 */
unsigned char *bl_buf_detach(struct bl_buf *b, size_t *outlen);

#endif
