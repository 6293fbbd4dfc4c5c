/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * ob3.c: Open Badges 3.0 credentials: builders, the VC-JWT claim mapping
 * and the structural validators.  The validators walk the classes of the
 * OB 3.0 data model (docs/open-badges.md §5.2-5.7) with the required
 * members of the published JSON Schema, accept a class `type` as a string
 * or an array (§12.6), and report each problem with its path.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "limits.h"
#include "mem.h"
#include "ob3.h"
#include "obdate.h"
#include "recipient.h"
#include "utf8.h"

static const char *const t_profile[] = {"Profile", NULL};
static const char *const t_subject[] = {"AchievementSubject", NULL};
static const char *const t_achievement[] = {"Achievement", NULL};
static const char *const t_alignment[] = {"Alignment", NULL};
static const char *const t_evidence[] = {"Evidence", NULL};
static const char *const t_result[] = {"Result", NULL};
static const char *const t_resultdesc[] = {"ResultDescription", NULL};
static const char *const t_rubric[] = {"RubricCriterionLevel", NULL};
static const char *const t_identity[] = {"IdentityObject", NULL};
static const char *const t_identifier_entry[] = {"IdentifierEntry", NULL};
static const char *const t_image[] = {"Image", NULL};
static const char *const t_address[] = {"Address", NULL};
static const char *const t_geo[] = {"GeoCoordinates", NULL};
static const char *const t_endorsement_subject[] = {"EndorsementSubject", NULL};

/* AchievementType (docs/open-badges.md §5.4); "ext:" extensions are also allowed. */
static const char *const achievement_types[] = {"Achievement",
                                                "ApprenticeshipCertificate",
                                                "Assessment",
                                                "Assignment",
                                                "AssociateDegree",
                                                "Award",
                                                "Badge",
                                                "BachelorDegree",
                                                "Certificate",
                                                "CertificateOfCompletion",
                                                "Certification",
                                                "CommunityService",
                                                "Competency",
                                                "Course",
                                                "CoCurricular",
                                                "Degree",
                                                "Diploma",
                                                "DoctoralDegree",
                                                "Fieldwork",
                                                "GeneralEducationDevelopment",
                                                "JourneymanCertificate",
                                                "LearningProgram",
                                                "License",
                                                "Membership",
                                                "ProfessionalDoctorate",
                                                "QualityAssuranceCredential",
                                                "MasterCertificate",
                                                "MasterDegree",
                                                "MicroCredential",
                                                "ResearchDoctorate",
                                                "SecondarySchoolDiploma",
                                                NULL};

/* ResultType, ResultStatusType, Alignment targetType (JSON Schema enums; the first
 * and last also take "ext:" extensions). */
static const char *const result_types[] = {"GradePointAverage",
                                           "LetterGrade",
                                           "Percent",
                                           "PerformanceLevel",
                                           "PredictedScore",
                                           "RawScore",
                                           "Result",
                                           "RubricCriterion",
                                           "RubricCriterionLevel",
                                           "RubricScore",
                                           "ScaledScore",
                                           "Status",
                                           NULL};
static const char *const result_status[] = {"Completed", "Enrolled",    "Failed",   "InProgress",
                                            "OnHold",    "Provisional", "Withdrew", NULL};
static const char *const target_types[] = {
    "ceasn:Competency",  "ceterms:Credential",     "CFItem", "CFRubric",
    "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",   NULL};
/* The members the schema allows on its closed classes (additionalProperties: false). */
static const char *const image_keys[] = {"id", "type", "caption", NULL};
static const char *const identity_keys[] = {"type",         "hashed", "identityHash",
                                            "identityType", "salt",   NULL};
static const char *const identifier_entry_keys[] = {"type", "identifier", "identifierType", NULL};

