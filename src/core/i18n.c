/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * i18n.c: languages, dates and numbers (i18n.h).  Pure: the date is
 * computed from the unix time given, with no locale and no clock.
 */
#include "i18n.h"

#include <stdio.h>
#include <string.h>

#include "paris.h"

static const char *const codes[BL_LANG_COUNT] = {"fr", "en"};

static const char *const months_fr[12] = {"janvier",   "février", "mars",     "avril",
                                          "mai",       "juin",    "juillet",  "août",
                                          "septembre", "octobre", "novembre", "décembre"};
static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

const char *bl_lang_code(enum bl_lang lang)
{
    return lang < BL_LANG_COUNT ? codes[lang] : codes[BL_LANG_FR];
}

bool bl_lang_parse(const char *s, enum bl_lang *out)
{
    for (size_t i = 0; s && i < BL_LANG_COUNT; i++)
        if ((s[0] | 0x20) == codes[i][0] && (s[1] | 0x20) == codes[i][1] && s[2] == '\0') {
            *out = (enum bl_lang)i;
            return true;
        }
    return false;
}

/* Civil date of a day count since 1970-01-01 (proleptic Gregorian). */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

enum bl_err bl_i18n_date(enum bl_lang lang, int64_t t, bool with_time, char *out,
                         struct bl_errinfo *ei)
{
    t = bl_paris_local(t); /* the people reading it are in Paris (paris.h) */
    int64_t days = t / 86400, secs = t % 86400, y;
    unsigned m, d;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    civil(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return bl_fail(ei, BL_EINVAL, "date out of range");
    unsigned hh = (unsigned)(secs / 3600), mm = (unsigned)(secs / 60 % 60);
    if (lang == BL_LANG_EN) {
        snprintf(out, BL_I18N_DATE_MAX, "%s %u, %d", months_en[m - 1], d, (int)y);
        if (with_time)
            snprintf(out + strlen(out), BL_I18N_DATE_MAX - strlen(out),
                     " at %02u:%02u (Paris time)", hh, mm);
    } else {
        snprintf(out, BL_I18N_DATE_MAX, "%u%s %s %d", d, d == 1 ? "er" : "", months_fr[m - 1],
                 (int)y);
        if (with_time)
            snprintf(out + strlen(out), BL_I18N_DATE_MAX - strlen(out),
                     " à %u h %02u (heure de Paris)", hh, mm);
    }
    return BL_OK;
}

void bl_i18n_number(enum bl_lang lang, long long v, char *out)
{
    /* Digits right to left, a separator every three. */
    const char *sep = lang == BL_LANG_EN ? "," : "\xe2\x80\xaf";
    size_t seplen = strlen(sep);
    char tmp[BL_I18N_NUMBER_MAX];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    int digits = 0;
    do {
        if (digits && digits % 3 == 0)
            for (size_t k = seplen; k-- > 0;)
                tmp[n++] = sep[k];
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
        digits++;
    } while (u);
    if (v < 0)
        tmp[n++] = '-';
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

bool bl_i18n_plural(enum bl_lang lang, long long n)
{
    return lang == BL_LANG_EN ? n != 1 : n > 1;
}
