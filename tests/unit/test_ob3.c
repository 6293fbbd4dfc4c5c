/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * test_ob3.c: OB 3.0 credentials.  The validators against every ob30
 * fixture with the result MANIFEST.md gives for structure, types, context
 * and dates (proofs are not this module's work), the path of the defect
 * included; the VC-JWT claims against docs/open-badges.md §14.2 and the
 * payloads of 1EdTech's baked VC-JWT fixtures (VCDM 2.0 and the 1.1 `vc`
 * form); builders against hand-written documents; the Mission Locale
 * sample definitions.  The JSON Schema check of the built documents is in
 * tests/interop/schemas.test.js (ajv).
 */
#include <string.h>

#include "core/base64.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/mem.h"
#include "core/ob3.h"
#include "testutil.h"

/* 2026-06-01T00:00:00Z */
#define NOW 1780272000LL

static json_t *parse(const char *text)
{
    json_t *j = NULL;
    struct bl_errinfo ei;

    bl_errinfo_clear(&ei);
    if (bl_json_parse(text, strlen(text), BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &j, &ei) != BL_OK)
        fail_msg("%s", ei.msg);
    return j;
}

struct fx {
    const char *file;
    bool endorsement;
    bool valid;
    const char *path; /* a problem that must be reported, or NULL */
    enum bl_ob_code code;
    enum bl_ob_sev sev;
};

static const struct fx ob30[] = {
    {"ob30/simple.json", false, true, NULL, 0, 0},
    {"ob30/simple.1ob", false, true, NULL, 0, 0},
    {"ob30/simple-context-alias.json", false, true, NULL, 0, 0},
    {"ob30/simple-context-version.json", false, true, "@context", BL_OB_OUTDATED, BL_OB_WARNING},
    {"ob30/simple-did-key-method.json", false, true, NULL, 0, 0},
    {"ob30/simple-did-web-method.json", false, true, NULL, 0, 0},
    {"ob30/simple_v1.json", false, true, "@context", BL_OB_OUTDATED, BL_OB_WARNING},
    {"ob30/simple-eddsa-2022.json", false, true, "@context", BL_OB_OUTDATED, BL_OB_WARNING},
    {"ob30/simple-multiple-proofs.json", false, true, NULL, 0, 0},
    {"ob30/complete.json", false, true, "endorsement[0].validUntil", BL_OB_EXPIRED, BL_OB_WARNING},
    {"ob30/credential-status-revoked.json", false, true, NULL, 0, 0},
    {"ob30/bit-string-list/credential-status-revoked.json", false, true, NULL, 0, 0},
    {"ob30/bit-string-list/credential-status-revoked-blank-nodes.json", false, true, NULL, 0, 0},
    /* Proof defects only: structurally valid. */
    {"ob30/simple-err-proof-method.json", false, true, NULL, 0, 0},
    {"ob30/simple-err-proof-method-no-scheme.json", false, true, NULL, 0, 0},
    {"ob30/simple-err-proof-method-unknown-scheme.json", false, true, NULL, 0, 0},
    {"ob30/simple-err-proof-method-unknown-did-method.json", false, true, NULL, 0, 0},
    {"ob30/simple-err-proof-value.json", false, true, NULL, 0, 0},
    {"ob30/simple-err-context.json", false, false, "@context", BL_OB_CONTEXT, BL_OB_ERROR},
    {"ob30/simple-err-type.json", false, false, "type", BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-issuer.json", false, false, "issuer", BL_OB_MISSING, BL_OB_ERROR},
    {"ob30/simple-err-expired.json", false, false, "validUntil", BL_OB_EXPIRED, BL_OB_ERROR},
    {"ob30/simple-err-issued.json", false, false, "validFrom", BL_OB_NOT_YET_VALID, BL_OB_ERROR},
    {"ob30/simple-err-credential-subject-type.json", false, false, "credentialSubject.type",
     BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-credential-subject-identifier-type.json", false, false,
     "credentialSubject.identifier[0].type", BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-credential-subject-result-type.json", false, false,
     "credentialSubject.result[1].type", BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-credential-subject-achievement-result-description-type.json", false, false,
     "credentialSubject.achievement.resultDescription[2].type", BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-credential-subject-profile-type.json", false, false,
     "credentialSubject.source.type", BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-evidence-type.json", false, false, "evidence[1].type", BL_OB_VALUE,
     BL_OB_ERROR},
    {"ob30/simple-err-issuer-type.json", false, false, "issuer.type", BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-issuer-parentorg-type.json", false, false, "issuer.parentOrg.type",
     BL_OB_VALUE, BL_OB_ERROR},
    {"ob30/simple-err-issuer-otheridentifier-type.json", false, false,
     "issuer.otherIdentifier[1].type", BL_OB_VALUE, BL_OB_ERROR},
    /* No proof and, in this copy, no achievement either. */
    {"ob30/simple-noproof.json", false, false, "credentialSubject.achievement", BL_OB_MISSING,
     BL_OB_ERROR},
    {"ob30/endorsement-valid.json", true, true, NULL, 0, 0},
    {"ob30/endorsement-err-schema-status-refresh.json", true, true, "@context", BL_OB_OUTDATED,
     BL_OB_WARNING},
    /* An endorsement is not an achievement credential. */
    {"ob30/endorsement-valid.json", false, false, "type", BL_OB_VALUE, BL_OB_ERROR},
};

static void test_ob30_fixtures(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(ob30) / sizeof(ob30[0]); i++) {
        const struct fx *f = &ob30[i];
        json_t *doc = tu_load_json(f->file, true);
        const struct bl_ob_problem *p;
        struct bl_ob_report r;
        struct bl_errinfo ei;
        struct bl_buf b;
        enum bl_err rc;

        bl_ob_report_init(&r);
        bl_errinfo_clear(&ei);
        rc = f->endorsement ? bl_ob3_validate_endorsement(doc, NOW, &r, &ei)
                            : bl_ob3_validate_credential(doc, NOW, &r, &ei);
        bl_buf_init(&b, 1 << 16);
        if (bl_ob_report_dump(&r, &b, NULL) != BL_OK)
            fail_msg("dump");
        if ((rc == BL_OK) != f->valid)
            fail_msg("%s: expected %s:\n%s", f->file, f->valid ? "valid" : "invalid", (char *)b.p);
        if (f->path != NULL) {
            p = bl_ob_report_find(&r, f->path, f->code);
            if (p == NULL)
                fail_msg("%s: no %s problem at %s:\n%s", f->file, bl_ob_code_name(f->code), f->path,
                         (char *)b.p);
            assert_int_equal(p->sev, f->sev);
        }
        bl_buf_free(&b);
        bl_ob_report_free(&r);
        json_decref(doc);
    }
}

