/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_svg.c: unit tests of the SVG badge reader and baker (core/svg.c):
 * the conformance fixtures, bake/extract round trips with byte-for-byte
 * preservation of the rest of the document, and every refused input with
 * its specific error code.
 */
#include <jansson.h>
#include <string.h>

#include "core/buf.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/svg.h"
#include "testutil.h"

#define NS2    "http://openbadges.org"
#define NS3    "https://purl.imsglobal.org/ob/v3p0"
#define SVGNS  "http://www.w3.org/2000/svg"
#define OUTMAX (64u * 1024 * 1024)

/* ---- helpers ---- */

/* A message is one line, and a parse error names its line and column. */
static void check_msg(const struct bl_errinfo *ei, enum bl_err rc)
{
    assert_int_equal(ei->code, rc);
    assert_true(ei->msg[0] != '\0');
    assert_null(strchr(ei->msg, '\n'));
    assert_null(strchr(ei->msg, '\r'));
}

static enum bl_err extract(const char *svg, size_t n, struct bl_svg_badge *b)
{
    struct bl_errinfo ei;
    enum bl_err rc = bl_svg_extract((const unsigned char *)svg, n, b, &ei);

    if (rc != BL_OK)
        check_msg(&ei, rc);
    else
        assert_int_equal(ei.code, BL_OK);
    return rc;
}

static enum bl_err extract_s(const char *svg)
{
    struct bl_svg_badge b;
    enum bl_err rc = extract(svg, strlen(svg), &b);

    bl_svg_badge_free(&b);
    return rc;
}

/*
 * Bake into a buffer that already holds "prefix:" and check that on error it
 * is untouched.  Returns the baked bytes (caller frees) or NULL on error.
 */
static char *bake_n(const char *svg, size_t n, enum bl_obver ver, const char *verify,
                    const char *body, size_t body_len, size_t *outlen, enum bl_err *rcp,
                    struct bl_errinfo *eip)
{
    struct bl_buf out;
    struct bl_errinfo ei;
    enum bl_err rc;
    char *p = NULL;

    bl_buf_init(&out, OUTMAX);
    assert_int_equal(bl_buf_puts(&out, "prefix:"), BL_OK);
    rc = bl_svg_bake((const unsigned char *)svg, n, ver, verify, verify ? strlen(verify) : 0, body,
                     body_len, &out, &ei);
    if (rc == BL_OK) {
        assert_int_equal(ei.code, BL_OK);
        assert_memory_equal(out.p, "prefix:", 7);
        *outlen = out.len - 7;
        p = (char *)bl_strndup((const char *)out.p + 7, out.len - 7);
    } else {
        check_msg(&ei, rc);
        assert_int_equal(out.len, 7);
        assert_memory_equal(out.p, "prefix:", 7);
        *outlen = 0;
    }
    if (rcp != NULL)
        *rcp = rc;
    if (eip != NULL)
        *eip = ei;
    bl_buf_free(&out);
    return p;
}

static char *bake_ok(const char *svg, size_t n, enum bl_obver ver, const char *verify,
                     const char *body, size_t *outlen)
{
    enum bl_err rc;
    char *p = bake_n(svg, n, ver, verify, body, body ? strlen(body) : 0, outlen, &rc, NULL);

    assert_int_equal(rc, BL_OK);
    return p;
}

static enum bl_err bake_rc(const char *svg, size_t n, enum bl_obver ver, const char *verify,
                           const char *body)
{
    enum bl_err rc;
    size_t len;
    char *p = bake_n(svg, n, ver, verify, body, body ? strlen(body) : 0, &len, &rc, NULL);

    bl_free(p);
    return rc;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Bake, then check: the payload reads back (body trimmed, as extraction
 * does), exactly one badge element is left, and baking the result again
 * changes nothing.  Returns the baked document.
 */
static char *roundtrip(const char *svg, size_t n, enum bl_obver ver, const char *verify,
                       const char *body, size_t *outlen)
{
    struct bl_svg_badge b;
    char *out = bake_ok(svg, n, ver, verify, body, outlen), *again;
    size_t len2, bs = 0, be = body ? strlen(body) : 0;
    const char *other = ver == BL_OB2 ? "openbadges:credential" : "openbadges:assertion";
    const char *mine = ver == BL_OB2 ? "<openbadges:assertion" : "<openbadges:credential";

    while (bs < be && is_ws(body[bs]))
        bs++;
    while (be > bs && is_ws(body[be - 1]))
        be--;
    assert_int_equal(extract(out, *outlen, &b), BL_OK);
    assert_int_equal(b.ver, ver);
    if (verify == NULL) {
        assert_null(b.verify);
    } else {
        assert_non_null(b.verify);
        assert_int_equal(b.verify_len, strlen(verify));
        assert_memory_equal(b.verify, verify, b.verify_len);
    }
    if (be == bs) {
        assert_null(b.body);
    } else {
        assert_non_null(b.body);
        assert_int_equal(b.body_len, be - bs);
        assert_memory_equal(b.body, body + bs, be - bs);
    }
    assert_memory_equal(out + b.offset, mine, strlen(mine));
    bl_svg_badge_free(&b);
    /* Only one element, and no element of the other version. */
    assert_non_null(strstr(out, mine));
    assert_null(strstr(strstr(out, mine) + 1, mine));
    assert_null(strstr(out, other));
    again = bake_ok(out, *outlen, ver, verify, body, &len2);
    assert_int_equal(len2, *outlen);
    assert_memory_equal(again, out, len2);
    bl_free(again);
    return out;
}

static char *read_fx(const char *rel, size_t *n)
{
    return (char *)tu_fixture(rel, n);
}

static int is_compact_jws(const char *s)
{
    int dots = 0;
    size_t seg = 0;

    for (; *s != '\0'; s++) {
        if (*s == '.') {
            if (seg == 0)
                return 0;
            dots++;
            seg = 0;
        } else if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
                   (*s >= '0' && *s <= '9') || *s == '-' || *s == '_') {
            seg++;
        } else {
            return 0;
        }
    }
    return dots == 2 && seg > 0;
}

