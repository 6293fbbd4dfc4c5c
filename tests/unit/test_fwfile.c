/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_fwfile.c: framework files as operators write them: the shipped
 * demo CSV (3 levels), a Windows-1252 file with commas, JSON, and each
 * problem the preview must show on its own line (missing label, duplicate
 * code, unknown parent, a cycle, depth), plus the depth-first order.
 */
#include <string.h>

#include "core/buf.h"
#include "core/fwfile.h"
#include "core/mem.h"
#include "testutil.h"

static enum bl_err rd(struct bl_arena *a, const char *s, struct bl_fw_file *f)
{
    return bl_fw_file_read((const unsigned char *)s, strlen(s), a, f, NULL);
}

static bool has_problem(const struct bl_fw_file *f, size_t line, const char *part)
{
    for (size_t i = 0; i < f->n_problems; i++)
        if (f->problems[i].line == line && strstr(f->problems[i].message, part))
            return true;
    return false;
}

static void test_demo(void **state)
{
    struct bl_arena a;
    struct bl_fw_file f;
    size_t n = 0;
    (void)state;
    unsigned char *p = tu_read_file("data/frameworks/demo-competences.csv", &n);
    assert_non_null(p);
    bl_arena_init(&a);
    assert_int_equal(bl_fw_file_read(p, n, &a, &f, NULL), BL_OK);
    assert_int_equal(f.problems_total, 0);
    assert_int_equal(f.n_items, 32);
    unsigned depth_count[3] = {0};
    for (size_t i = 0; i < f.n_items; i++) {
        assert_true(f.items[i].depth < 3);
        depth_count[f.items[i].depth]++;
        /* Depth-first: each item's parent came just before or earlier. */
        if (f.items[i].parent) {
            bool seen = false;
            for (size_t k = 0; k < i; k++)
                seen |= strcmp(f.items[k].code, f.items[i].parent) == 0;
            assert_true(seen);
        }
    }
    assert_int_equal(depth_count[0], 3);
    assert_int_equal(depth_count[1], 8);
    assert_int_equal(depth_count[2], 21);
    assert_string_equal(f.items[0].code, "DEMO-A");
    assert_string_equal(f.items[1].code, "DEMO-A1");
    assert_string_equal(f.items[2].label, "Être ponctuel et assidu");
    /* Line numbers count the two comment lines and the header. */
    assert_int_equal(f.items[0].line, 4);
    bl_arena_free(&a);
    bl_free(p);
}

static void test_order_and_cp1252(void **state)
{
    struct bl_arena a;
    struct bl_fw_file f;
    (void)state;
    bl_arena_init(&a);
    /* Children listed before their parent, Windows-1252, commas. */
    assert_int_equal(rd(&a,
                        "Code,Libell\xe9,Code parent\r\n"
                        "b1,Comp\xe9tence B1,b\r\n"
                        "a,Domaine A,\r\n"
                        "b,Domaine B,\r\n"
                        "a1,Objectif A1,a\r\n",
                        &f),
                     BL_OK);
    assert_int_equal(f.problems_total, 0);
    assert_string_equal(f.format, "CSV (Windows-1252)");
    /* Roots in file order (a, b), each followed by its children. */
    assert_string_equal(f.items[0].code, "a");
    assert_string_equal(f.items[1].code, "a1");
    assert_string_equal(f.items[2].code, "b");
    assert_string_equal(f.items[3].code, "b1");
    assert_string_equal(f.items[3].label, "Compétence B1");
    assert_int_equal(f.items[3].depth, 1);
    bl_arena_free(&a);
}

static void test_problems(void **state)
{
    struct bl_arena a;
    struct bl_fw_file f;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(rd(&a,
                        "code;label;parent\n" /* line 1 */
                        "R;Racine;\n"         /* 2 */
                        "X1;;R\n"             /* 3: no label */
                        "R;Encore R;\n"       /* 4: duplicate */
                        "Y;Orphelin;NOPE\n"   /* 5: unknown parent */
                        "C1;Boucle 1;C2\n"    /* 6: cycle */
                        "C2;Boucle 2;C1\n"    /* 7: cycle */
                        ";Sans code;R\n"      /* 8: no code */
                        "U;Lien;R;\n",        /* 9: fine */
                        &f),
                     BL_OK);
    assert_true(has_problem(&f, 3, "libellé est vide"));
    assert_true(has_problem(&f, 4, "déjà utilisé à la ligne 2"));
    assert_true(has_problem(&f, 5, "« NOPE »"));
    assert_true(has_problem(&f, 6, "boucle"));
    assert_true(has_problem(&f, 7, "boucle"));
    assert_true(has_problem(&f, 8, "code est vide"));
    assert_false(has_problem(&f, 2, ""));
    assert_false(has_problem(&f, 9, ""));
    assert_int_equal(f.problems_total, 6);
    /* A chain deeper than the limit. */
    struct bl_buf b;
    bl_buf_init(&b, 4096);
    assert_int_equal(bl_buf_puts(&b, "code;label;parent\nd0;Niveau 0;\n"), BL_OK);
    for (unsigned i = 1; i <= BL_FW_DEPTH_MAX; i++)
        assert_int_equal(bl_buf_printf(&b, "d%u;Niveau %u;d%u\n", i, i, i - 1), BL_OK);
    const char *deep = (const char *)b.p;
    assert_int_equal(rd(&a, deep, &f), BL_OK);
    assert_int_equal(f.problems_total, 1);
    assert_true(has_problem(&f, BL_FW_DEPTH_MAX + 2, "trop profond"));
    bl_buf_free(&b);
    bl_arena_free(&a);
}

static void test_json(void **state)
{
    struct bl_arena a;
    struct bl_fw_file f;
    struct bl_errinfo ei;
    (void)state;
    bl_arena_init(&a);
    assert_int_equal(rd(&a,
                        "{\"name\":\"Mini\",\"version\":\"1\",\"source\":\"https://example.org/r\","
                        "\"items\":[{\"code\":\"c\",\"label\":\"Enfant\",\"parent\":\"p\"},"
                        "{\"code\":\"p\",\"label\":\"Parent\",\"url\":\"https://example.org/p\"}]}",
                        &f),
                     BL_OK);
    assert_int_equal(f.problems_total, 0);
    assert_string_equal(f.name, "Mini");
    assert_string_equal(f.source, "https://example.org/r");
    assert_string_equal(f.items[0].code, "p");
    assert_string_equal(f.items[0].url, "https://example.org/p");
    assert_string_equal(f.items[1].code, "c");
    assert_int_equal(rd(&a, "[{\"code\":\"a\",\"label\":\"A\",\"url\":\"javascript:x\"}, 3]", &f),
                     BL_OK);
    assert_true(has_problem(&f, 1, "https://"));
    assert_true(has_problem(&f, 2, "objet JSON"));
    assert_int_equal(bl_fw_file_read((const unsigned char *)"{\"items\":", 9, &a, &f, &ei),
                     BL_EJSON);
    assert_int_equal(rd(&a, "nom;prenom\nx;y\n", &f), BL_EINVAL);
    assert_int_equal(rd(&a, "code;label\n", &f), BL_OK);
    assert_true(f.problems_total == 1 && strstr(f.problems[0].message, "aucun"));
    bl_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo),
        cmocka_unit_test(test_order_and_cp1252),
        cmocka_unit_test(test_problems),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
