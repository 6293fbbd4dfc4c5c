/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_bake.c: payload classification, Open Badges version sniffing on the
 * conformance documents of every version, and the bake dispatch rules
 * (container version, where a payload goes in an SVG).
 */
#include <string.h>

#include "core/bake.h"
#include "core/mem.h"
#include "core/payload.h"
#include "testutil.h"

static const char plain_svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><g/></svg>";

static enum bl_payload_kind kind_of(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);

    bl_payload_trim(&p, &n);
    return bl_payload_kind(p, n);
}

static void test_payload_kind(void **state)
{
    (void)state;
    assert_int_equal(kind_of("https://example.org/a"), BL_PAYLOAD_URL);
    assert_int_equal(kind_of("  HTTP://example.org/a\n"), BL_PAYLOAD_URL);
    assert_int_equal(kind_of("https://"), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of("https://exa mple.org/"), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of("ftp://example.org/a"), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of("eyJh.eyJi.c2ln"), BL_PAYLOAD_JWS);
    assert_int_equal(kind_of("eyJh..c2ln"), BL_PAYLOAD_JWS); /* detached payload */
    assert_int_equal(kind_of("eyJh.eyJi."), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of("eyJh.eyJi.c2l=n"), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of("a.b.c.d"), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of("\t{\"a\":1}\r\n"), BL_PAYLOAD_JSON);
    assert_int_equal(kind_of("[1]"), BL_PAYLOAD_UNKNOWN);
    assert_int_equal(kind_of(""), BL_PAYLOAD_UNKNOWN);
    assert_string_equal(bl_payload_kind_name(BL_PAYLOAD_JWS), "JWS");
}

static enum bl_obver version_of_file(const char *rel)
{
    size_t n;
    unsigned char *p = tu_fixture(rel, &n);
    const unsigned char *q = p;
    enum bl_obver v;
    struct bl_errinfo ei;

    bl_payload_trim(&q, &n);
    if (bl_payload_version(q, n, bl_payload_kind(q, n), &v, &ei) != BL_OK)
        fail_msg("%s: %s", rel, ei.msg);
    bl_free(p);
    return v;
}

static void test_version_of_fixtures(void **state)
{
    (void)state;
    assert_int_equal(version_of_file("ob20/badgecheck-test-components/0_5_assertion.json"),
                     BL_OB05);
    assert_int_equal(version_of_file("ob20/badgecheck-test-components/1_0_basic_assertion.json"),
                     BL_OB10);
    assert_int_equal(version_of_file("ob20/badgecheck-test-components/1_1_basic_assertion.json"),
                     BL_OB11);
    assert_int_equal(version_of_file("ob20/badgecheck-test-components/2_0_basic_assertion.json"),
                     BL_OB2);
    assert_int_equal(version_of_file("ob20/basic-assertion.json"), BL_OB2);
    assert_int_equal(version_of_file("ob20/simple.jwt"), BL_OB2);
    assert_int_equal(version_of_file("ob30/simple.json"), BL_OB3);
    assert_int_equal(version_of_file("ob30/simple_v1.json"), BL_OB3);
    assert_int_equal(version_of_file("ob30/simple.jwt"), BL_OB3); /* "vc" claim */
    /* The invalid-context assertion names no version we know. */
    assert_int_equal(version_of_file("ob20/basic-assertion-invalid-context.json"), BL_OB_UNKNOWN);
}

static void test_version_errors(void **state)
{
    enum bl_obver v;
    struct bl_errinfo ei;
    static const char bad_json[] = "{\"a\": }";
    static const char bad_jws[] = "eyJh.!!!.c2ln";
    static const char not_object_jws[] = "eyJh.WzFd.c2ln"; /* payload [1] */

    (void)state;
    assert_int_equal(bl_payload_version((const unsigned char *)bad_json, sizeof(bad_json) - 1,
                                        BL_PAYLOAD_JSON, &v, &ei),
                     BL_EJSON);
    assert_int_equal(bl_payload_version((const unsigned char *)bad_jws, sizeof(bad_jws) - 1,
                                        BL_PAYLOAD_JWS, &v, &ei),
                     BL_EPAYLOAD);
    assert_int_equal(bl_payload_version((const unsigned char *)not_object_jws,
                                        sizeof(not_object_jws) - 1, BL_PAYLOAD_JWS, &v, &ei),
                     BL_EJSON);
    assert_non_null(strstr(ei.msg, "not a JSON object"));
}

static void bake_svg(const char *payload, enum bl_obver ver, enum bl_err want, struct bl_buf *out)
{
    struct bl_errinfo ei;
    enum bl_err rc;

    bl_buf_init(out, 1u << 20);
    bl_errinfo_clear(&ei);
    rc = bl_bake((const unsigned char *)plain_svg, sizeof(plain_svg) - 1,
                 (const unsigned char *)payload, strlen(payload), ver, out, &ei);
    if (rc != want)
        fail_msg("bake %s: got %s (%s), wanted %s", payload, bl_err_name(rc), ei.msg,
                 bl_err_name(want));
}

