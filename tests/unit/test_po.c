/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_po.c: the PO catalogue reader (core/po.h): entries, continuation
 * lines, escapes, contexts, plural forms, fuzzy and obsolete entries, code
 * references, lookups; broken catalogues; a written-then-read round trip;
 * and po/en.po itself, whose counts must agree with `msgfmt --statistics`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/po.h"
#include "core/rand.h"
#include "testutil.h"

static struct bl_po *parse_ok(const char *s)
{
    struct bl_po *po = NULL;
    struct bl_errinfo ei = {0};
    enum bl_err rc = bl_po_parse(s, strlen(s), &po, &ei);
    if (rc != BL_OK)
        fail_msg("parse failed: %s", ei.msg);
    return po;
}

static enum bl_err parse_err(const char *s, const char *want)
{
    struct bl_po *po = NULL;
    struct bl_errinfo ei = {0};
    enum bl_err rc = bl_po_parse(s, strlen(s), &po, &ei);
    assert_null(po);
    if (want && !strstr(ei.msg, want)) {
        print_error("error [%s] does not say [%s]\n", ei.msg, want);
        fail();
    }
    return rc;
}

static const char HEADER[] = "msgid \"\"\n"
                             "msgstr \"\"\n"
                             "\"Language: en\\n\"\n"
                             "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n";

static void test_entries(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text,
             "%s"
             "# translator comment\n"
             "#: web/templates/a.html\n"
             "msgid \"Bonjour {{name}}\"\n"
             "msgstr \"Hello {{name}}\"\n"
             "\n"
             "#: src/server/page.c:12 web/templates/b.html\n"
             "#, c-format\n"
             "msgid \"\"\n"
             "\"Le mot de passe doit avoir \"\n"
             "  \"au moins %%u caractères.\"\n"
             "msgstr \"The password must have \"\n"
             "\"at least %%u characters.\"\n"
             "msgctxt \"menu\"\n"
             "msgid \"Badges\"\n"
             "msgstr \"Badges (menu)\"\n"
             "msgid \"Badges\"\n"
             "msgstr \"\"\n"
             "#, fuzzy\n"
             "msgid \"Flou\"\n"
             "msgstr \"Fuzzy\"\n"
             "#~ msgid \"Ancien\"\n"
             "#~ msgstr \"Old\"\n"
             "msgid \"Échappements\"\n"
             "msgstr \"tab\\there \\\"quoted\\\" back\\\\slash\\nnew line \\101\\x42\"\n",
             HEADER);
    struct bl_po *po = parse_ok(text);
    assert_int_equal(bl_po_count(po), 5); /* header and fuzzy entry left out */
    assert_string_equal(bl_po_get(po, NULL, "Bonjour {{name}}"), "Hello {{name}}");
    assert_string_equal(bl_po_get(po, NULL, "Le mot de passe doit avoir au moins %u caractères."),
                        "The password must have at least %u characters.");
    assert_string_equal(bl_po_get(po, "menu", "Badges"), "Badges (menu)");
    /* Empty msgstr: untranslated; a fuzzy entry is not used; an obsolete one is gone. */
    assert_null(bl_po_get(po, NULL, "Badges"));
    assert_non_null(bl_po_find(po, NULL, "Badges"));
    assert_null(bl_po_get(po, NULL, "Flou"));
    assert_null(bl_po_find(po, NULL, "Flou"));
    assert_null(bl_po_get(po, NULL, "Ancien"));
    assert_null(bl_po_get(po, "other", "Badges"));
    assert_string_equal(bl_po_get(po, NULL, "Échappements"),
                        "tab\there \"quoted\" back\\slash\nnew line AB");
    /* References: .c and .h files make an entry the code's. */
    assert_int_equal(bl_po_find(po, NULL, "Bonjour {{name}}")->flags & BL_PO_CODE, 0);
    assert_int_equal(
        bl_po_find(po, NULL, "Le mot de passe doit avoir au moins %u caractères.")->flags &
            BL_PO_CODE,
        BL_PO_CODE);
    assert_non_null(strstr(bl_po_header(po), "Language: en\n"));
    /* Sorted: entries come back in order. */
    for (size_t i = 1; i < bl_po_count(po); i++) {
        const struct bl_po_entry *a = bl_po_entry(po, i - 1), *b = bl_po_entry(po, i);
        assert_true(!a->ctxt || (b->ctxt && strcmp(a->ctxt, b->ctxt) <= 0));
        if (!a->ctxt && !b->ctxt)
            assert_true(strcmp(a->id, b->id) < 0);
    }
    assert_null(bl_po_entry(po, bl_po_count(po)));
    bl_po_free(po);
}

