/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * paris.c: the forms' date fields ("YYYY-MM-DDTHH:MM" and "YYYY-MM-DD",
 * Paris wall clock) to and from unix time, with the offset of core/paris.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/obdate.h"
#include "core/paris.h"
#include "paris.h"

bool bl_paris_parse(const char *s, int64_t *out)
{
    char buf[32];
    int64_t t;
    if (!s || strlen(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        strspn(s, "0123456789-T:") != 16)
        return false;
    snprintf(buf, sizeof buf, "%s:00Z", s);
    if (bl_obdate_parse_tz(buf, &t, NULL) != BL_OK)
        return false;
    *out = bl_paris_utc(t); /* t is the wall clock read as UTC */
    return *out > 0;
}

const char *bl_paris_format(struct bl_arena *a, int64_t t, bool human)
{
    char d[BL_OBDATE_LEN];
    if (t <= 0 || bl_obdate_format(bl_paris_local(t), d, NULL) != BL_OK)
        return "";
    if (!human)
        return bl_arena_printf(a, "%.16s", d);
    return bl_arena_printf(a, "%.2s/%.2s/%.4s à %.2sh%.2s", d + 8, d + 5, d, d + 11, d + 14);
}

bool bl_paris_day_end(const char *s, int64_t *out)
{
    char buf[17];
    if (!s || strlen(s) != 10)
        return false;
    memcpy(buf, s, 10);
    memcpy(buf + 10, "T23:59", 7);
    if (!bl_paris_parse(buf, out))
        return false;
    *out += 59;
    return true;
}
