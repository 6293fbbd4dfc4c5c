/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* utf8.c: strict UTF-8 validation, following the table of RFC 3629 §4. */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

size_t bl_utf8_check(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = p[i];
        unsigned char lo = 0x80, hi = 0xbf;
        size_t need, k;

        if (c < 0x80) {
            uint64_t w;

            /* Documents are mostly ASCII: skip eight such bytes at a time. */
            while (n - i >= 8) {
                memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080u)
                    break;
                i += 8;
            }
            while (i < n && p[i] < 0x80)
                i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0)
                lo = 0xa0; /* no overlong 3-byte forms */
            else if (c == 0xed)
                hi = 0x9f; /* no UTF-16 surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0)
                lo = 0x90; /* no overlong 4-byte forms */
            else if (c == 0xf4)
                hi = 0x8f; /* nothing above U+10FFFF */
        } else {
            return i;
        }
        if (n - i <= need)
            return i;
        for (k = 1; k <= need; k++) {
            unsigned char d = p[i + k];

            if (d < lo || d > hi)
                return i;
            lo = 0x80;
            hi = 0xbf;
        }
        i += need + 1;
    }
    return n;
}

size_t bl_utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    /* Back off the continuation bytes (10xxxxxx) of a character cut in two. */
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return max;
}