/* The JWT registered claims (RFC 7519 §4.1) that are not credential members. */
static const char *const jwt_claims[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", NULL};

enum kind { K_ACHIEVEMENT, K_ENDORSEMENT };

static void check_credential(struct bl_ob__ctx *c, const json_t *d, enum kind k, bool nested);
static void check_context(struct bl_ob__ctx *c, const json_t *d, bool *v11);
static void check_profile(struct bl_ob__ctx *c, const json_t *p);
static void check_subject(struct bl_ob__ctx *c, const json_t *s);
static void check_achievement(struct bl_ob__ctx *c, const json_t *a);
static void check_image(struct bl_ob__ctx *c, const json_t *obj, const char *key);
static void check_endorsements(struct bl_ob__ctx *c, const json_t *obj);
typedef void (*check_fn)(struct bl_ob__ctx *c, const json_t *x);
static void each(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool single,
                 check_fn fn);
static void check_alignment(struct bl_ob__ctx *c, const json_t *x);
static void check_evidence(struct bl_ob__ctx *c, const json_t *x);
static void check_result(struct bl_ob__ctx *c, const json_t *x);
static void check_resultdesc(struct bl_ob__ctx *c, const json_t *x);
static void check_rubric(struct bl_ob__ctx *c, const json_t *x);
static void check_identity(struct bl_ob__ctx *c, const json_t *x);
static void check_identifier_entry(struct bl_ob__ctx *c, const json_t *x);
static void check_status(struct bl_ob__ctx *c, const json_t *x);
static void check_typed_ref(struct bl_ob__ctx *c, const json_t *x);
static void check_number(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required);
static void check_proof(struct bl_ob__ctx *c, const json_t *x);
static void check_related(struct bl_ob__ctx *c, const json_t *x);
static void check_service(struct bl_ob__ctx *c, const json_t *x);
static void check_schema_ref(struct bl_ob__ctx *c, const json_t *x);
static void check_string_list(struct bl_ob__ctx *c, const json_t *obj, const char *key);
static void check_enum(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required,
                       const char *const *vals, bool ext);
static void check_lang(struct bl_ob__ctx *c, const json_t *obj, const char *key);
static void closed(struct bl_ob__ctx *c, const json_t *obj, const char *const *keys);
static bool ext_ok(const char *s);
static bool compact_jws(const char *s);
static void check_date_only(struct bl_ob__ctx *c, const json_t *obj, const char *key);
static bool is_object(struct bl_ob__ctx *c, const json_t *x, const char *what);
static bool achievement_type_ok(const char *s);
static json_t *type_array(const char *a, const char *b);
static json_t *image_json(const char *url);
static json_t *profile_json(const struct bl_ob3_profile *p);
static enum bl_err check_profile_in(const struct bl_ob3_profile *p, const char *what,
                                    struct bl_errinfo *ei);
static enum bl_err date_claim(const json_t *cred, const char *key, json_t *claims,
                              const char *claim, bool required, struct bl_errinfo *ei);

/* ---- builders ---- */

/* credentialStatus of o from st (nothing for BL_OB3_STATUS_NONE). */
static enum bl_err set_status(json_t *o, const struct bl_ob3_status *st_in, struct bl_errinfo *ei)
{
    if (st_in->kind == BL_OB3_STATUS_REVOCATION_LIST) {
        json_t *st = json_object();

        bl_ob__set_str(st, "id", st_in->id);
        bl_ob__set_str(st, "type", "1EdTechRevocationList");
        json_object_set_new(o, "credentialStatus", st);
    } else if (st_in->kind == BL_OB3_STATUS_BITSTRING) {
        struct bl_buf b;
        json_t *st = json_object();

        /* W3C Bitstring Status List: statusListIndex is a decimal string; id = list#index. */
        bl_buf_init(&b, BL_URL_MAX + 32);
        if (bl_buf_printf(&b, "%s#%llu", st_in->list_credential,
                          (unsigned long long)st_in->index) != BL_OK) {
            bl_buf_free(&b);
            json_decref(st);
            return bl_fail(ei, BL_ETOOBIG, "statusListCredential: URL too long");
        }
        bl_ob__set_str(st, "id", (const char *)b.p);
        bl_ob__set_str(st, "type", "BitstringStatusListEntry");
        bl_ob__set_str(st, "statusPurpose", "revocation");
        bl_buf_reset(&b);
        if (bl_buf_printf(&b, "%llu", (unsigned long long)st_in->index) != BL_OK)
            b.len = 0; /* cannot happen: the buffer just held more */
        bl_ob__set_str(st, "statusListIndex", (const char *)b.p);
        bl_ob__set_str(st, "statusListCredential", st_in->list_credential);
        bl_buf_free(&b);
        json_object_set_new(o, "credentialStatus", st);
    }
    return BL_OK;
}

enum bl_err bl_ob3_credential_build(const struct bl_ob3_credential *in, json_t **out,
                                    struct bl_errinfo *ei)
{
    const struct bl_ob3_achievement *a = in->achievement;
    char from[BL_OBDATE_LEN], until[BL_OBDATE_LEN];
    json_t *o = NULL, *ids = NULL, *ctx, *sub, *ach, *crit, *arr, *idobj = NULL;
    enum bl_err rc;
    size_t i;

    if ((rc = bl_ob__need_iri(in->id, true, "credential id", ei)) != BL_OK ||
        (rc = bl_ob__need(in->name, "credential name", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->image, false, "credential image", ei)) != BL_OK ||
        (rc = bl_obdate_format(in->valid_from, from, ei)) != BL_OK ||
        (in->has_valid_until && (rc = bl_obdate_format(in->valid_until, until, ei)) != BL_OK))
        return rc;
    if (in->issuer == NULL)
        return bl_fail(ei, BL_EINVAL, "credential issuer: missing");
    if ((rc = check_profile_in(in->issuer, "issuer", ei)) != BL_OK)
        return rc;
    if (in->has_valid_until && in->valid_until <= in->valid_from)
        return bl_fail(ei, BL_EINVAL, "credential validUntil %s: not after validFrom %s", until,
                       from);
    if (a == NULL)
        return bl_fail(ei, BL_EINVAL, "credential achievement: missing");
    if ((rc = bl_ob__need_iri(a->id, true, "achievement id", ei)) != BL_OK ||
        (rc = bl_ob__need(a->name, "achievement name", ei)) != BL_OK ||
        (rc = bl_ob__need(a->description, "achievement description", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(a->criteria_id, false, "achievement criteria id", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(a->image, false, "achievement image", ei)) != BL_OK)
        return rc;
    if (a->criteria_id == NULL && a->criteria_narrative == NULL)
        return bl_fail(ei, BL_EINVAL, "achievement criteria: give an id, a narrative or both");
    if (a->achievement_type != NULL && !achievement_type_ok(a->achievement_type))
        return bl_fail(ei, BL_EINVAL, "achievementType \"%.60s\": not an AchievementType value",
                       a->achievement_type);
    if (a->result_description != NULL && !json_is_array(a->result_description))
        return bl_fail(ei, BL_EINVAL, "achievement resultDescription: expected an array");
    for (i = 0; i < a->n_alignment; i++)
        if ((rc = bl_ob__need(a->alignment[i].target_name, "alignment targetName", ei)) != BL_OK ||
            (rc = bl_ob__need_iri(a->alignment[i].target_url, true, "alignment targetUrl", ei)) !=
                BL_OK)
            return rc;
    for (i = 0; i < a->n_tags; i++)
        if ((rc = bl_ob__need(a->tags[i], "tag", ei)) != BL_OK)
            return rc;
    for (i = 0; i < in->n_evidence; i++)
        if ((rc = bl_ob__need_iri(in->evidence[i].id, false, "evidence id", ei)) != BL_OK)
            return rc;
    if ((rc = bl_ob__need_iri(in->subject.id, false, "credentialSubject id", ei)) != BL_OK)
        return rc;
    if (in->subject.id == NULL && in->subject.email == NULL && in->subject.phone == NULL &&
        in->subject.name == NULL)
        return bl_fail(ei, BL_EINVAL, "credentialSubject: give an id, an email, a phone or a name");
    switch (in->status.kind) {
    case BL_OB3_STATUS_NONE:
        break;
    case BL_OB3_STATUS_REVOCATION_LIST:
        if ((rc = bl_ob__need_iri(in->status.id, true, "credentialStatus id", ei)) != BL_OK)
            return rc;
        break;
    case BL_OB3_STATUS_BITSTRING:
        if ((rc = bl_ob__need_iri(in->status.list_credential, true, "statusListCredential", ei)) !=
            BL_OK)
            return rc;
        break;
    default:
        return bl_fail(ei, BL_EINVAL, "credentialStatus: unknown kind");
    }

    /* The identifiers first: hashing is the one step here that can still fail. */
    if (in->subject.email != NULL || in->subject.phone != NULL || in->subject.name != NULL) {
        ids = json_array();
        if (in->subject.email != NULL) {
            if ((rc = bl_recipient_ob3(in->subject.email, "emailAddress", true, in->subject.salt,
                                       &idobj, ei)) != BL_OK)
                goto out;
            json_array_append_new(ids, idobj);
        }
        if (in->subject.phone != NULL) {
            /* No phone in IdentifierTypeEnum: an extension type, as the schema allows. */
            if ((rc = bl_recipient_ob3(in->subject.phone, "ext:telephone", true, in->subject.salt,
                                       &idobj, ei)) != BL_OK)
                goto out;
            json_array_append_new(ids, idobj);
        }
        if (in->subject.name != NULL) {
            if ((rc = bl_recipient_ob3(in->subject.name, "name", false, NULL, &idobj, ei)) != BL_OK)
                goto out;
            json_array_append_new(ids, idobj);
        }
    }
    o = json_object();
    /* §5.1: the VC v2 context first, the OB context second; extensions.json defines the 1EdTech
     * status type. */
    ctx = json_array();
    json_array_append_new(ctx, json_string(BL_OB3_CONTEXT_VC2));
    json_array_append_new(ctx, json_string(BL_OB3_CONTEXT_OB));
    if (in->status.kind == BL_OB3_STATUS_REVOCATION_LIST)
        json_array_append_new(ctx, json_string(BL_OB3_CONTEXT_EXT));
    json_object_set_new(o, "@context", ctx);
    bl_ob__set_str(o, "id", in->id);
    json_object_set_new(o, "type", type_array("VerifiableCredential", "OpenBadgeCredential"));
    json_object_set_new(o, "issuer", profile_json(in->issuer));
    bl_ob__set_str(o, "validFrom", from);
    if (in->has_valid_until)
        bl_ob__set_str(o, "validUntil", until);
    bl_ob__set_str(o, "name", in->name);
    bl_ob__set_str(o, "description", in->description);
    if (in->image != NULL)
        json_object_set_new(o, "image", image_json(in->image));

    sub = json_object();
    bl_ob__set_str(sub, "id", in->subject.id);
    json_object_set_new(sub, "type", type_array("AchievementSubject", NULL));
    if (ids != NULL)
        json_object_set(sub, "identifier", ids);
    ach = json_object();
    bl_ob__set_str(ach, "id", a->id);
    json_object_set_new(ach, "type", type_array("Achievement", NULL));
    bl_ob__set_str(ach, "name", a->name);
    bl_ob__set_str(ach, "description", a->description);
    crit = json_object();
    bl_ob__set_str(crit, "id", a->criteria_id);
    bl_ob__set_str(crit, "narrative", a->criteria_narrative);
    json_object_set_new(ach, "criteria", crit);
    if (a->image != NULL)
        json_object_set_new(ach, "image", image_json(a->image));
    bl_ob__set_str(ach, "achievementType", a->achievement_type);
    if (a->n_alignment > 0) {
        arr = json_array();
        for (i = 0; i < a->n_alignment; i++) {
            const struct bl_ob_alignment *al = &a->alignment[i];
            json_t *x = json_object();

            json_object_set_new(x, "type", type_array("Alignment", NULL));
            bl_ob__set_str(x, "targetName", al->target_name);
            bl_ob__set_str(x, "targetUrl", al->target_url);
            bl_ob__set_str(x, "targetDescription", al->target_description);
            bl_ob__set_str(x, "targetFramework", al->target_framework);
            bl_ob__set_str(x, "targetCode", al->target_code);
            bl_ob__set_str(x, "targetType", al->target_type);
            json_array_append_new(arr, x);
        }
        json_object_set_new(ach, "alignment", arr);
    }
    if (a->result_description != NULL && json_array_size(a->result_description) > 0)
        json_object_set_new(ach, "resultDescription", json_deep_copy(a->result_description));
    if (a->n_tags > 0) {
        arr = json_array();
        for (i = 0; i < a->n_tags; i++)
            json_array_append_new(arr, json_string(a->tags[i]));
        json_object_set_new(ach, "tag", arr);
    }
    if (a->has_credits)
        json_object_set_new(ach, "creditsAvailable", json_real(a->credits_available));
    json_object_set_new(sub, "achievement", ach);
    json_object_set_new(o, "credentialSubject", sub);

    if (in->n_evidence > 0) {
        arr = json_array();
        for (i = 0; i < in->n_evidence; i++) {
            const struct bl_ob_evidence *e = &in->evidence[i];
            json_t *x = json_object();

            bl_ob__set_str(x, "id", e->id);
            json_object_set_new(x, "type", type_array("Evidence", NULL));
            bl_ob__set_str(x, "narrative", e->narrative);
            bl_ob__set_str(x, "name", e->name);
            bl_ob__set_str(x, "description", e->description);
            bl_ob__set_str(x, "genre", e->genre);
            bl_ob__set_str(x, "audience", e->audience);
            json_array_append_new(arr, x);
        }
        json_object_set_new(o, "evidence", arr);
    }
    if ((rc = set_status(o, &in->status, ei)) != BL_OK)
        goto out;
    *out = o;
    o = NULL;
out:
    json_decref(ids);
    json_decref(o);
    return rc;
}

enum bl_err bl_ob3_endorsement_build(const struct bl_ob3_endorsement *in, json_t **out,
                                     struct bl_errinfo *ei)
{
    char from[BL_OBDATE_LEN], until[BL_OBDATE_LEN];
    json_t *o, *ctx, *sub;
    enum bl_err rc;

    if ((rc = bl_ob__need_iri(in->id, true, "endorsement id", ei)) != BL_OK ||
        (rc = bl_ob__need(in->name, "endorsement name", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(in->subject_id, true, "endorsement subject id", ei)) != BL_OK ||
        (rc = bl_obdate_format(in->valid_from, from, ei)) != BL_OK ||
        (in->has_valid_until && (rc = bl_obdate_format(in->valid_until, until, ei)) != BL_OK))
        return rc;
    if (in->issuer == NULL)
        return bl_fail(ei, BL_EINVAL, "endorsement issuer: missing");
    if ((rc = check_profile_in(in->issuer, "endorsement issuer", ei)) != BL_OK)
        return rc;
    if (in->has_valid_until && in->valid_until <= in->valid_from)
        return bl_fail(ei, BL_EINVAL, "endorsement validUntil %s: not after validFrom %s", until,
                       from);
    if (in->comment != NULL && (rc = bl_ob__need(in->comment, "endorsementComment", ei)) != BL_OK)
        return rc;
    o = json_object();
    ctx = json_array();
    json_array_append_new(ctx, json_string(BL_OB3_CONTEXT_VC2));
    json_array_append_new(ctx, json_string(BL_OB3_CONTEXT_OB));
    json_object_set_new(o, "@context", ctx);
    bl_ob__set_str(o, "id", in->id);
    json_object_set_new(o, "type", type_array("VerifiableCredential", "EndorsementCredential"));
    json_object_set_new(o, "issuer", profile_json(in->issuer));
    bl_ob__set_str(o, "validFrom", from);
    if (in->has_valid_until)
        bl_ob__set_str(o, "validUntil", until);
    bl_ob__set_str(o, "name", in->name);
    sub = json_object();
    bl_ob__set_str(sub, "id", in->subject_id);
    json_object_set_new(sub, "type", type_array("EndorsementSubject", NULL));
    bl_ob__set_str(sub, "endorsementComment", in->comment);
    json_object_set_new(o, "credentialSubject", sub);
    if (in->status.kind == BL_OB3_STATUS_REVOCATION_LIST)
        json_array_append_new(ctx, json_string(BL_OB3_CONTEXT_EXT));
    if ((rc = set_status(o, &in->status, ei)) != BL_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return BL_OK;
}

enum bl_err bl_ob3_credential_from_defs(const json_t *issuer_def, const json_t *badge_def,
                                        const char *email, const char *salt,
                                        const char *credential_id, int64_t now,
                                        const struct bl_ob3_status *status, json_t **out,
                                        struct bl_ob_report *r, struct bl_errinfo *ei)
{
    struct bl_ob_issuer_def idef;
    struct bl_ob_badge_def bdef;
    struct bl_ob3_profile prof;
    struct bl_ob3_achievement ach;
    struct bl_ob3_credential cr;
    enum bl_err rc;

    memset(&bdef, 0, sizeof(bdef));
    if ((rc = bl_ob__parse_defs(issuer_def, badge_def, &idef, &bdef, r, ei)) != BL_OK)
        goto out;
    if (email == NULL || strchr(email, '@') == NULL) {
        rc = bl_fail(ei, BL_EINVAL, "recipient email \"%.60s\": expected local@domain",
                     email != NULL ? email : "");
        goto out;
    }
    memset(&prof, 0, sizeof(prof));
    prof.id = idef.id;
    prof.name = idef.name;
    prof.url = idef.url;
    prof.email = idef.email;
    prof.description = idef.description;
    prof.image = idef.image;
    memset(&ach, 0, sizeof(ach));
    ach.id = bdef.id;
    ach.name = bdef.name;
    ach.description = bdef.description;
    ach.criteria_id = bdef.criteria_url;
    ach.criteria_narrative = bdef.criteria_narrative;
    ach.image = bdef.image;
    ach.achievement_type = bdef.achievement_type;
    ach.alignment = bdef.alignment;
    ach.n_alignment = bdef.n_alignment;
    ach.tags = bdef.tags;
    ach.n_tags = bdef.n_tags;
    memset(&cr, 0, sizeof(cr));
    cr.id = credential_id;
    cr.name = bdef.name;
    cr.description = bdef.description;
    cr.image = bdef.image;
    cr.issuer = &prof;
    cr.valid_from = now;
    cr.subject.email = email;
    cr.subject.salt = salt;
    cr.achievement = &ach;
    if (status != NULL)
        cr.status = *status;
    if ((rc = bl_ob_badge_def_expiry(&bdef, now, &cr.has_valid_until, &cr.valid_until, ei)) !=
        BL_OK)
        goto out;
    rc = bl_ob3_credential_build(&cr, out, ei);
out:
    bl_ob_badge_def_free(&bdef);
    return rc;
}

/* ---- VC-JWT claims ---- */

enum bl_err bl_ob3_jwt_claims(const json_t *credential, json_t **out, struct bl_errinfo *ei)
{
    const json_t *iss, *sub;
    const char *id, *iss_id;
    json_t *claims;
    enum bl_err rc;

    if (!json_is_object(credential))
        return bl_fail(ei, BL_EINVAL, "credential: expected an object, got %s",
                       bl_json_type_name(credential));
    /* Readers take a payload with `vc` for the VCDM 1.1 form (§6.1): it would not read back. */
    if (json_object_get(credential, "vc") != NULL)
        return bl_fail(ei, BL_EINVAL,
                       "credential: a member named \"vc\" would be read as the "
                       "VCDM 1.1 claim");
    id = bl_json_str(credential, "id");
    if (id == NULL)
        return bl_fail(ei, BL_EINVAL, "credential id: missing (it becomes jti)");
    iss = json_object_get(credential, "issuer");
    iss_id = json_is_string(iss) ? json_string_value(iss) : bl_json_str(iss, "id");
    if (iss_id == NULL)
        return bl_fail(ei, BL_EINVAL, "credential issuer id: missing (it becomes iss)");
    claims = json_deep_copy(credential);
    json_object_set_new(claims, "iss", json_string(iss_id));
    /* §12.8: an identifier-only subject has no value for sub; it is left out. */
    sub = json_object_get(credential, "credentialSubject");
    if (bl_json_str(sub, "id") != NULL)
        json_object_set_new(claims, "sub", json_string(bl_json_str(sub, "id")));
    if ((rc = date_claim(credential, "validFrom", claims, "nbf", true, ei)) != BL_OK ||
        (rc = date_claim(credential, "validUntil", claims, "exp", false, ei)) != BL_OK) {
        json_decref(claims);
        return rc;
    }
    json_object_set_new(claims, "jti", json_string(id));
    *out = claims;
    return BL_OK;
}

/* Compare a NumericDate claim with a date-time member; report a disagreement. */
static void cmp_date(struct bl_ob_report *r, const json_t *claims, const char *claim,
                     const json_t *cred, const char *key)
{
    const json_t *v = json_object_get(claims, claim);
    const char *s = bl_json_str(cred, key);
    char path[16];
    int64_t t;

    if (v == NULL)
        return;
    memcpy(path, "jwt.", 4);
    memcpy(path + 4, claim, strlen(claim) + 1);
    if (!json_is_integer(v)) {
        bl_ob_report_add(r, BL_OB_ERROR, BL_OB_TYPE, path, "expected a NumericDate, got %s",
                         bl_json_type_name(v));
        return;
    }
    if (s == NULL || bl_obdate_parse(s, &t, NULL, NULL) != BL_OK)
        return; /* the credential validator reports a missing or bad date */
    if (t != json_integer_value(v))
        bl_ob_report_add(r, BL_OB_ERROR, BL_OB_VALUE, path, "%lld does not match %s %s",
                         (long long)json_integer_value(v), key, s);
}

static void cmp_str(struct bl_ob_report *r, const json_t *claims, const char *claim,
                    const char *want, const char *what)
{
    const json_t *v = json_object_get(claims, claim);
    char path[16];

    if (v == NULL)
        return;
    memcpy(path, "jwt.", 4);
    memcpy(path + 4, claim, strlen(claim) + 1);
    if (!json_is_string(v))
        bl_ob_report_add(r, BL_OB_ERROR, BL_OB_TYPE, path, "expected a string, got %s",
                         bl_json_type_name(v));
    else if (want == NULL || strcmp(want, json_string_value(v)) != 0)
        bl_ob_report_add(r, BL_OB_ERROR, BL_OB_VALUE, path, "\"%.60s\" does not match %s",
                         json_string_value(v), what);
}

/* VCDM 1.1 JWT decoding: a member the `vc` claim lacks comes from its registered claim. */
static void fill_from_claim(json_t *cred, const char *key, const json_t *claims, const char *claim)
{
    const json_t *v = json_object_get(claims, claim);
    char d[BL_OBDATE_LEN];

    if (v == NULL || json_object_get(cred, key) != NULL)
        return;
    if (json_is_string(v)) {
        json_object_set_new(cred, key, json_string(json_string_value(v)));
    } else if (json_is_integer(v) && bl_obdate_format(json_integer_value(v), d, NULL) == BL_OK) {
        json_object_set_new(cred, key, json_string(d));
    }
}

enum bl_err bl_ob3_from_jwt_claims(const json_t *claims, json_t **out, bool *v11,
                                   struct bl_ob_report *r, struct bl_errinfo *ei)
{
    const json_t *vc, *iss, *sub;
    json_t *cred;
    const char *iss_id;
    bool old;
    size_t i;

    if (!json_is_object(claims))
        return bl_fail(ei, BL_EINVAL, "JWT claims: expected an object, got %s",
                       bl_json_type_name(claims));
    vc = json_object_get(claims, "vc");
    old = vc != NULL;
    if (old && !json_is_object(vc))
        return bl_fail(ei, BL_EINVAL, "JWT claim vc: expected an object, got %s",
                       bl_json_type_name(vc));
    if (old) {
        json_t *s;

        cred = json_deep_copy(vc);
        fill_from_claim(cred, "id", claims, "jti");
        fill_from_claim(cred, "issuer", claims, "iss");
        fill_from_claim(cred, "issuanceDate", claims, "nbf");
        fill_from_claim(cred, "expirationDate", claims, "exp");
        s = json_object_get(cred, "credentialSubject");
        if (json_is_object(s))
            fill_from_claim(s, "id", claims, "sub");
    } else {
        cred = json_deep_copy(claims);
        for (i = 0; jwt_claims[i] != NULL; i++)
            json_object_del(cred, jwt_claims[i]);
    }
    /* §6.1 verification: iss, sub, nbf, jti and exp must agree with the credential. */
    iss = json_object_get(cred, "issuer");
    iss_id = json_is_string(iss) ? json_string_value(iss) : bl_json_str(iss, "id");
    cmp_str(r, claims, "iss", iss_id, "the issuer id");
    cmp_str(r, claims, "jti", bl_json_str(cred, "id"), "the credential id");
    sub = json_object_get(cred, "credentialSubject");
    cmp_str(r, claims, "sub", bl_json_str(sub, "id"), "credentialSubject.id");
    if (json_object_get(claims, "sub") == NULL && bl_json_str(sub, "id") != NULL)
        bl_ob_report_add(r, BL_OB_WARNING, BL_OB_MISSING, "jwt.sub",
                         "no sub claim for a subject with an id");
    cmp_date(r, claims, "nbf", cred, old ? "issuanceDate" : "validFrom");
    cmp_date(r, claims, "exp", cred, old ? "expirationDate" : "validUntil");
    if (v11 != NULL)
        *v11 = old;
    *out = cred;
    return BL_OK;
}

/* ---- validators ---- */

static enum bl_err validate(const json_t *doc, int64_t now, struct bl_ob_report *r, enum kind k,
                            struct bl_errinfo *ei)
{
    struct bl_ob_report local;
    struct bl_ob__ctx c;
    enum bl_err rc;
    size_t before;

    bl_ob_report_init(&local);
    memset(&c, 0, sizeof(c));
    c.r = r != NULL ? r : &local;
    c.now = now;
    before = c.r->errors;
    if (!json_is_object(doc))
        bl_ob__add(&c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                   bl_json_type_name(doc));
    else
        check_credential(&c, doc, k, false);
    rc = bl_ob__result(c.r, before, k == K_ACHIEVEMENT ? "OB 3.0 credential" : "OB 3.0 endorsement",
                       ei);
    bl_ob_report_free(&local);
    return rc;
}

enum bl_err bl_ob3_validate_credential(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                       struct bl_errinfo *ei)
{
    return validate(doc, now, r, K_ACHIEVEMENT, ei);
}

enum bl_err bl_ob3_validate_endorsement(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                        struct bl_errinfo *ei)
{
    return validate(doc, now, r, K_ENDORSEMENT, ei);
}

/*
 * §5.2 / §5.7.  nested: an endorsement embedded in another document; its
 * own validity window only gives warnings (an expired endorsement does not
 * make the endorsed credential invalid).
 */
static void check_credential(struct bl_ob__ctx *c, const json_t *d, enum kind k, bool nested)
{
    static const char *const texts[] = {"description", NULL};
    const char *from_key, *until_key;
    enum bl_ob_sev tsev = nested ? BL_OB_WARNING : BL_OB_ERROR;
    const json_t *v, *t;
    int64_t from = 0, until = 0;
    bool v11 = false, has_from, has_until;
    size_t save;

    check_context(c, d, &v11);
    bl_ob__iri(c, d, "id", true, true);
    t = bl_ob__get(c, d, "type", true);
    if (t != NULL) {
        if (!json_is_array(t) && !json_is_string(t))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "type", "expected an array, got %s",
                       bl_json_type_name(t));
        else if (!bl_json_has_string(t, "VerifiableCredential"))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type",
                       "does not include VerifiableCredential");
        else if (k == K_ACHIEVEMENT && !bl_json_has_string(t, "OpenBadgeCredential") &&
                 !bl_json_has_string(t, "AchievementCredential"))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type",
                       "does not include OpenBadgeCredential or AchievementCredential");
        else if (k == K_ENDORSEMENT && !bl_json_has_string(t, "EndorsementCredential"))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "type",
                       "does not include EndorsementCredential");
    }
    /* The 1.1 data model names the window issuanceDate/expirationDate; name is required there. */
    from_key = v11 ? "issuanceDate" : "validFrom";
    until_key = v11 ? "expirationDate" : "validUntil";
    bl_ob__str(c, d, "name", v11 || k == K_ENDORSEMENT);
    bl_ob__check_strings(c, d, texts);
    check_image(c, d, "image");
    v = bl_ob__get(c, d, "issuer", true);
    if (json_is_string(v)) {
        bl_ob__iri(c, d, "issuer", true, false);
    } else if (json_is_object(v)) {
        save = bl_ob__push(c, "issuer");
        check_profile(c, v);
        bl_ob__pop(c, save);
    } else if (v != NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "issuer", "expected a URI or a Profile, got %s",
                   bl_json_type_name(v));
    }
    has_from = bl_ob__date(c, d, from_key, true, true, &from);
    has_until = bl_ob__date(c, d, until_key, false, true, &until);
    bl_ob__date(c, d, "awardedDate", false, true, &(int64_t){0});
    if (has_from && from > c->now)
        bl_ob__add(c, tsev, BL_OB_NOT_YET_VALID, from_key, "not valid before %s",
                   bl_json_str(d, from_key));
    if (has_until && until < c->now)
        bl_ob__add(c, tsev, BL_OB_EXPIRED, until_key, "expired on %s", bl_json_str(d, until_key));
    if (has_from && has_until && until < from)
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, until_key, "%s is before %s", until_key, from_key);
    v = bl_ob__get(c, d, "credentialSubject", true);
    if (v != NULL) {
        save = bl_ob__push(c, "credentialSubject");
        if (!json_is_object(v)) {
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got %s",
                       bl_json_type_name(v));
        } else if (k == K_ACHIEVEMENT) {
            check_subject(c, v);
        } else {
            bl_ob__iri(c, v, "id", true, false);
            bl_ob__type(c, v, t_endorsement_subject, true);
            bl_ob__str(c, v, "endorsementComment", false);
        }
        bl_ob__pop(c, save);
    }
    each(c, d, "evidence", false, check_evidence);
    each(c, d, "credentialStatus", true, check_status);
    each(c, d, "credentialSchema", false, check_schema_ref);
    each(c, d, "refreshService", true, check_service);
    each(c, d, "termsOfUse", false, check_typed_ref);
    each(c, d, "proof", false, check_proof);
    check_endorsements(c, d);
}

