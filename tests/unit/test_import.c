/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_import.c: the header names a CSV import recognises (app/import.h),
 * in French and English, as spreadsheets write them (accents, case,
 * spaces, hyphens), and the field keys the mapping form sends back.
 */
#include <string.h>

#include "app/import.h"
#include "testutil.h"

static void test_guess(void **state)
{
    static const struct {
        const char *header;
        enum bl_import_field f;
    } cases[] = {
        {"Prénom", BL_IMPORT_F_FIRST},
        {"PRENOM", BL_IMPORT_F_FIRST},
        {"First name", BL_IMPORT_F_FIRST},
        {"Nom", BL_IMPORT_F_LAST},
        {"Nom de famille", BL_IMPORT_F_LAST},
        {"Last_Name", BL_IMPORT_F_LAST},
        {"Name", BL_IMPORT_F_NAME},
        {"Nom complet", BL_IMPORT_F_NAME},
        {"E-mail", BL_IMPORT_F_EMAIL},
        {"Courriel", BL_IMPORT_F_EMAIL},
        {"mail", BL_IMPORT_F_EMAIL},
        {"Adresse e-mail", BL_IMPORT_F_EMAIL},
        {"Téléphone", BL_IMPORT_F_PHONE},
        {"Phone", BL_IMPORT_F_PHONE},
        {" Date ", BL_IMPORT_F_DATE},
        {"Date d'obtention", BL_IMPORT_F_DATE},
        {"Preuve", BL_IMPORT_F_EVIDENCE},
        {"Evidence", BL_IMPORT_F_EVIDENCE},
        {"Commentaire", BL_IMPORT_F_NARRATIVE},
        {"Narrative", BL_IMPORT_F_NARRATIVE},
        {"Ville", BL_IMPORT_F_IGNORE},
        {"", BL_IMPORT_F_IGNORE},
        {"<script>", BL_IMPORT_F_IGNORE},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (bl_import_field_guess(cases[i].header) != cases[i].f)
            fail_msg("header \"%s\": got %d, want %d", cases[i].header,
                     (int)bl_import_field_guess(cases[i].header), (int)cases[i].f);
    }
    assert_int_equal(bl_import_field_guess(NULL), BL_IMPORT_F_IGNORE);
}

static void test_keys(void **state)
{
    (void)state;
    for (int f = 0; f < BL_IMPORT_F_COUNT; f++)
        assert_int_equal(bl_import_field_parse(bl_import_field_key((enum bl_import_field)f)), f);
    assert_int_equal(bl_import_field_parse("email"), BL_IMPORT_F_EMAIL);
    assert_int_equal(bl_import_field_parse("prénom"), BL_IMPORT_F_COUNT);
    assert_int_equal(bl_import_field_parse(NULL), BL_IMPORT_F_COUNT);
    assert_string_equal(bl_import_field_label(BL_IMPORT_F_EMAIL), "Adresse e-mail");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_guess), cmocka_unit_test(test_keys)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
