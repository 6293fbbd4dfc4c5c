/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_multipart.c: the multipart/form-data parser: the boundary from
 * Content-Type, bodies as browsers and curl send them, binary data with
 * CR, LF and dashes, malformed bodies, and every limit at its edge.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/multipart.h"
#include "testutil.h"

#define B "----WebKitFormBoundary7MA4YWxkTrZu0gW"

static enum bl_err parse(struct bl_arena *a, const char *s, size_t n, struct bl_multipart *m)
{
    return bl_multipart_parse((const unsigned char *)s, n, B, a, m, NULL);
}

static enum bl_err parse_str(struct bl_arena *a, const char *s, struct bl_multipart *m)
{
    return parse(a, s, strlen(s), m);
}

static void test_boundary(void **state)
{
    struct bl_arena a;
    const char *b;
    struct bl_errinfo ei;

    (void)state;
    bl_arena_init(&a);
    assert_int_equal(bl_multipart_boundary("multipart/form-data; boundary=" B, &a, &b, NULL),
                     BL_OK);
    assert_string_equal(b, B);
    assert_int_equal(
        bl_multipart_boundary("Multipart/Form-Data;charset=utf-8;BOUNDARY=\"a b:c\"", &a, &b, NULL),
        BL_OK);
    assert_string_equal(b, "a b:c");
    assert_int_equal(bl_multipart_boundary("multipart/form-data ; boundary=x ", &a, &b, NULL),
                     BL_OK);
    assert_string_equal(b, "x");
    /* Not a form: another type is "unsupported", not "malformed". */
    assert_int_equal(bl_multipart_boundary("application/x-www-form-urlencoded", &a, &b, NULL),
                     BL_EUNSUPPORTED);
    assert_null(b);
    assert_int_equal(bl_multipart_boundary("multipart/mixed; boundary=x", &a, &b, NULL),
                     BL_EUNSUPPORTED);
    assert_int_equal(bl_multipart_boundary(NULL, &a, &b, NULL), BL_EUNSUPPORTED);
    assert_int_equal(bl_multipart_boundary("multipart/form-data", &a, &b, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "Content-Type: no boundary parameter");
    assert_int_equal(bl_multipart_boundary("multipart/form-data; boundary=", &a, &b, NULL),
                     BL_EINVAL);
    assert_int_equal(bl_multipart_boundary("multipart/form-data; boundary=\"\"", &a, &b, NULL),
                     BL_EINVAL);
    assert_int_equal(bl_multipart_boundary("multipart/form-data; boundary=\"x", &a, &b, NULL),
                     BL_EINVAL);
    assert_int_equal(
        bl_multipart_boundary("multipart/form-data; boundary=a; boundary=b", &a, &b, NULL),
        BL_EINVAL);
    /* '!' is a token character but not a boundary character; a trailing space is refused. */
    assert_int_equal(bl_multipart_boundary("multipart/form-data; boundary=a!b", &a, &b, NULL),
                     BL_EINVAL);
    assert_int_equal(bl_multipart_boundary("multipart/form-data; boundary=\"ab \"", &a, &b, NULL),
                     BL_EINVAL);
    assert_int_equal(bl_multipart_boundary("multipart/form-data boundary=x", &a, &b, NULL),
                     BL_EINVAL);
    /* 70 characters at most (RFC 2046). */
    {
        char ct[128];
        char b70[71];
        memset(b70, 'z', 70);
        b70[70] = '\0';
        snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b70);
        assert_int_equal(bl_multipart_boundary(ct, &a, &b, NULL), BL_OK);
        assert_int_equal(strlen(b), 70);
        snprintf(ct, sizeof ct, "multipart/form-data; boundary=%sz", b70);
        assert_int_equal(bl_multipart_boundary(ct, &a, &b, NULL), BL_EINVAL);
    }
    bl_arena_free(&a);
}

