/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_recipient.c: IdentityHash known answers (the OB 2.0 and 3.0
 * specification examples, badgecheck's fixture recipient read from
 * ob20/basic-assertion.json), case-insensitive matching, md5 reading, the
 * shape check, the optional email normalisation, and the OB 2.0 / 3.0
 * IdentityObjects.
 */
#include <string.h>

#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/recipient.h"
#include "testutil.h"

static void hash_is(const char *identity, const char *salt, const char *want)
{
    char h[BL_RECIPIENT_HASH_LEN];
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_recipient_hash(identity, salt, h, &ei), BL_OK);
    assert_string_equal(h, want);
}

/* docs/open-badges.md §2.5: the specification examples. */
static void test_known_answers(void **state)
{
    (void)state;
    hash_is("mayze", NULL,
            "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6");
    hash_is("mayze", "", "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6");
    hash_is("a@example.com", "Kosher",
            "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399");
    hash_is("nobody@example.org", "deadsea",
            "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942");
}

/* The fixture's recipient is sha256("nobody@example.org" + its salt): read it, compare. */
static void test_fixture_recipient(void **state)
{
    char h[BL_RECIPIENT_HASH_LEN];
    json_t *doc = NULL, *rcp;
    const char *salt, *identity;
    unsigned char *text;
    bool match = false;
    size_t n;

    (void)state;
    text = tu_fixture("ob20/basic-assertion.json", &n);
    assert_non_null(text);
    assert_int_equal(
        bl_json_parse((char *)text, n, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &doc, NULL), BL_OK);
    rcp = json_object_get(doc, "recipient");
    salt = bl_json_str(rcp, "salt");
    identity = bl_json_str(rcp, "identity");
    assert_string_equal(salt, "deadsea");
    assert_int_equal(bl_recipient_hash("nobody@example.org", salt, h, NULL), BL_OK);
    assert_string_equal(h, identity);
    assert_int_equal(bl_recipient_match(identity, "nobody@example.org", salt, &match, NULL), BL_OK);
    assert_true(match);
    /* No silent normalisation: another case is another identity (§12.5). */
    assert_int_equal(bl_recipient_match(identity, "Nobody@example.org", salt, &match, NULL), BL_OK);
    assert_false(match);
    json_decref(doc);
    bl_free(text);
}

static void test_match(void **state)
{
    bool match = false;
    struct bl_errinfo ei;

    (void)state;
    /* Upper-case hex matches (badgecheck accepts [\da-fA-F]). */
    assert_int_equal(bl_recipient_match(
                         "sha256$ECF5409F3F4B91AB60CC5EF4C02AEF7032354375E70CF4D8E43F6A1D29891942",
                         "nobody@example.org", "deadsea", &match, NULL),
                     BL_OK);
    assert_true(match);
    /* Wrong salt. */
    assert_int_equal(bl_recipient_match(
                         "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942",
                         "nobody@example.org", "deadsee", &match, NULL),
                     BL_OK);
    assert_false(match);
    /* md5 (legacy): value from Python's hashlib.md5(b"nobody@example.orgdeadsea"). */
    assert_int_equal(bl_recipient_match("md5$df7f6ab472edfcaf9040a8bbdee36400",
                                        "nobody@example.org", "deadsea", &match, NULL),
                     BL_OK);
    assert_true(match);
    assert_int_equal(bl_recipient_match("md5$DF7F6AB472EDFCAF9040A8BBDEE36401",
                                        "nobody@example.org", "deadsea", &match, NULL),
                     BL_OK);
    assert_false(match);
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_recipient_match("sha1$abcd", "x", NULL, &match, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "identity \"sha1$abcd\": not sha256$<64 hex> nor md5$<32 hex>");
}

