/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_json.c: the jansson layer.  Size and depth limits exactly at and one
 * past the limit, duplicate keys, invalid UTF-8, "\u0000", the typed getters'
 * codes and messages, has_string on strings and arrays, and serialisation
 * with flags and a cap.
 */
#include <string.h>

#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "testutil.h"

/* Parse text (strlen) with the given limits; must succeed. */
static json_t *parse_ok(const char *text, size_t max_bytes, size_t max_depth)
{
    json_t *j = NULL;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    if (bl_json_parse(text, strlen(text), max_bytes, max_depth, &j, &ei) != BL_OK)
        fail_msg("parsing %.60s: %s", text, ei.msg);
    assert_non_null(j);
    return j;
}

/* Parse text[0..n) with the given limits; must fail with code and msg. */
static void parse_fails_n(const char *text, size_t n, size_t max_bytes, size_t max_depth,
                          enum bl_err code, const char *msg)
{
    json_t *j = (json_t *)1;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_json_parse(text, n, max_bytes, max_depth, &j, &ei), code);
    assert_null(j);
    assert_int_equal(ei.code, code);
    assert_string_equal(ei.msg, msg);
}

static void parse_fails_lim(const char *text, size_t max_bytes, size_t max_depth, enum bl_err code,
                            const char *msg)
{
    parse_fails_n(text, strlen(text), max_bytes, max_depth, code, msg);
}

static void parse_fails(const char *text, enum bl_err code, const char *msg)
{
    parse_fails_n(text, strlen(text), BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, code, msg);
}

/* depth levels of '[' then of ']', in a new string (free with bl_free). */
static char *nested(size_t depth, int objects)
{
    struct bl_buf b;
    size_t i;

    bl_buf_init(&b, 1 << 24);
    for (i = 0; i < depth; i++)
        assert_int_equal(bl_buf_puts(&b, objects ? "{\"a\":" : "["), BL_OK);
    assert_int_equal(bl_buf_puts(&b, "1"), BL_OK);
    for (i = 0; i < depth; i++)
        assert_int_equal(bl_buf_putc(&b, objects ? '}' : ']'), BL_OK);
    return (char *)bl_buf_detach(&b, NULL);
}

static void test_parse_values(void **state)
{
    json_t *j;

    (void)state;
    j = parse_ok("{\"a\": [1, 2.5, \"x\", true, null]}", 100, 2);
    assert_true(json_is_object(j));
    assert_int_equal(json_array_size(json_object_get(j, "a")), 5);
    json_decref(j);
    /* Any value at the top, not only objects. */
    j = parse_ok("42", 2, 0);
    assert_int_equal(json_integer_value(j), 42);
    json_decref(j);
    j = parse_ok(" \"\xc3\xa9t\xc3\xa9\" ", 100, 0);
    assert_string_equal(json_string_value(j), "\xc3\xa9t\xc3\xa9");
    json_decref(j);
    /* Not NUL-terminated: only n bytes are read. */
    {
        json_t *k = NULL;

        assert_int_equal(bl_json_parse("[1]]]]", 3, 100, 4, &k, NULL), BL_OK);
        assert_int_equal(json_array_size(k), 1);
        json_decref(k);
    }
}