static void test_browser_body(void **state)
{
    static const char body[] =
        "--" B "\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"badge \\\"1\\\".png\"\r\n"
        "Content-Type: image/png\r\n"
        "\r\n"
        "\x89PNG\r\n\x1a\n\0\r\n----WebKitFormBoundary7MA4\n--" B "\r\n-\r\n"
        "\r\n--" B "\r\n"
        "content-disposition: FORM-DATA; name=text\r\n"
        "X-Ignored: yes\r\n"
        "\r\n"
        "https://example.org/a\r\n"
        "\r\n--" B "\r\n"
        "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\r\n--" B "--\r\nepilogue, ignored";
    static const char data0[] =
        "\x89PNG\r\n\x1a\n\0\r\n----WebKitFormBoundary7MA4\n--" B "\r\n-\r\n";
    struct bl_arena a;
    struct bl_multipart m;
    const struct bl_multipart_part *p;

    (void)state;
    bl_arena_init(&a);
    assert_int_equal(parse(&a, body, sizeof body - 1, &m), BL_OK);
    assert_int_equal(m.n, 3);
    p = bl_multipart_get(&m, "file");
    assert_non_null(p);
    assert_string_equal(p->filename, "badge \"1\".png");
    assert_string_equal(p->content_type, "image/png");
    /* Binary data with NUL, CRLF, a cut boundary and one without CRLF before stays whole. */
    assert_int_equal(p->len, sizeof data0 - 1);
    assert_memory_equal(p->data, data0, sizeof data0 - 1);
    p = bl_multipart_get(&m, "text");
    assert_non_null(p);
    assert_null(p->filename);
    assert_null(p->content_type);
    assert_int_equal(p->len, 23);
    assert_memory_equal(p->data, "https://example.org/a\r\n", 23);
    p = bl_multipart_get(&m, "empty");
    assert_string_equal(p->filename, "");
    assert_int_equal(p->len, 0);
    assert_null(bl_multipart_get(&m, "missing"));
    bl_arena_free(&a);
}

static void test_curl_body(void **state)
{
    /* As curl -F sends it: transport padding after a delimiter is allowed too. */
    static const char body[] = "--" B "  \r\n"
                               "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                               "1\r\n--" B "\r\n"
                               "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                               "2\r\n--" B "--";
    struct bl_arena a;
    struct bl_multipart m;

    (void)state;
    bl_arena_init(&a);
    assert_int_equal(parse_str(&a, body, &m), BL_OK);
    assert_int_equal(m.n, 2);
    /* Duplicates are kept in order; get returns the first. */
    assert_memory_equal(bl_multipart_get(&m, "a")->data, "1", 1);
    assert_memory_equal(m.parts[1].data, "2", 1);
    bl_arena_free(&a);
}

static void expect(const char *body, enum bl_err want, const char *msg)
{
    struct bl_arena a;
    struct bl_multipart m;
    struct bl_errinfo ei;

    bl_arena_init(&a);
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_multipart_parse((const unsigned char *)body, strlen(body), B, &a, &m, &ei),
                     want);
    assert_int_equal(m.n, 0);
    assert_null(m.parts);
    if (msg && strstr(ei.msg, msg) == NULL)
        fail_msg("'%s' does not say '%s'", ei.msg, msg);
    bl_arena_free(&a);
}

#define DISP "Content-Disposition: form-data; name=\"f\"\r\n"

static void test_malformed(void **state)
{
    (void)state;
    expect("", BL_EINVAL, "does not start with the boundary");
    expect("preamble\r\n--" B "\r\n" DISP "\r\nx\r\n--" B "--", BL_EINVAL, "does not start");
    expect("--" B "--", BL_EINVAL, "no part");
    expect("--" B "\r\n" DISP "\r\nx", BL_EINVAL, "no closing boundary");
    expect("--" B "\r\n" DISP "\r\nx\r\n--" B, BL_EINVAL, "not followed by CRLF");
    expect("--" B "x\r\n" DISP "\r\nx\r\n--" B "--", BL_EINVAL, "not followed by CRLF");
    expect("--" B "\n" DISP "\r\nx\r\n--" B "--", BL_EINVAL, "not followed by CRLF");
    /* Headers: LF alone, no disposition, not form-data, no name, folding, control bytes. */
    expect("--" B "\r\nContent-Disposition: form-data; name=\"f\"\n\r\nx\r\n--" B "--", BL_EINVAL,
           "CRLF");
    expect("--" B "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" B "--", BL_EINVAL,
           "without Content-Disposition");
    expect("--" B "\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--" B "--",
           BL_EINVAL, "not form-data");
    expect("--" B "\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nx\r\n--" B "--",
           BL_EINVAL, "without a name");
    expect("--" B "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--" B "--", BL_EINVAL,
           "without a name");
    expect("--" B "\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n--" B
           "--",
           BL_EINVAL, "two name");
    expect("--" B "\r\n" DISP DISP "\r\nx\r\n--" B "--", BL_EINVAL, "two Content-Disposition");
    expect("--" B "\r\n" DISP "Content-Type: a\r\nContent-Type: b\r\n\r\nx\r\n--" B "--", BL_EINVAL,
           "two Content-Type");
    expect("--" B "\r\nContent-Disposition: form-data;\r\n name=\"f\"\r\n\r\nx\r\n--" B "--",
           BL_EINVAL, NULL);
    expect("--" B "\r\nContent-Disposition: form-data; name=\"f\x01\"\r\n\r\nx\r\n--" B "--",
           BL_EINVAL, "control character");
    expect("--" B "\r\nContent-Disposition: form-data; name=\"f\r\n\r\nx\r\n--" B "--", BL_EINVAL,
           "unterminated");
    expect("--" B "\r\nContent-Disposition: form-data; name\r\n\r\nx\r\n--" B "--", BL_EINVAL,
           "without '='");
    expect("--" B "\r\n: x\r\n" DISP "\r\nx\r\n--" B "--", BL_EINVAL, "without a name");
    expect("--" B "\r\nNo colon\r\n" DISP "\r\nx\r\n--" B "--", BL_EINVAL, "without a name");
    /* Names must be UTF-8. */
    expect("--" B "\r\nContent-Disposition: form-data; name=\"\xc3\"\r\n\r\nx\r\n--" B "--",
           BL_EUTF8, "name is not UTF-8");
    expect("--" B "\r\n"
           "Content-Disposition: form-data; name=\"f\"; filename=\"\xff.png\"\r\n"
           "\r\nx\r\n--" B "--",
           BL_EUTF8, "filename is not UTF-8");
}