static void test_is_hash(void **state)
{
    (void)state;
    assert_true(bl_recipient_is_hash("md5$00000000000000000000000000000000"));
    assert_true(bl_recipient_is_hash(
        "sha256$AbCdEf0000000000000000000000000000000000000000000000000000000000"));
    assert_false(bl_recipient_is_hash("md5$0000000000000000000000000000000"));   /* 31 */
    assert_false(bl_recipient_is_hash("md5$000000000000000000000000000000000")); /* 33 */
    assert_false(bl_recipient_is_hash(
        "sha256$g000000000000000000000000000000000000000000000000000000000000000"));
    assert_false(bl_recipient_is_hash(
        "SHA256$0000000000000000000000000000000000000000000000000000000000000000"));
    assert_false(bl_recipient_is_hash("asdjhsadas"));
    assert_false(bl_recipient_is_hash(""));
    assert_false(bl_recipient_is_hash(NULL));
}

static void test_normalize(void **state)
{
    struct bl_errinfo ei;
    char *out = NULL;

    (void)state;
    assert_int_equal(bl_recipient_email_normalize("  Ana.Diallo@Example.ORG\t\n", &out, NULL),
                     BL_OK);
    assert_string_equal(out, "ana.diallo@example.org");
    bl_free(out);
    /* Non-ASCII bytes are kept as they are. */
    assert_int_equal(bl_recipient_email_normalize("Élodie@Ex.fr", &out, NULL), BL_OK);
    assert_string_equal(out, "Élodie@ex.fr");
    bl_free(out);
    bl_errinfo_clear(&ei);
    assert_int_equal(bl_recipient_email_normalize("  @x.org", &out, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "email \"  @x.org\": expected local@domain");
    assert_int_equal(bl_recipient_email_normalize("nobody", &out, NULL), BL_EINVAL);
    assert_int_equal(bl_recipient_email_normalize("a@", &out, NULL), BL_EINVAL);
}

static void test_identity_objects(void **state)
{
    struct bl_errinfo ei;
    json_t *o = NULL, *want;

    (void)state;
    assert_int_equal(bl_recipient_ob2("nobody@example.org", "deadsea", &o, NULL), BL_OK);
    want =
        json_pack("{s:s,s:b,s:s,s:s}", "type", "email", "hashed", 1, "salt", "deadsea", "identity",
                  "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942");
    assert_true(json_equal(o, want));
    json_decref(o);
    json_decref(want);

    /* §5.3 example: a@example.com + Kosher. */
    assert_int_equal(bl_recipient_ob3("a@example.com", "emailAddress", true, "Kosher", &o, NULL),
                     BL_OK);
    want = json_pack("{s:s,s:s,s:s,s:b,s:s}", "type", "IdentityObject", "identityHash",
                     "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
                     "identityType", "emailAddress", "hashed", 1, "salt", "Kosher");
    assert_true(json_equal(o, want));
    json_decref(o);
    json_decref(want);

    /* The name-only form: plain text, hashed false, no salt. */
    assert_int_equal(bl_recipient_ob3("Ana Diallo", "name", false, NULL, &o, NULL), BL_OK);
    want = json_pack("{s:s,s:s,s:s,s:b}", "type", "IdentityObject", "identityHash", "Ana Diallo",
                     "identityType", "name", "hashed", 0);
    assert_true(json_equal(o, want));
    json_decref(o);
    json_decref(want);

    bl_errinfo_clear(&ei);
    assert_int_equal(bl_recipient_ob3("a@example.com", "emailAddress", false, NULL, &o, &ei),
                     BL_EINVAL);
    assert_string_equal(ei.msg,
                        "identityType emailAddress: an email is never written in clear, hash it");
    assert_int_equal(bl_recipient_ob3("x", "email", true, "s", &o, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "identityType \"email\": not an IdentifierTypeEnum value");
    assert_int_equal(bl_recipient_ob2("not-an-email", "s", &o, NULL), BL_EINVAL);
    assert_true(bl_recipient_ob3_type_ok("ext:Badge-ID_1.0"));
    assert_false(bl_recipient_ob3_type_ok("ext:"));
    assert_false(bl_recipient_ob3_type_ok("ext:a b"));
    assert_true(bl_recipient_ob3_type_ok("ltiUserId"));
}

/* French numbers as people type them, in E.164; what is not a phone number is refused. */
static void test_phone(void **state)
{
    static const char *const good[][2] = {
        {"06 12 34 56 78", "+33612345678"},
        {"06.12.34.56.78", "+33612345678"},
        {"0612345678", "+33612345678"},
        {"+33 6 12 34 56 78", "+33612345678"},
        {"+33 (0)6 12 34 56 78", "+33612345678"},
        {"0033 6 12 34 56 78", "+33612345678"},
        {"+33 06 12 34 56 78", "+33612345678"},
        {"01-44-55-66-77", "+33144556677"},
        {"+32 470 12 34 56", "+32470123456"},
        {" 07 98 76 54 32 ", "+33798765432"},
        /* What the backpack's own normaliser took before there was only this one. */
        {"0033612345678", "+33612345678"},
        {"+1 (415) 555-2671", "+14155552671"},
        {"+262 692 12 34 56", "+262692123456"},
        {"(+33) 6 12 34 56 78", "+33612345678"},
        {"+33\t6 12 34 56 78", "+33612345678"},
    };
    static const char *const bad[] = {"",
                                      "06 12",
                                      "6 12 34 56 78",
                                      "00 12 34 56 78",
                                      "+33 6 12 34",
                                      "06 12 34 56 78 9",
                                      "06 12 AB 56 78",
                                      "+0 612345678",
                                      "+33 6 12 34 56 78 90 12",
                                      "+1234567",
                                      "abc",
                                      "+33 6 12 ab 56 78",
                                      "6123456789",
                                      "+0612345678",
                                      "++33",
                                      "+33 +6 12 34 56 78",
                                      "06 +12 34 56 78",
                                      "+1234567890123456",
                                      "06-12-34-56-78-99"};
    char out[BL_RECIPIENT_PHONE_LEN];
    json_t *o = NULL;
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(bl_recipient_phone_normalize(good[i][0], out, NULL), BL_OK);
        assert_string_equal(out, good[i][1]);
        assert_true(bl_recipient_is_e164(out));
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct bl_errinfo ei;
        if (bl_recipient_phone_normalize(bad[i], out, &ei) == BL_OK)
            fail_msg("accepted \"%s\" as %s", bad[i], out);
        /* The backpack shows the reason next to the field: it names the field. */
        assert_int_equal(ei.code, BL_EINVAL);
        assert_true(strncmp(ei.msg, "phone", 5) == 0);
    }
    /* OB 2.0 telephone recipients are hashed, and only E.164 numbers are taken. */
    assert_int_equal(bl_recipient_ob2_typed("telephone", "+33612345678", "s", &o, NULL), BL_OK);
    assert_string_equal(json_string_value(json_object_get(o, "type")), "telephone");
    bool m = false;
    assert_int_equal(bl_recipient_match(json_string_value(json_object_get(o, "identity")),
                                        "+33612345678", "s", &m, NULL),
                     BL_OK);
    assert_true(m);
    json_decref(o);
    assert_int_equal(bl_recipient_ob2_typed("telephone", "0612345678", "s", &o, NULL), BL_EINVAL);
    assert_int_equal(bl_recipient_ob2_typed("id", "x", "s", &o, NULL), BL_EINVAL);
    assert_int_equal(bl_recipient_ob2_typed("url", "https://example.org/sac/p/x", "s", &o, NULL),
                     BL_OK);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers), cmocka_unit_test(test_fixture_recipient),
        cmocka_unit_test(test_match),         cmocka_unit_test(test_is_hash),
        cmocka_unit_test(test_normalize),     cmocka_unit_test(test_identity_objects),
        cmocka_unit_test(test_phone),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
