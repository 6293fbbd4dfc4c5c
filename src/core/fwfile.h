/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fwfile.h: reading a competency framework file (CSV or JSON) into items,
 * with every problem tied to its line, before anything is saved
 * (docs/frameworks.md gives the format, docs/internals/network.md the design).
 *
 * CSV: a header row naming the columns (code, label, parent, description,
 * url; French names and a few ROME/CléA spellings are recognised, see
 * docs/frameworks.md), read by core/csv.h (UTF-8 or Windows-1252, ';' ','
 * or TAB).  JSON: {"items": [{"code", "label", "parent", "description",
 * "url"}, ...]} (optionally with "name", "version", "source") or the array
 * alone; the "line" of a JSON item is its 1-based position.
 *
 * Problems found: missing code or label, a code used twice, a parent that
 * is no item's code, a parent chain that loops back (a cycle), a cell
 * with control characters, too long or deeper than BL_FW_DEPTH_MAX.  The
 * items come out in depth-first order (each parent before its children,
 * siblings in file order) with their depth, ready to save.
 */
#ifndef BL_FWFILE_H
#define BL_FWFILE_H

#include <stddef.h>

#include "arena.h"
#include "err.h"

#define BL_FW_ITEMS_MAX    20000u /* items of one framework (ROME 4.0 has about 15,000) */
#define BL_FW_CODE_MAX     64u    /* bytes of a code */
#define BL_FW_LABEL_MAX    500u   /* bytes of a label */
#define BL_FW_DESC_MAX     4000u  /* bytes of a description */
#define BL_FW_URL_MAX      2000u  /* bytes of a URL */
#define BL_FW_DEPTH_MAX    8u     /* levels (domain -> objective -> competency is 3) */
#define BL_FW_FILE_MAX     (8u * 1024 * 1024)
#define BL_FW_PROBLEMS_MAX 200u /* problems kept (the rest are counted) */

struct bl_fw_entry {
    size_t line; /* line of the file (CSV) or position (JSON), 1-based */
    const char *code, *label, *parent, *description, *url; /* NULL when empty */
    unsigned depth;                                        /* 0 for a root */
};

struct bl_fw_problem {
    size_t line;
    const char *code;    /* the item's code, NULL when it has none */
    const char *message; /* French, for the preview page */
};

struct bl_fw_file {
    const char *format;                  /* "CSV (UTF-8)", "CSV (Windows-1252)", "JSON" */
    const char *name, *version, *source; /* from a JSON document, else NULL */
    struct bl_fw_entry *items;           /* depth-first order when no problem */
    size_t n_items;
    struct bl_fw_problem *problems;
    size_t n_problems;     /* kept, at most BL_FW_PROBLEMS_MAX */
    size_t problems_total; /* found */
};

/*
 * Read p[0..n) (JSON when its first non-blank byte is '{' or '[', CSV
 * otherwise) into *out, all in arena a.  BL_OK even when items have
 * problems (out->problems_total > 0: nothing should be saved); BL_EINVAL,
 * BL_ETOOBIG, BL_EJSON, BL_EUTF8... when the file itself cannot be read
 * (no header with code and label columns, broken JSON, over a limit).
 */
enum bl_err bl_fw_file_read(const unsigned char *p, size_t n, struct bl_arena *a,
                            struct bl_fw_file *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
