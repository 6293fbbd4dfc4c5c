/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_collection.c: what a collection's name and description may be
 * (app/collection.h): required name, 80 characters counted as characters
 * not bytes, blanks at both ends dropped, 500 for a description, control
 * characters and broken UTF-8 refused.
 */
#include <string.h>

#include "app/collection.h"
#include "testutil.h"

/* n copies of the UTF-8 text s. */
static char *repeat(struct bl_arena *a, const char *s, size_t n)
{
    size_t k = strlen(s);
    char *out = bl_arena_alloc(a, k * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(out + i * k, s, k);
    out[k * n] = '\0';
    return out;
}

static void test_name(void **state)
{
    struct bl_arena a;
    struct bl_errinfo ei;
    const char *name = NULL, *desc = NULL;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(bl_app_coll_check("  Vente \n", NULL, &a, &name, &desc, &ei), BL_OK);
    assert_string_equal(name, "Vente");
    assert_string_equal(desc, "");
    assert_int_equal(bl_app_coll_check(" \t ", "d", &a, &name, &desc, &ei), BL_EINVAL);
    assert_true(strncmp(ei.msg, "name:", 5) == 0);
    assert_int_equal(bl_app_coll_check(NULL, NULL, &a, &name, &desc, &ei), BL_EINVAL);
    /* 80 two-byte characters are 160 bytes and fine; 81 are not */
    assert_int_equal(bl_app_coll_check(repeat(&a, "é", 80), NULL, &a, &name, &desc, &ei), BL_OK);
    assert_int_equal(strlen(name), 160);
    assert_int_equal(bl_app_coll_check(repeat(&a, "é", 81), NULL, &a, &name, &desc, &ei),
                     BL_ETOOBIG);
    assert_true(strncmp(ei.msg, "name:", 5) == 0);
    assert_int_equal(bl_app_coll_check(repeat(&a, "🎓", 80), NULL, &a, &name, &desc, &ei), BL_OK);
    assert_int_equal(bl_app_coll_check(repeat(&a, "x", 81), NULL, &a, &name, &desc, &ei),
                     BL_ETOOBIG);
    assert_int_equal(bl_app_coll_check("a\x01b", NULL, &a, &name, &desc, &ei), BL_EINVAL);
    assert_int_equal(bl_app_coll_check("caf\xc3", NULL, &a, &name, &desc, &ei), BL_EUTF8);
    bl_arena_free(&a);
}

static void test_description(void **state)
{
    struct bl_arena a;
    struct bl_errinfo ei;
    const char *name = NULL, *desc = NULL;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(bl_app_coll_check("n", repeat(&a, "è", 500), &a, &name, &desc, &ei), BL_OK);
    assert_int_equal(bl_app_coll_check("n", repeat(&a, "è", 501), &a, &name, &desc, &ei),
                     BL_ETOOBIG);
    assert_true(strncmp(ei.msg, "description:", 12) == 0);
    assert_int_equal(bl_app_coll_check("n", "ligne 1\nligne 2", &a, &name, &desc, &ei), BL_OK);
    assert_string_equal(desc, "ligne 1\nligne 2");
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_description),
    };
    return cmocka_run_group_tests_name("collection", tests, NULL, NULL);
}
