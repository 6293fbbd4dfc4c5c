/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_siret.c: SIRET numbers as partners type them.  The valid numbers
 * were computed for this test with the Luhn key (and La Poste's digit-sum
 * rule); each fault gets its own case, and every single-digit change of a
 * valid number must be refused (Luhn catches all of them).
 */
#include <string.h>

#include "core/siret.h"
#include "testutil.h"

static enum bl_err parse(const char *s, char out[BL_SIRET_LEN + 1], enum bl_siret_fault *f)
{
    return bl_siret_parse(s, strlen(s), out, f, NULL);
}

static void test_valid(void **state)
{
    char out[BL_SIRET_LEN + 1];
    enum bl_siret_fault f;
    (void)state;
    assert_int_equal(parse("73282932000074", out, &f), BL_OK);
    assert_string_equal(out, "73282932000074");
    assert_int_equal(f, BL_SIRET_FAULT_NONE);
    assert_int_equal(parse("802 954 784 00012", out, &f), BL_OK);
    assert_string_equal(out, "80295478400012");
    /* French formatting: narrow no-break spaces, no-break spaces, dots. */
    assert_int_equal(parse("443\xe2\x80\xaf"
                           "061\xe2\x80\xaf"
                           "841\xc2\xa0"
                           "00047",
                           out, &f),
                     BL_OK);
    assert_string_equal(out, "44306184100047");
    assert_int_equal(parse(" 123.456.782-00010 ", out, &f), BL_OK);
    assert_string_equal(out, "12345678200010");
}

static void test_la_poste(void **state)
{
    char out[BL_SIRET_LEN + 1];
    enum bl_siret_fault f;
    (void)state;
    /* Digit sum 50, not Luhn: accepted for La Poste only. */
    assert_int_equal(parse("35600000049837", out, &f), BL_OK);
    assert_string_equal(out, "35600000049837");
    /* Luhn-valid, digit sum 26: refused, La Poste's rule wins. */
    assert_int_equal(parse("35600000000048", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_CHECKSUM);
    assert_string_equal(out, "");
}

static void test_faults(void **state)
{
    char out[BL_SIRET_LEN + 1];
    enum bl_siret_fault f;
    struct bl_errinfo ei;
    (void)state;
    assert_int_equal(parse("", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_EMPTY);
    assert_int_equal(parse("  . ", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_EMPTY);
    assert_int_equal(parse("7328293200007", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_LENGTH);
    assert_int_equal(parse("732829320000741", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_LENGTH);
    assert_int_equal(parse("7328293200007A", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_CHAR);
    assert_int_equal(parse("73282932000074<script>", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_CHAR);
    /* SIREN 123456789 fails its key, whatever the last five digits. */
    assert_int_equal(parse("12345678900015", out, &f), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_SIREN);
    /* Good SIREN, wrong establishment key. */
    assert_int_equal(bl_siret_parse("80295478400013", 14, out, &f, &ei), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_CHECKSUM);
    assert_non_null(strstr(ei.msg, "siret"));
    /* A NUL inside the length given is a bad character, not an end. */
    assert_int_equal(bl_siret_parse("80295478\0"
                                    "400012",
                                    15, out, &f, NULL),
                     BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_CHAR);
    /* Over the input cap: refused before reading digits further. */
    char big[BL_SIRET_INPUT_MAX + 2];
    memset(big, ' ', sizeof big);
    memcpy(big, "73282932000074", 14);
    assert_int_equal(bl_siret_parse(big, sizeof big, out, &f, NULL), BL_EINVAL);
    assert_int_equal(f, BL_SIRET_FAULT_LENGTH);
    assert_int_equal(bl_siret_parse(big, BL_SIRET_INPUT_MAX, out, &f, NULL), BL_OK);
}

static void test_every_digit_change(void **state)
{
    static const char *const good[] = {"73282932000074", "80295478400012", "44306184100047"};
    char s[BL_SIRET_LEN + 1], out[BL_SIRET_LEN + 1];
    (void)state;
    for (size_t g = 0; g < sizeof good / sizeof good[0]; g++)
        for (size_t i = 0; i < BL_SIRET_LEN; i++)
            for (char d = '0'; d <= '9'; d++) {
                memcpy(s, good[g], sizeof s);
                if (s[i] == d)
                    continue;
                s[i] = d;
                assert_int_equal(parse(s, out, NULL), BL_EINVAL);
            }
}

static void test_luhn(void **state)
{
    (void)state;
    assert_true(bl_luhn_ok("79927398713", 11)); /* the classic example */
    assert_false(bl_luhn_ok("79927398710", 11));
    assert_false(bl_luhn_ok("", 0));
    assert_false(bl_luhn_ok("12a", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),  cmocka_unit_test(test_la_poste),
        cmocka_unit_test(test_faults), cmocka_unit_test(test_every_digit_change),
        cmocka_unit_test(test_luhn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
