/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_holder.c: what the backpack makes of what people type — phone
 * numbers to E.164 (app/holder.h) and "email or phone" (app/backpack.h) —
 * and the year of a date for the minors' rule.
 */
#include <string.h>

#include "app/backpack.h"
#include "testutil.h"

static void test_phone(void **state)
{
    (void)state;
    static const char *const ok[][2] = {
        {"06 12 34 56 78", "+33612345678"},     {"06.12.34.56.78", "+33612345678"},
        {"0612345678", "+33612345678"},         {"+33 6 12 34 56 78", "+33612345678"},
        {"0033612345678", "+33612345678"},      {"+1 (415) 555-2671", "+14155552671"},
        {"+262 692 12 34 56", "+262692123456"},
    };
    static const char *const bad[] = {"",
                                      "06 12 34",
                                      "abc",
                                      "+33 6 12 ab 56 78",
                                      "6123456789",
                                      "+0612345678",
                                      "++33",
                                      "+1234567890123456",
                                      "06-12-34-56-78-99"};
    char out[BL_APP_PHONE_MAX + 1];
    struct bl_errinfo ei;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(bl_app_phone_normalize(ok[i][0], out, &ei), BL_OK);
        assert_string_equal(out, ok[i][1]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bl_app_phone_normalize(bad[i], out, &ei), BL_EINVAL);
        assert_true(strncmp(ei.msg, "phone:", 6) == 0);
    }
}

static void test_ident(void **state)
{
    (void)state;
    struct bl_app_ident id;
    struct bl_errinfo ei;
    assert_int_equal(bl_app_ident_parse(" Lina@Example.ORG ", &id, &ei), BL_OK);
    assert_string_equal(id.kind, "email");
    assert_string_equal(id.value, "lina@example.org");
    assert_int_equal(bl_app_ident_parse("07 00 00 00 01", &id, &ei), BL_OK);
    assert_string_equal(id.kind, "phone");
    assert_string_equal(id.value, "+33700000001");
    assert_int_equal(bl_app_ident_parse("lina@", &id, &ei), BL_EINVAL);
    assert_int_equal(bl_app_ident_parse("lina", &id, &ei), BL_EINVAL);
    assert_int_equal(bl_app_ident_parse(NULL, &id, &ei), BL_EINVAL);
}

static void test_year(void **state)
{
    (void)state;
    assert_int_equal(bl_app_year_of(0), 1970);
    assert_int_equal(bl_app_year_of(1795000000), 2026);
    assert_int_equal(bl_app_year_of(1798761599), 2026); /* 2026-12-31T23:59:59Z */
    assert_int_equal(bl_app_year_of(1798761600), 2027);
    assert_int_equal(bl_app_year_of(951782400), 2000); /* 2000-02-29 */
    assert_int_equal(bl_app_year_of(-1), 1969);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_ident),
        cmocka_unit_test(test_year),
    };
    return cmocka_run_group_tests_name("holder", tests, NULL, NULL);
}