static void test_depth_limit(void **state)
{
    char *s;
    json_t *j;

    (void)state;
    /* Exactly at the limit, arrays and objects. */
    s = nested(BL_JSON_MAX_DEPTH, 0);
    j = parse_ok(s, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH);
    json_decref(j);
    bl_free(s);
    s = nested(BL_JSON_MAX_DEPTH, 1);
    j = parse_ok(s, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH);
    json_decref(j);
    bl_free(s);
    /* One past it. */
    s = nested(BL_JSON_MAX_DEPTH + 1, 0);
    parse_fails(s, BL_EJSON, "nesting deeper than 64 at line 1, column 65");
    bl_free(s);
    s = nested(BL_JSON_MAX_DEPTH + 1, 1);
    parse_fails(s, BL_EJSON, "nesting deeper than 64 at line 1, column 321");
    bl_free(s);
    /* Far past it: refused by the scan, no recursion anywhere. */
    s = nested(200000, 0);
    parse_fails_lim(s, SIZE_MAX, BL_JSON_MAX_DEPTH, BL_EJSON,
                    "nesting deeper than 64 at line 1, column 65");
    bl_free(s);
    /* Small limits, mixed containers, positions over several lines. */
    j = parse_ok("[{\"a\": []}]", 100, 3);
    json_decref(j);
    parse_fails_lim("[{\"a\": []}]", 100, 2, BL_EJSON, "nesting deeper than 2 at line 1, column 8");
    parse_fails_lim("[\n [\n  [1]]]", 100, 2, BL_EJSON,
                    "nesting deeper than 2 at line 3, column 3");
    parse_fails_lim("[\"\xc3\xa9\xc3\xa9\", [[]]]", 100, 2, BL_EJSON,
                    "nesting deeper than 2 at line 1, column 9");
    parse_fails_lim("[]", 100, 0, BL_EJSON, "nesting deeper than 0 at line 1, column 1");
    j = parse_ok("true", 100, 0);
    json_decref(j);
    /* Brackets inside strings, escaped quotes included, do not count. */
    j = parse_ok("[\"[[[[{{{{\", \"\\\"[[[\", \"\\\\\", {\"[[\": \"]]\"}]", 100, 2);
    assert_int_equal(json_array_size(j), 4);
    json_decref(j);
    /* Closing brackets do not earn credit for later openings. */
    parse_fails_lim("]]]][[[", 100, 2, BL_EJSON, "nesting deeper than 2 at line 1, column 7");
}

static void test_size_limit(void **state)
{
    json_t *j;

    (void)state;
    j = parse_ok("[1,2,3]", 7, 1);
    json_decref(j);
    parse_fails_n("[1,2,3]", 7, 6, 1, BL_ETOOBIG,
                  "JSON text of 7 bytes is over the limit of 6 bytes");
    parse_fails_n("", 0, 0, 1, BL_EJSON, "unexpected token near end of file at line 1, column 0");
}

static void test_duplicates(void **state)
{
    (void)state;
    parse_fails("{\"a\": 1, \"a\": 2}", BL_EJSON,
                "duplicate object key near '\"a\"' at line 1, column 12");
    parse_fails("{\"x\": {\"b\": 1, \"c\": 2, \"b\": 3}}", BL_EJSON,
                "duplicate object key near '\"b\"' at line 1, column 26");
    /* The same key in different objects is fine. */
    json_decref(parse_ok("[{\"a\": 1}, {\"a\": 2}]", 100, 2));
}

static void test_utf8(void **state)
{
    (void)state;
    parse_fails("\"\xc3\x28\"", BL_EUTF8, "invalid UTF-8 at byte offset 1 (line 1, column 2)");
    parse_fails("{\"k\":\n \"ab\xc0\xaf\"}", BL_EUTF8,
                "invalid UTF-8 at byte offset 10 (line 2, column 5)");
    /* A UTF-16 surrogate written in UTF-8, and a truncated sequence. */
    parse_fails("[\"\xed\xa0\x80\"]", BL_EUTF8,
                "invalid UTF-8 at byte offset 2 (line 1, column 3)");
    parse_fails("\"\xe2\x82", BL_EUTF8, "invalid UTF-8 at byte offset 1 (line 1, column 2)");
    /* A lone surrogate as an escape is jansson's to refuse. */
    parse_fails("[\"\\ud800\"]", BL_EJSON,
                "invalid Unicode '\\uD800' near '\"\\ud800\"' at line 1, column 9");
    /* A correct pair is fine. */
    json_decref(parse_ok("[\"\\ud83d\\ude00\"]", 100, 1));
}

