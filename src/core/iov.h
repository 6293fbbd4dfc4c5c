/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * iov.h: an output described as a list of byte ranges.
 *
 * Baking a PNG changes a few dozen bytes of a file that may weigh megabytes;
 * describing the result as ranges of the input plus the new chunk lets the
 * CLI write it with writev and the server send it without copying the
 * pixels.  The ranges borrow memory: they are valid while what they point
 * into (the input image, the payload, the owner's scratch) is.
 */
#ifndef BL_IOV_H
#define BL_IOV_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct bl_iov {
    const unsigned char *p;
    size_t n;
};

struct bl_iovec {
    struct bl_iov *v; /* n ranges, in output order */
    size_t n;
    size_t cap;
    size_t total; /* the sum of the range lengths */
};

void bl_iovec_init(struct bl_iovec *vec);
/* Forget the ranges, keep the memory. */
void bl_iovec_reset(struct bl_iovec *vec);
void bl_iovec_free(struct bl_iovec *vec);
/* Add a range (empty ranges are not stored). */
void bl_iovec_add(struct bl_iovec *vec, const void *p, size_t n);
/* Append the bytes of every range to out; BL_ETOOBIG over out's cap (out unchanged). */
enum bl_err bl_iovec_flatten(const struct bl_iovec *vec, struct bl_buf *out) BL_WARN_UNUSED;

#endif