/* The validity window moves with now: simple-err-expired is fine in 2009. */
static void test_dates_and_now(void **state)
{
    json_t *doc = tu_load_json("ob30/simple-err-expired.json", true);
    struct bl_ob_report r;

    (void)state;
    /* 2009-12-31T23:59:59Z: before validFrom (2010-01-01) and before validUntil. */
    bl_ob_report_init(&r);
    assert_int_equal(bl_ob3_validate_credential(doc, 1262303999, &r, NULL), BL_EINVAL);
    assert_non_null(bl_ob_report_find(&r, "validFrom", BL_OB_NOT_YET_VALID));
    assert_null(bl_ob_report_find(&r, "validUntil", BL_OB_EXPIRED));
    bl_ob_report_free(&r);
    /* Exactly validFrom = validUntil = now: valid. */
    assert_int_equal(bl_ob3_validate_credential(doc, 1262304000, NULL, NULL), BL_OK);
    json_decref(doc);

    doc =
        parse("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
              "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
              "\"id\":\"urn:uuid:1\",\"type\":\"OpenBadgeCredential\",\"issuer\":7,"
              "\"validFrom\":\"2010-01-01T00:00:00\",\"validUntil\":\"2009-01-01T00:00:00Z\","
              "\"credentialSubject\":{\"type\":\"AchievementSubject\",\"identifier\":[],"
              "\"achievement\":{\"id\":\"https://e.org/a\",\"type\":[\"Achievement\"],"
              "\"name\":\"A\",\"description\":\"D\",\"criteria\":{},"
              "\"image\":{\"id\":\"https://e.org/i.png\"},\"alignment\":[{\"type\":[\"Alignment\"],"
              "\"targetName\":\"T\",\"targetUrl\":\"nope\"}],\"tag\":[7],\"achievementType\":"
              "\"Diplome\"}},"
              "\"evidence\":\"https://e.org/ev\","
              "\"credentialStatus\":{\"type\":\"BitstringStatusListEntry\","
              "\"statusPurpose\":\"revocation\",\"statusListIndex\":\"2a\","
              "\"statusListCredential\":\"https://e.org/sl\"}}");
    bl_ob_report_init(&r);
    assert_int_equal(bl_ob3_validate_credential(doc, NOW, &r, NULL), BL_EINVAL);
    assert_non_null(bl_ob_report_find(&r, "type", BL_OB_VALUE));
    assert_non_null(bl_ob_report_find(&r, "issuer", BL_OB_TYPE));
    assert_non_null(bl_ob_report_find(&r, "validFrom", BL_OB_FORMAT));
    assert_non_null(bl_ob_report_find(&r, "validUntil", BL_OB_EXPIRED));
    assert_non_null(bl_ob_report_find(&r, "credentialSubject.id", BL_OB_MISSING));
    assert_non_null(bl_ob_report_find(&r, "credentialSubject.achievement.criteria", BL_OB_MISSING));
    assert_non_null(
        bl_ob_report_find(&r, "credentialSubject.achievement.image.type", BL_OB_MISSING));
    assert_non_null(bl_ob_report_find(&r, "credentialSubject.achievement.alignment[0].targetUrl",
                                      BL_OB_FORMAT));
    assert_non_null(bl_ob_report_find(&r, "credentialSubject.achievement.tag", BL_OB_TYPE));
    assert_non_null(
        bl_ob_report_find(&r, "credentialSubject.achievement.achievementType", BL_OB_VALUE));
    assert_non_null(bl_ob_report_find(&r, "evidence", BL_OB_TYPE));
    assert_non_null(bl_ob_report_find(&r, "credentialStatus.statusListIndex", BL_OB_FORMAT));
    /* The schema's CredentialStatus requires an id. */
    assert_non_null(bl_ob_report_find(&r, "credentialStatus.id", BL_OB_MISSING));
    assert_int_equal(r.errors, 13);
    bl_ob_report_free(&r);
    json_decref(doc);
}