/*
 * §5.1: [0] the VC v2 context (the 1.1 one gives an outdated warning), [1]
 * the OB 3.0 context, any version (older than 3.0.3: a warning).
 */
static void check_context(struct bl_ob__ctx *c, const json_t *d, bool *v11)
{
    const json_t *v = json_object_get(d, "@context");
    const char *c0, *c1;

    if (v == NULL) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context", "missing");
        return;
    }
    if (!json_is_array(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context", "expected an array, got %s",
                   bl_json_type_name(v));
        return;
    }
    for (size_t i = 2; i < json_array_size(v); i++) {
        const json_t *x = json_array_get(v, i);

        if (!json_is_string(x) && !json_is_object(x))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context",
                       "entry %zu is %s, not a URI or a context object", i, bl_json_type_name(x));
    }
    c0 = json_string_value(json_array_get(v, 0));
    c1 = json_string_value(json_array_get(v, 1));
    if (c0 != NULL && strcmp(c0, BL_OB3_CONTEXT_VC1) == 0) {
        *v11 = true;
        bl_ob__add(c, BL_OB_WARNING, BL_OB_OUTDATED, "@context",
                   "Verifiable Credentials 1.1 data model; new credentials use %s",
                   BL_OB3_CONTEXT_VC2);
    } else if (c0 == NULL || strcmp(c0, BL_OB3_CONTEXT_VC2) != 0) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context",
                   "missing required @context uri %s at position 0", BL_OB3_CONTEXT_VC2);
        return;
    }
    if (c1 == NULL || strncmp(c1, "https://purl.imsglobal.org/spec/ob/v3p0/context", 47) != 0) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context",
                   "missing required @context uri %s at position 1", BL_OB3_CONTEXT_OB);
        return;
    }
    /* The schema's pattern: context.json or context-3.d.d.json. */
    c1 += 47;
    if (strcmp(c1, ".json") != 0 &&
        !(c1[0] == '-' && c1[1] == '3' && c1[2] == '.' && c1[3] >= '0' && c1[3] <= '9' &&
          c1[4] == '.' && c1[5] >= '0' && c1[5] <= '9' && strcmp(c1 + 6, ".json") == 0))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_CONTEXT, "@context", "unknown OB 3.0 context version");
    else if (strcmp(c1, "-3.0.3.json") != 0)
        bl_ob__add(c, BL_OB_WARNING, BL_OB_OUTDATED, "@context",
                   "outdated OB 3.0 context; expected %s", BL_OB3_CONTEXT_OB);
}

