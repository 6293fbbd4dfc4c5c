/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_gsm7.c: fitting French text messages to the GSM 7-bit alphabet and
 * counting their segments (core/gsm7.h).  The expected values follow
 * 3GPP TS 23.038 §6.2.1: the basic table has é è à ù ì ò Ç É Ä Ö Ü Ñ å Å
 * æ Æ ø Ø ß (one septet each) but no ê â î ô û nor lowercase ç; the
 * extension table's ^ { } \ [ ~ ] | € take two septets (ESC + code).
 * TS 23.040: 160 septets or 70 UCS-2 units in one SMS, 153 or 67 per part
 * of a longer one, an ESC pair or a surrogate pair never split.
 */
#include <string.h>

#include "core/gsm7.h"
#include "core/mem.h"
#include "testutil.h"

/* s fitted: the expected text and whether it came out GSM-7. */
static void fits(const char *s, const char *want, bool gsm7)
{
    size_t n = strlen(s), outlen = 0;
    char *out = bl_malloc(n + 1);
    bool ok = bl_gsm7_fit(s, n, out, &outlen);
    if (ok != gsm7 || outlen != strlen(want) || strcmp(out, want) != 0)
        fail_msg("fit(\"%s\") = \"%s\" (%s), expected \"%s\" (%s)", s, out, ok ? "gsm7" : "as is",
                 want, gsm7 ? "gsm7" : "as is");
    bl_free(out);
}

static struct bl_gsm7_cost cost(const char *s)
{
    struct bl_gsm7_cost c;
    bl_gsm7_cost(s, strlen(s), &c);
    return c;
}

/* `count` copies of the UTF-8 character ch after prefix and before suffix, in a new string. */
static char *repeat(const char *prefix, const char *ch, size_t count, const char *suffix)
{
    size_t pl = strlen(prefix), cl = strlen(ch), sl = strlen(suffix);
    char *s = bl_malloc(pl + cl * count + sl + 1), *p = s;
    memcpy(p, prefix, pl);
    p += pl;
    for (size_t i = 0; i < count; i++, p += cl)
        memcpy(p, ch, cl);
    memcpy(p, suffix, sl + 1);
    return s;
}

static void test_typography(void **state)
{
    (void)state;
    /* « » with no-break spaces (U+00A0 and the narrow U+202F), ’, …, – and —. */
    fits("\xc2\xab\xc2\xa0"
         "Commis de cuisine\xe2\x80\xaf\xc2\xbb",
         "\" Commis de cuisine \"", true);
    fits("l\xe2\x80\x99\xc3\xa9t\xc3\xa9 \xe2\x80\x93 Paris\xe2\x80\xa6 \xe2\x80\x94 fin",
         "l'été - Paris... - fin", true);
    fits("\xe2\x80\x9c"
         "Bravo\xe2\x80\x9d\xc2\xa0!",
         "\"Bravo\" !", true);
    /* œ, Œ; the letters GSM-7 has stay (é è à ù ì ò Ç É ä ö ü ñ Ä Ö Ü Ñ å Å æ Æ ø Ø ß). */
    fits("\xc5\x93uvre, \xc5\x92uf", "oeuvre, OEuf", true);
    fits("\xc3\xa9\xc3\xa8\xc3\xa0\xc3\xb9\xc3\xac\xc3\xb2\xc3\x87\xc3\x89\xc3\xa4\xc3\xb6\xc3\xbc"
         "\xc3\xb1\xc3\x84\xc3\x96\xc3\x9c\xc3\x91\xc3\xa5\xc3\x85\xc3\xa6\xc3\x86\xc3\xb8\xc3\x98"
         "\xc3\x9f",
         "\xc3\xa9\xc3\xa8\xc3\xa0\xc3\xb9\xc3\xac\xc3\xb2\xc3\x87\xc3\x89\xc3\xa4\xc3\xb6\xc3\xbc"
         "\xc3\xb1\xc3\x84\xc3\x96\xc3\x9c\xc3\x91\xc3\xa5\xc3\x85\xc3\xa6\xc3\x86\xc3\xb8\xc3\x98"
         "\xc3\x9f",
         true);
    /* ê â î ô û ç are not GSM-7: the closest letter, ç as Ç (TS 23.038 0x09). */
    fits("Cr\xc3\xaapes, ch\xc3\xa2teau, \xc3\xaele, h\xc3\xb4tel, s\xc3\xbbr, gar\xc3\xa7on",
         "Crepes, chateau, ile, hotel, sur, gar\xc3\x87on", true);
    fits("commis\xc2\xb7"
         "e",
         "commis.e", true);
    /* A soft hyphen and a zero-width space vanish. */
    fits("pa\xc2\xadtis\xe2\x80\x8bserie", "patisserie", true);
    /* Plain text and the extension table's characters are kept as they are. */
    fits("Votre code est 123456 (valable 15 min).", "Votre code est 123456 (valable 15 min).",
         true);
    fits("[5 \xe2\x82\xac] {x} ~ | ^ \\", "[5 \xe2\x82\xac] {x} ~ | ^ \\", true);
    fits("", "", true);
}

