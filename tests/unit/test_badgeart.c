/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_badgeart.c: generated badge images (core/badgeart.h) and the check
 * of uploaded SVG images (core/svgsafe.h).  The drawings are read back by
 * the SVG reader that unbakes badges and by the safety check; the hostile
 * corpus is the one the issuer space must refuse.
 */
#include "testutil.h"

#include <string.h>

#include "core/badgeart.h"
#include "core/bake.h"
#include "core/buf.h"
#include "core/svg.h"
#include "core/svgsafe.h"

static void draw(const struct bl_badgeart *a, struct bl_buf *b)
{
    struct bl_errinfo ei = {0};
    bl_buf_init(b, BL_BADGEART_SVG_MAX);
    assert_int_equal(bl_badgeart_svg(a, b, &ei), BL_OK);
}

static void test_every_choice_draws_a_safe_svg(void **state)
{
    size_t ns, nc, np;
    const struct bl_badgeart_choice *s = bl_badgeart_choices(BL_BADGEART_SHAPE, &ns);
    const struct bl_badgeart_choice *c = bl_badgeart_choices(BL_BADGEART_COLOUR, &nc);
    const struct bl_badgeart_choice *p = bl_badgeart_choices(BL_BADGEART_PICTO, &np);
    (void)state;
    assert_int_equal(ns, 3);
    assert_true(nc >= 4);
    assert_true(np >= 5);
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < nc; j++)
            for (size_t k = 0; k < np; k++) {
                struct bl_badgeart a;
                struct bl_errinfo ei = {0};
                struct bl_buf b;
                struct bl_svg_badge sb;
                enum bl_svgsafe_why why;
                assert_int_equal(bl_badgeart_from_fields(s[i].id, c[j].id, p[k].id,
                                                         k % 2 ? "Atelier CV" : "", &a, &ei),
                                 BL_OK);
                draw(&a, &b);
                /* Well-formed SVG (no badge in it yet), and nothing active. */
                assert_int_equal(bl_svg_extract(b.p, b.len, &sb, &ei), BL_ENOTFOUND);
                assert_int_equal(bl_svgsafe_check(b.p, b.len, &why, &ei), BL_OK);
                assert_non_null(strstr((char *)b.p, c[j].value));
                assert_null(strstr((char *)b.p, "%s"));
                bl_buf_free(&b);
            }
}

static void test_text_is_escaped_and_drawing_is_stable(void **state)
{
    struct bl_badgeart a;
    struct bl_errinfo ei = {0};
    struct bl_buf b1, b2;
    (void)state;
    assert_int_equal(bl_badgeart_from_fields("ecusson", "rouge", "micro", "<b>&\"'x", &a, &ei),
                     BL_OK);
    draw(&a, &b1);
    draw(&a, &b2);
    assert_int_equal(b1.len, b2.len);
    assert_memory_equal(b1.p, b2.p, b1.len);
    assert_non_null(strstr((char *)b1.p, ">&lt;b&gt;&amp;&quot;&apos;x</text>"));
    assert_null(strstr((char *)b1.p, "<b>"));
    bl_buf_free(&b1);
    bl_buf_free(&b2);
    /* Without text there is no <text> element at all. */
    assert_int_equal(bl_badgeart_from_fields("cercle", "bleu", "etoile", NULL, &a, &ei), BL_OK);
    draw(&a, &b1);
    assert_null(strstr((char *)b1.p, "<text"));
    bl_buf_free(&b1);
}

