/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* utf8.h: strict UTF-8 validation (RFC 3629: no overlongs, no surrogates). */
#ifndef BL_UTF8_H
#define BL_UTF8_H

#include <stddef.h>

/*
 * Return n when p[0..n) is valid UTF-8, otherwise the offset of the first
 * byte of the first invalid sequence.  NUL bytes are valid UTF-8 here; the
 * callers that refuse them check separately.
 */
size_t bl_utf8_check(const unsigned char *p, size_t n);

/*
 * The length of the longest prefix of the valid UTF-8 string s that is at
 * most max bytes and ends on a character boundary: s cut there stays valid.
 */
size_t bl_utf8_prefix(const char *s, size_t max);

#endif
