/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_tmpl.c: the template engine against every test of the mustache spec
 * (FIXTURES/mustache-spec, one cmocka test per spec file), then our own
 * cases: escaping of hostile values, errors with positions, limits, and the
 * embedded web templates.
 */
#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "core/mem.h"
#include "core/tmpl.h"
#include "testutil.h"

BL_EMBEDDED_DECLARE(bl_web_templates);

#define OUT_MAX      (1u << 20)
#define MAX_PARTIALS 16

/* Partials by name, for the lookup callback. */
struct partials {
    size_t n;
    const char *name[MAX_PARTIALS];
    struct bl_tmpl *t[MAX_PARTIALS];
};

static const struct bl_tmpl *lookup(void *cls, const char *name, size_t n)
{
    const struct partials *ps = cls;

    for (size_t i = 0; i < ps->n; i++)
        if (strlen(ps->name[i]) == n && memcmp(ps->name[i], name, n) == 0)
            return ps->t[i];
    return NULL;
}

static void partials_free(struct partials *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        bl_tmpl_free(ps->t[i]);
    ps->n = 0;
}

/* Compile and render; the result is in *out (text) or the error code is returned. */
static enum bl_err render(const char *src, const json_t *data, struct partials *ps,
                          struct bl_buf *out, struct bl_errinfo *ei)
{
    struct bl_tmpl *t = NULL;
    struct bl_tmpl_env env = {lookup, ps, 0};
    enum bl_err rc;

    bl_errinfo_clear(ei);
    rc = bl_tmpl_compile(src, strlen(src), &t, ei);
    if (rc == BL_OK)
        rc = bl_tmpl_render(t, data, &env, out, ei);
    bl_tmpl_free(t);
    return rc;
}

/* Run one spec test; 1 when the output is the expected one. */
static int spec_case(json_t *tc, const char *file, int known)
{
    struct partials ps = {0};
    struct bl_buf out;
    struct bl_errinfo ei;
    const char *key, *expected = json_string_value(json_object_get(tc, "expected"));
    json_t *v;
    enum bl_err rc = BL_OK;
    int ok;

    bl_buf_init(&out, OUT_MAX);
    json_object_foreach(json_object_get(tc, "partials"), key, v)
    {
        assert_true(ps.n < MAX_PARTIALS);
        ps.name[ps.n] = key;
        rc = bl_tmpl_compile(json_string_value(v), json_string_length(v), &ps.t[ps.n], &ei);
        if (rc != BL_OK)
            break;
        ps.n++;
    }
    if (rc == BL_OK)
        rc = render(json_string_value(json_object_get(tc, "template")), json_object_get(tc, "data"),
                    &ps, &out, &ei);
    ok = rc == BL_OK && expected != NULL && out.len == strlen(expected) &&
         (out.len == 0 || memcmp(out.p, expected, out.len) == 0);
    if (!ok && known)
        print_message("# %s: '%s' failed (known, not supported)\n", file,
                      json_string_value(json_object_get(tc, "name")));
    else if (!ok)
        print_message("# %s: '%s' failed: %s; got \"%s\"\n", file,
                      json_string_value(json_object_get(tc, "name")),
                      rc == BL_OK ? "wrong output" : ei.msg, out.p ? (char *)out.p : "");
    partials_free(&ps);
    bl_buf_free(&out);
    return ok;
}

/*
 * Run every test of a spec file.  known_fail lists tests we know we do not
 * pass (an optional module's corner); every other test must pass.
 */
static void spec_file(const char *file, const char *const *known_fail)
{
    char rel[256];
    json_t *doc, *tc;
    size_t i, pass = 0, total, expected_fail = 0;

    snprintf(rel, sizeof(rel), "mustache-spec/%s", file);
    doc = tu_load_json(rel, true);
    total = json_array_size(json_object_get(doc, "tests"));
    assert_true(total > 0);
    json_array_foreach(json_object_get(doc, "tests"), i, tc)
    {
        const char *name = json_string_value(json_object_get(tc, "name"));
        int known = 0;

        for (size_t k = 0; known_fail != NULL && known_fail[k] != NULL; k++)
            known |= strcmp(known_fail[k], name) == 0;
        if (spec_case(tc, file, known))
            pass++;
        else if (known)
            expected_fail++;
    }
    print_message("# %s: %zu of %zu spec tests passed\n", file, pass, total);
    json_decref(doc);
    assert_int_equal(pass + expected_fail, total);
}

static void test_spec_comments(void **state)
{
    (void)state;
    spec_file("comments.json", NULL);
}