static void test_nul(void **state)
{
    (void)state;
    parse_fails("{\"a\": \"x\\u0000y\"}", BL_EJSON,
                "\\u0000 is not allowed without JSON_ALLOW_NUL near '\"x\\u0000y\"' at line 1, "
                "column 16");
    parse_fails("{\"a\\u0000\": 1}", BL_EJSON,
                "NUL byte in object key not supported near '\"a\\u0000\"' at line 1, "
                "column 10");
    /* A raw NUL byte is neither whitespace nor allowed in a string. */
    parse_fails_n("[1]\0", 4, 100, 2, BL_EJSON, "NUL byte at offset 3 (line 1, column 4)");
    parse_fails_n("[\"a\0\"]", 6, 100, 2, BL_EJSON, "NUL byte at offset 3 (line 1, column 4)");
    parse_fails_n("[\"a\\\0\"]", 7, 100, 2, BL_EJSON, "NUL byte at offset 4 (line 1, column 5)");
    parse_fails_n("\n\0", 2, 100, 2, BL_EJSON, "NUL byte at offset 1 (line 2, column 1)");
}

static void test_syntax(void **state)
{
    (void)state;
    parse_fails("{\n  \"a\": tru\n}", BL_EJSON, "invalid token near 'tru' at line 2, column 10");
    parse_fails("{} x", BL_EJSON, "end of file expected near 'x' at line 1, column 4");
    parse_fails("[1,]", BL_EJSON, "unexpected token near ']' at line 1, column 4");
    parse_fails("12345678901234567890123", BL_EJSON, "too big integer at line 1, column 23");
}

static json_t *sample(void)
{
    return parse_ok("{\"s\": \"str\", \"i\": -7, \"r\": 1.0, \"t\": true, \"f\": false, "
                    "\"n\": null, \"o\": {\"k\": 1}, \"a\": [\"x\", 2]}",
                    1000, 4);
}