/* §5.5: id and type are required; nested profiles recurse (JSON depth bounds it). */
static void check_profile(struct bl_ob__ctx *c, const json_t *p)
{
    static const char *const texts[] = {"name",
                                        "phone",
                                        "description",
                                        "email",
                                        "familyName",
                                        "givenName",
                                        "additionalName",
                                        "official",
                                        "patronymicName",
                                        "honorificPrefix",
                                        "honorificSuffix",
                                        "familyNamePrefix",
                                        NULL};
    static const char *const addr_texts[] = {
        "addressCountry", "addressCountryCode",  "addressRegion", "addressLocality",
        "streetAddress",  "postOfficeBoxNumber", "postalCode",    NULL};
    const json_t *v;
    size_t save;

    if (!is_object(c, p, "a Profile"))
        return;
    bl_ob__iri(c, p, "id", true, false);
    bl_ob__type(c, p, t_profile, true);
    bl_ob__check_strings(c, p, texts);
    bl_ob__iri(c, p, "url", false, false);
    check_date_only(c, p, "dateOfBirth");
    check_image(c, p, "image");
    each(c, p, "otherIdentifier", false, check_identifier_entry);
    v = json_object_get(p, "parentOrg");
    if (v != NULL) {
        save = bl_ob__push(c, "parentOrg");
        check_profile(c, v);
        bl_ob__pop(c, save);
    }
    v = json_object_get(p, "address");
    if (v != NULL) {
        save = bl_ob__push(c, "address");
        if (is_object(c, v, "an Address")) {
            const json_t *g = json_object_get(v, "geo");

            bl_ob__type(c, v, t_address, true);
            bl_ob__check_strings(c, v, addr_texts);
            if (g != NULL) {
                size_t s2 = bl_ob__push(c, "geo");

                if (is_object(c, g, "GeoCoordinates")) {
                    bl_ob__type(c, g, t_geo, true);
                    check_number(c, g, "latitude", true);
                    check_number(c, g, "longitude", true);
                }
                bl_ob__pop(c, s2);
            }
        }
        bl_ob__pop(c, save);
    }
    check_endorsements(c, p);
}