static void test_left_as_is(void **state)
{
    (void)state;
    /* An emoji or an Arabic name cannot be GSM-7: the whole text stays, « » and ê included. */
    fits("Bravo \xf0\x9f\x8e\x89 \xc2\xab\xc2\xa0"
         "f\xc3\xaate\xc2\xa0\xc2\xbb",
         "Bravo \xf0\x9f\x8e\x89 \xc2\xab\xc2\xa0"
         "f\xc3\xaate\xc2\xa0\xc2\xbb",
         false);
    fits("Blason : \xd9\x85\xd8\xb1\xd9\x8a\xd9\x85 \xe2\x80\x99",
         "Blason : \xd9\x85\xd8\xb1\xd9\x8a\xd9\x85 \xe2\x80\x99", false);
    /* Not UTF-8, a NUL, a tab-free control character: left alone. */
    fits("caf\xc3(", "caf\xc3(", false);
    fits("a\x01"
         "b",
         "a\x01"
         "b",
         false);
    size_t outlen;
    char out[4];
    assert_false(bl_gsm7_fit("a\0b", 3, out, &outlen));
    assert_int_equal(outlen, 3);
    assert_memory_equal(out, "a\0b", 3);
}

static void test_fit_twice(void **state)
{
    const char *s = "\xc2\xab\xc2\xa0"
                    "Cr\xc3\xaapier\xc2\xb7\xc3\xa8re\xc2\xa0\xc2\xbb \xe2\x80\x93 "
                    "r\xc3\xa9ponse\xe2\x80\xa6";
    char a[128], b[128];
    size_t na, nb;
    (void)state;
    assert_true(bl_gsm7_fit(s, strlen(s), a, &na));
    assert_string_equal(a, "\" Crepier.ère \" - réponse...");
    assert_true(bl_gsm7_fit(a, na, b, &nb));
    assert_int_equal(nb, na);
    assert_string_equal(b, a);
}

/* The cost of s is as expected (the message names s's length). */
static void expect(const char *s, bool gsm7, size_t units, size_t segments)
{
    struct bl_gsm7_cost c = cost(s);
    if (c.gsm7 != gsm7 || c.units != units || c.segments != segments)
        fail_msg("%zu bytes: %s %zu units in %zu SMS, expected %s %zu in %zu", strlen(s),
                 c.gsm7 ? "GSM-7" : "UCS-2", c.units, c.segments, gsm7 ? "GSM-7" : "UCS-2", units,
                 segments);
}

/* n[i] copies of ch cost n[i] units in seg[i] SMS. */
static void expect_runs(const char *ch, bool gsm7, const size_t *n, const size_t *seg, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        char *s = repeat("", ch, n[i], "");
        expect(s, gsm7, n[i], seg[i]);
        bl_free(s);
    }
}

/* head, then ch at the boundary, then tail: the pair in ch is never cut. */
static void expect_split(const char *fill, size_t before, const char *ch, size_t after, bool gsm7,
                         size_t units, size_t segments)
{
    char *s = repeat("", fill, before, ch);
    char *t = repeat(s, fill, after, "");
    expect(t, gsm7, units, segments);
    bl_free(t);
    bl_free(s);
}