static void test_get_string(void **state)
{
    json_t *j = sample();
    const char *s = "untouched";
    struct bl_errinfo ei;

    (void)state;
    assert_int_equal(bl_json_get_string(j, "s", &s, &ei), BL_OK);
    assert_string_equal(s, "str");
    s = "untouched";
    assert_int_equal(bl_json_get_string(j, "zz", &s, &ei), BL_ENOTFOUND);
    assert_string_equal(ei.msg, "field \"zz\": missing");
    assert_int_equal(bl_json_get_string(j, "i", &s, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"i\": expected string, got integer");
    assert_int_equal(bl_json_get_string(j, "n", &s, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"n\": expected string, got null");
    assert_int_equal(bl_json_get_string(j, "a", &s, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"a\": expected string, got array");
    assert_int_equal(bl_json_get_string(json_object_get(j, "a"), "s", &s, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"s\": looked up in array, not in an object");
    assert_int_equal(bl_json_get_string(NULL, "s", &s, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"s\": looked up in nothing, not in an object");
    assert_int_equal(bl_json_get_string(j, "s", &s, NULL), BL_OK);
    assert_string_equal(s, "str");
    assert_int_equal(bl_json_get_string(j, "zz", &s, NULL), BL_ENOTFOUND);
    assert_string_equal(s, "str");

    assert_string_equal(bl_json_str(j, "s"), "str");
    assert_null(bl_json_str(j, "i"));
    assert_null(bl_json_str(j, "zz"));
    assert_null(bl_json_str(json_object_get(j, "a"), "s"));
    assert_null(bl_json_str(NULL, "s"));
    json_decref(j);
}

static void test_get_others(void **state)
{
    json_t *j = sample(), *v = NULL;
    json_int_t i = 99;
    bool b = false;
    struct bl_errinfo ei;

    (void)state;
    assert_int_equal(bl_json_get_int(j, "i", &i, &ei), BL_OK);
    assert_int_equal(i, -7);
    assert_int_equal(bl_json_get_int(j, "r", &i, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"r\": expected integer, got real");
    assert_int_equal(bl_json_get_int(j, "s", &i, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"s\": expected integer, got string");
    assert_int_equal(bl_json_get_int(j, "x", &i, &ei), BL_ENOTFOUND);
    assert_string_equal(ei.msg, "field \"x\": missing");
    assert_int_equal(i, -7);

    assert_int_equal(bl_json_get_bool(j, "t", &b, &ei), BL_OK);
    assert_true(b);
    assert_int_equal(bl_json_get_bool(j, "f", &b, &ei), BL_OK);
    assert_false(b);
    assert_int_equal(bl_json_get_bool(j, "i", &b, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"i\": expected boolean, got integer");
    assert_int_equal(bl_json_get_bool(j, "n", &b, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"n\": expected boolean, got null");
    assert_int_equal(bl_json_get_bool(j, "x", &b, &ei), BL_ENOTFOUND);

    assert_int_equal(bl_json_get_obj(j, "o", &v, &ei), BL_OK);
    assert_ptr_equal(v, json_object_get(j, "o"));
    assert_int_equal(bl_json_get_obj(j, "a", &v, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"a\": expected object, got array");
    assert_ptr_equal(v, json_object_get(j, "o"));
    assert_int_equal(bl_json_get_obj(j, "x", &v, &ei), BL_ENOTFOUND);

    assert_int_equal(bl_json_get_arr(j, "a", &v, &ei), BL_OK);
    assert_ptr_equal(v, json_object_get(j, "a"));
    assert_int_equal(bl_json_get_arr(j, "o", &v, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"o\": expected array, got object");
    assert_int_equal(bl_json_get_arr(j, "t", &v, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "field \"t\": expected array, got boolean");
    assert_int_equal(bl_json_get_arr(j, "x", &v, &ei), BL_ENOTFOUND);
    json_decref(j);
}

static void test_has_string(void **state)
{
    json_t *j = parse_ok("{\"type\": \"OpenBadgeCredential\", \"@context\": "
                         "[\"https://www.w3.org/ns/credentials/v2\", {\"x\": \"y\"}, 3, "
                         "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"], "
                         "\"n\": 5, \"e\": []}",
                         1000, 3);

    (void)state;
    assert_true(bl_json_has_string(json_object_get(j, "type"), "OpenBadgeCredential"));
    assert_false(bl_json_has_string(json_object_get(j, "type"), "OpenBadge"));
    assert_false(bl_json_has_string(json_object_get(j, "type"), "OpenBadgeCredentialX"));
    assert_true(
        bl_json_has_string(json_object_get(j, "@context"), "https://www.w3.org/ns/credentials/v2"));
    assert_true(bl_json_has_string(json_object_get(j, "@context"),
                                   "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
    assert_false(bl_json_has_string(json_object_get(j, "@context"), "y"));
    assert_false(bl_json_has_string(json_object_get(j, "@context"), "x"));
    assert_false(bl_json_has_string(json_object_get(j, "n"), "5"));
    assert_false(bl_json_has_string(json_object_get(j, "e"), ""));
    assert_false(bl_json_has_string(json_object_get(j, "missing"), "x"));
    assert_false(bl_json_has_string(NULL, "x"));
    json_decref(j);
}

static void test_dump(void **state)
{
    json_t *j =
        parse_ok("{\"b\": [1, 2.5, \"\xc3\xa9\"], \"a\": {\"y\": null, \"x\": true}}", 1000, 3);
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    bl_buf_init(&b, 1000);
    assert_int_equal(bl_buf_puts(&b, "<"), BL_OK);
    assert_int_equal(bl_json_dump(j, JSON_COMPACT | JSON_SORT_KEYS, &b, &ei), BL_OK);
    assert_string_equal((char *)b.p, "<{\"a\":{\"x\":true,\"y\":null},\"b\":[1,2.5,\"\xc3\xa9\"]}");
    bl_buf_reset(&b);
    /* Insertion order is kept without JSON_SORT_KEYS. */
    assert_int_equal(bl_json_dump(j, JSON_COMPACT | JSON_ENSURE_ASCII, &b, &ei), BL_OK);
    assert_string_equal((char *)b.p, "{\"b\":[1,2.5,\"\\u00E9\"],\"a\":{\"y\":null,\"x\":true}}");
    bl_buf_reset(&b);
    assert_int_equal(
        bl_json_dump(json_object_get(j, "a"), JSON_INDENT(2) | JSON_SORT_KEYS, &b, &ei), BL_OK);
    assert_string_equal((char *)b.p, "{\n  \"x\": true,\n  \"y\": null\n}");
    bl_buf_reset(&b);
    /* Scalars serialise too. */
    assert_int_equal(bl_json_dump(json_array_get(json_object_get(j, "b"), 1), 0, &b, &ei), BL_OK);
    assert_string_equal((char *)b.p, "2.5");
    bl_buf_free(&b);

    /* Over the cap: the buffer is left as it was. */
    bl_buf_init(&b, 20);
    assert_int_equal(bl_buf_puts(&b, "keep"), BL_OK);
    assert_int_equal(bl_json_dump(j, JSON_COMPACT, &b, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "serialised JSON is over the limit of 20 bytes");
    assert_int_equal(b.len, 4);
    assert_string_equal((char *)b.p, "keep");
    assert_int_equal(bl_json_dump(json_object_get(j, "a"), JSON_COMPACT | JSON_SORT_KEYS, &b, &ei),
                     BL_ETOOBIG);
    assert_string_equal((char *)b.p, "keep");
    assert_int_equal(bl_json_dump(json_object_get(json_object_get(j, "a"), "x"), 0, &b, &ei),
                     BL_OK);
    assert_string_equal((char *)b.p, "keeptrue");
    assert_int_equal(bl_json_dump(NULL, 0, &b, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "no JSON value to serialise");
    bl_buf_free(&b);
    json_decref(j);
}

/* What the parser produced, dumped and parsed again, is the same value. */
static void test_dump_reparse(void **state)
{
    json_t *j = parse_ok("{\"z\": [1e2, -0.0, 1e-7, 123456789012345678, \"\\u00e9\\n\\\"\"],"
                         " \"y\": {}}",
                         1000, 3);
    json_t *k = NULL;
    struct bl_buf b;

    (void)state;
    bl_buf_init(&b, 1000);
    assert_int_equal(bl_json_dump(j, JSON_COMPACT | JSON_SORT_KEYS, &b, NULL), BL_OK);
    assert_string_equal((char *)b.p, "{\"y\":{},\"z\":[100.0,-0.0,9.9999999999999995e-8,"
                                     "123456789012345678,\"\xc3\xa9\\n\\\"\"]}");
    assert_int_equal(bl_json_parse((char *)b.p, b.len, b.len, 3, &k, NULL), BL_OK);
    assert_true(json_equal(j, k));
    json_decref(k);
    json_decref(j);
    bl_buf_free(&b);
}

static void test_type_names(void **state)
{
    json_t *j = sample();

    (void)state;
    assert_string_equal(bl_json_type_name(j), "object");
    assert_string_equal(bl_json_type_name(json_object_get(j, "a")), "array");
    assert_string_equal(bl_json_type_name(json_object_get(j, "s")), "string");
    assert_string_equal(bl_json_type_name(json_object_get(j, "i")), "integer");
    assert_string_equal(bl_json_type_name(json_object_get(j, "r")), "real");
    assert_string_equal(bl_json_type_name(json_object_get(j, "t")), "boolean");
    assert_string_equal(bl_json_type_name(json_object_get(j, "f")), "boolean");
    assert_string_equal(bl_json_type_name(json_object_get(j, "n")), "null");
    assert_string_equal(bl_json_type_name(NULL), "nothing");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_values), cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_size_limit),   cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_utf8),         cmocka_unit_test(test_nul),
        cmocka_unit_test(test_syntax),       cmocka_unit_test(test_get_string),
        cmocka_unit_test(test_get_others),   cmocka_unit_test(test_has_string),
        cmocka_unit_test(test_dump),         cmocka_unit_test(test_dump_reparse),
        cmocka_unit_test(test_type_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
