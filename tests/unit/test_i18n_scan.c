/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_i18n_scan.c: the translatable units of templates (core/i18n_scan.h)
 * and their replacement: text and attributes, Mustache tags kept or
 * trimmed, what is skipped, French spacing, hostile input; every template
 * of web/templates translated and compiled by the real template engine;
 * and the dates and numbers of core/i18n.h.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/i18n_scan.h"
#include "core/mem.h"
#include "core/tmpl.h"
#include "testutil.h"

#define MAX_UNITS 64

struct got {
    size_t n;
    char id[MAX_UNITS][256];
    char span[MAX_UNITS][256];
    enum bl_i18n_kind kind[MAX_UNITS];
    unsigned line[MAX_UNITS];
    const char *src;
};

static enum bl_err collect(void *cls, const struct bl_i18n_unit *u, struct bl_errinfo *ei)
{
    struct got *g = cls;
    (void)ei;
    assert_true(g->n < MAX_UNITS);
    assert_int_equal(strlen(u->msgid), u->msgid_len);
    snprintf(g->id[g->n], sizeof g->id[0], "%s", u->msgid);
    snprintf(g->span[g->n], sizeof g->span[0], "%.*s", (int)u->len, g->src + u->off);
    g->kind[g->n] = u->kind;
    g->line[g->n] = u->line;
    g->n++;
    return BL_OK;
}

static struct got *scan(const char *src)
{
    static struct got g;
    struct bl_errinfo ei;
    memset(&g, 0, sizeof g);
    g.src = src;
    assert_int_equal(bl_i18n_scan(src, strlen(src), collect, &g, &ei), BL_OK);
    return &g;
}

/* The units of src, joined with '|'. */
static const char *units(const char *src)
{
    static char out[4096];
    struct got *g = scan(src);
    out[0] = '\0';
    for (size_t i = 0; i < g->n; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "|" : "", g->id[i]);
    return out;
}

static void test_text(void **state)
{
    (void)state;
    assert_string_equal(units("<p>Bonjour</p>"), "Bonjour");
    assert_string_equal(units("<h1>\n  Des badges\n   pour   tous\n</h1>"), "Des badges pour tous");
    assert_string_equal(units("<p>Bonjour {{name}}, ça va ?</p>"), "Bonjour {{name}}, ça va ?");
    /* Inline tags cut the text. */
    assert_string_equal(units("<p>Vous êtes <strong>{{role}}</strong> de cette organisation.</p>"),
                        "Vous êtes|de cette organisation.");
    /* No letter, or only Mustache tags: not a unit. */
    assert_string_equal(
        units("<p>{{name}}</p><p> 12 · 34 </p><td>{{{raw}}}</td><p>&nbsp;&amp;</p>"), "");
    assert_string_equal(units("<p>{{#a}}{{b}}{{/a}}</p>"), "");
    /* Letters beyond ASCII count; symbols do not. */
    assert_string_equal(units("<p>Été</p><p>×÷→«»</p><p>Ωμέγα</p>"), "Été|Ωμέγα");
    /* Text outside any element. */
    assert_string_equal(units("Début <br> fin"), "Début|fin");
    /* A '<' that does not open a tag is text. */
    assert_string_equal(units("<p>a < b et 3<4</p>"), "a < b et 3<4");
}

static void test_sections(void **state)
{
    (void)state;
    /* Section tags at the ends are left out; inside, they stay. */
    assert_string_equal(units("<p>{{#x}}Bonjour{{/x}}</p>"), "Bonjour");
    assert_string_equal(units("<li>{{n}} attribution{{#plural}}s{{/plural}}</li>"),
                        "{{n}} attribution{{#plural}}s{{/plural}}");
    /* A section that ends inside is kept whole. */
    assert_string_equal(units("<p>{{#r}} : {{r}}{{/r}}. Fin.</p>"), "{{#r}} : {{r}}{{/r}}. Fin.");
    assert_string_equal(units("<p>Texte.{{#e}} Erreur.{{/e}}</p>"), "Texte.{{#e}} Erreur.{{/e}}");
    /* The end of one alternative and the start of the next cut the text. */
    assert_string_equal(units("<b>{{#e}}Enregistrer{{/e}}{{^e}}Créer{{/e}}</b>"),
                        "Enregistrer|Créer");
    assert_string_equal(units("<b>{{#e}}Oui{{/e}}\n {{^e}}Non{{/e}}</b>"), "Oui|Non");
    /* Comments and partials cut; a comment is not part of any unit. */
    assert_string_equal(units("<p>Avant {{! un commentaire }} après {{> partiel}} fin</p>"),
                        "Avant|après|fin");
    /* Set-delimiter: nothing after it is a unit. */
    assert_string_equal(units("<p>Un</p>{{=<% %>=}}<p>Deux <%x%></p>"), "Un");
    /* Unclosed Mustache tag: the rest is one tag. */
    assert_string_equal(units("<p>Texte {{ouvert</p><p>perdu</p>"),
                        "Texte {{ouvert</p><p>perdu</p>");
}