static void test_segments_gsm7(void **state)
{
    char *s;
    (void)state;
    expect("", true, 0, 1);
    /* 160 septets fit one SMS, 161 take two parts of at most 153. */
    static const size_t n[] = {1, 159, 160, 161, 306, 307, 459, 460};
    static const size_t seg[] = {1, 1, 1, 2, 2, 3, 3, 4};
    expect_runs("a", true, n, seg, sizeof n / sizeof n[0]);
    /* é is one septet (basic table), € two (ESC 0x65): 159 é and a € make 161 septets. */
    s = repeat("", "\xc3\xa9", 159, "\xe2\x82\xac");
    expect(s, true, 161, 2);
    bl_free(s);
    s = repeat("", "\xc3\xa9", 158, "\xe2\x82\xac");
    expect(s, true, 160, 1);
    bl_free(s);
    /* 306 septets would fill two parts, but the [ at 153 cannot be cut: three. */
    expect_split("a", 152, "[", 152, true, 306, 3);
}

static void test_segments_ucs2(void **state)
{
    char *s;
    (void)state;
    /* ê is not GSM-7: the text is UCS-2, 70 units in one SMS, 67 per part. */
    static const size_t n[] = {1, 70, 71, 134, 135};
    static const size_t seg[] = {1, 1, 2, 2, 3};
    expect_runs("\xc3\xaa", false, n, seg, sizeof n / sizeof n[0]);
    /* An emoji is a surrogate pair (2 units), never cut: 66 + 2 + 66 = 134 units take 3. */
    expect_split("\xc3\xaa", 66, "\xf0\x9f\x8e\x89", 66, false, 134, 3);
    /* One typographic apostrophe turns a 100-character sentence into 2 SMS; fitted, 1. */
    s = repeat("l\xe2\x80\x99", "a", 98, "");
    expect(s, false, 100, 2);
    char out[128];
    size_t outlen;
    assert_true(bl_gsm7_fit(s, strlen(s), out, &outlen));
    assert_int_equal(outlen, 100);
    expect(out, true, 100, 1);
    bl_free(s);
    /* Bytes that are not UTF-8 count one unit each. */
    expect("ab\xff", false, 3, 1);
}

/* The answer notice of opportunity.c as a gateway gets it: GSM-7, 2 SMS instead of 4. */
static void test_answer_notice(void **state)
{
    const char *s = "Blason : Restaurant l\xe2\x80\x99\xc3\x89picerie \xc2\xab\xc2\xa0Le "
                    "Partage\xc2\xa0\xc2\xbb"
                    " a r\xc3\xa9pondu \xc3\xa0 votre candidature \"Commis\xc2\xb7"
                    "e de cuisine \xe2\x80\x93 "
                    "pr\xc3\xaat \xc3\xa0 d\xc3\xa9marrer\xe2\x80\xa6\" : un entretien vous est "
                    "propos\xc3\xa9. "
                    "https://badges.example.org/sac/opportunites/AAAAAAAAAAAAAAAAAAAAAA";
    char out[512];
    size_t outlen;
    struct bl_gsm7_cost before, after;
    (void)state;
    bl_gsm7_cost(s, strlen(s), &before);
    assert_false(before.gsm7);
    assert_int_equal(before.units, 216);
    assert_int_equal(before.segments, 4);
    assert_true(bl_gsm7_fit(s, strlen(s), out, &outlen));
    assert_string_equal(out, "Blason : Restaurant l'Épicerie \" Le Partage \" a répondu à votre "
                             "candidature \"Commis.e de cuisine - pret à démarrer...\" : un "
                             "entretien vous est proposé. "
                             "https://badges.example.org/sac/opportunites/AAAAAAAAAAAAAAAAAAAAAA");
    bl_gsm7_cost(out, outlen, &after);
    assert_true(after.gsm7);
    assert_int_equal(after.units, 218);
    assert_int_equal(after.segments, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typography),    cmocka_unit_test(test_left_as_is),
        cmocka_unit_test(test_fit_twice),     cmocka_unit_test(test_segments_gsm7),
        cmocka_unit_test(test_segments_ucs2), cmocka_unit_test(test_answer_notice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
