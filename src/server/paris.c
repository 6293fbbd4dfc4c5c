/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * paris.c: the wall-clock time of France (Europe/Paris) for the event
 * forms: UTC+1, UTC+2 from the last Sunday of March to the last Sunday of
 * October at 01:00 UTC (the EU rule since 1996).  No time zone database is
 * read: the rule is all the forms need.
 */
#include <stdio.h>
#include <string.h>

#include "core/obdate.h"
#include "h_events.h"

/* The last Sunday of month (3 or 10) of year, at 01:00 UTC. */
static int64_t last_sunday(int year, int month)
{
    char s[32];
    int64_t t = 0;
    snprintf(s, sizeof s, "%04d-%02d-31T01:00:00Z", year, month);
    if (bl_obdate_parse_tz(s, &t, NULL) != BL_OK)
        return 0;
    int64_t wd = ((t / 86400) + 4) % 7; /* 1970-01-01 was a Thursday; 0 is Sunday */
    return t - wd * 86400;
}

static int64_t offset_at(int64_t utc)
{
    char d[BL_OBDATE_LEN];
    if (bl_obdate_format(utc, d, NULL) != BL_OK)
        return 3600;
    int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    return utc >= last_sunday(year, 3) && utc < last_sunday(year, 10) ? 7200 : 3600;
}

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
    /* t is the wall clock read as UTC; the offset is the one in force then. */
    *out = t - offset_at(t - 3600);
    return *out > 0;
}

const char *bl_paris_format(struct bl_arena *a, int64_t t, bool human)
{
    char d[BL_OBDATE_LEN];
    if (t <= 0 || bl_obdate_format(t + offset_at(t), d, NULL) != BL_OK)
        return "";
    if (!human)
        return bl_arena_printf(a, "%.16s", d);
    return bl_arena_printf(a, "%.2s/%.2s/%.4s à %.2sh%.2s", d + 8, d + 5, d, d + 11, d + 14);
}
