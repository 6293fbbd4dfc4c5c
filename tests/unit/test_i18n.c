/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_i18n.c: the server's translations (server/i18n.h) with the
 * catalogues compiled into the binary: C messages and titles in English,
 * French untouched, people's data left alone outside message keys, printf
 * formats kept compatible.
 */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "server/i18n.h"
#include "testutil.h"

static int setup(void **state)
{
    struct bl_errinfo ei;
    (void)state;
    return bl_i18n_init(&ei) == BL_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bl_i18n_fini();
    return 0;
}

static void test_lookup(void **state)
{
    (void)state;
    assert_null(bl_i18n_catalog(BL_LANG_FR));
    assert_non_null(bl_i18n_catalog(BL_LANG_EN));
    assert_string_equal(bl_tr_lang(BL_LANG_EN, "Page introuvable"), "Page not found");
    assert_string_equal(bl_tr_lang(BL_LANG_FR, "Page introuvable"), "Page introuvable");
    /* Unknown texts and NULL come back as they are. */
    assert_string_equal(bl_tr_lang(BL_LANG_EN, "Texte inconnu"), "Texte inconnu");
    assert_null(bl_tr_lang(BL_LANG_EN, NULL));
    /* A printf format keeps its conversions in English. */
    char out[160];
    snprintf(out, sizeof out,
             bl_tr_lang(BL_LANG_EN, "Le mot de passe doit avoir au moins %u caractères."), 12u);
    assert_string_equal(out, "The password must have at least 12 characters.");
}

static void test_context(void **state)
{
    (void)state;
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:{s:s}, s:i, s:n, s:s}",
                            /* a C message (N_ in staff.c), under any key */
                            "label", "Tableau de bord",
                            /* a template-only text under a message key */
                            "title", "Afficher aussi les badges archivés",
                            /* the same under a data key: someone's data, left alone */
                            "name", "Afficher aussi les badges archivés",
                            /* nested: arrays and objects */
                            "errors", "field", "email", "message",
                            "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.", "e",
                            "password", "Les deux mots de passe ne sont pas identiques.", "count",
                            3, "none", "other", "Texte inconnu");
    assert_null(bl_i18n_ctx(BL_LANG_FR, ctx)); /* French: nothing to do */
    json_t *en = bl_i18n_ctx(BL_LANG_EN, ctx);
    assert_non_null(en);
    assert_string_equal(json_string_value(json_object_get(en, "label")), "Dashboard");
    assert_string_equal(json_string_value(json_object_get(en, "title")),
                        "Also show archived badges");
    assert_string_equal(json_string_value(json_object_get(en, "name")),
                        "Afficher aussi les badges archivés");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(en, "errors"), 0), "message")),
                        "Enter a valid email address, for example name@example.org.");
    assert_string_equal(json_string_value(json_object_get(json_object_get(en, "e"), "password")),
                        "The two passwords are not the same.");
    assert_int_equal(json_integer_value(json_object_get(en, "count")), 3);
    assert_true(json_is_null(json_object_get(en, "none")));
    assert_string_equal(json_string_value(json_object_get(en, "other")), "Texte inconnu");
    /* The original is not changed: French pages render from it. */
    assert_string_equal(json_string_value(json_object_get(ctx, "label")), "Tableau de bord");
    json_decref(en);
    json_decref(ctx);
    assert_null(bl_i18n_ctx(BL_LANG_EN, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_context),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
