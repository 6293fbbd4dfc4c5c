/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_form.c: percent-decoding and the urlencoded form/query parser:
 * '+', malformed escapes, %00, UTF-8, duplicates, empty pieces, limits.
 */
#include <stdio.h>
#include <string.h>

#include "core/form.h"
#include "core/buf.h"
#include "core/mem.h"
#include "testutil.h"

static enum bl_err parse(struct bl_arena *a, const char *s, struct bl_form *f)
{
    return bl_form_parse(s, strlen(s), a, f, NULL);
}

static void test_pct_decode(void **state)
{
    char out[64];
    size_t n;

    (void)state;
    assert_int_equal(bl_pct_decode("a%20b+c", 7, true, out, &n), BL_OK);
    assert_string_equal(out, "a b c");
    assert_int_equal(n, 5);
    assert_int_equal(bl_pct_decode("a%20b+c", 7, false, out, &n), BL_OK);
    assert_string_equal(out, "a b+c");
    assert_int_equal(bl_pct_decode("%C3%A9%c3%a9", 12, false, out, &n), BL_OK);
    assert_string_equal(out, "\xc3\xa9\xc3\xa9");
    assert_int_equal(bl_pct_decode("%2B%25", 6, true, out, &n), BL_OK);
    assert_string_equal(out, "+%");
    assert_int_equal(bl_pct_decode("", 0, true, out, &n), BL_OK);
    assert_int_equal(n, 0);
    /* Malformed escapes, wherever they are. */
    assert_int_equal(bl_pct_decode("%", 1, true, out, &n), BL_EINVAL);
    assert_int_equal(bl_pct_decode("a%2", 3, true, out, &n), BL_EINVAL);
    assert_int_equal(bl_pct_decode("%zz", 3, true, out, &n), BL_EINVAL);
    assert_int_equal(bl_pct_decode("%g0", 3, true, out, &n), BL_EINVAL);
    assert_int_equal(bl_pct_decode("%0", 2, true, out, &n), BL_EINVAL);
    assert_int_equal(bl_pct_decode("%00", 3, true, out, &n), BL_EINVAL);
    /* The length bounds the input: "%41" cut to "%4" is malformed. */
    assert_int_equal(bl_pct_decode("%41", 2, true, out, &n), BL_EINVAL);
}

static void test_basic(void **state)
{
    struct bl_arena a;
    struct bl_form f;

    (void)state;
    bl_arena_init(&a);
    assert_int_equal(parse(&a, "name=Ana+L%C3%A9a&email=ana%40example.org&consent", &f), BL_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(bl_form_get(&f, "name"), "Ana L\xc3\xa9"
                                                 "a");
    assert_string_equal(bl_form_get(&f, "email"), "ana@example.org");
    assert_string_equal(bl_form_get(&f, "consent"), "");
    assert_null(bl_form_get(&f, "missing"));
    assert_null(bl_form_get(&f, "Name")); /* names are case-sensitive */
    /* Encoded names, '=' inside values, empty values. */
    assert_int_equal(parse(&a, "a%5Bb%5D=x%3Dy=z&e=", &f), BL_OK);
    assert_string_equal(bl_form_get(&f, "a[b]"), "x=y=z");
    assert_string_equal(bl_form_get(&f, "e"), "");
    bl_arena_free(&a);
}

static void test_duplicates_and_empty(void **state)
{
    struct bl_arena a;
    struct bl_form f;

    (void)state;
    bl_arena_init(&a);
    assert_int_equal(parse(&a, "tag=a&&tag=b&=orphan&tag=c&", &f), BL_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(bl_form_get(&f, "tag"), "a"); /* the first wins */
    assert_int_equal(bl_form_count(&f, "tag"), 3);
    assert_string_equal(f.pairs[2].value, "c");
    assert_int_equal(parse(&a, "", &f), BL_OK);
    assert_int_equal(f.n, 0);
    assert_int_equal(parse(&a, "&&&", &f), BL_OK);
    assert_int_equal(f.n, 0);
    bl_arena_free(&a);
}

static void test_malformed(void **state)
{
    struct bl_arena a;
    struct bl_form f;
    struct bl_errinfo ei;

    (void)state;
    bl_arena_init(&a);
    assert_int_equal(bl_form_parse("a=1&b=%zz", 9, &a, &f, &ei), BL_EINVAL);
    assert_int_equal(f.n, 0);
    assert_null(bl_form_get(&f, "a"));
    assert_non_null(strstr(ei.msg, "field 2"));
    assert_int_equal(parse(&a, "a=%", &f), BL_EINVAL);
    assert_int_equal(parse(&a, "a%=1", &f), BL_EINVAL);
    assert_int_equal(parse(&a, "a=x%00y", &f), BL_EINVAL);
    assert_int_equal(parse(&a, "a=%ff", &f), BL_EUTF8);
    assert_int_equal(parse(&a, "%c3=1", &f), BL_EUTF8);
    assert_int_equal(parse(&a, "a=%ed%a0%80", &f), BL_EUTF8); /* surrogate */
    /* A raw NUL byte is refused like %00: strings would stop there. */
    assert_int_equal(bl_form_parse("a=x\0y", 5, &a, &f, NULL), BL_EINVAL);
    bl_arena_free(&a);
}

static void test_limits(void **state)
{
    struct bl_arena a;
    struct bl_form f;
    struct bl_buf b;

    (void)state;
    bl_arena_init(&a);
    bl_buf_init(&b, 1u << 20);
    for (unsigned i = 0; i < BL_FORM_MAX_PAIRS; i++)
        assert_int_equal(bl_buf_printf(&b, "%sk%u=%u", i ? "&" : "", i, i), BL_OK);
    assert_int_equal(bl_form_parse((const char *)b.p, b.len, &a, &f, NULL), BL_OK);
    assert_int_equal(f.n, BL_FORM_MAX_PAIRS);
    assert_string_equal(bl_form_get(&f, "k255"), "255");
    /* Empty pieces do not count; one more real field does. */
    assert_int_equal(bl_buf_puts(&b, "&&&&"), BL_OK);
    assert_int_equal(bl_form_parse((const char *)b.p, b.len, &a, &f, NULL), BL_OK);
    assert_int_equal(bl_buf_puts(&b, "x=1"), BL_OK);
    assert_int_equal(bl_form_parse((const char *)b.p, b.len, &a, &f, NULL), BL_ETOOBIG);
    assert_int_equal(f.n, 0);
    assert_int_equal(bl_form_parse("a=1", BL_FORM_MAX_BYTES + 1, &a, &f, NULL), BL_ETOOBIG);
    bl_buf_free(&b);
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct_decode),
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_duplicates_and_empty),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
