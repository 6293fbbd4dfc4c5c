/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * i18n_scan.h: the translatable units of an HTML template (web/templates),
 * found without any marker in the template.
 *
 * A unit is either the text between two tags (trimmed, with its blanks
 * collapsed; Mustache tags inside it are kept verbatim, so "Bonjour
 * {{name}}" translates to "Hello {{name}}") or the value of an alt, title,
 * placeholder or aria-label attribute, or of value on an <input> of type
 * submit, button or reset.  Text without a letter outside Mustache tags is
 * not a unit; section tags ({{#x}} {{^x}} {{/x}}) at either end of a text
 * are left out of it, and "{{/x}}{{^x}}" (the end of one alternative and
 * the start of the next) splits a text in two.  <script> and <style>
 * contents, HTML comments and Mustache comments are skipped.  A set
 * delimiter tag ({{=<% %>=}}) ends the scan: what follows is not
 * translated.  The same scanner extracts the units into po/blason.pot and,
 * at start-up, rewrites each template with their translations.
 * Design note: docs/internals/i18n.md.
 */
#ifndef BL_I18N_SCAN_H
#define BL_I18N_SCAN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Largest template accepted (as the template engine). */
#define BL_I18N_SCAN_MAX (1u * 1024 * 1024)

enum bl_i18n_kind {
    BL_I18N_TEXT = 0, /* text between tags */
    BL_I18N_ATTR = 1, /* an attribute value */
};

struct bl_i18n_unit {
    size_t off, len; /* the bytes of the source a translation replaces */
    unsigned line;   /* 1-based line of off */
    enum bl_i18n_kind kind;
    char quote;        /* BL_I18N_ATTR: '"', '\'' or 0 for an unquoted value */
    const char *msgid; /* NUL-terminated, blanks collapsed; valid during the callback only */
    size_t msgid_len;
};

/* Called for every unit, in source order; an error stops the scan and is returned. */
typedef enum bl_err (*bl_i18n_unit_fn)(void *cls, const struct bl_i18n_unit *u,
                                       struct bl_errinfo *ei);

/*
 * Scan n bytes of template text and call fn for each unit.  Any byte string
 * is accepted (HTML is not validated); BL_ETOOBIG over BL_I18N_SCAN_MAX.
 */
enum bl_err bl_i18n_scan(const char *src, size_t n, bl_i18n_unit_fn fn, void *cls,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The translation of msgid, or NULL to keep the source text. */
typedef const char *(*bl_i18n_lookup_fn)(void *cls, const char *msgid);

/*
 * Append to out the template with every unit that lookup translates
 * replaced by its translation (in a quoted attribute, the quote character
 * of the translation is written as a character reference; a translation
 * unsafe in an unquoted value is not used).  Errors: those of bl_i18n_scan,
 * BL_ETOOBIG past out->max.
 */
enum bl_err bl_i18n_translate(const char *src, size_t n, bl_i18n_lookup_fn lookup, void *cls,
                              struct bl_buf *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
