/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_csv.c: the CSV reader on files as spreadsheets write them:
 * Windows-1252 and UTF-8 (with and without BOM), semicolons, commas, tabs,
 * RFC 4180 quotes, line breaks inside cells, ragged rows, blank lines,
 * errors with their line numbers, and every limit at its edge.
 */
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "testutil.h"

static enum bl_err parse(struct bl_arena *a, const char *s, struct bl_csv *c, struct bl_errinfo *ei)
{
    return bl_csv_parse((const unsigned char *)s, strlen(s), NULL, a, c, ei);
}

static void test_cp1252(void **state)
{
    struct bl_arena a;
    struct bl_csv c;
    (void)state;
    bl_arena_init(&a);
    /* Excel "CSV (séparateur : point-virgule)": Windows-1252, CRLF. */
    assert_int_equal(parse(&a,
                           "Pr\xe9nom;Nom;Courriel\r\n"
                           "L\xe9"
                           "a;C\x9cur;lea@example.org\r\n"
                           "Fran\xe7ois;N\x80;f@example.org\r\n",
                           &c, NULL),
                     BL_OK);
    assert_int_equal(c.encoding, BL_CSV_CP1252);
    assert_int_equal(c.sep, ';');
    assert_int_equal(c.n_rows, 3);
    assert_string_equal(c.rows[0].cells[0], "Prénom");
    assert_string_equal(c.rows[1].cells[0], "Léa");
    assert_string_equal(c.rows[1].cells[1], "Cœur");
    assert_string_equal(c.rows[2].cells[0], "François");
    assert_string_equal(c.rows[2].cells[1], "N€");
    assert_int_equal(c.rows[2].line, 3);
    assert_string_equal(bl_csv_encoding_name(c.encoding), "Windows-1252");
    bl_arena_free(&a);
}

static void test_utf8(void **state)
{
    struct bl_arena a;
    struct bl_csv c;
    struct bl_errinfo ei;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(
        parse(&a, "\xef\xbb\xbfpr\xc3\xa9nom,email\nZo\xc3\xa9,z@example.org\n", &c, NULL), BL_OK);
    assert_int_equal(c.encoding, BL_CSV_UTF8_BOM);
    assert_int_equal(c.sep, ',');
    assert_string_equal(c.rows[0].cells[0], "prénom"); /* the BOM is not part of the name */
    assert_string_equal(c.rows[1].cells[0], "Zoé");
    assert_int_equal(parse(&a, "nom;email\nŒdipe;o@example.org", &c, NULL), BL_OK);
    assert_int_equal(c.encoding, BL_CSV_UTF8);
    assert_string_equal(c.rows[1].cells[0], "Œdipe");
    /* A BOM promises UTF-8: Windows-1252 after it is an error, with its line. */
    assert_int_equal(parse(&a,
                           "\xef\xbb\xbfnom\nok\nL\xe9"
                           "a\n",
                           &c, &ei),
                     BL_EUTF8);
    assert_string_equal(ei.msg, "line 3: not UTF-8 although the file starts with a BOM");
    assert_int_equal(parse(&a, "\xff\xfen\0o\0m\0", &c, &ei), BL_EUNSUPPORTED);
    bl_arena_free(&a);
}

static void test_separator(void **state)
{
    struct bl_arena a;
    struct bl_csv c;
    (void)state;
    bl_arena_init(&a);
    /* Commas inside quotes on the header line do not count. */
    assert_int_equal(parse(&a, "\"nom, prénom\";email\nx;y\n", &c, NULL), BL_OK);
    assert_int_equal(c.sep, ';');
    assert_int_equal(c.rows[0].n, 2);
    assert_string_equal(c.rows[0].cells[0], "nom, prénom");
    assert_int_equal(parse(&a, "nom\temail\tdate\nA B\ta@b.fr\t01/02/2026\n", &c, NULL), BL_OK);
    assert_int_equal(c.sep, '\t');
    assert_string_equal(c.rows[1].cells[2], "01/02/2026");
    assert_int_equal(parse(&a, "nom,email\n\"Dupont; Jean\",j@b.fr\n", &c, NULL), BL_OK);
    assert_int_equal(c.sep, ',');
    assert_string_equal(c.rows[1].cells[0], "Dupont; Jean");
    /* One column: any separator reads the same. */
    assert_int_equal(parse(&a, "email\na@b.fr\n", &c, NULL), BL_OK);
    assert_int_equal(c.rows[1].n, 1);
    bl_arena_free(&a);
}