/* Does the JSON array or string `type` of object o hold t? */
static int json_has_type(json_t *o, const char *t)
{
    json_t *ty = json_object_get(o, "type"), *v;
    size_t i;

    if (json_is_string(ty))
        return strcmp(json_string_value(ty), t) == 0;
    json_array_foreach(ty, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), t) == 0)
            return 1;
    }
    return 0;
}

/* Offset just past the first occurrence of needle in hay[0..n). */
static size_t after(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);

    assert_non_null(p);
    return (size_t)(p - hay) + strlen(needle);
}

static size_t before(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);

    assert_non_null(p);
    return (size_t)(p - hay);
}

/* ---- fixtures ---- */

static void test_fx_simple_json(void **state)
{
    struct bl_svg_badge b;
    json_error_t je;
    json_t *j;
    size_t n;
    char *svg = read_fx("ob30/simple-json.svg", &n);

    (void)state;
    assert_int_equal(extract(svg, n, &b), BL_OK);
    assert_int_equal(b.ver, BL_OB3);
    assert_null(b.verify);
    assert_non_null(b.body);
    assert_int_equal(b.body[0], '{');
    assert_int_equal(b.body[b.body_len - 1], '}');
    assert_int_equal(b.line, 4);
    assert_memory_equal(svg + b.offset, "<openbadges:credential>", 23);
    j = json_loadb(b.body, b.body_len, 0, &je);
    assert_non_null(j);
    assert_true(json_has_type(j, "VerifiableCredential"));
    assert_true(json_has_type(j, "OpenBadgeCredential"));
    assert_string_equal(json_string_value(json_object_get(j, "name")), "Teamwork Badge");
    json_decref(j);
    bl_svg_badge_free(&b);
    bl_free(svg);
}

static void fx_jwt(const char *rel)
{
    struct bl_svg_badge b;
    size_t n;
    char *svg = read_fx(rel, &n);

    assert_int_equal(extract(svg, n, &b), BL_OK);
    assert_int_equal(b.ver, BL_OB3);
    assert_non_null(b.verify);
    assert_int_equal(strlen(b.verify), b.verify_len);
    assert_true(is_compact_jws(b.verify));
    assert_null(b.body);
    assert_memory_equal(svg + b.offset, "<openbadges:credential verify=\"eyJ", 34);
    bl_svg_badge_free(&b);
    bl_free(svg);
}

static void test_fx_simple_jwt(void **state)
{
    (void)state;
    fx_jwt("ob30/simple-jwt.svg");
}

static void test_fx_simple_jwt_v1(void **state)
{
    (void)state;
    fx_jwt("ob30/simple-jwt_v1.svg");
}

static void test_fx_baked_example(void **state)
{
    struct bl_svg_badge b;
    json_error_t je;
    json_t *j;
    size_t n;
    char *svg = read_fx("legacy-ob1x/baked_example.svg", &n);

    (void)state;
    assert_int_equal(extract(svg, n, &b), BL_OK);
    assert_int_equal(b.ver, BL_OB2);
    assert_string_equal(b.verify, "https://example.org/assertion.json");
    assert_non_null(b.body);
    j = json_loadb(b.body, b.body_len, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "uid")), "abcdef12345");
    assert_string_equal(json_string_value(json_object_get(j, "badge")),
                        "https://example.org/badge.json");
    json_decref(j);
    assert_int_equal(b.line, 7);
    assert_int_equal(b.column, 2);
    bl_svg_badge_free(&b);
    bl_free(svg);
}

static void test_fx_mozilla_baked(void **state)
{
    struct bl_svg_badge b;
    size_t n;
    char *svg = read_fx("legacy-ob1x/mozilla-bakery-baked.svg", &n);

    (void)state;
    assert_int_equal(extract(svg, n, &b), BL_OK);
    assert_int_equal(b.ver, BL_OB2);
    assert_string_equal(b.verify, "http://example.org");
    assert_string_equal(b.body, "{\"verify\":{\"url\":\"http://example.org\"}}");
    bl_svg_badge_free(&b);
    bl_free(svg);
}

static void test_fx_unbaked(void **state)
{
    static const char *const rel[] = {"legacy-ob1x/unbaked_example.svg",
                                      "legacy-ob1x/mozilla-bakery-unbaked.svg"};
    struct bl_svg_badge b;
    size_t i, n;

    (void)state;
    for (i = 0; i < 2; i++) {
        char *svg = read_fx(rel[i], &n);

        assert_int_equal(extract(svg, n, &b), BL_ENOTFOUND);
        assert_null(b.verify);
        assert_null(b.body);
        bl_free(svg);
    }
}

/* Bake into an unbaked fixture: everything but the insertions is kept. */
static void test_fx_bake_unbaked(void **state)
{
    size_t n, len, rootgt;
    char *svg = read_fx("legacy-ob1x/mozilla-bakery-unbaked.svg", &n), *out;
    const char *add = " xmlns:openbadges=\"" NS2 "\"><openbadges:assertion verify=\"https://"
                      "example.org/a.json\"><![CDATA[{\"id\":\"https://example.org/a.json\"}]]>"
                      "</openbadges:assertion>";

    (void)state;
    out = roundtrip(svg, n, BL_OB2, "https://example.org/a.json",
                    "{\"id\":\"https://example.org/a.json\"}", &len);
    rootgt = after(svg, "viewBox=\"0 0 512 512\"");
    assert_int_equal(len, n + strlen(add) - 1);
    assert_memory_equal(out, svg, rootgt);
    assert_memory_equal(out + rootgt, add, strlen(add));
    assert_memory_equal(out + rootgt + strlen(add), svg + rootgt + 1, n - rootgt - 1);
    bl_free(out);
    bl_free(svg);
}

