/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * csvout.c: CSV for French spreadsheets, with the formula guard (csvout.h).
 */
#include "csvout.h"

#include <string.h>

#include "obdate.h"
#include "paris.h"

enum bl_err bl_csvout_bom(struct bl_buf *out)
{
    return bl_buf_puts(out, BL_CSVOUT_BOM);
}

enum bl_err bl_csvout_cell(struct bl_buf *out, const char *s, bool first)
{
    enum bl_err e = first ? BL_OK : bl_buf_putc(out, ';');
    if (e != BL_OK || !s || !*s)
        return e;
    bool formula = strchr("=+-@\t\r", s[0]) != NULL;
    bool quote = strpbrk(s, ";\"\r\n") != NULL;
    if (quote)
        e = bl_buf_putc(out, '"');
    if (e == BL_OK && formula)
        e = bl_buf_putc(out, '\'');
    for (; *s && e == BL_OK; s++)
        e = *s == '"' ? bl_buf_puts(out, "\"\"") : bl_buf_putc(out, (unsigned char)*s);
    if (e == BL_OK && quote)
        e = bl_buf_putc(out, '"');
    return e;
}

enum bl_err bl_csvout_eol(struct bl_buf *out)
{
    return bl_buf_puts(out, "\r\n");
}

enum bl_err bl_date_fr(int64_t t, char out[BL_DATE_FR_LEN], struct bl_errinfo *ei)
{
    char iso[BL_OBDATE_LEN];
    /* The day in Paris, where the people reading it are. */
    enum bl_err e = bl_obdate_format(bl_paris_local(t), iso, ei);
    if (e != BL_OK)
        return e;
    /* YYYY-MM-DDT... -> DD/MM/YYYY */
    memcpy(out, iso + 8, 2);
    out[2] = '/';
    memcpy(out + 3, iso + 5, 2);
    out[5] = '/';
    memcpy(out + 6, iso, 4);
    out[10] = '\0';
    return BL_OK;
}