static void test_bake_dispatch_svg(void **state)
{
    struct bl_buf out;
    struct bl_baked b;
    static const char hosted[] =
        "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\","
        "\"id\":\"https://example.org/a/1\"}";
    static const char vc[] = "{\"@context\":[\"https://www.w3.org/ns/credentials/"
                             "v2\"],\"type\":[\"VerifiableCredential\"]}";

    (void)state;
    /* Hosted 2.0 JSON: verify names its id, the body carries it; unbake gives the JSON. */
    bake_svg(hosted, BL_OB_UNKNOWN, BL_OK, &out);
    assert_non_null(strstr((char *)out.p, "verify=\"https://example.org/a/1\""));
    assert_non_null(strstr((char *)out.p, "xmlns:openbadges=\"http://openbadges.org\""));
    assert_int_equal(bl_unbake(out.p, out.len, &b, NULL), BL_OK);
    assert_int_equal(b.format, BL_IMG_SVG);
    assert_int_equal(b.kind, BL_PAYLOAD_JSON);
    assert_int_equal(b.payload_ver, BL_OB_UNKNOWN); /* not parsed until asked */
    bl_baked_identify(&b);
    assert_int_equal(b.payload_ver, BL_OB2);
    assert_true(b.svg_has_verify && b.svg_has_body);
    assert_string_equal((char *)b.payload, hosted);
    bl_baked_free(&b);
    bl_buf_free(&out);

    /* A credential goes into <openbadges:credential> without asking. */
    bake_svg(vc, BL_OB_UNKNOWN, BL_OK, &out);
    assert_non_null(strstr((char *)out.p, "https://purl.imsglobal.org/ob/v3p0"));
    assert_int_equal(bl_unbake(out.p, out.len, &b, NULL), BL_OK);
    assert_int_equal(b.container_ver, BL_OB3);
    assert_false(b.svg_has_verify);
    bl_baked_free(&b);
    bl_buf_free(&out);

    /* A JWS goes into verify, self-closing. */
    bake_svg("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln", BL_OB3, BL_OK, &out);
    assert_non_null(strstr((char *)out.p, "verify=\"eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln\"/>"));
    bl_buf_free(&out);
    /* A JWS whose claims are not JSON is no badge. */
    bake_svg("eyJh.eyJi.c2ln", BL_OB3, BL_EJSON, &out);

    /* Contradictions are refused and nothing is written. */
    bake_svg(vc, BL_OB2, BL_EINVAL, &out);
    assert_int_equal(out.len, 0);
    bake_svg(hosted, BL_OB3, BL_EINVAL, &out);
    bake_svg("https://example.org/a", BL_OB3, BL_EINVAL, &out);
    bake_svg("   ", BL_OB_UNKNOWN, BL_EPAYLOAD, &out);
    bake_svg("hello", BL_OB_UNKNOWN, BL_EPAYLOAD, &out);
    bake_svg("{\"a\":", BL_OB_UNKNOWN, BL_EPAYLOAD, &out); /* not closed: not JSON-shaped */
    bake_svg("{\"a\":}", BL_OB_UNKNOWN, BL_EJSON, &out);
    bl_buf_free(&out);
}

static void test_unbake_formats(void **state)
{
    struct bl_baked b;
    struct bl_errinfo ei;

    (void)state;
    assert_int_equal(bl_image_sniff((const unsigned char *)"\xef\xbb\xbf <svg", 9), BL_IMG_SVG);
    assert_int_equal(bl_image_sniff((const unsigned char *)"GIF89a", 6), BL_IMG_UNKNOWN);
    assert_int_equal(bl_unbake((const unsigned char *)"GIF89a", 6, &b, &ei), BL_EFORMAT);
    assert_null(b.payload);
    assert_int_equal(bl_unbake((const unsigned char *)plain_svg, sizeof(plain_svg) - 1, &b, &ei),
                     BL_ENOTFOUND);
}

static void test_unbake_fixture_jwt_svg(void **state)
{
    size_t n;
    unsigned char *p = tu_fixture("ob30/simple-jwt_v1.svg", &n);
    struct bl_baked b;

    (void)state;
    assert_int_equal(bl_unbake(p, n, &b, NULL), BL_OK);
    assert_int_equal(b.kind, BL_PAYLOAD_JWS);
    assert_int_equal(b.container_ver, BL_OB3);
    bl_baked_identify(&b);
    assert_int_equal(b.payload_ver, BL_OB3); /* VCDM 1.1 "vc" claim */
    bl_baked_free(&b);
    bl_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payload_kind),   cmocka_unit_test(test_version_of_fixtures),
        cmocka_unit_test(test_version_errors), cmocka_unit_test(test_bake_dispatch_svg),
        cmocka_unit_test(test_unbake_formats), cmocka_unit_test(test_unbake_fixture_jwt_svg),
    };

    return cmocka_run_group_tests_name("bake", tests, NULL, NULL);
}