/* Re-bake a 2.0 fixture as 3.0: the old element goes, the binding switches. */
static void test_fx_rebake_other_version(void **state)
{
    size_t n, len, a, z, za;
    char *svg = read_fx("legacy-ob1x/baked_example.svg", &n), *out;
    const char *el = "<openbadges:credential verify=\"a.b.c\"/>";

    (void)state;
    out = roundtrip(svg, n, BL_OB3, "a.b.c", NULL, &len);
    a = before(svg, NS2);
    assert_memory_equal(out, svg, a);
    assert_memory_equal(out + a, NS3 "\">", strlen(NS3) + 2);
    a += strlen(NS3) + 2;
    assert_memory_equal(out + a, el, strlen(el));
    /* From the root's '>' up to the old element, then after it: unchanged. */
    z = after(svg, NS2 "\">");
    za = before(svg, "<openbadges:assertion");
    assert_memory_equal(out + a + strlen(el), svg + z, za - z);
    z = after(svg, "</openbadges:assertion>");
    assert_int_equal(len - (a + strlen(el) + (za - after(svg, NS2 "\">"))), n - z);
    assert_memory_equal(out + len - (n - z), svg + z, n - z);
    bl_free(out);
    bl_free(svg);
}

/* Re-bake each 3.0 fixture: the DOCTYPE and every other byte survive. */
static void test_fx_rebake_same_version(void **state)
{
    static const char *const rel[] = {"ob30/simple-json.svg", "ob30/simple-jwt.svg",
                                      "ob30/simple-jwt_v1.svg"};
    static const char el[] = "<openbadges:credential><![CDATA[{\"id\":\"urn:x\"}]]>"
                             "</openbadges:credential>";
    size_t i, n, len, root, bs, be;
    char *svg, *out;

    (void)state;
    for (i = 0; i < 3; i++) {
        svg = read_fx(rel[i], &n);
        out = roundtrip(svg, n, BL_OB3, NULL, "{\"id\":\"urn:x\"}", &len);
        root = after(svg, "xml:space=\"preserve\">");
        bs = before(svg, "<openbadges:credential");
        be = strstr(svg, "</openbadges:credential>") ? after(svg, "</openbadges:credential>")
                                                     : after(svg + bs, "/>") + bs;
        assert_memory_equal(out, svg, root);
        assert_memory_equal(out + root, el, strlen(el));
        assert_memory_equal(out + root + strlen(el), svg + root, bs - root);
        assert_int_equal(len, root + strlen(el) + (bs - root) + (n - be));
        assert_memory_equal(out + len - (n - be), svg + be, n - be);
        bl_free(out);
        bl_free(svg);
    }
}

/* ---- round trips ---- */

static const char plain[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<svg xmlns=\"" SVGNS "\" width=\"10\"\n     height=\"10\">\n"
                            "  <rect width=\"10\" height=\"10\"/>\n</svg>\n";

/* Check out == plain with `ins` put in place of the root's '>'. */
static void check_insert(const char *out, size_t len, const char *ins)
{
    size_t gt = after(plain, "height=\"10\"");

    assert_int_equal(len, strlen(plain) - 1 + strlen(ins));
    assert_memory_equal(out, plain, gt);
    assert_memory_equal(out + gt, ins, strlen(ins));
    assert_string_equal(out + gt + strlen(ins), plain + gt + 1);
}

static void test_rt_ob2_verify_body(void **state)
{
    size_t len;
    char *out = roundtrip(plain, strlen(plain), BL_OB2, "https://example.org/a", "{\"a\":1}", &len);

    (void)state;
    check_insert(out, len,
                 " xmlns:openbadges=\"" NS2 "\"><openbadges:assertion verify=\"https://"
                 "example.org/a\"><![CDATA[{\"a\":1}]]></openbadges:assertion>");
    bl_free(out);
}

static void test_rt_ob2_verify_only(void **state)
{
    size_t len;
    char *out = roundtrip(plain, strlen(plain), BL_OB2, "h.p.s", NULL, &len);

    (void)state;
    check_insert(out, len,
                 " xmlns:openbadges=\"" NS2 "\"><openbadges:assertion verify=\"h.p.s\"/>");
    bl_free(out);
}

static void test_rt_ob3_body_only(void **state)
{
    size_t len;
    char *out = roundtrip(plain, strlen(plain), BL_OB3, NULL, "{\"b\":\"\xc3\xa9\"}", &len);

    (void)state;
    check_insert(out, len,
                 " xmlns:openbadges=\"" NS3
                 "\"><openbadges:credential><![CDATA[{\"b\":\"\xc3\xa9\"}]]>"
                 "</openbadges:credential>");
    bl_free(out);
}

static void test_rt_ob3_verify_only(void **state)
{
    size_t len;
    char *out = roundtrip(plain, strlen(plain), BL_OB3, "h.p.s", NULL, &len);

    (void)state;
    check_insert(out, len,
                 " xmlns:openbadges=\"" NS3 "\"><openbadges:credential verify=\"h.p.s\"/>");
    bl_free(out);
}

static void test_rt_cdata_end(void **state)
{
    static const char *const bodies[] = {"a]]>b", "]]>",     "x]]]>y",         "]]>]]>",
                                         "a]]",   "]]>z]]>", "{\"s\":\"]]>\"}"};
    size_t i, len;
    char *out;

    (void)state;
    for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        out = roundtrip(plain, strlen(plain), BL_OB3, NULL, bodies[i], &len);
        bl_free(out);
    }
    out = roundtrip(plain, strlen(plain), BL_OB2, NULL, "a]]>b", &len);
    check_insert(out, len,
                 " xmlns:openbadges=\"" NS2 "\"><openbadges:assertion><![CDATA[a]]]]><![CDATA[>b]]>"
                 "</openbadges:assertion>");
    bl_free(out);
}

static void test_rt_verify_escaping(void **state)
{
    size_t len;
    char *out = roundtrip(plain, strlen(plain), BL_OB2, "a&b\"c<d>e\tf\ng\rh'i", NULL, &len);

    (void)state;
    check_insert(out, len,
                 " xmlns:openbadges=\"" NS2 "\"><openbadges:assertion verify=\"a&amp;b&quot;c&lt;"
                 "d&gt;e&#9;f&#10;g&#13;h'i\"/>");
    bl_free(out);
}