/* §5.3: either id or at least one identifier. */
static void check_subject(struct bl_ob__ctx *c, const json_t *s)
{
    static const char *const texts[] = {"licenseNumber", "role", "term", "narrative", NULL};
    const json_t *v, *ids;
    size_t save;

    bl_ob__iri(c, s, "id", false, false);
    bl_ob__type(c, s, t_subject, true);
    ids = json_object_get(s, "identifier");
    if (json_object_get(s, "id") == NULL && (!json_is_array(ids) || json_array_size(ids) == 0))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_MISSING, "id",
                   "an AchievementSubject needs an id or at least one identifier");
    each(c, s, "identifier", false, check_identity);
    v = bl_ob__get(c, s, "achievement", true);
    if (v != NULL) {
        save = bl_ob__push(c, "achievement");
        check_achievement(c, v);
        bl_ob__pop(c, save);
    }
    bl_ob__check_strings(c, s, texts);
    check_image(c, s, "image");
    check_number(c, s, "creditsEarned", false);
    /* DateTime in the data model, but the schema's format date-time needs the offset. */
    bl_ob__date(c, s, "activityStartDate", false, true, &(int64_t){0});
    bl_ob__date(c, s, "activityEndDate", false, true, &(int64_t){0});
    each(c, s, "result", false, check_result);
    v = json_object_get(s, "source");
    if (v != NULL) {
        save = bl_ob__push(c, "source");
        check_profile(c, v);
        bl_ob__pop(c, save);
    }
}