static void test_attributes(void **state)
{
    (void)state;
    assert_string_equal(units("<img src=\"a.png\" alt=\"Image du badge {{name}}\">"),
                        "Image du badge {{name}}");
    assert_string_equal(units("<a title='Aide' href=x aria-label=Menu>Lien</a>"), "Aide|Menu|Lien");
    assert_string_equal(units("<input placeholder=\"  Rechercher   un nom \" name=q>"),
                        "Rechercher un nom");
    /* value: only on inputs that show it. */
    assert_string_equal(units("<input type=\"submit\" value=\"Envoyer\">"), "Envoyer");
    assert_string_equal(units("<input value=\"Réinitialiser\" type=reset>"), "Réinitialiser");
    assert_string_equal(units("<input type=\"text\" value=\"Bonjour\"><input value=\"Rien\">"), "");
    assert_string_equal(units("<button type=submit name=a value=revoquer>Révoquer</button>"),
                        "Révoquer");
    /* Other attributes are not for people; Mustache inside tags is skipped. */
    assert_string_equal(
        units("<input id=\"email\" class=\"field\"{{#e}} aria-invalid=\"true\"{{/e}} "
              "data-x=\"Bonjour\"><tr{{#p}} class=\"bad\"{{/p}}><td>Oui</td>"),
        "Oui");
    /* '>' inside a quoted value does not end the tag. */
    assert_string_equal(units("<a title=\"a > b\">Lien</a>"), "a > b|Lien");
    /* The span of an attribute unit is its trimmed value. */
    struct got *g = scan("<img alt=\" Logo \">");
    assert_int_equal(g->n, 1);
    assert_int_equal(g->kind[0], BL_I18N_ATTR);
    assert_string_equal(g->span[0], "Logo");
}

static void test_skipped(void **state)
{
    (void)state;
    assert_string_equal(units("<script>var s = \"Bonjour\";</script><p>Après</p>"), "Après");
    assert_string_equal(units("<STYLE>p { content: \"x\" }</STYLE><p>Après</p>"), "Après");
    assert_string_equal(units("<!-- Un commentaire --><p>Après</p><!-- ouvert"), "Après");
    assert_string_equal(units("<!DOCTYPE html><?xml version=\"1.0\"?><p>Oui</p>"), "Oui");
    /* An unclosed script swallows the rest. */
    assert_string_equal(units("<script>Bonjour<p>Non</p>"), "");
}

static void test_spans(void **state)
{
    (void)state;
    const char *src = "<p>\n  <a href=\"/v\">Vérifier</a> : déposez l’image.\n</p>\n<p>Ligne 4</p>";
    struct got *g = scan(src);
    assert_int_equal(g->n, 3);
    assert_string_equal(g->id[1], ": déposez l’image.");
    /* French spacing: the blank before ':' belongs to the span, not to the msgid. */
    assert_string_equal(g->span[1], " : déposez l’image.");
    assert_int_equal(g->line[0], 2);
    assert_int_equal(g->line[2], 4);
    /* Whitespace inside a span is kept as written; the msgid collapses it. */
    g = scan("<p>Un\n   deux</p>");
    assert_string_equal(g->span[0], "Un\n   deux");
    assert_string_equal(g->id[0], "Un deux");
}

static const char *fake_tr(void *cls, const char *msgid)
{
    (void)cls;
    if (strcmp(msgid, "Bonjour {{name}}") == 0)
        return "Hello {{name}}";
    if (strcmp(msgid, ": déposez l’image.") == 0)
        return ": drop the image.";
    if (strcmp(msgid, "Image \"du\" badge") == 0)
        return "Badge \"image\" 'x'";
    if (strcmp(msgid, "Menu") == 0)
        return "Main menu";
    if (strcmp(msgid, "Aide") == 0)
        return "Help";
    return NULL;
}

static const char *translate(const char *src)
{
    static char out[4096];
    struct bl_buf b;
    struct bl_errinfo ei;
    bl_buf_init(&b, 4096);
    assert_int_equal(bl_i18n_translate(src, strlen(src), fake_tr, NULL, &b, &ei), BL_OK);
    snprintf(out, sizeof out, "%s", b.p ? (const char *)b.p : "");
    bl_buf_free(&b);
    return out;
}