/* A CR survives as a reference (a parser would turn it into LF in CDATA). */
static void test_rt_body_cr_and_ws(void **state)
{
    size_t len;
    char *out;

    (void)state;
    out = roundtrip(plain, strlen(plain), BL_OB3, NULL, "{\r\n\"a\": 1\r}", &len);
    bl_free(out);
    out = roundtrip(plain, strlen(plain), BL_OB3, "v", "  \n{\"a\": 1}\t\n ", &len);
    bl_free(out);
    /* A blank body counts as none: self-closing. */
    out = roundtrip(plain, strlen(plain), BL_OB3, "v", " \n\t", &len);
    check_insert(out, len, " xmlns:openbadges=\"" NS3 "\"><openbadges:credential verify=\"v\"/>");
    bl_free(out);
}

static void test_rt_unicode(void **state)
{
    size_t len;
    char *out;

    (void)state;
    out = roundtrip(plain, strlen(plain), BL_OB3, "\xe2\x82\xac\xf0\x9f\x98\x80",
                    "\xc2\x85 \xef\xbf\xbd \xf4\x8f\xbf\xbd", &len);
    bl_free(out);
}

/* A US-ASCII document gets references for everything non-ASCII. */
static void test_rt_ascii_document(void **state)
{
    static const char in[] = "<?xml version='1.0' encoding='US-ASCII'?><svg><g/></svg>";
    size_t len, i;
    char *out = roundtrip(in, strlen(in), BL_OB3, "n\xc3\xa9",
                          "\xc3\xa9t\xc3\xa9 ]]> \xf0\x9f\x98\x80", &len);

    (void)state;
    for (i = 0; i < len; i++)
        assert_true((unsigned char)out[i] < 0x80);
    assert_string_equal(out, "<?xml version='1.0' encoding='US-ASCII'?><svg xmlns:openbadges=\"" NS3
                             "\"><openbadges:credential verify=\"n&#xE9;\">&#xE9;<![CDATA[t]]>"
                             "&#xE9;<![CDATA[ ]]]]><![CDATA[> ]]>&#x1F600;"
                             "</openbadges:credential><g/></svg>");
    bl_free(out);
}

static void test_rt_utf8_bom(void **state)
{
    static const char in[] = "\xef\xbb\xbf<svg xmlns='" SVGNS "'><g/></svg>";
    size_t len;
    char *out = roundtrip(in, strlen(in), BL_OB2, "u", NULL, &len);

    (void)state;
    assert_string_equal(out, "\xef\xbb\xbf<svg xmlns='" SVGNS "' xmlns:openbadges=\"" NS2
                             "\"><openbadges:assertion verify=\"u\"/><g/></svg>");
    bl_free(out);
}

/* ---- re-baking, roots, prefixes ---- */

static void test_rebake_replaces(void **state)
{
    static const char in[] =
        "<svg xmlns='" SVGNS "' xmlns:openbadges='" NS3 "'>\n"
        "  <g><openbadges:credential verify='old'>\n<![CDATA[ {} ]]></openbadges:credential></g>\n"
        "  <rect/>\n</svg>";
    size_t len;
    char *out = roundtrip(in, strlen(in), BL_OB3, "new", NULL, &len);

    (void)state;
    assert_string_equal(out, "<svg xmlns='" SVGNS "' xmlns:openbadges='" NS3
                             "'><openbadges:credential verify=\"new\"/>\n  <g></g>\n  <rect/>\n"
                             "</svg>");
    bl_free(out);
}

/* The other version's element goes too, whatever its prefix. */
static void test_rebake_removes_other_version(void **state)
{
    static const char in[] = "<svg xmlns:ob='" NS2 "'><ob:assertion verify='old'/><x/></svg>";
    static const char in2[] = "<svg><c:credential xmlns:c='" NS3 "'>{}</c:credential></svg>";
    size_t len;
    char *out = roundtrip(in, strlen(in), BL_OB3, "new", NULL, &len);

    (void)state;
    assert_string_equal(out, "<svg xmlns:ob='" NS2 "' xmlns:openbadges=\"" NS3
                             "\"><openbadges:credential verify=\"new\"/><x/></svg>");
    bl_free(out);
    out = roundtrip(in2, strlen(in2), BL_OB2, "u", NULL, &len);
    assert_string_equal(out, "<svg xmlns:openbadges=\"" NS2
                             "\"><openbadges:assertion verify=\"u\"/></svg>");
    bl_free(out);
}

static void test_rebake_switches_binding(void **state)
{
    static const char in[] = "<svg a='1' xmlns:openbadges = \"" NS3 "\" b='2'>"
                             "<openbadges:credential verify='x'/></svg>";
    size_t len;
    char *out = roundtrip(in, strlen(in), BL_OB2, "y", NULL, &len);

    (void)state;
    assert_string_equal(out, "<svg a='1' xmlns:openbadges = \"" NS2 "\" b='2'>"
                             "<openbadges:assertion verify=\"y\"/></svg>");
    bl_free(out);
}

static void test_self_closing_root(void **state)
{
    static const char in[] = "<!-- c --><svg xmlns='" SVGNS "' width='1'/>\n<!-- d -->\n";
    static const char in2[] = "<s:svg xmlns:s='" SVGNS "'\n/>";
    size_t len;
    char *out = roundtrip(in, strlen(in), BL_OB3, NULL, "{}", &len);

    (void)state;
    assert_string_equal(out, "<!-- c --><svg xmlns='" SVGNS "' width='1' xmlns:openbadges=\"" NS3
                             "\"><openbadges:credential><![CDATA[{}]]></openbadges:credential>"
                             "</svg>\n<!-- d -->\n");
    bl_free(out);
    out = roundtrip(in2, strlen(in2), BL_OB2, "v", NULL, &len);
    assert_string_equal(out, "<s:svg xmlns:s='" SVGNS "'\n xmlns:openbadges=\"" NS2
                             "\"><openbadges:assertion verify=\"v\"/></s:svg>");
    bl_free(out);
}

static void test_root_already_declares(void **state)
{
    static const char in[] = "<svg xmlns:openbadges='" NS2 "'><g/></svg>";
    size_t len;
    char *out = roundtrip(in, strlen(in), BL_OB2, "v", NULL, &len);

    (void)state;
    assert_string_equal(out, "<svg xmlns:openbadges='" NS2
                             "'><openbadges:assertion verify=\"v\"/><g/></svg>");
    bl_free(out);
}