static void test_spec_delimiters(void **state)
{
    (void)state;
    spec_file("delimiters.json", NULL);
}

static void test_spec_interpolation(void **state)
{
    (void)state;
    spec_file("interpolation.json", NULL);
}

static void test_spec_inverted(void **state)
{
    (void)state;
    spec_file("inverted.json", NULL);
}

static void test_spec_partials(void **state)
{
    (void)state;
    spec_file("partials.json", NULL);
}

static void test_spec_sections(void **state)
{
    (void)state;
    spec_file("sections.json", NULL);
}

static void test_spec_dynamic_names(void **state)
{
    (void)state;
    spec_file("~dynamic-names.json", NULL);
}

static void test_spec_inheritance(void **state)
{
    /* Not supported (docs/internals/tmpl.md): a line holding a parent or block
     * tag together with other tags is not seen as standalone, and block
     * content is not re-indented to the site of expansion. */
    static const char *const known_fail[] = {"Inherit",
                                             "Override parent with newlines",
                                             "Standalone parent",
                                             "Standalone block",
                                             "Block reindentation",
                                             "Intrinsic indentation",
                                             "Nested block reindentation",
                                             NULL};

    (void)state;
    spec_file("~inheritance.json", known_fail);
}

static void test_spec_lambdas(void **state)
{
    (void)state;
    print_message("# ~lambdas.json: skipped: the spec's lambdas are code in host languages "
                  "(Ruby, JS, ...) and JSON data cannot carry a C function\n");
    skip();
}

/* Render src against the JSON text data; fail the test on any error. */
static char *render_ok(const char *src, const char *data)
{
    json_t *j = json_loads(data, 0, NULL);
    struct partials ps = {0};
    struct bl_buf out;
    struct bl_errinfo ei;

    assert_non_null(j);
    bl_buf_init(&out, OUT_MAX);
    if (render(src, j, &ps, &out, &ei) != BL_OK)
        fail_msg("render of '%s' failed: %s", src, ei.msg);
    json_decref(j);
    return (char *)bl_buf_detach(&out, NULL);
}

static void test_escape_hostile(void **state)
{
    char *s;

    (void)state;
    s = render_ok("<p>{{x}}</p>", "{\"x\": \"<script>alert('x&y')</script>\"}");
    assert_string_equal(s, "<p>&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;</p>");
    bl_free(s);
    /* A value cannot leave a quoted attribute, nor add one to an unquoted one. */
    s = render_ok("<a title=\"{{t}}\" href={{u}}>", "{\"t\": \"\\\" onclick=\\\"x()\", "
                                                    "\"u\": \"a onmouseover=`y`\"}");
    assert_string_equal(s, "<a title=\"&quot; onclick&#61;&quot;x()\" "
                           "href=a onmouseover&#61;&#96;y&#96;>");
    bl_free(s);
    /* Raw output is raw; a value is never parsed as a template. */
    s = render_ok("{{{x}}}|{{& x}}|{{y}}", "{\"x\": \"<b>\", \"y\": \"{{x}}\"}");
    assert_string_equal(s, "<b>|<b>|{{x}}");
    bl_free(s);
    /* UTF-8 and NUL bytes pass through untouched. */
    s = render_ok("{{x}}", "{\"x\": \"\\u00e9t\\u00e9 \\u2013 ok\"}");
    assert_string_equal(s, "\xc3\xa9t\xc3\xa9 \xe2\x80\x93 ok");
    bl_free(s);
}

static void test_values(void **state)
{
    char *s;

    (void)state;
    s = render_ok("{{i}} {{r}} {{e}} {{t}} {{f}} {{n}} {{o}} {{a}} {{big}}",
                  "{\"i\": -42, \"r\": 0.1, \"e\": 1e300, \"t\": true, \"f\": false, \"n\": null,"
                  " \"o\": {}, \"a\": [1], \"big\": 9007199254740993}");
    assert_string_equal(s, "-42 0.1 1e+300 true false    9007199254740993");
    bl_free(s);
    /* Falsey: "", [], null, false, missing; 0 and {} are truthy. */
    s = render_ok("{{#s}}s{{/s}}{{#a}}a{{/a}}{{#z}}z{{/z}}{{#o}}o{{/o}}{{^s}}!s{{/s}}",
                  "{\"s\": \"\", \"a\": [], \"z\": 0, \"o\": {}}");
    assert_string_equal(s, "zo!s");
    bl_free(s);
}

/* Compile src and expect code with exactly msg in the error detail. */
static void expect_error(const char *src, enum bl_err code, const char *msg)
{
    struct bl_tmpl *t = NULL;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_tmpl_compile(src, strlen(src), &t, &ei), code);
    assert_null(t);
    assert_string_equal(ei.msg, msg);
}

