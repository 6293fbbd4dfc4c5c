/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_accesslog.c: access log lines are one valid JSON object each (parsed
 * back with jansson), whatever bytes the path and user agent hold, and
 * never longer than BL_ACCESSLOG_LINE_MAX.
 */
#include <string.h>

#include "server/accesslog.h"
#include "testutil.h"

static json_t *line_json(const struct bl_access_entry *e, size_t *len)
{
    char buf[BL_ACCESSLOG_LINE_MAX];
    json_error_t err;
    json_t *j;

    *len = bl_accesslog_format(e, buf);
    assert_true(*len <= BL_ACCESSLOG_LINE_MAX);
    assert_int_equal(buf[*len - 1], '\n');
    assert_null(memchr(buf, '\n', *len - 1)); /* one line */
    j = json_loadb(buf, *len, 0, &err);
    if (j == NULL)
        fail_msg("not JSON: %s in %.*s", err.text, (int)*len, buf);
    return j;
}

static void test_fields(void **state)
{
    struct bl_access_entry e = {
        .start = {1795876511, 123456789}, /* 2026-11-28T14:35:11.123Z */
        .id = "00000001deadbeef",
        .remote = "::1",
        .method = "GET",
        .path = "/o/caf\xc3\xa9/\"q\"\\",
        .ua = "curl/7.88.1",
        .status = 404,
        .bytes = 105,
        .us = 42,
    };
    size_t len;
    json_t *j;

    (void)state;
    j = line_json(&e, &len);
    assert_string_equal(json_string_value(json_object_get(j, "time")), "2026-11-28T14:35:11.123Z");
    assert_string_equal(json_string_value(json_object_get(j, "id")), "00000001deadbeef");
    assert_string_equal(json_string_value(json_object_get(j, "remote")), "::1");
    assert_string_equal(json_string_value(json_object_get(j, "path")), "/o/caf\xc3\xa9/\"q\"\\");
    assert_int_equal(json_integer_value(json_object_get(j, "status")), 404);
    assert_int_equal(json_integer_value(json_object_get(j, "bytes")), 105);
    assert_int_equal(json_integer_value(json_object_get(j, "us")), 42);
    assert_string_equal(json_string_value(json_object_get(j, "ua")), "curl/7.88.1");
    json_decref(j);
    /* NULL strings are written as "". */
    e.ua = NULL;
    e.method = NULL;
    j = line_json(&e, &len);
    assert_string_equal(json_string_value(json_object_get(j, "ua")), "");
    assert_string_equal(json_string_value(json_object_get(j, "method")), "");
    json_decref(j);
}

static void test_hostile_bytes(void **state)
{
    struct bl_access_entry e = {.start = {0, 0}, .status = 200};
    char path[3000], ua[3000];
    size_t len;
    json_t *j;

    (void)state;
    /* Controls, DEL, invalid UTF-8 (lone continuation, truncated sequence). */
    e.path = "/a\x01\x1f\x7f\n\r\t\x80\xff\xc3";
    e.ua = "x\xe2\x82";
    j = line_json(&e, &len);
    assert_string_equal(json_string_value(json_object_get(j, "path")),
                        "/a\x01\x1f\x7f\n\r\t\xc2\x80\xc3\xbf\xc3\x83");
    json_decref(j);
    /* Long fields are cut at a character boundary and the line stays JSON. */
    for (size_t i = 0; i + 2 < sizeof path; i += 2) {
        path[i] = '\xc3';
        path[i + 1] = '\xa9';
    }
    path[sizeof path - 2] = '\0';
    memset(ua, '\x01', sizeof ua - 1);
    ua[sizeof ua - 1] = '\0';
    e.path = path;
    e.ua = ua;
    j = line_json(&e, &len);
    assert_true(strlen(json_string_value(json_object_get(j, "path"))) < BL_ACCESSLOG_FIELD_MAX);
    assert_true(strlen(json_string_value(json_object_get(j, "path"))) > 500);
    assert_true(strlen(json_string_value(json_object_get(j, "ua"))) > 100);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_hostile_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