static void test_prefix_bound_elsewhere(void **state)
{
    static const char in[] = "<svg xmlns:openbadges='http://example.com/x'><g/></svg>";
    /* The other badge namespace, but still in use outside the badge. */
    static const char in2[] = "<svg xmlns:openbadges='" NS2 "'><openbadges:other/></svg>";
    static const char in3[] = "<svg xmlns:openbadges='" NS2 "' openbadges:a='1'/>";
    static const char in4[] = "<svg xmlns:openbadges='" NS3 "'><g><openbadges:credential/></g>"
                              "<openbadges:x/></svg>";
    struct bl_errinfo ei;
    enum bl_err rc;
    size_t len;
    char *out;

    (void)state;
    out = bake_n(in, strlen(in), BL_OB3, "v", NULL, 0, &len, &rc, &ei);
    assert_null(out);
    assert_int_equal(rc, BL_ESVG);
    assert_non_null(strstr(ei.msg, "http://example.com/x"));
    assert_int_equal(bake_rc(in2, strlen(in2), BL_OB3, "v", NULL), BL_ESVG);
    assert_int_equal(bake_rc(in3, strlen(in3), BL_OB3, "v", NULL), BL_ESVG);
    assert_int_equal(bake_rc(in4, strlen(in4), BL_OB2, "v", NULL), BL_ESVG);
    /* Same-version bake is fine there. */
    out = roundtrip(in2, strlen(in2), BL_OB2, "v", NULL, &len);
    bl_free(out);
}

/* ---- extraction details ---- */

static void test_match_by_namespace(void **state)
{
    static const char other_prefix[] = "<svg><x:credential xmlns:x='" NS3 "' verify='v'/></svg>";
    static const char wrong_ns[] =
        "<svg xmlns:openbadges='http://example.com/'><openbadges:credential verify='v'/></svg>";
    static const char deep[] =
        "<svg xmlns='" SVGNS "'><g><g><assertion xmlns='" NS2 "' verify='d'/></g></g></svg>";
    static const char nsattr[] = "<svg xmlns:o='" NS2 "' xmlns:p='urn:p'><o:assertion p:verify='x'>"
                                 "b</o:assertion></svg>";
    struct bl_svg_badge b;

    (void)state;
    assert_int_equal(extract(other_prefix, strlen(other_prefix), &b), BL_OK);
    assert_int_equal(b.ver, BL_OB3);
    assert_string_equal(b.verify, "v");
    bl_svg_badge_free(&b);
    assert_int_equal(extract_s(wrong_ns), BL_ENOTFOUND);
    assert_int_equal(extract(deep, strlen(deep), &b), BL_OK);
    assert_int_equal(b.ver, BL_OB2);
    assert_string_equal(b.verify, "d");
    bl_svg_badge_free(&b);
    /* A namespaced verify attribute is not the verify attribute. */
    assert_int_equal(extract(nsattr, strlen(nsattr), &b), BL_OK);
    assert_null(b.verify);
    assert_string_equal(b.body, "b");
    bl_svg_badge_free(&b);
}

static void test_body_joined_and_trimmed(void **state)
{
    static const char in[] = "<svg xmlns:o='" NS2 "'>\n<o:assertion verify='a &amp; b'>\r\n "
                             "<![CDATA[ x ]]>&lt;<!-- c --><![CDATA[y]]> z&#32;\n\t</o:assertion>"
                             "</svg>";
    static const char empty[] = "<svg xmlns:o='" NS2 "'><o:assertion> <![CDATA[ ]]> </o:assertion>"
                                "</svg>";
    static const char vempty[] = "<svg xmlns:o='" NS2 "'><o:assertion verify=''/></svg>";
    struct bl_svg_badge b;

    (void)state;
    assert_int_equal(extract(in, strlen(in), &b), BL_OK);
    assert_string_equal(b.verify, "a & b");
    assert_int_equal(b.verify_len, 5);
    assert_string_equal(b.body, "x <y z");
    assert_int_equal(b.body_len, 6);
    assert_int_equal(b.line, 2);
    assert_int_equal(b.column, 0);
    assert_int_equal(b.offset, before(in, "<o:assertion"));
    bl_svg_badge_free(&b);
    /* Neither verify nor content: found, empty (the caller judges). */
    assert_int_equal(extract(empty, strlen(empty), &b), BL_OK);
    assert_int_equal(b.ver, BL_OB2);
    assert_null(b.verify);
    assert_null(b.body);
    bl_svg_badge_free(&b);
    assert_int_equal(extract(vempty, strlen(vempty), &b), BL_OK);
    assert_non_null(b.verify);
    assert_int_equal(b.verify_len, 0);
    assert_null(b.body);
    bl_svg_badge_free(&b);
}

/* The parser is fed 1 MiB at a time: put the badge across a boundary. */
static void test_large_document(void **state)
{
    struct bl_buf in;
    struct bl_svg_badge b;
    size_t len, at;
    char *out;

    (void)state;
    bl_buf_init(&in, OUTMAX);
    assert_int_equal(bl_buf_puts(&in, "<svg xmlns:o='" NS2 "'><!--"), BL_OK);
    while (in.len < (1u << 20) - 10)
        assert_int_equal(bl_buf_puts(&in, "0123456789abcdef"), BL_OK);
    assert_int_equal(bl_buf_puts(&in, "-->"), BL_OK);
    at = in.len;
    assert_int_equal(bl_buf_puts(&in, "<o:assertion verify='big'><![CDATA[{\"k\":1}]]>"
                                      "</o:assertion><!--"),
                     BL_OK);
    while (in.len < (3u << 20))
        assert_int_equal(bl_buf_puts(&in, "0123456789abcdef"), BL_OK);
    assert_int_equal(bl_buf_puts(&in, "--></svg>"), BL_OK);
    assert_int_equal(extract((const char *)in.p, in.len, &b), BL_OK);
    assert_int_equal(b.offset, at);
    assert_string_equal(b.verify, "big");
    assert_string_equal(b.body, "{\"k\":1}");
    bl_svg_badge_free(&b);
    out = roundtrip((const char *)in.p, in.len, BL_OB3, "n", NULL, &len);
    bl_free(out);
    bl_buf_free(&in);
}