static void test_plurals(void **state)
{
    (void)state;
    const char *body = "msgid \"{{n}} badge\"\n"
                       "msgid_plural \"{{n}} badges\"\n"
                       "msgstr[0] \"un\"\n"
                       "msgstr[1] \"plusieurs\"\n";
    char text[1024];
    snprintf(text, sizeof text, "%s%s", HEADER, body);
    struct bl_po *po = parse_ok(text);
    const struct bl_po_entry *e = bl_po_find(po, NULL, "{{n}} badge");
    assert_non_null(e);
    assert_string_equal(e->plural, "{{n}} badges");
    assert_int_equal(e->n_str, 2);
    /* English: n != 1. */
    assert_string_equal(bl_po_nget(po, "{{n}} badge", 0), "plusieurs");
    assert_string_equal(bl_po_nget(po, "{{n}} badge", 1), "un");
    assert_string_equal(bl_po_nget(po, "{{n}} badge", 2), "plusieurs");
    assert_null(bl_po_nget(po, "absent", 2));
    bl_po_free(po);
    /* French: n > 1, so 0 is singular. */
    snprintf(text, sizeof text,
             "msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n%s", body);
    po = parse_ok(text);
    assert_string_equal(bl_po_nget(po, "{{n}} badge", 0), "un");
    assert_string_equal(bl_po_nget(po, "{{n}} badge", 1), "un");
    assert_string_equal(bl_po_nget(po, "{{n}} badge", 2), "plusieurs");
    bl_po_free(po);
}

static void test_forms(void **state)
{
    (void)state;
    /* CRLF line ends, a BOM, blank lines with spaces, no final newline. */
    struct bl_po *po = parse_ok("\xef\xbb\xbfmsgid \"a\"\r\nmsgstr \"b\"\r\n  \r\nmsgid \"c\"\n"
                                "msgstr \"d\"");
    assert_string_equal(bl_po_get(po, NULL, "a"), "b");
    assert_string_equal(bl_po_get(po, NULL, "c"), "d");
    bl_po_free(po);
    /* An empty catalogue and one of comments only. */
    po = parse_ok("");
    assert_int_equal(bl_po_count(po), 0);
    assert_string_equal(bl_po_header(po), "");
    assert_null(bl_po_get(po, NULL, "x"));
    bl_po_free(po);
    po = parse_ok("# nothing\n#~ msgid \"x\"\n");
    assert_int_equal(bl_po_count(po), 0);
    bl_po_free(po);
    assert_null(bl_po_get(NULL, NULL, "x"));
}

static void test_broken(void **state)
{
    (void)state;
    assert_int_equal(parse_err("msgid \"a\nmsgstr \"b\"\n", "line 1: unterminated"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgstr \"b\" x\n", "line 2: text after"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgfoo \"b\"\n", "unknown keyword"), BL_EINVAL);
    assert_int_equal(parse_err("msgstr \"b\"\n", "out of place"), BL_EINVAL);
    assert_int_equal(parse_err("\"b\"\n", "outside"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\n", "no msgstr"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgid \"b\"\n", "out of place"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", "out of place"),
                     BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgstr\n", "needs a quoted string"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\\q\"\nmsgstr \"\"\n", "unknown escape"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\\0\"\nmsgstr \"\"\n", "NUL"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\\x\"\nmsgstr \"\"\n", "\\x"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\\777\"\nmsgstr \"\"\n", "over 255"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"\xff\"\nmsgstr \"\"\n", "UTF-8"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\\xc3\"\nmsgstr \"\"\n", "UTF-8"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\x01\"\nmsgstr \"\"\n", "control"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n", "twice"),
                     BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgstr[0] \"b\"\n", "needs msgid_plural"), BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "msgstr[N]"),
                     BL_EINVAL);
    assert_int_equal(parse_err("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[9] \"b\"\n", "unknown"),
                     BL_EINVAL);
    assert_int_equal(parse_err("msgctxt \"c\"\nmsgstr \"b\"\n", "out of place"), BL_EINVAL);
}

static void test_limits(void **state)
{
    (void)state;
    struct bl_po *po = NULL;
    struct bl_errinfo ei;
    assert_int_equal(bl_po_parse("", BL_PO_MAX_SIZE + 1, &po, &ei), BL_ETOOBIG);
    assert_null(po);
    /* One string over BL_PO_MAX_STRING bytes, spread over continuation lines. */
    struct bl_buf b;
    bl_buf_init(&b, 4u * BL_PO_MAX_STRING);
    assert_int_equal(bl_buf_puts(&b, "msgid \"\"\n"), BL_OK);
    for (unsigned i = 0; i <= BL_PO_MAX_STRING / 64; i++)
        assert_int_equal(bl_buf_printf(&b, "\"%064u\"\n", i), BL_OK);
    assert_int_equal(bl_buf_puts(&b, "msgstr \"\"\n"), BL_OK);
    assert_int_equal(bl_po_parse((const char *)b.p, b.len, &po, &ei), BL_ETOOBIG);
    assert_null(po);
    bl_buf_free(&b);
}

