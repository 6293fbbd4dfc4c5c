/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_holder.c: what the backpack makes of what people type — "email or
 * phone" (app/backpack.h; phone numbers themselves are core/recipient.h's,
 * tested in test_recipient.c) — and the year of a date for the minors' rule.
 */
#include <string.h>

#include "app/backpack.h"
#include "testutil.h"

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
    /* The year of Paris: its new year is at 23:00 UTC. */
    assert_int_equal(bl_app_year_of(1798757999), 2026); /* 2026-12-31T22:59:59Z */
    assert_int_equal(bl_app_year_of(1798758000), 2027); /* 2026-12-31T23:00:00Z */
    assert_int_equal(bl_app_year_of(1798761600), 2027);
    assert_int_equal(bl_app_year_of(951782400), 2000); /* 2000-02-29 */
    assert_int_equal(bl_app_year_of(-3601), 1969);     /* 1969-12-31T22:59:59Z */
    assert_int_equal(bl_app_year_of(-3600), 1970);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ident),
        cmocka_unit_test(test_year),
    };
    return cmocka_run_group_tests_name("holder", tests, NULL, NULL);
}
