/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * embedded.h: files compiled into the binary by scripts/embed_files.c
 * (the .html files of web/templates, ...).  Each generated table is an array SYMBOL[]
 * with SYMBOL_count entries; declare it where it is used with
 * BL_EMBEDDED_DECLARE(SYMBOL).
 */
#ifndef BL_EMBEDDED_H
#define BL_EMBEDDED_H

#include <stddef.h>

struct bl_embedded_file {
    const char *name;           /* the file's base name, "layout.html" */
    const unsigned char *bytes; /* len bytes, followed by a NUL */
    size_t len;
};

#define BL_EMBEDDED_DECLARE(sym)                                                                   \
    extern const struct bl_embedded_file sym[];                                                    \
    extern const size_t sym##_count

#endif
