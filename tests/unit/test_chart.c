/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_chart.c: the dashboard's SVG bar charts (src/core/chart.c) read back
 * by expat, a real XML parser: well-formed, one <rect> per bar with lengths
 * in proportion, title and description referenced by aria-labelledby,
 * hostile labels kept as text; and the French CSV writer (csvout.c).
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/chart.h"
#include "core/csvout.h"
#include "testutil.h"

struct seen {
    int rects, elements, scripts;
    double heights[BL_CHART_BARS_MAX], widths[BL_CHART_BARS_MAX];
    char labelledby[128];
    char text[4096]; /* all character data */
    size_t tn;
};

static double num_attr(const char **at, const char *name)
{
    for (size_t i = 0; at[i]; i += 2)
        if (strcmp(at[i], name) == 0)
            return strtod(at[i + 1], NULL);
    return -1;
}

static void on_start(void *u, const char *name, const char **at)
{
    struct seen *s = u;
    s->elements++;
    if (strcmp(name, "script") == 0 || strncmp(name, "on", 2) == 0)
        s->scripts++;
    for (size_t i = 0; at[i]; i += 2) {
        if (strncmp(at[i], "on", 2) == 0 || strcmp(at[i], "style") == 0)
            s->scripts++;
        if (strcmp(at[i], "aria-labelledby") == 0)
            (void)snprintf(s->labelledby, sizeof s->labelledby, "%s", at[i + 1]);
    }
    if (strcmp(name, "rect") == 0 && s->rects < (int)BL_CHART_BARS_MAX) {
        s->heights[s->rects] = num_attr(at, "height");
        s->widths[s->rects] = num_attr(at, "width");
        s->rects++;
    }
}

static void on_end(void *u, const char *name)
{
    (void)u;
    (void)name;
}

static void on_text(void *u, const char *p, int n)
{
    struct seen *s = u;
    if (s->tn + (size_t)n < sizeof s->text) {
        memcpy(s->text + s->tn, p, (size_t)n);
        s->tn += (size_t)n;
        s->text[s->tn] = '\0';
    }
}

static void parse_svg(const struct bl_buf *b, struct seen *s)
{
    memset(s, 0, sizeof *s);
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, s);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    int ok = XML_Parse(p, (const char *)b->p, (int)b->len, 1);
    if (!ok)
        fprintf(stderr, "expat: %s in %s\n", XML_ErrorString(XML_GetErrorCode(p)), b->p);
    XML_ParserFree(p);
    assert_true(ok);
}

static void test_columns(void **state)
{
    struct bl_chart_bar bars[] = {{"01/09", 4}, {"08/09", 0}, {"15/09", 2}, {"22/09", 1}};
    struct bl_buf b;
    struct seen s;
    (void)state;
    bl_buf_init(&b, BL_CHART_SVG_MAX);
    assert_int_equal(
        bl_chart_svg(&b, BL_CHART_COLUMNS, "w", "Par semaine", "7 en 4 semaines", bars, 4, NULL),
        BL_OK);
    parse_svg(&b, &s);
    assert_int_equal(s.rects, 4);
    assert_true(s.heights[0] > 0);
    assert_true(s.heights[1] == 0);
    /* Heights in proportion to the values (to the tenth of a unit). */
    assert_true(s.heights[2] * 2 > s.heights[0] - 0.2 && s.heights[2] * 2 < s.heights[0] + 0.2);
    assert_true(s.heights[3] * 4 > s.heights[0] - 0.4 && s.heights[3] * 4 < s.heights[0] + 0.4);
    assert_string_equal(s.labelledby, "w-title w-desc");
    assert_non_null(strstr(s.text, "Par semaine"));
    assert_non_null(strstr(s.text, "7 en 4 semaines"));
    assert_non_null(strstr(s.text, "15/09"));
    assert_int_equal(s.scripts, 0);
    assert_non_null(strstr((const char *)b.p, "role=\"img\""));
    bl_buf_free(&b);
}

