/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * obdate.c: RFC 3339 date-time parsing and formatting for the Open Badges
 * documents, on int64 UTC seconds.  The calendar arithmetic is the
 * proleptic Gregorian "days from civil" conversion done with integers, so
 * results never depend on the C library's time zone or time_t width.
 */
#include <stddef.h>

#include "obdate.h"

#define SECS_PER_DAY 86400
/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define T_MIN (-62135596800LL)
#define T_MAX 253402300799LL

static int64_t days_from_civil(int64_t y, int m, int d);
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d);
static int days_in_month(int64_t y, int m);
static int digits(const char *s, size_t n, int *out);

enum bl_err bl_obdate_parse(const char *s, int64_t *out, bool *has_tz, struct bl_errinfo *ei)
{
    int y, mo, d, h, mi, sec, tzh = 0, tzm = 0, sign = 0;
    const char *p;
    bool tz = false;
    int64_t t;

    if (s == NULL)
        return bl_fail(ei, BL_EINVAL, "date-time: missing");
    /* Fixed-width fields first; each check looks only at bytes already known non-NUL. */
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": expected YYYY-MM-DD", s);
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": expected 'T' and a time after the date",
                       s);
    if (!digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
        !digits(s + 17, 2, &sec))
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": expected hh:mm:ss", s);
    p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": empty fraction of a second", s);
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'Z' || *p == 'z') {
        tz = true;
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '-' ? -1 : 1;
        tz = true;
        if (!digits(p + 1, 2, &tzh))
            return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": bad timezone offset", s);
        p += 3;
        if (*p == ':') {
            if (!digits(p + 1, 2, &tzm))
                return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": bad timezone offset", s);
            p += 3;
        } else if (*p >= '0' && *p <= '9') {
            if (!digits(p, 2, &tzm))
                return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": bad timezone offset", s);
            p += 2;
        }
        if (tzh > 23 || tzm > 59)
            return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": timezone offset out of range", s);
    }
    if (*p != '\0')
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": unexpected text after the time", s);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": no such date", s);
    if (h > 23 || mi > 59 || sec > 60)
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": no such time", s);
    if (sec == 60)
        sec = 59;
    t = days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60 + sec;
    t -= (int64_t)sign * (tzh * 3600 + tzm * 60);
    *out = t;
    if (has_tz != NULL)
        *has_tz = tz;
    return BL_OK;
}

enum bl_err bl_obdate_parse_tz(const char *s, int64_t *out, struct bl_errinfo *ei)
{
    bool tz = false;
    int64_t t;
    enum bl_err rc = bl_obdate_parse(s, &t, &tz, ei);

    if (rc != BL_OK)
        return rc;
    if (!tz)
        return bl_fail(ei, BL_EINVAL, "date-time \"%.40s\": a timezone is required (Z or +hh:mm)",
                       s);
    *out = t;
    return BL_OK;
}

enum bl_err bl_obdate_format(int64_t t, char out[BL_OBDATE_LEN], struct bl_errinfo *ei)
{
    int64_t days, y, rem;
    int m, d, i, v[6], w[6] = {4, 2, 2, 2, 2, 2};
    const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    size_t k = 0;

    if (t < T_MIN || t > T_MAX)
        return bl_fail(ei, BL_EINVAL, "time %lld outside years 0001..9999", (long long)t);
    /* Floor division: negative times belong to the day before the epoch. */
    days = t / SECS_PER_DAY;
    rem = t % SECS_PER_DAY;
    if (rem < 0) {
        rem += SECS_PER_DAY;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    v[0] = (int)y;
    v[1] = m;
    v[2] = d;
    v[3] = (int)(rem / 3600);
    v[4] = (int)(rem / 60 % 60);
    v[5] = (int)(rem % 60);
    for (i = 0; i < 6; i++) {
        int j, x = v[i];

        for (j = w[i] - 1; j >= 0; j--) {
            out[k + (size_t)j] = (char)('0' + x % 10);
            x /= 10;
        }
        k += (size_t)w[i];
        out[k++] = sep[i];
    }
    out[k] = '\0';
    return BL_OK;
}

enum bl_err bl_obdate_add_months(int64_t t, int32_t months, int64_t *out, struct bl_errinfo *ei)
{
    int64_t days, rem, y, ym;
    int m, d, dim;

    if (t < T_MIN || t > T_MAX)
        return bl_fail(ei, BL_EINVAL, "time %lld outside years 0001..9999", (long long)t);
    days = t / SECS_PER_DAY;
    rem = t % SECS_PER_DAY;
    if (rem < 0) {
        rem += SECS_PER_DAY;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    ym = y * 12 + (m - 1) + months;
    y = ym >= 0 ? ym / 12 : -((-ym + 11) / 12);
    m = (int)(ym - y * 12) + 1;
    if (y < 1 || y > 9999)
        return bl_fail(ei, BL_EINVAL, "adding %ld months leaves years 0001..9999", (long)months);
    dim = days_in_month(y, m);
    if (d > dim)
        d = dim;
    *out = days_from_civil(y, m, d) * SECS_PER_DAY + rem;
    return BL_OK;
}

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (eras of 400 years). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dim[m - 1];
}

/* n ASCII digits at s into *out; stops at a NUL, so it never reads past the string. */
static int digits(const char *s, size_t n, int *out)
{
    size_t i;
    int v = 0;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}