/* docs §14.2: simple.json's claims are iss, sub, nbf 1262304000, jti; no exp. */
static void test_jwt_claims(void **state)
{
    json_t *cred = tu_load_json("ob30/simple.json", true), *claims = NULL, *back = NULL;
    struct bl_ob_report r;
    struct bl_errinfo ei;
    bool v11 = true;

    (void)state;
    json_object_del(cred, "proof");
    assert_int_equal(bl_ob3_jwt_claims(cred, &claims, NULL), BL_OK);
    assert_string_equal(bl_json_str(claims, "iss"), "https://example.com/issuers/876543");
    assert_string_equal(bl_json_str(claims, "sub"), "did:example:ebfeb1f712ebc6f1c276e12ec21");
    assert_int_equal(json_integer_value(json_object_get(claims, "nbf")), 1262304000);
    assert_string_equal(bl_json_str(claims, "jti"), "http://example.com/credentials/3527");
    assert_null(json_object_get(claims, "exp"));
    assert_int_equal(json_object_size(claims), json_object_size(cred) + 4);
    bl_ob_report_init(&r);
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &back, &v11, &r, NULL), BL_OK);
    assert_false(v11);
    assert_int_equal(r.n, 0);
    assert_true(json_equal(back, cred));
    json_decref(back);

    /* A claim that disagrees is reported. */
    json_object_set_new(claims, "nbf", json_integer(1262304001));
    json_object_set_new(claims, "iss", json_string("https://evil.example"));
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &back, NULL, &r, NULL), BL_OK);
    assert_non_null(bl_ob_report_find(&r, "jwt.nbf", BL_OB_VALUE));
    assert_non_null(bl_ob_report_find(&r, "jwt.iss", BL_OB_VALUE));
    assert_int_equal(r.errors, 2);
    bl_ob_report_free(&r);
    json_decref(back);
    json_decref(claims);

    /* validUntil gives exp; an identifier-only subject gives no sub (§12.8). */
    json_object_set_new(cred, "validUntil", json_string("2030-01-01T00:00:00+01:00"));
    json_object_del(json_object_get(cred, "credentialSubject"), "id");
    assert_int_equal(bl_ob3_jwt_claims(cred, &claims, NULL), BL_OK);
    assert_int_equal(json_integer_value(json_object_get(claims, "exp")), 1893452400);
    assert_null(json_object_get(claims, "sub"));
    json_decref(claims);

    bl_errinfo_clear(&ei);
    json_object_set_new(cred, "validFrom", json_string("2010-01-01T00:00:00"));
    assert_int_equal(bl_ob3_jwt_claims(cred, &claims, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "credential validFrom: date-time \"2010-01-01T00:00:00\": a "
                                "timezone is required (Z or +hh:mm)");
    json_object_set_new(cred, "vc", json_object());
    assert_int_equal(bl_ob3_jwt_claims(cred, &claims, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "credential: a member named \"vc\" would be read as the VCDM 1.1 "
                                "claim");
    json_object_del(cred, "vc");
    json_object_del(cred, "issuer");
    assert_int_equal(bl_ob3_jwt_claims(cred, &claims, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "credential issuer id: missing (it becomes iss)");
    json_decref(cred);
}

/* The payload (middle part) of the compact JWS in an SVG's verify="..." attribute. */
static json_t *svg_jwt_payload(const char *rel)
{
    unsigned char *svg;
    const char *v, *d1, *d2;
    struct bl_buf b;
    json_t *j = NULL;
    size_t n;

    svg = tu_fixture(rel, &n);
    assert_non_null(svg);
    v = strstr((char *)svg, "verify=\"");
    assert_non_null(v);
    d1 = strchr(v, '.');
    assert_non_null(d1);
    d2 = strchr(d1 + 1, '.');
    assert_non_null(d2);
    bl_buf_init(&b, BL_PAYLOAD_MAX);
    assert_int_equal(bl_base64url_decode(&b, d1 + 1, (size_t)(d2 - d1 - 1), NULL), BL_OK);
    assert_int_equal(
        bl_json_parse((char *)b.p, b.len, BL_JSON_MAX_BYTES, BL_JSON_MAX_DEPTH, &j, NULL), BL_OK);
    bl_buf_free(&b);
    bl_free(svg);
    return j;
}

static void test_jwt_fixtures(void **state)
{
    json_t *claims, *cred = NULL;
    struct bl_ob_report r;
    bool v11 = true;

    (void)state;
    /* VCDM 2.0 form, with iat and aud and no sub. */
    claims = svg_jwt_payload("ob30/simple-jwt.svg");
    bl_ob_report_init(&r);
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &cred, &v11, &r, NULL), BL_OK);
    assert_false(v11);
    assert_int_equal(r.errors, 0);
    assert_non_null(bl_ob_report_find(&r, "jwt.sub", BL_OB_MISSING));
    assert_null(json_object_get(cred, "iat"));
    assert_null(json_object_get(cred, "aud"));
    assert_null(json_object_get(cred, "jti"));
    assert_string_equal(bl_json_str(cred, "id"), "http://example.com/credentials/3527");
    assert_int_equal(bl_ob3_validate_credential(cred, NOW, NULL, NULL), BL_OK);
    bl_ob_report_free(&r);
    json_decref(cred);
    json_decref(claims);

    /* VCDM 1.1 form: the credential is the vc claim. */
    claims = svg_jwt_payload("ob30/simple-jwt_v1.svg");
    bl_ob_report_init(&r);
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &cred, &v11, &r, NULL), BL_OK);
    assert_true(v11);
    assert_int_equal(r.errors, 0);
    assert_true(json_equal(cred, json_object_get(claims, "vc")));
    assert_int_equal(bl_ob3_validate_credential(cred, NOW, &r, NULL), BL_OK);
    assert_non_null(bl_ob_report_find(&r, "@context", BL_OB_OUTDATED));
    bl_ob_report_free(&r);
    json_decref(cred);
    json_decref(claims);

    /* 1.1 form with the members only in claims: filled from jti/iss/nbf/sub. */
    claims =
        parse("{\"iss\":\"https://e.org/i\",\"jti\":\"urn:uuid:x\",\"nbf\":1262304000,"
              "\"exp\":1893456000,\"sub\":\"did:example:1\",\"vc\":{\"credentialSubject\":{}}}");
    bl_ob_report_init(&r);
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &cred, &v11, &r, NULL), BL_OK);
    assert_true(v11);
    assert_int_equal(r.n, 0);
    assert_string_equal(bl_json_str(cred, "id"), "urn:uuid:x");
    assert_string_equal(bl_json_str(cred, "issuer"), "https://e.org/i");
    assert_string_equal(bl_json_str(cred, "issuanceDate"), "2010-01-01T00:00:00Z");
    assert_string_equal(bl_json_str(cred, "expirationDate"), "2030-01-01T00:00:00Z");
    assert_string_equal(bl_json_str(json_object_get(cred, "credentialSubject"), "id"),
                        "did:example:1");
    bl_ob_report_free(&r);
    json_decref(cred);
    json_decref(claims);

    claims = parse("{\"vc\":\"x\"}");
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &cred, NULL, NULL, NULL), BL_EINVAL);
    json_decref(claims);
    claims = parse("[]");
    assert_int_equal(bl_ob3_from_jwt_claims(claims, &cred, NULL, NULL, NULL), BL_EINVAL);
    json_decref(claims);
}