static void test_limits(void **state)
{
    struct bl_arena a;
    struct bl_multipart m;
    struct bl_buf b;
    struct bl_errinfo ei;

    (void)state;
    bl_arena_init(&a);
    bl_buf_init(&b, 1u << 20);
    /* BL_MULTIPART_MAX_PARTS parts pass, one more does not. */
    for (unsigned i = 0; i < BL_MULTIPART_MAX_PARTS; i++)
        assert_int_equal(bl_buf_printf(&b,
                                       "--" B "\r\nContent-Disposition: form-data; "
                                       "name=\"p%u\"\r\n\r\n%u\r\n",
                                       i, i),
                         BL_OK);
    assert_int_equal(bl_buf_puts(&b, "--" B "--\r\n"), BL_OK);
    assert_int_equal(parse(&a, (const char *)b.p, b.len, &m), BL_OK);
    assert_int_equal(m.n, BL_MULTIPART_MAX_PARTS);
    assert_memory_equal(bl_multipart_get(&m, "p31")->data, "31", 2);
    b.len -= strlen("--" B "--\r\n");
    assert_int_equal(bl_buf_puts(&b, "--" B "\r\n" DISP "\r\nx\r\n--" B "--"), BL_OK);
    assert_int_equal(bl_multipart_parse(b.p, b.len, B, &a, &m, &ei), BL_ETOOBIG);
    char want[40];
    snprintf(want, sizeof want, "more than %u parts", BL_MULTIPART_MAX_PARTS);
    assert_string_equal(ei.msg, want);

    /* A header block of exactly BL_MULTIPART_MAX_HEADER bytes passes; one more byte does not. */
    for (size_t pad = 0; pad < 2; pad++) {
        size_t fixed = strlen(DISP) + strlen("X-Pad: \r\n") + 2;
        bl_buf_reset(&b);
        assert_int_equal(bl_buf_puts(&b, "--" B "\r\n" DISP "X-Pad: "), BL_OK);
        for (size_t i = 0; i < BL_MULTIPART_MAX_HEADER - fixed + pad; i++)
            assert_int_equal(bl_buf_putc(&b, 'p'), BL_OK);
        assert_int_equal(bl_buf_puts(&b, "\r\n\r\nx\r\n--" B "--"), BL_OK);
        assert_int_equal(bl_multipart_parse(b.p, b.len, B, &a, &m, &ei), pad ? BL_ETOOBIG : BL_OK);
    }
    /* A header line that never ends is refused at the limit, not at the end of the body. */
    bl_buf_reset(&b);
    assert_int_equal(bl_buf_puts(&b, "--" B "\r\nX: "), BL_OK);
    for (size_t i = 0; i < 3 * BL_MULTIPART_MAX_HEADER; i++)
        assert_int_equal(bl_buf_putc(&b, 'p'), BL_OK);
    assert_int_equal(bl_multipart_parse(b.p, b.len, B, &a, &m, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "part headers over 4096 bytes");

    /* Total size: refused before looking at the bytes. */
    assert_int_equal(bl_multipart_parse(b.p, BL_MULTIPART_MAX_BYTES + 1u, B, &a, &m, &ei),
                     BL_ETOOBIG);
    /* A boundary the caller got elsewhere is checked too. */
    assert_int_equal(bl_multipart_parse(b.p, b.len, "", &a, &m, NULL), BL_EINVAL);
    assert_int_equal(bl_multipart_parse(b.p, b.len, NULL, &a, &m, NULL), BL_EINVAL);
    bl_buf_free(&b);
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boundary),  cmocka_unit_test(test_browser_body),
        cmocka_unit_test(test_curl_body), cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