/* ---- refused input ---- */

static void both(const char *svg, size_t n, enum bl_err want)
{
    struct bl_svg_badge b;

    assert_int_equal(extract(svg, n, &b), want);
    assert_null(b.verify);
    assert_null(b.body);
    assert_int_equal(bake_rc(svg, n, BL_OB3, "v", NULL), want);
    assert_int_equal(bake_rc(svg, n, BL_OB2, NULL, "{}"), want);
}

static void test_bad_doctype(void **state)
{
    static const char dtd[] = "<!DOCTYPE svg [<!ELEMENT svg ANY>]><svg/>";
    static const char sys[] = "<!DOCTYPE svg SYSTEM \"file:///etc/passwd\"><svg/>";
    static const char pub[] = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                              "\"http://evil.example/svg11.dtd\"><svg/>";
    static const char empty_subset[] = "<!DOCTYPE svg []><svg/>";
    /* The W3C DOCTYPE editors write is harmless and accepted. */
    static const char w3c[] = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                              "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg/>";

    (void)state;
    both(dtd, strlen(dtd), BL_ESVG_UNSAFE);
    both(sys, strlen(sys), BL_ESVG_UNSAFE);
    both(pub, strlen(pub), BL_ESVG_UNSAFE);
    both(empty_subset, strlen(empty_subset), BL_ESVG_UNSAFE);
    assert_int_equal(extract_s(w3c), BL_ENOTFOUND);
}

