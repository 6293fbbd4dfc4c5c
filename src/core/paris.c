/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* paris.c: Paris legal time by the EU summer-time rule (paris.h). */
#include "core/paris.h"

#define DAY_S  86400
#define HOUR_S 3600

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's civil algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The year of a day number. */
static int64_t year_of_day(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    return yoe + era * 400 + (mp >= 10);
}

/* The day number of the last Sunday of month m (31 days long: March, October) of year y. */
static int64_t last_sunday(int64_t y, int m)
{
    int64_t last = days_from_civil(y, m, 31);
    /* 1970-01-01 was a Thursday: weekday 0 = Sunday is (day + 4) mod 7. */
    int64_t wd = ((last + 4) % 7 + 7) % 7;
    return last - wd;
}

/* Beyond about ±34,000 years the rule means nothing; it also keeps the arithmetic in range. */
#define PARIS_SPAN_S ((int64_t)1 << 40)

int64_t bl_paris_offset(int64_t t)
{
    if (t > PARIS_SPAN_S || t < -PARIS_SPAN_S)
        return HOUR_S;
    int64_t day = t >= 0 ? t / DAY_S : -((-t + DAY_S - 1) / DAY_S);
    int64_t y = year_of_day(day);
    int64_t start = last_sunday(y, 3) * DAY_S + HOUR_S;
    int64_t end = last_sunday(y, 10) * DAY_S + HOUR_S;
    return t >= start && t < end ? 2 * HOUR_S : HOUR_S;
}

int64_t bl_paris_local(int64_t t)
{
    return t + bl_paris_offset(t);
}

int64_t bl_paris_utc(int64_t local)
{
    /* local - 3600 is the UTC time or an hour after it: the offset then is the one in force. */
    return local - bl_paris_offset(local - 3600);
}

int64_t bl_paris_day(int64_t t)
{
    int64_t l = bl_paris_local(t);
    return l >= 0 ? l / DAY_S : -((-l + DAY_S - 1) / DAY_S);
}