/* §5.4: required id, type, criteria, description, name. */
static void check_achievement(struct bl_ob__ctx *c, const json_t *a)
{
    static const char *const texts[] = {
        "name",           "description", "fieldOfStudy", "humanCode",
        "specialization", "version",     "inLanguage",   NULL};
    const json_t *v;
    const char *at;
    size_t save;

    if (!is_object(c, a, "an Achievement"))
        return;
    bl_ob__iri(c, a, "id", true, false);
    bl_ob__type(c, a, t_achievement, true);
    bl_ob__str(c, a, "name", true);
    bl_ob__str(c, a, "description", true);
    bl_ob__check_strings(c, a, texts);
    v = bl_ob__get(c, a, "criteria", true);
    if (v != NULL) {
        save = bl_ob__push(c, "criteria");
        if (is_object(c, v, "a Criteria")) {
            bl_ob__iri(c, v, "id", false, false);
            bl_ob__str(c, v, "narrative", false);
            if (json_object_get(v, "id") == NULL && json_object_get(v, "narrative") == NULL)
                bl_ob__add(c, BL_OB_ERROR, BL_OB_MISSING, NULL,
                           "criteria in achievement must have id or narrative");
        }
        bl_ob__pop(c, save);
    }
    check_image(c, a, "image");
    check_number(c, a, "creditsAvailable", false);
    at = bl_ob__str(c, a, "achievementType", false);
    if (at != NULL && !achievement_type_ok(at))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "achievementType",
                   "\"%.60s\" is not an AchievementType value nor ext:...", at);
    each(c, a, "alignment", false, check_alignment);
    each(c, a, "resultDescription", false, check_resultdesc);
    each(c, a, "otherIdentifier", false, check_identifier_entry);
    each(c, a, "related", false, check_related);
    check_lang(c, a, "inLanguage");
    check_string_list(c, a, "tag");
    v = json_object_get(a, "creator");
    if (v != NULL) {
        save = bl_ob__push(c, "creator");
        check_profile(c, v);
        bl_ob__pop(c, save);
    }
    check_endorsements(c, a);
}

/* Image: {"id": URI or data: URI, "type": "Image"} (§5.6). */
static void check_image(struct bl_ob__ctx *c, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    size_t save;

    if (v == NULL)
        return;
    save = bl_ob__push(c, key);
    if (is_object(c, v, "an Image")) {
        bl_ob__iri(c, v, "id", true, true);
        bl_ob__type(c, v, t_image, true);
        bl_ob__str(c, v, "caption", false);
        closed(c, v, image_keys);
    }
    bl_ob__pop(c, save);
}

static void check_one_endorsement(struct bl_ob__ctx *c, const json_t *x)
{
    if (is_object(c, x, "an EndorsementCredential"))
        check_credential(c, x, K_ENDORSEMENT, true);
}

static void check_endorsements(struct bl_ob__ctx *c, const json_t *obj)
{
    const json_t *v = json_object_get(obj, "endorsementJwt");
    size_t i;

    each(c, obj, "endorsement", false, check_one_endorsement);
    if (v == NULL)
        return;
    if (!json_is_array(v) && !json_is_string(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "endorsementJwt", "expected an array, got %s",
                   bl_json_type_name(v));
        return;
    }
    for (i = 0; i < (json_is_array(v) ? json_array_size(v) : 1); i++) {
        const char *s = json_string_value(json_is_array(v) ? json_array_get(v, i) : v);

        if (!compact_jws(s))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "endorsementJwt",
                       "entry %zu is not a compact JWS", i);
    }
}

/*
 * Run fn on obj[key] when it is an array (path key[i]) or a single object
 * (JSON-LD: one value is a one-element array, §12.6).  single: the schema
 * wants one object (credentialStatus, refreshService), so an empty array is
 * reported; a list of several is still read (VCDM 2.0 allows it).
 */
static void each(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool single, check_fn fn)
{
    const json_t *v = json_object_get(obj, key);
    size_t save, save2, i;

    if (v == NULL)
        return;
    save = bl_ob__push(c, key);
    if (json_is_array(v) && single && json_array_size(v) == 0) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an object, got an empty array");
    } else if (json_is_array(v)) {
        for (i = 0; i < json_array_size(v); i++) {
            save2 = bl_ob__push_index(c, i);
            fn(c, json_array_get(v, i));
            bl_ob__pop(c, save2);
        }
    } else if (json_is_object(v)) {
        /* JSON-LD: one value and a one-element array are the same (§12.6). */
        fn(c, v);
    } else {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected an array, got %s",
                   bl_json_type_name(v));
    }
    bl_ob__pop(c, save);
}

