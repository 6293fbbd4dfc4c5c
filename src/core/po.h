/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * po.h: a reader for GNU gettext PO catalogues (po/en.po), compiled into
 * the binary and parsed once at start-up into an immutable lookup table.
 *
 * Understood: msgctxt, msgid, msgid_plural, msgstr, msgstr[N], continuation
 * lines, the C escapes of the PO format, the "#," flags (a fuzzy entry is
 * kept out of the table, as msgfmt does) and the "#:" references (an entry
 * referenced from a .c or .h file is marked BL_PO_CODE).  Obsolete "#~"
 * entries and other comments are skipped.  Design note: docs/internals/i18n.md.
 */
#ifndef BL_PO_H
#define BL_PO_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Largest catalogue text accepted. */
#define BL_PO_MAX_SIZE (4u * 1024 * 1024)
/* Most entries in one catalogue. */
#define BL_PO_MAX_ENTRIES 20000u
/* Longest msgid or msgstr, after unescaping. */
#define BL_PO_MAX_STRING (64u * 1024)
/* Most plural forms of one entry (msgstr[0..N-1]). */
#define BL_PO_MAX_PLURALS 6u

/* Entry flags. */
#define BL_PO_CODE 1u /* referenced from C code (a "#: x.c" reference) */

struct bl_po_entry {
    const char *ctxt;   /* NULL when there is no msgctxt */
    const char *id;     /* never NULL */
    const char *plural; /* msgid_plural, or NULL */
    const char *str[BL_PO_MAX_PLURALS];
    size_t n_str; /* msgstr forms given (1 without plural) */
    unsigned flags;
};

struct bl_po;

/*
 * Parse n bytes of PO text.  *out is the caller's (bl_po_free).  Errors:
 * BL_EINVAL "po line L: ..." for a syntax error, a bad escape, a duplicate
 * msgid or a string that is not UTF-8; BL_ETOOBIG over the limits above.
 */
enum bl_err bl_po_parse(const char *src, size_t n, struct bl_po **out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

void bl_po_free(struct bl_po *po);

/* Number of entries kept (the header entry and fuzzy entries are not). */
size_t bl_po_count(const struct bl_po *po);

/* Entry i (0 <= i < bl_po_count), sorted by context then msgid. */
const struct bl_po_entry *bl_po_entry(const struct bl_po *po, size_t i);

/* The entry for (ctxt, id); ctxt NULL for none.  NULL when absent. */
const struct bl_po_entry *bl_po_find(const struct bl_po *po, const char *ctxt, const char *id);

/*
 * The translation of id (ctxt NULL for none): the msgstr, or NULL when the
 * entry is absent or its msgstr is empty (untranslated).  Borrowed from po.
 */
const char *bl_po_get(const struct bl_po *po, const char *ctxt, const char *id);

/*
 * The plural form for count n of id: msgstr[k] where k comes from the
 * header's Plural-Forms (only "n > 1", French, and "n != 1", English and
 * the default, are understood).  NULL when untranslated.
 */
const char *bl_po_nget(const struct bl_po *po, const char *id, unsigned long n);

/* The header entry's text (the msgstr of msgid ""), "" when there is none. */
const char *bl_po_header(const struct bl_po *po);

#endif
