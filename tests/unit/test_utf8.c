/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* test_utf8.c: strict UTF-8 validation (RFC 3629 §4 table), incl. the ASCII fast path. */
#include <string.h>

#include "core/utf8.h"
#include "testutil.h"

static size_t check(const char *s)
{
    return bl_utf8_check((const unsigned char *)s, strlen(s));
}

static void test_valid(void **state)
{
    (void)state;
    assert_int_equal(check(""), 0);
    assert_int_equal(check("Paris pour l'Emploi des Jeunes"), 30);
    assert_int_equal(check("\xc3\xa9t\xc3\xa9"), 5);                      /* été */
    assert_int_equal(check("\xe2\x82\xac"), 3);                           /* € */
    assert_int_equal(check("\xef\xbf\xbf"), 3);                           /* U+FFFF */
    assert_int_equal(check("\xf0\x90\x80\x80"), 4);                       /* U+10000 */
    assert_int_equal(check("\xf4\x8f\xbf\xbf"), 4);                       /* U+10FFFF */
    assert_int_equal(bl_utf8_check((const unsigned char *)"a\0b", 3), 3); /* NUL is UTF-8 */
}

static void test_invalid(void **state)
{
    (void)state;
    assert_int_equal(check("ab\x80"), 2);   /* lone continuation */
    assert_int_equal(check("\xc0\xaf"), 0); /* overlong 2 bytes */
    assert_int_equal(check("\xc1\xbf"), 0);
    assert_int_equal(check("\xe0\x80\xaf"), 0);     /* overlong 3 bytes */
    assert_int_equal(check("\xed\xa0\x80"), 0);     /* surrogate U+D800 */
    assert_int_equal(check("\xf0\x80\x80\xaf"), 0); /* overlong 4 bytes */
    assert_int_equal(check("\xf4\x90\x80\x80"), 0); /* above U+10FFFF */
    assert_int_equal(check("\xf5\x80\x80\x80"), 0);
    assert_int_equal(check("\xff"), 0);
    assert_int_equal(check("x\xc3"), 1); /* truncated */
    assert_int_equal(check("x\xe2\x82"), 1);
    assert_int_equal(check("\xc3\x28"), 0); /* bad continuation */
}

/* A bad byte at every position of a long ASCII run is found exactly. */
static void test_fast_path_positions(void **state)
{
    unsigned char buf[40];

    (void)state;
    for (size_t at = 0; at < sizeof(buf); at++) {
        memset(buf, 'a', sizeof(buf));
        buf[at] = 0xfe;
        assert_int_equal(bl_utf8_check(buf, sizeof(buf)), at);
        buf[at] = 0xc3; /* valid only when followed by a continuation byte */
        if (at + 1 < sizeof(buf)) {
            buf[at + 1] = 0xa9;
            assert_int_equal(bl_utf8_check(buf, sizeof(buf)), sizeof(buf));
        } else {
            assert_int_equal(bl_utf8_check(buf, sizeof(buf)), at);
        }
    }
}

/* A cut keeps whole characters: the prefix is valid UTF-8, as long as it can be. */
static void test_prefix(void **state)
{
    (void)state;
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x90\x80\x80z"; /* a é € U+10000 z: 1+2+3+4+1 */
    const size_t want[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11, 11};
    for (size_t max = 0; max < sizeof want / sizeof want[0]; max++) {
        size_t n = bl_utf8_prefix(s, max);
        assert_int_equal(n, want[max]);
        assert_int_equal(bl_utf8_check((const unsigned char *)s, n), n);
    }
    assert_int_equal(bl_utf8_prefix("", 5), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_fast_path_positions),
        cmocka_unit_test(test_prefix),
    };

    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