static void check_alignment(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const texts[] = {"targetCode", "targetDescription", "targetFramework", NULL};

    if (!is_object(c, x, "an Alignment"))
        return;
    bl_ob__type(c, x, t_alignment, true);
    bl_ob__str(c, x, "targetName", true);
    bl_ob__iri(c, x, "targetUrl", true, false);
    bl_ob__check_strings(c, x, texts);
    check_enum(c, x, "targetType", false, target_types, true);
}

static void check_evidence(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const texts[] = {"narrative", "name",     "description",
                                        "genre",     "audience", NULL};

    if (!is_object(c, x, "an Evidence"))
        return;
    bl_ob__iri(c, x, "id", false, true);
    bl_ob__type(c, x, t_evidence, true);
    bl_ob__check_strings(c, x, texts);
}

static void check_result(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const texts[] = {"value", NULL};

    if (!is_object(c, x, "a Result"))
        return;
    bl_ob__type(c, x, t_result, true);
    bl_ob__iri(c, x, "achievedLevel", false, false);
    bl_ob__iri(c, x, "resultDescription", false, false);
    bl_ob__check_strings(c, x, texts);
    check_enum(c, x, "status", false, result_status, false);
    each(c, x, "alignment", false, check_alignment);
}

static void check_resultdesc(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const texts[] = {"requiredValue", "valueMax", "valueMin", NULL};

    if (!is_object(c, x, "a ResultDescription"))
        return;
    bl_ob__iri(c, x, "id", true, false);
    bl_ob__type(c, x, t_resultdesc, true);
    bl_ob__str(c, x, "name", true);
    check_enum(c, x, "resultType", true, result_types, true);
    check_string_list(c, x, "allowedValue");
    bl_ob__iri(c, x, "requiredLevel", false, false);
    bl_ob__check_strings(c, x, texts);
    each(c, x, "alignment", false, check_alignment);
    each(c, x, "rubricCriterionLevel", false, check_rubric);
}

static void check_rubric(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const texts[] = {"description", "level", "points", NULL};

    if (!is_object(c, x, "a RubricCriterionLevel"))
        return;
    bl_ob__iri(c, x, "id", true, false);
    bl_ob__type(c, x, t_rubric, true);
    bl_ob__str(c, x, "name", true);
    bl_ob__check_strings(c, x, texts);
    each(c, x, "alignment", false, check_alignment);
}

/* IdentityObject (§5.3): type, hashed, identityHash, identityType required. */
static void check_identity(struct bl_ob__ctx *c, const json_t *x)
{
    const char *h, *t;
    const json_t *hashed;

    if (!is_object(c, x, "an IdentityObject"))
        return;
    bl_ob__type(c, x, t_identity, true);
    hashed = bl_ob__get(c, x, "hashed", true);
    if (hashed != NULL && !json_is_boolean(hashed))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "hashed", "expected a boolean, got %s",
                   bl_json_type_name(hashed));
    h = bl_ob__str(c, x, "identityHash", true);
    if (h != NULL && json_is_true(hashed) && !bl_recipient_is_hash(h))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "identityHash",
                   "hashed identity must be sha256$<64 hex> or md5$<32 hex>");
    t = bl_ob__str(c, x, "identityType", true);
    if (t != NULL && !bl_recipient_ob3_type_ok(t))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "identityType",
                   "\"%.60s\" is not an IdentifierTypeEnum value", t);
    bl_ob__str(c, x, "salt", false);
    closed(c, x, identity_keys);
}

static void check_identifier_entry(struct bl_ob__ctx *c, const json_t *x)
{
    const char *t;

    if (!is_object(c, x, "an IdentifierEntry"))
        return;
    bl_ob__type(c, x, t_identifier_entry, true);
    bl_ob__str(c, x, "identifier", true);
    t = bl_ob__str(c, x, "identifierType", true);
    if (t != NULL && !bl_recipient_ob3_type_ok(t))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, "identifierType",
                   "\"%.60s\" is not an IdentifierTypeEnum value", t);
    closed(c, x, identifier_entry_keys);
}

/* credentialStatus (§5.8): {id?, type}; a BitstringStatusListEntry has its own members. */
static void check_status(struct bl_ob__ctx *c, const json_t *x)
{
    const char *t;
    const json_t *idx;

    if (!is_object(c, x, "a CredentialStatus"))
        return;
    bl_ob__iri(c, x, "id", true, false);
    t = bl_ob__str(c, x, "type", true);
    if (t == NULL || strcmp(t, "BitstringStatusListEntry") != 0)
        return;
    bl_ob__str(c, x, "statusPurpose", true);
    bl_ob__iri(c, x, "statusListCredential", true, false);
    /* A decimal string in the W3C text; 1EdTech's fixtures use a number: both are read. */
    idx = bl_ob__get(c, x, "statusListIndex", true);
    if (json_is_string(idx)) {
        const char *s = json_string_value(idx);
        size_t i;

        for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
            ;
        if (i == 0 || s[i] != '\0')
            bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, "statusListIndex",
                       "\"%.40s\" is not a decimal number", s);
    } else if (idx != NULL && !(json_is_integer(idx) && json_integer_value(idx) >= 0)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, "statusListIndex",
                   "expected a decimal string, got %s", bl_json_type_name(idx));
    }
}

/* credentialSchema, refreshService, termsOfUse: an object with a type (and usually an id). */
static void check_typed_ref(struct bl_ob__ctx *c, const json_t *x)
{
    if (!is_object(c, x, "an object"))
        return;
    bl_ob__iri(c, x, "id", false, false);
    bl_ob__str(c, x, "type", true);
}

static void check_number(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required)
{
    const json_t *v = bl_ob__get(c, obj, key, required);

    if (v != NULL && !json_is_number(v))
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, key, "expected a number, got %s",
                   bl_json_type_name(v));
}

static bool is_object(struct bl_ob__ctx *c, const json_t *x, const char *what)
{
    if (json_is_object(x))
        return true;
    bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, NULL, "expected %s object, got %s", what,
               bl_json_type_name(x));
    return false;
}

static bool achievement_type_ok(const char *s)
{
    size_t i;

    if (strncmp(s, "ext:", 4) == 0)
        return ext_ok(s);
    for (i = 0; achievement_types[i] != NULL; i++)
        if (strcmp(s, achievement_types[i]) == 0)
            return true;
    return false;
}

/* A proof (VC Data Integrity / the schema's Proof): type required, created a date-time. */
static void check_proof(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const texts[] = {"cryptosuite",  "challenge",  "domain",
                                        "nonce",        "proofValue", "verificationMethod",
                                        "proofPurpose", NULL};

    if (!is_object(c, x, "a Proof"))
        return;
    bl_ob__str(c, x, "type", true);
    bl_ob__date(c, x, "created", false, true, &(int64_t){0});
    bl_ob__check_strings(c, x, texts);
}

/* Related (an equivalent achievement in another language or version): id and type required. */
static void check_related(struct bl_ob__ctx *c, const json_t *x)
{
    static const char *const t_related[] = {"Related", NULL};

    if (!is_object(c, x, "a Related"))
        return;
    bl_ob__iri(c, x, "id", true, false);
    bl_ob__type(c, x, t_related, true);
    bl_ob__str(c, x, "version", false);
    check_lang(c, x, "inLanguage");
}