static void test_bad_entities(void **state)
{
    static const char laughs[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n<svg xmlns:o=\"" NS2 "\"><o:assertion>&lol9;</o:assertion></svg>";
    static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n"
                              "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
                              "<svg xmlns:o=\"" NS2 "\"><o:assertion>&xxe;</o:assertion></svg>";
    static const char pe[] =
        "<!DOCTYPE svg [<!ENTITY % p SYSTEM \"http://evil/x.dtd\"> %p;]><svg/>";
    static const char undef[] = "<svg>&nbsp;</svg>";
    /* Behind the accepted DOCTYPE, undeclared references are refused too. */
    static const char w3c_content[] =
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
        "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg>&nbsp;</svg>";
    static const char w3c_attr[] = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                                   "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">"
                                   "<svg xmlns:o='" NS2 "'><o:assertion verify='a&x;b'/></svg>";
    static const char w3c_predef[] =
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
        "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">"
        "<svg xmlns:o='" NS2 "'><o:assertion verify='&amp;&lt;&gt;&quot;&apos;&#65;&#x42;'/></svg>";
    struct bl_svg_badge b;

    (void)state;
    both(laughs, strlen(laughs), BL_ESVG_UNSAFE);
    both(xxe, strlen(xxe), BL_ESVG_UNSAFE);
    both(pe, strlen(pe), BL_ESVG_UNSAFE);
    both(undef, strlen(undef), BL_ESVG_UNSAFE);
    both(w3c_content, strlen(w3c_content), BL_ESVG_UNSAFE);
    both(w3c_attr, strlen(w3c_attr), BL_ESVG_UNSAFE);
    assert_int_equal(extract(w3c_predef, strlen(w3c_predef), &b), BL_OK);
    assert_string_equal(b.verify, "&<>\"'AB");
    bl_svg_badge_free(&b);
}

static void test_bad_malformed(void **state)
{
    static const char mismatched[] = "<svg>\n<g>\n  </svg>";
    static const char junk[] = "<svg/><svg/>";
    static const char unbound[] = "<svg><x:g/></svg>";
    static const char dupattr[] = "<svg a='1' a='2'/>";
    static const char nul[] = "<svg>\0</svg>";
    struct bl_svg_badge b;
    struct bl_errinfo ei;

    (void)state;
    both(mismatched, strlen(mismatched), BL_ESVG);
    assert_int_equal(bl_svg_extract((const unsigned char *)mismatched, strlen(mismatched), &b, &ei),
                     BL_ESVG);
    assert_string_equal(ei.msg, "SVG line 3, column 5: mismatched tag");
    both(junk, strlen(junk), BL_ESVG);
    both(unbound, strlen(unbound), BL_ESVG);
    both(dupattr, strlen(dupattr), BL_ESVG);
    both(nul, sizeof(nul) - 1, BL_ESVG);
    both("", 0, BL_ESVG);
    both(NULL, 0, BL_ESVG);
    both("   \n", 4, BL_ESVG);
}

static void test_bad_root(void **state)
{
    static const char html[] = "<html xmlns='http://www.w3.org/1999/xhtml'><svg/></html>";
    static const char wrongns[] = "<svg xmlns='http://example.com/'/>";
    static const char badge_root[] = "<o:assertion xmlns:o='" NS2 "' verify='v'/>";
    struct bl_svg_badge b;
    struct bl_errinfo ei;

    (void)state;
    both(html, strlen(html), BL_ESVG);
    assert_int_equal(bl_svg_extract((const unsigned char *)html, strlen(html), &b, &ei), BL_ESVG);
    assert_string_equal(ei.msg, "SVG line 1, column 1: root element is <html>, not <svg>");
    both(wrongns, strlen(wrongns), BL_ESVG);
    both(badge_root, strlen(badge_root), BL_ESVG);
}

static void test_bad_two_badges(void **state)
{
    static const char two[] = "<svg xmlns:o='" NS2 "' xmlns:p='" NS3 "'>\n"
                              "<o:assertion verify='a'/>\n\n<p:credential verify='b'/>\n</svg>";
    static const char nested[] = "<svg xmlns:o='" NS2 "'><o:assertion verify='a'>"
                                 "<o:assertion verify='b'/></o:assertion></svg>";
    struct bl_svg_badge b;
    struct bl_errinfo ei;

    (void)state;
    both(two, strlen(two), BL_EDUPLICATE);
    assert_int_equal(bl_svg_extract((const unsigned char *)two, strlen(two), &b, &ei),
                     BL_EDUPLICATE);
    assert_non_null(strstr(ei.msg, "line 4"));
    assert_non_null(strstr(ei.msg, "line 2"));
    both(nested, strlen(nested), BL_EDUPLICATE);
}

static void test_bad_encoding(void **state)
{
    static const char le[] = "\xff\xfe<\0s\0v\0g\0/\0>\0";
    static const char be[] = "\xfe\xff\0<\0s\0v\0g\0/\0>";
    static const char nobom[] = "<\0s\0v\0g\0/\0>\0";
    static const char latin1[] = "<?xml version='1.0' encoding='ISO-8859-1'?><svg/>";
    static const char utf16decl[] = "<?xml version='1.0' encoding='UTF-16'?><svg/>";
    static const char badbytes[] = "<svg>\n <g id='\xe9t\xe9'/></svg>";
    static const char overlong[] = "<svg>\xc0\xbc</svg>";
    static const char lower[] = "<?xml version='1.0' encoding='utf-8'?><svg/>";
    struct bl_svg_badge b;
    struct bl_errinfo ei;

    (void)state;
    both(le, sizeof(le) - 1, BL_EUTF8);
    both(be, sizeof(be) - 1, BL_EUTF8);
    both(nobom, sizeof(nobom) - 1, BL_EUTF8);
    both(latin1, strlen(latin1), BL_EUTF8);
    both(utf16decl, strlen(utf16decl), BL_EUTF8);
    both(badbytes, strlen(badbytes), BL_EUTF8);
    assert_int_equal(bl_svg_extract((const unsigned char *)badbytes, strlen(badbytes), &b, &ei),
                     BL_EUTF8);
    assert_non_null(strstr(ei.msg, "SVG line 2, column 9:"));
    both(overlong, strlen(overlong), BL_EUTF8);
    assert_int_equal(extract_s(lower), BL_ENOTFOUND);
}

static void nest(struct bl_buf *b, unsigned depth)
{
    unsigned i;

    bl_buf_reset(b);
    assert_int_equal(bl_buf_puts(b, "<svg>"), BL_OK);
    for (i = 1; i < depth; i++)
        assert_int_equal(bl_buf_puts(b, "<g>"), BL_OK);
    for (i = 1; i < depth; i++)
        assert_int_equal(bl_buf_puts(b, "</g>"), BL_OK);
    assert_int_equal(bl_buf_puts(b, "</svg>"), BL_OK);
}

static void test_bad_depth(void **state)
{
    struct bl_buf b;
    size_t len;
    char *out;

    (void)state;
    bl_buf_init(&b, OUTMAX);
    nest(&b, BL_SVG_MAX_DEPTH);
    assert_int_equal(extract((const char *)b.p, b.len, &(struct bl_svg_badge){0}), BL_ENOTFOUND);
    out = roundtrip((const char *)b.p, b.len, BL_OB3, "v", NULL, &len);
    bl_free(out);
    nest(&b, BL_SVG_MAX_DEPTH + 1);
    both((const char *)b.p, b.len, BL_ETOOBIG);
    nest(&b, 100000);
    both((const char *)b.p, b.len, BL_ETOOBIG);
    bl_buf_free(&b);
}

/* Every proper prefix of a document is refused, never crashes. */
static void test_bad_truncated(void **state)
{
    static const char doc[] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"" SVGNS "\" xmlns:o=\"" NS2
                              "\">\n  <o:assertion verify=\"v\"><![CDATA[{\"\xc3\xa9\":1}]]>"
                              "</o:assertion>\n  <!-- c --><rect/>\n</svg>";
    size_t k, n = strlen(doc);
    struct bl_svg_badge b;

    (void)state;
    assert_int_equal(extract(doc, n, &b), BL_OK);
    bl_svg_badge_free(&b);
    for (k = 0; k < n; k++) {
        enum bl_err rc = extract(doc, k, &b);

        /* Cutting inside the two-byte character leaves invalid UTF-8. */
        if (rc == BL_EUTF8)
            assert_int_equal(doc[k - 1], '\xc3');
        else
            assert_int_equal(rc, BL_ESVG);
        assert_int_equal(bake_rc(doc, k, BL_OB3, "v", NULL), rc);
    }
}

static void test_bad_payload(void **state)
{
    static const char nul_body[] = "a\0b";
    struct bl_buf big;
    enum bl_err rc;
    size_t len;
    char *out;

    (void)state;
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3,
                             "a\x01"
                             "b",
                             NULL),
                     BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, NULL, "a\x1f"), BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, NULL, "\xef\xbf\xbf"), BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, NULL, "\xed\xa0\x80"), BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, "\xff", NULL), BL_EINVAL);
    out = bake_n(plain, strlen(plain), BL_OB3, NULL, nul_body, 3, &len, &rc, NULL);
    assert_null(out);
    assert_int_equal(rc, BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, NULL, NULL), BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, NULL, "  "), BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB05, "v", NULL), BL_EINVAL);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB_UNKNOWN, "v", NULL), BL_EINVAL);
    /* Payload limit, both ways. */
    bl_buf_init(&big, OUTMAX);
    while (big.len <= BL_PAYLOAD_MAX)
        assert_int_equal(bl_buf_puts(&big, "abcdefghijklmnop"), BL_OK);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, NULL, (const char *)big.p), BL_ETOOBIG);
    assert_int_equal(bake_rc(plain, strlen(plain), BL_OB3, (const char *)big.p, NULL), BL_ETOOBIG);
    bl_buf_reset(&big);
    assert_int_equal(bl_buf_puts(&big, "<svg xmlns:o='" NS2 "'><o:assertion>"), BL_OK);
    while (big.len <= BL_PAYLOAD_MAX + 100)
        assert_int_equal(bl_buf_puts(&big, "abcdefghijklmnop"), BL_OK);
    assert_int_equal(bl_buf_puts(&big, "</o:assertion></svg>"), BL_OK);
    assert_int_equal(extract((const char *)big.p, big.len, &(struct bl_svg_badge){0}), BL_ETOOBIG);
    bl_buf_reset(&big);
    assert_int_equal(bl_buf_puts(&big, "<svg xmlns:o='" NS2 "'><o:assertion verify='"), BL_OK);
    while (big.len <= BL_PAYLOAD_MAX + 100)
        assert_int_equal(bl_buf_puts(&big, "abcdefghijklmnop"), BL_OK);
    assert_int_equal(bl_buf_puts(&big, "'/></svg>"), BL_OK);
    assert_int_equal(extract((const char *)big.p, big.len, &(struct bl_svg_badge){0}), BL_ETOOBIG);
    bl_buf_free(&big);
}

