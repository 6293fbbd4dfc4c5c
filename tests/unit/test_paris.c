/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_paris.c: Paris legal time (core/paris.c) against the system's
 * time-zone database (tzdata's Europe/Paris through localtime_r), hour by
 * hour from 1996 to 2037, plus the switch instants and French dates.
 */
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/csvout.h"
#include "core/paris.h"
#include "testutil.h"

static void test_known_instants(void **state)
{
    (void)state;
    /* 2026-03-29 00:59:59 UTC is still winter time; 01:00:00 UTC is summer time. */
    assert_int_equal(bl_paris_offset(1774745999), 3600);
    assert_int_equal(bl_paris_offset(1774746000), 7200);
    /* 2026-10-25 00:59:59 UTC summer, 01:00:00 UTC winter. */
    assert_int_equal(bl_paris_offset(1792889999), 7200);
    assert_int_equal(bl_paris_offset(1792890000), 3600);
    /* 2026-11-28 23:30 UTC is already the 29th in Paris. */
    char d[BL_DATE_FR_LEN];
    assert_int_equal(bl_date_fr(1795908600, d, NULL), BL_OK);
    assert_string_equal(d, "29/11/2026");
    assert_int_equal(bl_paris_day(1795908600), 20786);
    /* 2099-12-31T23:59:59 in Paris is 22:59:59Z; 2026-07-14T23:59:59 is 21:59:59Z. */
    assert_int_equal(bl_paris_utc(4102444799), 4102441199);
    assert_int_equal(bl_paris_utc(1784073599), 1784066399);
    /* Far outside any calendar: no overflow, winter offset. */
    assert_int_equal(bl_paris_offset(INT64_MAX), 3600);
    assert_int_equal(bl_paris_offset(INT64_MIN), 3600);
}

static void test_against_tzdata(void **state)
{
    (void)state;
    if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0)
        skip(); /* tzdata is not installed: nothing to compare with */
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    size_t checked = 0;
    /* 1996-01-01 to 2037-12-31, every hour, and the minutes around each hour. */
    for (int64_t t = 820454400; t < 2145916800; t += 3600) {
        for (int64_t dt = -1; dt <= 1; dt++) {
            time_t tt = (time_t)(t + dt);
            struct tm tm;
            assert_non_null(localtime_r(&tt, &tm));
            if (tm.tm_gmtoff != bl_paris_offset(t + dt))
                fail_msg("at %lld: tzdata says %ld, bl_paris_offset %lld", (long long)(t + dt),
                         tm.tm_gmtoff, (long long)bl_paris_offset(t + dt));
            /* tzdata's wall clock back to UTC, outside the hours a change makes ambiguous. */
            bool near_change = bl_paris_offset(t + dt - 3600) != tm.tm_gmtoff ||
                               bl_paris_offset(t + dt + 3600) != tm.tm_gmtoff;
            if (!near_change && bl_paris_utc(t + dt + tm.tm_gmtoff) != t + dt)
                fail_msg("at %lld: bl_paris_utc gives %lld", (long long)(t + dt),
                         (long long)bl_paris_utc(t + dt + tm.tm_gmtoff));
            checked++;
        }
    }
    assert_true(checked > 1000000);
    unsetenv("TZ");
    tzset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_instants),
        cmocka_unit_test(test_against_tzdata),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