static void test_bars_escape(void **state)
{
    const char *evil = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>&'";
    struct bl_chart_bar bars[] = {{evil, 3}, {"Très long nom de badge qui dépasse la place", 6}};
    struct bl_buf b;
    struct seen s;
    (void)state;
    bl_buf_init(&b, BL_CHART_SVG_MAX);
    assert_int_equal(bl_chart_svg(&b, BL_CHART_BARS, "c", "Par badge <b>", evil, bars, 2, NULL),
                     BL_OK);
    parse_svg(&b, &s);
    assert_int_equal(s.rects, 2);
    assert_true(s.widths[1] > s.widths[0] * 2 - 0.2 && s.widths[1] < s.widths[0] * 2 + 0.2);
    assert_int_equal(s.scripts, 0);
    /* Only our own elements: svg title desc, 2 x (text rect title text). */
    assert_int_equal(s.elements, 3 + 2 * 4);
    assert_non_null(strstr(s.text, "<script>alert(1)</script>"));
    assert_non_null(strstr(s.text, "Par badge <b>"));
    assert_null(strstr((const char *)b.p, "<script"));
    assert_null(strstr((const char *)b.p, "<img"));
    /* A long label is cut on a character boundary, whole in the bar's tooltip. */
    assert_non_null(strstr(s.text, "Très long nom de badge qui d…"));
    assert_non_null(strstr(s.text, "Très long nom de badge qui dépasse la place : 6"));
    bl_buf_free(&b);
}

static void test_refusals(void **state)
{
    struct bl_chart_bar neg[] = {{"x", -1}}, nolabel[] = {{NULL, 1}}, empty[1];
    struct bl_buf b;
    struct seen s;
    (void)state;
    bl_buf_init(&b, BL_CHART_SVG_MAX);
    assert_int_equal(bl_chart_svg(&b, BL_CHART_BARS, "x", "t", "d", neg, 1, NULL), BL_EINVAL);
    assert_int_equal(bl_chart_svg(&b, BL_CHART_BARS, "x", "t", "d", nolabel, 1, NULL), BL_EINVAL);
    assert_int_equal(bl_chart_svg(&b, BL_CHART_BARS, "a b", "t", "d", empty, 0, NULL), BL_EINVAL);
    assert_int_equal(bl_chart_svg(&b, BL_CHART_BARS, "\"x", "t", "d", empty, 0, NULL), BL_EINVAL);
    assert_int_equal(b.len, 0);
    /* No data: still a labelled picture that says so. */
    assert_int_equal(bl_chart_svg(&b, BL_CHART_BARS, "e", "t", "d", empty, 0, NULL), BL_OK);
    parse_svg(&b, &s);
    assert_int_equal(s.rects, 0);
    assert_non_null(strstr(s.text, "Aucune donnée"));
    /* Too small a buffer: nothing half-written. */
    struct bl_buf small;
    bl_buf_init(&small, 100);
    struct bl_chart_bar one[] = {{"a", 1}};
    assert_int_equal(bl_chart_svg(&small, BL_CHART_COLUMNS, "s", "t", "d", one, 1, NULL),
                     BL_ETOOBIG);
    assert_int_equal(small.len, 0);
    bl_buf_free(&small);
    bl_buf_free(&b);
}

static void test_csvout(void **state)
{
    struct bl_buf b;
    char d[BL_DATE_FR_LEN];
    (void)state;
    bl_buf_init(&b, 4096);
    assert_int_equal(bl_csvout_bom(&b), BL_OK);
    const char *cells[] = {"=HYPERLINK(\"http://x\")",
                           "plain",
                           "a;b",
                           NULL,
                           "+33 6",
                           "-1",
                           "@SUM(A1)",
                           "line\nbreak",
                           "été"};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        assert_int_equal(bl_csvout_cell(&b, cells[i], i == 0), BL_OK);
    assert_int_equal(bl_csvout_eol(&b), BL_OK);
    assert_string_equal((const char *)b.p,
                        "\xEF\xBB\xBF\"'=HYPERLINK(\"\"http://x\"\")\";plain;\"a;b\";;'+33 6;'-1;"
                        "'@SUM(A1);\"line\nbreak\";été\r\n");
    assert_int_equal(bl_date_fr(0, d, NULL), BL_OK);
    assert_string_equal(d, "01/01/1970");
    assert_int_equal(bl_date_fr(1772150400, d, NULL), BL_OK); /* 2026-02-27T00:00:00Z */
    assert_string_equal(d, "27/02/2026");
    assert_int_equal(bl_date_fr(-1000000000000LL, d, NULL), BL_EINVAL);
    bl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_bars_escape),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_csvout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
