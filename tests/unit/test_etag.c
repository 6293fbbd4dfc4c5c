/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_etag.c: a version and its body as an entity tag and the version back
 * from If-Match, with the values clients really send (curl, browsers,
 * proxies) and those that must not pass for a version: weak tags, lists,
 * other servers' tags, overflow, a hash of the wrong length or case.
 */
#include <string.h>

#include "core/etag.h"
#include "testutil.h"

static enum bl_err parse(const char *s, int64_t *v)
{
    return bl_etag_version(s, strlen(s), v);
}

static void test_round_trip(void **state)
{
    char tag[BL_ETAG_LEN], quoted[BL_ETAG_LEN + 2];
    int64_t v;
    (void)state;
    const int64_t versions[] = {1, 2, 10, 4096, BL_ETAG_VERSION_MAX};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        bl_etag_of(versions[i], "{}", 2, tag);
        assert_int_equal(tag[0], 'v');
        quoted[0] = '"';
        memcpy(quoted + 1, tag, strlen(tag));
        quoted[strlen(tag) + 1] = '"';
        quoted[strlen(tag) + 2] = '\0';
        assert_int_equal(parse(quoted, &v), BL_OK);
        assert_int_equal(v, versions[i]);
    }
    /* The longest tag fits. */
    bl_etag_of(BL_ETAG_VERSION_MAX, "", 0, tag);
    assert_int_equal(strlen(tag), 1 + 18 + 1 + BL_ETAG_HASH_HEX);
    /* SHA-256("abc") starts ba7816bf8f01cfea (FIPS 180-2, appendix B.1). */
    bl_etag_of(3, "abc", 3, tag);
    assert_string_equal(tag, "v3-ba7816bf8f01cfea");
    /* The bare hash, as the public documents' tags use it (128 bits). */
    char h[33];
    bl_etag_hash("abc", 3, 32, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223");
}

/* Same version, another body (a place taken, a name changed): another tag. */
static void test_body_moves_tag(void **state)
{
    char a[BL_ETAG_LEN], b[BL_ETAG_LEN], c[BL_ETAG_LEN];
    (void)state;
    bl_etag_of(4, "{\"placesLeft\":1}", 16, a);
    bl_etag_of(4, "{\"placesLeft\":0}", 16, b);
    bl_etag_of(5, "{\"placesLeft\":1}", 16, c);
    assert_string_not_equal(a, b);
    assert_string_not_equal(a, c);
    assert_memory_equal(a, "v4-", 3);
    assert_memory_equal(c, "v5-", 3);
    assert_string_equal(a + 3, c + 3);
}

static void test_accepted(void **state)
{
    int64_t v = -1;
    (void)state;
    assert_int_equal(parse("\"v7\"", &v), BL_OK);
    assert_int_equal(v, 7);
    assert_int_equal(parse(" \t\"v12\" ", &v), BL_OK);
    assert_int_equal(v, 12);
    assert_int_equal(parse("*", &v), BL_OK);
    assert_int_equal(v, 0);
    assert_int_equal(parse("  * ", &v), BL_OK);
    assert_int_equal(v, 0);
    /* Not NUL-terminated: only n bytes are read. */
    assert_int_equal(bl_etag_version("\"v45\"junk", 5, &v), BL_OK);
    assert_int_equal(v, 45);
    /* The tag we write: only the version is read, the hash is not compared. */
    assert_int_equal(parse("\"v7-0123456789abcdef\"", &v), BL_OK);
    assert_int_equal(v, 7);
    assert_int_equal(parse(" \"v123456789012345678-ffffffffffffffff\"\t", &v), BL_OK);
    assert_int_equal(v, 123456789012345678);
}

static void test_refused(void **state)
{
    int64_t v = -1;
    (void)state;
    const char *bad[] = {"",
                         " ",
                         "v7",
                         "\"7\"",
                         "\"v\"",
                         "\"v0\"",
                         "\"v007\"",
                         "\"v-1\"",
                         "\"v+1\"",
                         "\"v 1\"",
                         "\"v1",
                         "v1\"",
                         "\"V1\"",
                         "W/\"v1\"",
                         "\"v1\", \"v2\"",
                         "\"v1\",*",
                         "**",
                         "\"v1000000000000000000\"",
                         "\"v99999999999999999999999\"",
                         "\"x-3f2a\"",
                         "\"v-0123456789abcdef\"",
                         "\"v0-0123456789abcdef\"",
                         "\"v07-0123456789abcdef\"",
                         "\"v7-0123456789ABCDEF\"",
                         "\"v7-0123456789abcde\"",
                         "\"v7-0123456789abcdef0\"",
                         "\"v7-0123456789abcdeg\"",
                         "\"v7_0123456789abcdef\"",
                         "\"v7-\"",
                         "\"v7--123456789abcdef\"",
                         "W/\"v7-0123456789abcdef\"",
                         "\"v7-0123456789abcdef\", \"v8-0123456789abcdef\"",
                         "\"v1000000000000000000-0123456789abcdef\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = -1;
        assert_int_equal(parse(bad[i], &v), BL_EINVAL);
        assert_int_equal(v, 0);
    }
    /* A NUL inside is not a digit. */
    assert_int_equal(bl_etag_version("\"v1\0\"", 5, &v), BL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_body_moves_tag),
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