static void test_fields_are_checked(void **state)
{
    struct bl_badgeart a;
    struct bl_errinfo ei = {0};
    (void)state;
    assert_int_equal(bl_badgeart_from_fields("triangle", "bleu", "etoile", "", &a, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "shape: choose one of the list");
    assert_int_equal(bl_badgeart_from_fields("cercle", "#ff0000", "etoile", "", &a, &ei),
                     BL_EINVAL);
    assert_int_equal(strncmp(ei.msg, "colour:", 7), 0);
    assert_int_equal(bl_badgeart_from_fields("cercle", "bleu", NULL, "", &a, &ei), BL_EINVAL);
    assert_int_equal(strncmp(ei.msg, "picto:", 6), 0);
    /* 12 characters, accents counted once; 13 refused. */
    assert_int_equal(bl_badgeart_from_fields("cercle", "bleu", "coupe", "ÉÉÉÉÉÉÉÉÉÉÉÉ", &a, &ei),
                     BL_OK);
    assert_string_equal(a.text, "ÉÉÉÉÉÉÉÉÉÉÉÉ");
    assert_int_equal(bl_badgeart_from_fields("cercle", "bleu", "coupe", "1234567890123", &a, &ei),
                     BL_EINVAL);
    assert_int_equal(strncmp(ei.msg, "text:", 5), 0);
    assert_int_equal(bl_badgeart_from_fields("cercle", "bleu", "coupe", "a\nb", &a, &ei),
                     BL_EINVAL);
    assert_int_equal(bl_badgeart_from_fields("cercle", "bleu", "coupe", "\xff", &a, &ei), BL_EUTF8);
}

static void test_json_round_trip(void **state)
{
    struct bl_badgeart a, b;
    struct bl_errinfo ei = {0};
    struct bl_buf j;
    (void)state;
    assert_int_equal(bl_badgeart_from_fields("hexagone", "vert", "poignee", "Entraide", &a, &ei),
                     BL_OK);
    bl_buf_init(&j, BL_BADGEART_JSON_MAX);
    assert_int_equal(bl_badgeart_json(&a, &j, &ei), BL_OK);
    assert_string_equal((char *)j.p,
                        "{\"shape\":\"hexagone\",\"colour\":\"vert\",\"picto\":\"poignee\","
                        "\"text\":\"Entraide\"}");
    assert_int_equal(bl_badgeart_parse((char *)j.p, j.len, &b, &ei), BL_OK);
    assert_memory_equal(&a, &b, sizeof a);
    bl_buf_free(&j);
    static const char *const bad[] = {
        "[]", "{\"shape\":\"cercle\",\"colour\":\"bleu\",\"picto\":\"micro\",\"x\":\"1\"}",
        "{\"shape\":1,\"colour\":\"bleu\",\"picto\":\"micro\"}",
        "{\"shape\":\"cercle\",\"colour\":\"bleu\"}", "{"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_not_equal(bl_badgeart_parse(bad[i], strlen(bad[i]), &b, &ei), BL_OK);
}

static enum bl_svgsafe_why check(const char *svg, enum bl_err want)
{
    struct bl_errinfo ei = {0};
    enum bl_svgsafe_why why = BL_SVGSAFE_OK;
    enum bl_err e = bl_svgsafe_check((const unsigned char *)svg, strlen(svg), &why, &ei);
    if (e != want)
        fail_msg("%s: got %s (%s), want %s", svg, bl_err_name(e), ei.msg, bl_err_name(want));
    return why;
}

#define SVG_OPEN                                                                                   \
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xlink\">"

static void test_hostile_svg_is_refused(void **state)
{
    (void)state;
    assert_int_equal(check(SVG_OPEN "<circle r=\"4\"/><a href=\"https://example.org/\">"
                                    "<text>ok</text></a><image href=\"data:image/png;base64,AA\"/>"
                                    "<style>circle{fill:red}</style></svg>",
                           BL_OK),
                     BL_SVGSAFE_OK);
    assert_int_equal(check(SVG_OPEN "<script>alert(1)</script></svg>", BL_ESVG_UNSAFE),
                     BL_SVGSAFE_SCRIPT);
    assert_int_equal(
        check("<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"><s:SCRIPT/></s:svg>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_SCRIPT);
    assert_int_equal(
        check(SVG_OPEN "<foreignObject><p>x</p></foreignObject></svg>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_SCRIPT);
    assert_int_equal(
        check("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_HANDLER);
    assert_int_equal(check(SVG_OPEN "<rect ONCLICK=\"x()\"/></svg>", BL_ESVG_UNSAFE),
                     BL_SVGSAFE_HANDLER);
    assert_int_equal(
        check(SVG_OPEN "<set attributeName=\"onmouseover\" to=\"x()\"/></svg>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_HANDLER);
    assert_int_equal(check(SVG_OPEN "<a x:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
                           BL_ESVG_UNSAFE),
                     BL_SVGSAFE_URL);
    /* Blanks, case and character references do not hide the scheme. */
    assert_int_equal(
        check(SVG_OPEN "<a href=\" JaVa&#x09;Script&#58;alert(1)\"/></svg>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_URL);
    assert_int_equal(
        check(SVG_OPEN "<a href=\"data:text/html,&lt;script&gt;\"/></svg>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_URL);
    assert_int_equal(
        check(SVG_OPEN "<image href=\"data:image/svg+xml,&lt;svg/&gt;\"/></svg>", BL_ESVG_UNSAFE),
        BL_SVGSAFE_URL);
    assert_int_equal(check(SVG_OPEN "<style>@im port url(x.css);</style></svg>", BL_ESVG_UNSAFE),
                     BL_SVGSAFE_OTHER);
    assert_int_equal(check("<?xml-stylesheet href=\"x.css\"?>" SVG_OPEN "</svg>", BL_ESVG_UNSAFE),
                     BL_SVGSAFE_OTHER);
    assert_int_equal(check("<!DOCTYPE svg [<!ENTITY a \"b\">]><svg/>", BL_ESVG_UNSAFE),
                     BL_SVGSAFE_OTHER);
    check("<svg><a></svg>", BL_ESVG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_choice_draws_a_safe_svg),
        cmocka_unit_test(test_text_is_escaped_and_drawing_is_stable),
        cmocka_unit_test(test_fields_are_checked),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_hostile_svg_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