static void test_credential_build(void **state)
{
    static const struct bl_ob_alignment al[] = {
        {"Teamwork", "https://e.org/c/teamwork", NULL, "Skills", "T1", "ceasn:Competency"}};
    static const char *const tags[] = {"team"};
    static const struct bl_ob_evidence ev[] = {
        {"https://e.org/ev/1", NULL, "Rapport", "Le rapport", "Research", "Department"}};
    struct bl_ob3_profile issuer = {
        "https://example.com/issuers/876543", "Example Corp", NULL, NULL, NULL, NULL};
    struct bl_ob3_achievement ach;
    struct bl_ob3_credential cr;
    struct bl_errinfo ei;
    json_t *o = NULL, *want, *rd;

    (void)state;
    memset(&ach, 0, sizeof(ach));
    ach.id = "https://example.com/achievements/21st-century-skills/teamwork";
    ach.name = "Teamwork";
    ach.description = "This badge recognizes the development of the capacity to collaborate "
                      "within a group environment.";
    ach.criteria_narrative = "Team members are nominated for this badge by their peers and "
                             "recognized upon review by Example Corp management.";
    memset(&cr, 0, sizeof(cr));
    cr.id = "http://example.com/credentials/3527";
    cr.name = "Teamwork Badge";
    cr.issuer = &issuer;
    cr.valid_from = 1262304000;
    cr.subject.id = "did:example:ebfeb1f712ebc6f1c276e12ec21";
    cr.achievement = &ach;
    /* docs §14.2, the minimal credential, member for member. */
    assert_int_equal(bl_ob3_credential_build(&cr, &o, NULL), BL_OK);
    want = tu_load_json("ob30/simple.json", true);
    json_object_del(want, "proof");
    assert_true(json_equal(o, want));
    json_decref(want);
    json_decref(o);

    /* Everything else, with a bitstring status. */
    rd = parse("[{\"id\":\"urn:uuid:r1\",\"type\":[\"ResultDescription\"],\"name\":\"Note\","
               "\"resultType\":\"LetterGrade\",\"allowedValue\":[\"C\",\"B\",\"A\"]}]");
    ach.alignment = al;
    ach.n_alignment = 1;
    ach.tags = tags;
    ach.n_tags = 1;
    ach.has_credits = true;
    ach.credits_available = 1.5;
    ach.achievement_type = "Badge";
    ach.image = "https://e.org/a.png";
    ach.result_description = rd;
    cr.subject.id = NULL;
    cr.subject.email = "a@example.com";
    cr.subject.salt = "Kosher";
    cr.subject.name = "Ana";
    cr.evidence = ev;
    cr.n_evidence = 1;
    cr.has_valid_until = true;
    cr.valid_until = 1893456000;
    cr.status.kind = BL_OB3_STATUS_BITSTRING;
    cr.status.list_credential = "https://e.org/status/1";
    cr.status.index = 23;
    assert_int_equal(bl_ob3_credential_build(&cr, &o, NULL), BL_OK);
    want = parse(
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
        "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
        "\"id\":\"http://example.com/credentials/3527\","
        "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
        "\"issuer\":{\"id\":\"https://example.com/issuers/876543\",\"type\":[\"Profile\"],"
        "\"name\":\"Example Corp\"},\"validFrom\":\"2010-01-01T00:00:00Z\","
        "\"validUntil\":\"2030-01-01T00:00:00Z\",\"name\":\"Teamwork Badge\","
        "\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\"identifier\":["
        "{\"type\":\"IdentityObject\",\"identityHash\":"
        "\"sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399\","
        "\"identityType\":\"emailAddress\",\"hashed\":true,\"salt\":\"Kosher\"},"
        "{\"type\":\"IdentityObject\",\"identityHash\":\"Ana\",\"identityType\":\"name\","
        "\"hashed\":false}],"
        "\"achievement\":{\"id\":\"https://example.com/achievements/21st-century-skills/teamwork\","
        "\"type\":[\"Achievement\"],\"name\":\"Teamwork\",\"description\":\"This badge recognizes "
        "the development of the capacity to collaborate within a group environment.\","
        "\"criteria\":{\"narrative\":\"Team members are nominated for this badge by their peers "
        "and recognized upon review by Example Corp management.\"},"
        "\"image\":{\"id\":\"https://e.org/"
        "a.png\",\"type\":\"Image\"},\"achievementType\":\"Badge\","
        "\"alignment\":[{\"type\":[\"Alignment\"],\"targetName\":\"Teamwork\","
        "\"targetUrl\":\"https://e.org/c/teamwork\",\"targetFramework\":\"Skills\","
        "\"targetCode\":\"T1\",\"targetType\":\"ceasn:Competency\"}],"
        "\"resultDescription\":[{\"id\":\"urn:uuid:r1\",\"type\":[\"ResultDescription\"],"
        "\"name\":\"Note\",\"resultType\":\"LetterGrade\",\"allowedValue\":[\"C\",\"B\",\"A\"]}],"
        "\"tag\":[\"team\"],\"creditsAvailable\":1.5}},"
        "\"evidence\":[{\"id\":\"https://e.org/ev/1\",\"type\":[\"Evidence\"],\"name\":\"Rapport\","
        "\"description\":\"Le rapport\",\"genre\":\"Research\",\"audience\":\"Department\"}],"
        "\"credentialStatus\":{\"id\":\"https://e.org/status/1#23\","
        "\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
        "\"statusListIndex\":\"23\",\"statusListCredential\":\"https://e.org/status/1\"}}");
    assert_true(json_equal(o, want));
    assert_int_equal(bl_ob3_validate_credential(o, NOW, NULL, NULL), BL_OK);
    json_decref(want);
    json_decref(o);
    json_decref(rd);
    ach.result_description = NULL;

    bl_errinfo_clear(&ei);
    cr.subject.email = cr.subject.name = NULL;
    assert_int_equal(bl_ob3_credential_build(&cr, &o, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "credentialSubject: give an id, an email, a phone or a name");
    cr.subject.id = "did:example:1";
    cr.valid_until = cr.valid_from;
    assert_int_equal(bl_ob3_credential_build(&cr, &o, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "credential validUntil 2010-01-01T00:00:00Z: not after validFrom "
                                "2010-01-01T00:00:00Z");
    cr.has_valid_until = false;
    ach.criteria_narrative = NULL;
    assert_int_equal(bl_ob3_credential_build(&cr, &o, &ei), BL_EINVAL);
    assert_string_equal(ei.msg, "achievement criteria: give an id, a narrative or both");
}

static void test_endorsement_build(void **state)
{
    struct bl_ob3_profile p = {"https://state.gov/issuers/565049",
                               "State Department of Education",
                               NULL,
                               NULL,
                               NULL,
                               NULL};
    struct bl_ob3_endorsement e;
    json_t *o = NULL, *want;

    (void)state;
    memset(&e, 0, sizeof(e));
    e.id = "http://1edtech.edu/endorsementcredential/3732";
    e.name = "Example endorsement";
    e.issuer = &p;
    e.valid_from = 1262304000;
    e.has_valid_until = true;
    e.valid_until = 1893456000;
    e.subject_id = "https://1edtech.edu/issuers/565049";
    e.comment = "1EdTech University is in good standing";
    assert_int_equal(bl_ob3_endorsement_build(&e, &o, NULL), BL_OK);
    /* endorsement-valid.json without its schema entry, extension context and proof. */
    want = tu_load_json("ob30/endorsement-valid.json", true);
    json_object_del(want, "proof");
    json_object_del(want, "credentialSchema");
    json_array_remove(json_object_get(want, "@context"), 2);
    assert_true(json_equal(o, want));
    assert_int_equal(bl_ob3_validate_endorsement(o, NOW, NULL, NULL), BL_OK);
    json_decref(want);
    json_decref(o);
    e.subject_id = NULL;
    assert_int_equal(bl_ob3_endorsement_build(&e, &o, NULL), BL_EINVAL);
}

static void test_from_defs(void **state)
{
    json_t *idef = tu_load_json("tests/data/ob/issuer-mission-locale.json", false);
    json_t *bdef = tu_load_json("tests/data/ob/badge-pej-participation.json", false);
    struct bl_ob3_status st = {BL_OB3_STATUS_REVOCATION_LIST,
                               "https://badges.missionlocale.paris/revocations", NULL, 0};
    json_t *c = NULL, *sub, *ctx;
    struct bl_ob_report r;
    struct bl_errinfo ei;

    (void)state;
    bl_ob_report_init(&r);
    bl_errinfo_clear(&ei);
    if (bl_ob3_credential_from_defs(idef, bdef, "nobody@example.org", "deadsea",
                                    "urn:uuid:6c1b3a8e-2f4d-4a51-9b0e-0d3f5a7c9e21", 1795860000,
                                    &st, &c, &r, &ei) != BL_OK)
        fail_msg("%s", ei.msg);
    ctx = json_object_get(c, "@context");
    assert_int_equal(json_array_size(ctx), 3);
    assert_string_equal(json_string_value(json_array_get(ctx, 2)),
                        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json");
    assert_string_equal(bl_json_str(c, "validFrom"), "2026-11-28T10:00:00Z");
    assert_string_equal(bl_json_str(c, "validUntil"), "2028-11-28T10:00:00Z");
    sub = json_object_get(c, "credentialSubject");
    assert_null(json_object_get(sub, "id"));
    assert_string_equal(
        bl_json_str(json_array_get(json_object_get(sub, "identifier"), 0), "identityHash"),
        "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942");
    assert_string_equal(bl_json_str(json_object_get(sub, "achievement"), "name"),
                        "Participation – Paris pour l'Emploi des Jeunes");
    assert_string_equal(bl_json_str(json_object_get(c, "issuer"), "name"),
                        "Mission Locale de Paris");
    assert_int_equal(bl_ob3_validate_credential(c, 1795860000, &r, NULL), BL_OK);
    assert_int_equal(r.n, 0);
    /* Two years and a day later it has expired. */
    assert_int_equal(bl_ob3_validate_credential(c, 1859018400 + 86400, NULL, NULL), BL_EINVAL);
    json_decref(c);

    /* A broken definition: every problem of both files is reported. */
    json_object_set_new(idef, "url", json_string("www.missionlocale.paris"));
    json_object_del(bdef, "name");
    c = NULL;
    assert_int_equal(bl_ob3_credential_from_defs(idef, bdef, "nobody@example.org", "deadsea",
                                                 "urn:uuid:1", 1795860000, NULL, &c, &r, &ei),
                     BL_EINVAL);
    assert_null(c);
    assert_non_null(bl_ob_report_find(&r, "issuer_def.url", BL_OB_FORMAT));
    assert_non_null(bl_ob_report_find(&r, "badge_def.name", BL_OB_MISSING));
    assert_string_equal(ei.msg, "issuer definition: 1 problem(s), first: url: "
                                "\"www.missionlocale.paris\" is not an http(s) URL");
    bl_ob_report_free(&r);
    json_decref(idef);
    json_decref(bdef);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ob30_fixtures),    cmocka_unit_test(test_dates_and_now),
        cmocka_unit_test(test_jwt_claims),       cmocka_unit_test(test_jwt_fixtures),
        cmocka_unit_test(test_credential_build), cmocka_unit_test(test_endorsement_build),
        cmocka_unit_test(test_from_defs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