/* Write s as a PO string the way gettext tools do (escapes, lines cut at \n). */
static void put_po_string(struct bl_buf *b, const char *s)
{
    assert_int_equal(bl_buf_puts(b, "\"\"\n\""), BL_OK);
    for (; *s; s++) {
        enum bl_err rc;
        switch (*s) {
        case '"':
            rc = bl_buf_puts(b, "\\\"");
            break;
        case '\\':
            rc = bl_buf_puts(b, "\\\\");
            break;
        case '\t':
            rc = bl_buf_puts(b, "\\t");
            break;
        case '\n':
            rc = bl_buf_puts(b, "\\n\"\n\"");
            break;
        default:
            rc = bl_buf_putc(b, (unsigned char)*s);
        }
        assert_int_equal(rc, BL_OK);
    }
    assert_int_equal(bl_buf_puts(b, "\"\n"), BL_OK);
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char alphabet[] = "ab \t\n\"\\{}%éà’«»";
    enum { N = 300 };
    char *ids[N], *strs[N];
    struct bl_buf b;
    bl_buf_init(&b, 1u << 22);
    srand(7); /* lint: allow (a test's own deterministic data) */
    for (int i = 0; i < N; i++) {
        char id[80], str[80];
        size_t n = 0, m = 0;
        n += (size_t)snprintf(id, sizeof id, "k%d ", i);
        for (int k = rand() % 20; k > 0 && n < 60; k--) { /* lint: allow */
            int c = rand() % (int)(sizeof alphabet - 1);  /* lint: allow */
            if ((unsigned char)alphabet[c] >= 0x80)
                continue; /* keep UTF-8 whole: multibyte letters are added below */
            id[n++] = alphabet[c];
        }
        n += (size_t)snprintf(id + n, sizeof id - n, "é");
        m += (size_t)snprintf(str, sizeof str, "T%d \"«\\»\"\n\t", i);
        id[n] = '\0';
        str[m] = '\0';
        ids[i] = bl_strdup(id);
        strs[i] = bl_strdup(str);
        assert_int_equal(bl_buf_puts(&b, i % 3 == 0 ? "#: src/x.c\n" : "#: web/templates/x.html\n"),
                         BL_OK);
        assert_int_equal(bl_buf_puts(&b, "msgid "), BL_OK);
        put_po_string(&b, ids[i]);
        assert_int_equal(bl_buf_puts(&b, "msgstr "), BL_OK);
        put_po_string(&b, strs[i]);
        assert_int_equal(bl_buf_putc(&b, '\n'), BL_OK);
    }
    struct bl_po *po = NULL;
    struct bl_errinfo ei;
    assert_int_equal(bl_po_parse((const char *)b.p, b.len, &po, &ei), BL_OK);
    assert_int_equal(bl_po_count(po), N);
    for (int i = 0; i < N; i++) {
        assert_string_equal(bl_po_get(po, NULL, ids[i]), strs[i]);
        assert_int_equal(bl_po_find(po, NULL, ids[i])->flags, i % 3 == 0 ? BL_PO_CODE : 0);
        bl_free(ids[i]);
        bl_free(strs[i]);
    }
    bl_po_free(po);
    bl_buf_free(&b);
}

/* po/en.po as shipped: every entry msgfmt counts as translated is one we can look up. */
static void test_shipped_catalogue(void **state)
{
    (void)state;
    size_t n;
    unsigned char *text = tu_read_file("po/en.po", &n);
    if (!text)
        skip(); /* run from elsewhere than the repository root */
    struct bl_po *po = NULL;
    struct bl_errinfo ei = {0};
    if (bl_po_parse((const char *)text, n, &po, &ei) != BL_OK)
        fail_msg("po/en.po: %s", ei.msg);
    size_t translated = 0;
    for (size_t i = 0; i < bl_po_count(po); i++) {
        const struct bl_po_entry *e = bl_po_entry(po, i);
        if (bl_po_get(po, e->ctxt, e->id))
            translated++;
    }
    /* GNU msgfmt writes its statistics to standard error. */
    char *argv[] = {"msgfmt", "--statistics", "-o", "/dev/null", "po/en.po", NULL};
    char line[256] = "";
    int st = tu_run(argv, true, line, sizeof line);
    if (st != 0 || !strstr(line, "translated"))
        skip(); /* msgfmt (GNU gettext) not installed */
    line[strcspn(line, "\n")] = '\0';
    char want[64];
    snprintf(want, sizeof want, "%zu translated message", translated);
    if (strncmp(line, want, strlen(want)) != 0)
        fail_msg("msgfmt says \"%s\", we read %zu translated entries", line, translated);
    assert_true(translated > 100);
    assert_non_null(strstr(bl_po_header(po), "Language: en"));
    bl_po_free(po);
    bl_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_plurals),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_shipped_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