static void test_translate(void **state)
{
    (void)state;
    assert_string_equal(translate("<p>\n  Bonjour   {{name}}\n</p><p>Inconnu</p>"),
                        "<p>\n  Hello {{name}}\n</p><p>Inconnu</p>");
    assert_string_equal(translate("<a href=\"/v\">Vérifier</a> : déposez l’image."),
                        "<a href=\"/v\">Vérifier</a>: drop the image.");
    /* In a quoted value, the quote of the translation becomes a reference. */
    assert_string_equal(translate("<img alt='Image \"du\" badge'><img alt=\"Image &quot;du&quot; "
                                  "badge\">"),
                        "<img alt='Badge \"image\" &#39;x&#39;'><img alt=\"Image &quot;du&quot; "
                        "badge\">");
    assert_string_equal(translate("<img alt=\"Image \"du\" badge\">"),
                        "<img alt=\"Image \"du\" badge\">"); /* broken HTML: no such unit */
    /* Unquoted: a translation with a blank would break the tag, so it is not used. */
    assert_string_equal(translate("<a title=Aide aria-label=Menu>x</a>"),
                        "<a title=Help aria-label=Menu>x</a>");
    /* Nothing to translate: the bytes come back as they were, NUL bytes too. */
    const char raw[] = "<p>Rien\0ici</p>";
    struct bl_buf b;
    struct bl_errinfo ei;
    bl_buf_init(&b, 100);
    assert_int_equal(bl_i18n_translate(raw, sizeof raw - 1, fake_tr, NULL, &b, &ei), BL_OK);
    assert_int_equal(b.len, sizeof raw - 1);
    assert_memory_equal(b.p, raw, sizeof raw - 1);
    /* Output cap. */
    bl_buf_free(&b);
    bl_buf_init(&b, 8);
    assert_int_equal(bl_i18n_translate("<p>Bonjour {{name}}</p>", 22, fake_tr, NULL, &b, &ei),
                     BL_ETOOBIG);
    bl_buf_free(&b);
}