/* refreshService (RefreshService): id and type required. */
static void check_service(struct bl_ob__ctx *c, const json_t *x)
{
    if (!is_object(c, x, "a RefreshService"))
        return;
    bl_ob__iri(c, x, "id", true, false);
    bl_ob__str(c, x, "type", true);
}

/* credentialSchema (CredentialSchema): id and type required. */
static void check_schema_ref(struct bl_ob__ctx *c, const json_t *x)
{
    if (!is_object(c, x, "a CredentialSchema"))
        return;
    bl_ob__iri(c, x, "id", true, false);
    bl_ob__str(c, x, "type", true);
}

/* An array of strings; one string alone is the same in JSON-LD. */
static void check_string_list(struct bl_ob__ctx *c, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    size_t i;

    if (v == NULL || json_is_string(v))
        return;
    if (!json_is_array(v)) {
        bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, key, "expected an array of strings, got %s",
                   bl_json_type_name(v));
        return;
    }
    for (i = 0; i < json_array_size(v); i++)
        if (!json_is_string(json_array_get(v, i)))
            bl_ob__add(c, BL_OB_ERROR, BL_OB_TYPE, key, "entry %zu is not a string", i);
}

/* A string from vals (or, when ext, an "ext:" extension). */
static void check_enum(struct bl_ob__ctx *c, const json_t *obj, const char *key, bool required,
                       const char *const *vals, bool ext)
{
    const char *s = bl_ob__str(c, obj, key, required);
    size_t i;

    if (s == NULL || (ext && ext_ok(s)))
        return;
    for (i = 0; vals[i] != NULL; i++)
        if (strcmp(s, vals[i]) == 0)
            return;
    bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, key, "\"%.60s\" is not an allowed value%s", s,
               ext ? " nor ext:..." : "");
}

/* LanguageCode: the schema's ^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$ */
static void check_lang(struct bl_ob__ctx *c, const json_t *obj, const char *key)
{
    const char *s = bl_ob__str(c, obj, key, false);
    size_t i = 0, n;
    bool ok;

    if (s == NULL)
        return;
    for (n = 0; s[i] >= 'a' && s[i] <= 'z'; i++, n++)
        ;
    ok = n >= 2 && n <= 4;
    if (ok && s[i] == '-' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' && s[i + 2] >= 'a' &&
        s[i + 2] <= 'z' && s[i + 3] >= 'a' && s[i + 3] <= 'z' && s[i + 4] >= 'a' && s[i + 4] <= 'z')
        i += 5;
    if (ok && s[i] == '-') {
        if (s[i + 1] >= 'A' && s[i + 1] <= 'Z' && s[i + 2] >= 'A' && s[i + 2] <= 'Z')
            i += 3;
        else if (s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
                 s[i + 3] >= '0' && s[i + 3] <= '9')
            i += 4;
    }
    if (!ok || s[i] != '\0')
        bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "\"%.40s\" is not a language code", s);
}

/* The schema's date format: YYYY-MM-DD, a real calendar date. */
static void check_date_only(struct bl_ob__ctx *c, const json_t *obj, const char *key)
{
    const char *s = bl_ob__str(c, obj, key, false);
    char buf[32];
    int64_t t;

    if (s == NULL)
        return;
    if (strlen(s) == 10 && snprintf(buf, sizeof buf, "%sT00:00:00Z", s) > 0 &&
        bl_obdate_parse(buf, &t, NULL, NULL) == BL_OK)
        return;
    bl_ob__add(c, BL_OB_ERROR, BL_OB_FORMAT, key, "\"%.40s\" is not a date (YYYY-MM-DD)", s);
}

/* additionalProperties: false. */
static void closed(struct bl_ob__ctx *c, const json_t *obj, const char *const *keys)
{
    const char *key;
    json_t *v;
    size_t i;

    json_object_foreach((json_t *)(uintptr_t)obj, key, v)
    {
        for (i = 0; keys[i] != NULL && strcmp(keys[i], key) != 0; i++)
            ;
        if (keys[i] == NULL)
            bl_ob__add(c, BL_OB_ERROR, BL_OB_VALUE, key, "member not allowed in this class");
    }
}

/* "ext:" then the schema's character class [a-zA-Z0-9|._] (at least one). */
static bool ext_ok(const char *s)
{
    char ch = s[4];

    return strncmp(s, "ext:", 4) == 0 &&
           ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '|' || ch == '.' || ch == '_');
}

/* The schema's CompactJws: ^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$ */
static bool compact_jws(const char *s)
{
    size_t part = 0, len = 0;

    if (s == NULL)
        return false;
    for (; *s != '\0'; s++) {
        if (*s == '.') {
            if (part == 0 && len == 0)
                return false;
            part++;
            len = 0;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                   (*s >= '0' && *s <= '9') || *s == '_' || *s == '-') {
            len++;
        } else {
            return false;
        }
    }
    return part == 2 && len > 0;
}

/* ---- builder helpers ---- */

static json_t *type_array(const char *a, const char *b)
{
    json_t *t = json_array();

    json_array_append_new(t, json_string(a));
    if (b != NULL)
        json_array_append_new(t, json_string(b));
    return t;
}

static json_t *image_json(const char *url)
{
    json_t *i = json_object();

    bl_ob__set_str(i, "id", url);
    bl_ob__set_str(i, "type", "Image");
    return i;
}

static json_t *profile_json(const struct bl_ob3_profile *p)
{
    json_t *o = json_object();

    bl_ob__set_str(o, "id", p->id);
    json_object_set_new(o, "type", type_array("Profile", NULL));
    bl_ob__set_str(o, "name", p->name);
    bl_ob__set_str(o, "url", p->url);
    bl_ob__set_str(o, "email", p->email);
    bl_ob__set_str(o, "description", p->description);
    if (p->image != NULL)
        json_object_set_new(o, "image", image_json(p->image));
    return o;
}

static enum bl_err check_profile_in(const struct bl_ob3_profile *p, const char *what,
                                    struct bl_errinfo *ei)
{
    enum bl_err rc;

    if ((rc = bl_ob__need_iri(p->id, true, what, ei)) != BL_OK ||
        (rc = bl_ob__need(p->name, "profile name", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(p->url, false, "profile url", ei)) != BL_OK ||
        (rc = bl_ob__need_iri(p->image, false, "profile image", ei)) != BL_OK)
        return rc;
    if (p->email != NULL && strchr(p->email, '@') == NULL)
        return bl_fail(ei, BL_EINVAL, "profile email \"%.60s\": not an email address", p->email);
    if (p->description != NULL &&
        (rc = bl_ob__need(p->description, "profile description", ei)) != BL_OK)
        return rc;
    return BL_OK;
}

/* claims[claim] = the NumericDate of cred[key] (RFC 7519 §2: seconds since the epoch, UTC). */
static enum bl_err date_claim(const json_t *cred, const char *key, json_t *claims,
                              const char *claim, bool required, struct bl_errinfo *ei)
{
    const char *s = bl_json_str(cred, key);
    struct bl_errinfo e;
    int64_t t;

    if (s == NULL) {
        if (required)
            return bl_fail(ei, BL_EINVAL, "credential %s: missing (it becomes %s)", key, claim);
        if (json_object_get(cred, key) != NULL)
            return bl_fail(ei, BL_EINVAL, "credential %s: expected a string", key);
        return BL_OK;
    }
    bl_errinfo_clear(&e);
    if (bl_obdate_parse_tz(s, &t, &e) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "credential %s: %s", key, e.msg);
    json_object_set_new(claims, claim, json_integer((json_int_t)t));
    return BL_OK;
}