static void test_quotes(void **state)
{
    struct bl_arena a;
    struct bl_csv c;
    struct bl_errinfo ei;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(parse(&a,
                           "nom;commentaire\r\n"
                           "\"Dupont\";\"Il a dit \"\"bravo\"\"\r\nsur deux lignes\"\r\n"
                           "\"\";\"\"\"\"\r\n"
                           "Martin;a\"b\r\n",
                           &c, NULL),
                     BL_OK);
    assert_int_equal(c.n_rows, 4);
    assert_string_equal(c.rows[1].cells[1], "Il a dit \"bravo\"\nsur deux lignes");
    assert_int_equal(c.rows[1].line, 2);
    /* The next row starts on line 4: the break inside the quotes counts. */
    assert_int_equal(c.rows[2].line, 4);
    assert_string_equal(c.rows[2].cells[0], "");
    assert_string_equal(c.rows[2].cells[1], "\"");
    /* A quote inside an unquoted cell is a plain character (as Excel reads it). */
    assert_string_equal(c.rows[3].cells[1], "a\"b");
    assert_int_equal(c.rows[3].line, 5);

    assert_int_equal(parse(&a, "a;b\nx;y\n\"jamais fermé;z\nw\n", &c, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "line 3: quote opened and never closed");
    assert_int_equal(parse(&a, "a;b\n\"x\"y;z\n", &c, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "line 2: unexpected character after a closing quote");
    assert_int_equal(parse(&a, "", &c, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "the file is empty");
    assert_int_equal(bl_csv_parse((const unsigned char *)"a\nb\0c\n", 6, NULL, &a, &c, &ei),
                     BL_EINVAL);
    assert_string_equal(ei.msg, "line 2: NUL byte");
    bl_arena_free(&a);
}

static void test_ragged_and_blank(void **state)
{
    struct bl_arena a;
    struct bl_csv c;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(parse(&a, "a;b;c\n\n1;2\n;;\n\r\n1;2;3;4\n5;6;7", &c, NULL), BL_OK);
    assert_int_equal(c.n_rows, 4); /* blank lines and ";;" rows are skipped */
    assert_int_equal(c.rows[1].n, 2);
    assert_int_equal(c.rows[1].line, 3);
    assert_int_equal(c.rows[2].n, 4);
    assert_int_equal(c.rows[2].line, 6);
    assert_int_equal(c.rows[3].n, 3); /* the last line needs no line end */
    assert_string_equal(c.rows[3].cells[2], "7");
    /* A trailing separator is one more (empty) cell; lone CRs end lines. */
    assert_int_equal(parse(&a, "a;b;\rx;y;\r", &c, NULL), BL_OK);
    assert_int_equal(c.n_rows, 2);
    assert_int_equal(c.rows[1].n, 3);
    assert_int_equal(c.rows[1].line, 2);
    bl_arena_free(&a);
}

static void test_limits(void **state)
{
    struct bl_arena a;
    struct bl_csv c;
    struct bl_errinfo ei;
    struct bl_buf b;
    (void)state;
    bl_arena_init(&a);
    bl_buf_init(&b, 1u << 24);

    struct bl_csv_opts o = {.max_rows = 3, .max_cols = 3, .max_cell = 5, .max_bytes = 64};
    const char *ok = "a;b;c\n1;2;3\n4;5;6\n7;8;12345\n";
    assert_int_equal(bl_csv_parse((const unsigned char *)ok, strlen(ok), &o, &a, &c, NULL), BL_OK);
    const char *rows = "a;b;c\n1;2;3\n4;5;6\n7;8;9\n10\n";
    assert_int_equal(bl_csv_parse((const unsigned char *)rows, strlen(rows), &o, &a, &c, &ei),
                     BL_ETOOBIG);
    assert_string_equal(ei.msg, "line 5: more than 3 rows");
    const char *cols = "a;b;c\n1;2;3;4\n";
    assert_int_equal(bl_csv_parse((const unsigned char *)cols, strlen(cols), &o, &a, &c, &ei),
                     BL_ETOOBIG);
    assert_string_equal(ei.msg, "line 2: more than 3 columns");
    const char *cell = "a;b;c\n1;2;123456\n";
    assert_int_equal(bl_csv_parse((const unsigned char *)cell, strlen(cell), &o, &a, &c, &ei),
                     BL_ETOOBIG);
    assert_string_equal(ei.msg, "line 2: a cell is over 5 bytes");
    const char *qcell = "a;b;c\n1;2;\"12\n3456\"\n";
    assert_int_equal(bl_csv_parse((const unsigned char *)qcell, strlen(qcell), &o, &a, &c, &ei),
                     BL_ETOOBIG);
    assert_int_equal(bl_csv_parse((const unsigned char *)ok, 65, &o, &a, &c, &ei), BL_ETOOBIG);
    assert_string_equal(ei.msg, "the file is over the limit of 64 bytes");

    /* The defaults: 10,000 data rows pass, one more does not. */
    assert_int_equal(bl_buf_puts(&b, "nom;email\n"), BL_OK);
    for (unsigned i = 0; i < BL_CSV_MAX_ROWS; i++)
        assert_int_equal(bl_buf_printf(&b, "N%u;n%u@example.org\n", i, i), BL_OK);
    assert_int_equal(bl_csv_parse(b.p, b.len, NULL, &a, &c, NULL), BL_OK);
    assert_int_equal(c.n_rows, BL_CSV_MAX_ROWS + 1);
    assert_int_equal(bl_buf_puts(&b, "x;y\n"), BL_OK);
    assert_int_equal(bl_csv_parse(b.p, b.len, NULL, &a, &c, &ei), BL_ETOOBIG);
    bl_buf_free(&b);
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cp1252),           cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_separator),        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_ragged_and_blank), cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