static void test_limits(void **state)
{
    (void)state;
    struct got g = {0};
    struct bl_errinfo ei;
    assert_int_equal(bl_i18n_scan("", BL_I18N_SCAN_MAX + 1, collect, &g, &ei), BL_ETOOBIG);
    assert_int_equal(g.n, 0);
    /* Hostile shapes end without a unit or a crash. */
    static const char *const hostile[] = {"<",          "<a",
                                          "<a b=",      "<a b=\"",
                                          "<a b='x",    "{{",
                                          "{{{",        "}}",
                                          "<!--",       "<script",
                                          "<a {{",      "{{=",
                                          "<img alt=>", "<img alt=\"\">",
                                          "<<<<>>>>",   "&;&#;&amp;&#233;"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
        assert_string_equal(units(hostile[i]), "");
}

/* Prefix every unit with "EN:" and check what comes back. */
static const char *prefix_tr(void *cls, const char *msgid)
{
    char *buf = cls;
    snprintf(buf, 8192, "EN:%s", msgid);
    return buf;
}

static enum bl_err all_prefixed(void *cls, const struct bl_i18n_unit *u, struct bl_errinfo *ei)
{
    (void)cls;
    (void)ei;
    if (strncmp(u->msgid, "EN:", 3) != 0)
        fail_msg("a unit escaped translation: %s", u->msgid);
    return BL_OK;
}

static enum bl_err count(void *cls, const struct bl_i18n_unit *u, struct bl_errinfo *ei)
{
    (void)u;
    (void)ei;
    (*(size_t *)cls)++;
    return BL_OK;
}

/* Every real template: translated, it still compiles and every unit in it is translated. */
static void test_real_templates(void **state)
{
    (void)state;
    DIR *d = opendir("web/templates");
    struct dirent *de;
    size_t files = 0;
    if (!d)
        skip();
    while ((de = readdir(d)) != NULL) {
        size_t nl = strlen(de->d_name), n;
        if (nl < 6 || strcmp(de->d_name + nl - 5, ".html") != 0)
            continue;
        char path[512], buf[8192];
        snprintf(path, sizeof path, "web/templates/%s", de->d_name);
        unsigned char *src = tu_read_file(path, &n);
        assert_non_null(src);
        struct bl_buf out;
        struct bl_errinfo ei;
        struct bl_tmpl *t = NULL;
        size_t before = 0, after = 0;
        bl_buf_init(&out, 4 * n + 4096);
        assert_int_equal(bl_i18n_scan((const char *)src, n, count, &before, &ei), BL_OK);
        assert_int_equal(bl_i18n_translate((const char *)src, n, prefix_tr, buf, &out, &ei), BL_OK);
        if (bl_tmpl_compile((const char *)out.p, out.len, &t, &ei) != BL_OK)
            fail_msg("%s translated does not compile: %s", path, ei.msg);
        bl_tmpl_free(t);
        assert_int_equal(bl_i18n_scan((const char *)out.p, out.len, all_prefixed, NULL, &ei),
                         BL_OK);
        /* The unit count may shrink after translation: "{{/x}}EN:{{^x}}" no longer splits. */
        assert_int_equal(bl_i18n_scan((const char *)out.p, out.len, count, &after, &ei), BL_OK);
        if (after > before || (before > 0 && after == 0))
            fail_msg("%s: %zu units before translation, %zu after", path, before, after);
        files++;
        bl_buf_free(&out);
        bl_free(src);
    }
    closedir(d);
    assert_true(files > 10);
}

static void test_dates_numbers(void **state)
{
    (void)state;
    char out[BL_I18N_DATE_MAX], num[BL_I18N_NUMBER_MAX];
    struct bl_errinfo ei;
    /* 2026-11-28T14:05:00Z, 15:05 in Paris */
    assert_int_equal(bl_i18n_date(BL_LANG_FR, 1795874700, false, out, &ei), BL_OK);
    assert_string_equal(out, "28 novembre 2026");
    assert_int_equal(bl_i18n_date(BL_LANG_EN, 1795874700, true, out, &ei), BL_OK);
    assert_string_equal(out, "November 28, 2026 at 15:05 (Paris time)");
    assert_int_equal(bl_i18n_date(BL_LANG_FR, 1795874700, true, out, &ei), BL_OK);
    assert_string_equal(out, "28 novembre 2026 à 15 h 05 (heure de Paris)");
    /* 2024-02-29 (leap day), 1970-01-01, the first of a month, before 1970. */
    assert_int_equal(bl_i18n_date(BL_LANG_FR, 1709164800, false, out, &ei), BL_OK);
    assert_string_equal(out, "29 février 2024");
    assert_int_equal(bl_i18n_date(BL_LANG_FR, 0, false, out, &ei), BL_OK);
    assert_string_equal(out, "1er janvier 1970");
    assert_int_equal(bl_i18n_date(BL_LANG_EN, 0, false, out, &ei), BL_OK);
    assert_string_equal(out, "January 1, 1970");
    assert_int_equal(bl_i18n_date(BL_LANG_EN, -3601, true, out, &ei), BL_OK);
    assert_string_equal(out, "December 31, 1969 at 23:59 (Paris time)");
    assert_int_equal(bl_i18n_date(BL_LANG_EN, 253402300800, false, out, &ei), BL_EINVAL);
    assert_int_equal(bl_i18n_date(BL_LANG_EN, -62135600401, false, out, &ei), BL_EINVAL);
    bl_i18n_number(BL_LANG_FR, 1234, num);
    assert_string_equal(num, "1\xe2\x80\xaf"
                             "234");
    bl_i18n_number(BL_LANG_FR, -1234567, num);
    assert_string_equal(num, "-1\xe2\x80\xaf"
                             "234\xe2\x80\xaf"
                             "567");
    bl_i18n_number(BL_LANG_EN, 1234567, num);
    assert_string_equal(num, "1,234,567");
    bl_i18n_number(BL_LANG_EN, 999, num);
    assert_string_equal(num, "999");
    bl_i18n_number(BL_LANG_FR, 0, num);
    assert_string_equal(num, "0");
    bl_i18n_number(BL_LANG_EN, (-9223372036854775807LL - 1), num);
    assert_string_equal(num, "-9,223,372,036,854,775,808");
    assert_false(bl_i18n_plural(BL_LANG_FR, 0));
    assert_false(bl_i18n_plural(BL_LANG_FR, 1));
    assert_true(bl_i18n_plural(BL_LANG_FR, 2));
    assert_true(bl_i18n_plural(BL_LANG_EN, 0));
    assert_false(bl_i18n_plural(BL_LANG_EN, 1));
    assert_true(bl_i18n_plural(BL_LANG_EN, 2));
    enum bl_lang l;
    assert_true(bl_lang_parse("EN", &l) && l == BL_LANG_EN);
    assert_true(bl_lang_parse("fr", &l) && l == BL_LANG_FR);
    assert_false(bl_lang_parse("de", &l));
    assert_false(bl_lang_parse("e", &l));
    assert_false(bl_lang_parse("", &l));
    assert_false(bl_lang_parse(NULL, &l));
    assert_false(bl_lang_parse("english", &l));
    assert_string_equal(bl_lang_code(BL_LANG_EN), "en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),          cmocka_unit_test(test_sections),
        cmocka_unit_test(test_attributes),    cmocka_unit_test(test_skipped),
        cmocka_unit_test(test_spans),         cmocka_unit_test(test_translate),
        cmocka_unit_test(test_limits),        cmocka_unit_test(test_real_templates),
        cmocka_unit_test(test_dates_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
