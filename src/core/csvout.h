/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * csvout.h: writing CSV for French spreadsheets (LibreOffice, Excel set to
 * French): UTF-8 with a byte order mark (without it Excel reads
 * Windows-1252), ';' between cells (',' is the decimal separator), CRLF
 * line ends, cells quoted when they hold ';', '"', CR or LF.  A cell that
 * starts with = + - @ TAB or CR would be read as a formula: it gets a
 * leading apostrophe (the OWASP "CSV injection" advice).
 */
#ifndef BL_CSVOUT_H
#define BL_CSVOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define BL_CSVOUT_BOM "\xEF\xBB\xBF"

/* Room for "JJ/MM/AAAA" and its NUL. */
#define BL_DATE_FR_LEN 11

/* The byte order mark. */
enum bl_err bl_csvout_bom(struct bl_buf *out) BL_WARN_UNUSED;
/* One cell (NULL: empty), after a ';' unless it is the first of its row. */
enum bl_err bl_csvout_cell(struct bl_buf *out, const char *s, bool first) BL_WARN_UNUSED;
/* The end of a row. */
enum bl_err bl_csvout_eol(struct bl_buf *out) BL_WARN_UNUSED;

/* t (UTC seconds) as its date in Paris "JJ/MM/AAAA"; BL_EINVAL out of years 1..9999. */
enum bl_err bl_date_fr(int64_t t, char out[BL_DATE_FR_LEN], struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
