/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * i18n.h: the languages of the interface, the marker for translatable C
 * strings, and dates and numbers written the way each language writes them.
 *
 * French is the source language: every text of the templates and of the C
 * code is written in French, and po/en.po gives its English.  N_("...")
 * marks a C string for extraction (xgettext --keyword=N_, `make po`) and
 * changes nothing at compile time; the server translates marked strings
 * where they reach a page.  Design note: docs/internals/i18n.md.
 */
#ifndef BL_I18N_H
#define BL_I18N_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* A translatable string: extracted into po/blason.pot, translated on its way to a page. */
#define N_(s) (s)

enum bl_lang {
    BL_LANG_FR = 0, /* the default and source language */
    BL_LANG_EN = 1,
    BL_LANG_COUNT
};

/* Room for any date written by bl_i18n_date (with the time). */
#define BL_I18N_DATE_MAX 64u
/* Room for any number written by bl_i18n_number. */
#define BL_I18N_NUMBER_MAX 40u

/* "fr", "en". */
const char *bl_lang_code(enum bl_lang lang);

/* The language named s ("fr", "en", case-insensitive); false when there is none. */
bool bl_lang_parse(const char *s, enum bl_lang *out);

/*
 * Write the date of unix time t, in Paris (paris.h), into out (BL_I18N_DATE_MAX bytes):
 * "1er décembre 2026", "28 novembre 2026" / "December 1, 2026"; with_time
 * adds " à 14 h 05 (heure de Paris)" / " at 14:05 (Paris time)".  BL_EINVAL for a year
 * outside 1..9999.
 */
enum bl_err bl_i18n_date(enum bl_lang lang, int64_t t, bool with_time, char *out,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Write v into out (BL_I18N_NUMBER_MAX bytes) with its thousands grouped:
 * "1 234 567" with U+202F NARROW NO-BREAK SPACE in French, "1,234,567" in
 * English.
 */
void bl_i18n_number(enum bl_lang lang, long long v, char *out);

/* Whether count n takes the plural: n > 1 in French ("0 badge"), n != 1 in English ("0 badges"). */
bool bl_i18n_plural(enum bl_lang lang, long long n);

#endif