/* Exactly at the payload limit is fine, even with much white space around. */
static void test_payload_at_limit(void **state)
{
    struct bl_buf in;
    struct bl_svg_badge b;
    size_t i;

    (void)state;
    bl_buf_init(&in, OUTMAX);
    assert_int_equal(bl_buf_puts(&in, "<svg xmlns:o='" NS2 "'><o:assertion>"), BL_OK);
    for (i = 0; i < 70000; i++)
        assert_int_equal(bl_buf_puts(&in, "                \n"), BL_OK);
    for (i = 0; i < BL_PAYLOAD_MAX; i++)
        assert_int_equal(bl_buf_putc(&in, i % 100 == 99 ? ' ' : 'x'), BL_OK);
    for (i = 0; i < 70000; i++)
        assert_int_equal(bl_buf_puts(&in, "                \n"), BL_OK);
    assert_int_equal(bl_buf_puts(&in, "</o:assertion></svg>"), BL_OK);
    assert_int_equal(extract((const char *)in.p, in.len, &b), BL_OK);
    assert_int_equal(b.body_len, BL_PAYLOAD_MAX);
    bl_svg_badge_free(&b);
    bl_buf_free(&in);
}

static void test_output_limit(void **state)
{
    struct bl_buf out;
    struct bl_errinfo ei;
    size_t need;

    (void)state;
    need = strlen(plain) +
           strlen(" xmlns:openbadges=\"" NS3 "\"<openbadges:credential verify=\"v\"/>");
    bl_buf_init(&out, need - 1);
    assert_int_equal(bl_svg_bake((const unsigned char *)plain, strlen(plain), BL_OB3, "v", 1, NULL,
                                 0, &out, &ei),
                     BL_ETOOBIG);
    check_msg(&ei, BL_ETOOBIG);
    assert_int_equal(out.len, 0);
    bl_buf_free(&out);
    bl_buf_init(&out, need);
    assert_int_equal(bl_svg_bake((const unsigned char *)plain, strlen(plain), BL_OB3, "v", 1, NULL,
                                 0, &out, &ei),
                     BL_OK);
    assert_int_equal(out.len, need);
    bl_buf_free(&out);
}

static void test_null_args(void **state)
{
    struct bl_svg_badge b;
    struct bl_buf out;

    (void)state;
    bl_buf_init(&out, 100);
    assert_int_equal(bl_svg_extract((const unsigned char *)plain, strlen(plain), NULL, NULL),
                     BL_EINVAL);
    assert_int_equal(bl_svg_extract(NULL, 5, &b, NULL), BL_EINVAL);
    assert_int_equal(bl_svg_bake(NULL, 5, BL_OB3, "v", 1, NULL, 0, &out, NULL), BL_EINVAL);
    assert_int_equal(bl_svg_bake((const unsigned char *)plain, strlen(plain), BL_OB3, "v", 1, NULL,
                                 0, NULL, NULL),
                     BL_EINVAL);
    assert_int_equal(bl_svg_bake((const unsigned char *)plain, strlen(plain), BL_OB3, NULL, 3, NULL,
                                 0, &out, NULL),
                     BL_EINVAL);
    assert_int_equal(out.len, 0);
    bl_svg_badge_free(NULL);
    bl_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fx_simple_json),
        cmocka_unit_test(test_fx_simple_jwt),
        cmocka_unit_test(test_fx_simple_jwt_v1),
        cmocka_unit_test(test_fx_baked_example),
        cmocka_unit_test(test_fx_mozilla_baked),
        cmocka_unit_test(test_fx_unbaked),
        cmocka_unit_test(test_fx_bake_unbaked),
        cmocka_unit_test(test_fx_rebake_other_version),
        cmocka_unit_test(test_fx_rebake_same_version),
        cmocka_unit_test(test_rt_ob2_verify_body),
        cmocka_unit_test(test_rt_ob2_verify_only),
        cmocka_unit_test(test_rt_ob3_body_only),
        cmocka_unit_test(test_rt_ob3_verify_only),
        cmocka_unit_test(test_rt_cdata_end),
        cmocka_unit_test(test_rt_verify_escaping),
        cmocka_unit_test(test_rt_body_cr_and_ws),
        cmocka_unit_test(test_rt_unicode),
        cmocka_unit_test(test_rt_ascii_document),
        cmocka_unit_test(test_rt_utf8_bom),
        cmocka_unit_test(test_rebake_replaces),
        cmocka_unit_test(test_rebake_removes_other_version),
        cmocka_unit_test(test_rebake_switches_binding),
        cmocka_unit_test(test_self_closing_root),
        cmocka_unit_test(test_root_already_declares),
        cmocka_unit_test(test_prefix_bound_elsewhere),
        cmocka_unit_test(test_match_by_namespace),
        cmocka_unit_test(test_body_joined_and_trimmed),
        cmocka_unit_test(test_large_document),
        cmocka_unit_test(test_bad_doctype),
        cmocka_unit_test(test_bad_entities),
        cmocka_unit_test(test_bad_malformed),
        cmocka_unit_test(test_bad_root),
        cmocka_unit_test(test_bad_two_badges),
        cmocka_unit_test(test_bad_encoding),
        cmocka_unit_test(test_bad_depth),
        cmocka_unit_test(test_bad_truncated),
        cmocka_unit_test(test_bad_payload),
        cmocka_unit_test(test_payload_at_limit),
        cmocka_unit_test(test_output_limit),
        cmocka_unit_test(test_null_args),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