static void test_errors_with_positions(void **state)
{
    (void)state;
    expect_error("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n", BL_EINVAL,
                 "template line 2 col 3: unclosed section 'items'");
    expect_error("a\nbc {{name\n", BL_EINVAL, "template line 2 col 4: unclosed tag '{{name\n'");
    expect_error("{{#a}}\n{{#b}}x{{/a}}", BL_EINVAL,
                 "template line 2 col 8: closing tag 'a' does not match section 'b' opened at "
                 "line 2 col 1");
    expect_error("x{{/a}}", BL_EINVAL,
                 "template line 1 col 2: closing tag without open section 'a'");
    expect_error("{{}}", BL_EINVAL, "template line 1 col 1: empty tag name ''");
    expect_error("{{a b}}", BL_EINVAL, "template line 1 col 1: space inside tag name 'a b'");
    expect_error("{{a..b}}", BL_EINVAL,
                 "template line 1 col 1: empty component in dotted name 'a..b'");
    expect_error("{{=<% %> x=}}", BL_EINVAL,
                 "template line 1 col 1: bad set-delimiters tag '<% %> x'");
    expect_error("{{{x}}", BL_EINVAL, "template line 1 col 1: unclosed tag '{{{x}}'");
}

static void test_limits(void **state)
{
    struct bl_tmpl *t = NULL, *self = NULL;
    struct partials ps = {0};
    struct bl_tmpl_env env = {lookup, &ps, 0};
    struct bl_buf out;
    struct bl_errinfo ei;
    char *big, deep[8 * (BL_TMPL_MAX_DEPTH + 1) * 2 + 1];
    size_t k = 0;
    json_t *j;

    (void)state;
    /* Template size. */
    big = bl_calloc(1, BL_TMPL_MAX_SIZE + 2);
    memset(big, 'x', BL_TMPL_MAX_SIZE + 1);
    assert_int_equal(bl_tmpl_compile(big, BL_TMPL_MAX_SIZE + 1, &t, &ei), BL_ETOOBIG);
    assert_int_equal(bl_tmpl_compile(big, BL_TMPL_MAX_SIZE, &t, &ei), BL_OK);
    bl_tmpl_free(t);
    bl_free(big);
    /* Section nesting at compile time: 64 levels compile, 65 do not. */
    for (unsigned d = 0; d <= BL_TMPL_MAX_DEPTH; d++)
        k += (size_t)snprintf(deep + k, sizeof(deep) - k, "{{#a}}");
    assert_int_equal(bl_tmpl_compile(deep, k, &t, &ei), BL_ETOOBIG);
    assert_int_equal(bl_tmpl_compile(deep, k - 6, &t, &ei), BL_EINVAL); /* unclosed */
    /* A partial that includes itself stops at the depth limit. */
    assert_int_equal(bl_tmpl_compile("x{{>self}}", 10, &self, &ei), BL_OK);
    ps.name[0] = "self";
    ps.t[0] = self;
    ps.n = 1;
    j = json_object();
    bl_buf_init(&out, OUT_MAX);
    assert_int_equal(bl_tmpl_render(self, j, &env, &out, &ei), BL_ETOOBIG);
    assert_non_null(strstr(ei.msg, "nested deeper than 64"));
    /* Output cap: the buffer's max. */
    bl_buf_free(&out);
    bl_buf_init(&out, 10);
    assert_int_equal(bl_tmpl_compile("0123456789A", 11, &t, &ei), BL_OK);
    assert_int_equal(bl_tmpl_render(t, j, NULL, &out, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "template output over the limit of 10 bytes");
    bl_tmpl_free(t);
    /* Step budget: 20 nested sections over a 2-element list would be 2^20 runs. */
    json_decref(j);
    j = json_loads("{\"a\": [1, 2]}", 0, NULL);
    k = 0;
    for (int d = 0; d < 20; d++)
        k += (size_t)snprintf(deep + k, sizeof(deep) - k, "{{#a}}");
    for (int d = 0; d < 20; d++)
        k += (size_t)snprintf(deep + k, sizeof(deep) - k, "{{/a}}");
    assert_int_equal(bl_tmpl_compile(deep, k, &t, &ei), BL_OK);
    env.max_steps = 10000;
    bl_buf_free(&out);
    bl_buf_init(&out, OUT_MAX);
    assert_int_equal(bl_tmpl_render(t, j, &env, &out, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "template rendering over 10000 steps");
    env.max_steps = 0; /* the default budget lets it finish */
    bl_buf_reset(&out);
    assert_int_equal(bl_tmpl_render(t, j, &env, &out, &ei), BL_OK);
    bl_tmpl_free(t);
    bl_buf_free(&out);
    json_decref(j);
    partials_free(&ps);
}

/* A compiled template is read-only: two renders give the same bytes. */
static void test_reuse(void **state)
{
    struct bl_tmpl *t = NULL;
    struct bl_buf a, b;
    json_t *j = json_loads("{\"l\": [{\"n\": \"<1>\"}, {\"n\": \"2\"}]}", 0, NULL);
    const char *src = "{{#l}}<li>{{n}}</li>\n{{/l}}";

    (void)state;
    bl_buf_init(&a, OUT_MAX);
    bl_buf_init(&b, OUT_MAX);
    assert_int_equal(bl_tmpl_compile(src, strlen(src), &t, NULL), BL_OK);
    assert_int_equal(bl_tmpl_render(t, j, NULL, &a, NULL), BL_OK);
    assert_int_equal(bl_tmpl_render(t, j, NULL, &b, NULL), BL_OK);
    assert_string_equal((char *)a.p, "<li>&lt;1&gt;</li>\n<li>2</li>\n");
    assert_string_equal((char *)a.p, (char *)b.p);
    bl_tmpl_free(t);
    bl_buf_free(&a);
    bl_buf_free(&b);
    json_decref(j);
}

/* Find an embedded web template by name. */
static const struct bl_embedded_file *web_file(const char *name)
{
    for (size_t i = 0; i < bl_web_templates_count; i++)
        if (strcmp(bl_web_templates[i].name, name) == 0)
            return &bl_web_templates[i];
    fail_msg("web/templates/%s is not embedded", name);
    return NULL;
}

/* The embedded pages compile; the error page inside the layout escapes what it is given. */
static void test_web_templates(void **state)
{
    const struct bl_embedded_file *lf = web_file("layout.html"), *ef = web_file("error.html");
    struct bl_tmpl *layout = NULL, *error = NULL;
    struct bl_buf body, page;
    struct bl_errinfo ei;
    json_t *j;

    (void)state;
    for (size_t i = 0; i < bl_web_templates_count; i++) {
        struct bl_tmpl *t = NULL;
        const struct bl_embedded_file *f = &bl_web_templates[i];

        assert_int_equal(strlen((const char *)f->bytes), f->len);
        if (bl_tmpl_compile((const char *)f->bytes, f->len, &t, &ei) != BL_OK)
            fail_msg("%s: %s", f->name, ei.msg);
        bl_tmpl_free(t);
    }
    assert_int_equal(bl_tmpl_compile((const char *)lf->bytes, lf->len, &layout, &ei), BL_OK);
    assert_int_equal(bl_tmpl_compile((const char *)ef->bytes, ef->len, &error, &ei), BL_OK);
    j = json_pack("{s:i, s:s, s:s, s:s}", "status", 404, "title", "Page introuvable", "message",
                  "<script>alert(\"x\")</script>", "lang", "fr");
    bl_buf_init(&body, OUT_MAX);
    bl_buf_init(&page, OUT_MAX);
    assert_int_equal(bl_tmpl_render(error, j, NULL, &body, &ei), BL_OK);
    assert_int_equal(json_object_set_new(j, "content", json_stringn((char *)body.p, body.len)), 0);
    assert_int_equal(bl_tmpl_render(layout, j, NULL, &page, &ei), BL_OK);
    assert_non_null(strstr((char *)page.p, "<html lang=\"fr\">"));
    assert_non_null(strstr((char *)page.p, "<title>Page introuvable · Blason</title>"));
    assert_non_null(strstr((char *)page.p, "Erreur 404"));
    assert_non_null(strstr((char *)page.p, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert_null(strstr((char *)page.p, "<script"));
    assert_null(strstr((char *)page.p, "style="));
    bl_tmpl_free(layout);
    bl_tmpl_free(error);
    bl_buf_free(&body);
    bl_buf_free(&page);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_comments),
        cmocka_unit_test(test_spec_delimiters),
        cmocka_unit_test(test_spec_interpolation),
        cmocka_unit_test(test_spec_inverted),
        cmocka_unit_test(test_spec_partials),
        cmocka_unit_test(test_spec_sections),
        cmocka_unit_test(test_spec_dynamic_names),
        cmocka_unit_test(test_spec_inheritance),
        cmocka_unit_test(test_spec_lambdas),
        cmocka_unit_test(test_escape_hostile),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_errors_with_positions),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_web_templates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
