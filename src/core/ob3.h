/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * ob3.h: Open Badges 3.0 documents (docs/open-badges.md §5, §6.1, §12):
 * builders for the OpenBadgeCredential (AchievementCredential) and the
 * EndorsementCredential, the VC-JWT claim set of a credential and its
 * reverse (also for the VCDM 1.1 `vc` claim form), and validators that
 * check structure, class types (string or array, §12.6), DateTimeZ and the
 * validity window, and report every problem.  Proofs are not looked at
 * here (jws.c and the Data Integrity code sign and verify).
 *
 * Ownership: builders and readers hand out new jansson references
 * (json_decref); inputs are only read and strings copied.  The report and
 * the definition files are those of ob2.h.
 */
#ifndef BL_OB3_H
#define BL_OB3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "ob2.h"

#define BL_OB3_CONTEXT_VC2 "https://www.w3.org/ns/credentials/v2"
#define BL_OB3_CONTEXT_VC1 "https://www.w3.org/2018/credentials/v1"
#define BL_OB3_CONTEXT_OB  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#define BL_OB3_CONTEXT_EXT "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"

/* A Profile (issuer or endorser).  image is an image URL or data: URI. */
struct bl_ob3_profile {
    const char *id, *name; /* required (name: always shown by displayers) */
    const char *url, *email, *description, *image;
};

struct bl_ob3_achievement {
    const char *id, *name, *description;          /* required */
    const char *criteria_id, *criteria_narrative; /* at least one */
    const char *image;                            /* optional */
    const char *achievement_type;                 /* optional: AchievementType value or ext: */
    const struct bl_ob_alignment *alignment;
    size_t n_alignment;
    const char *const *tags; /* written as `tag` */
    size_t n_tags;
    bool has_credits;
    double credits_available;
    const json_t *result_description; /* optional array of ResultDescription, copied as is */
};

/* Who the credential is about: a subject id (DID, URL), or an identifier. */
struct bl_ob3_subject {
    const char *id;           /* if set, credentialSubject.id */
    const char *email, *salt; /* if set, an identifier: hashed emailAddress IdentityObject */
    const char *phone;        /* if set (E.164), an identifier: hashed "ext:telephone", salt too */
    const char *name;         /* if set, an identifier: {identityType name, hashed false} */
};

enum bl_ob3_status_kind {
    BL_OB3_STATUS_NONE,
    BL_OB3_STATUS_REVOCATION_LIST,
    BL_OB3_STATUS_BITSTRING
};

struct bl_ob3_status {
    enum bl_ob3_status_kind kind;
    const char *id;              /* REVOCATION_LIST: the list URL */
    const char *list_credential; /* BITSTRING: the BitstringStatusListCredential URL */
    uint64_t index;              /* BITSTRING: statusListIndex */
};

struct bl_ob3_credential {
    const char *id;   /* required, urn:uuid: recommended */
    const char *name; /* required by Blason (displayers need it) */
    const char *description, *image;
    const struct bl_ob3_profile *issuer; /* required */
    int64_t valid_from;
    bool has_valid_until;
    int64_t valid_until;
    struct bl_ob3_subject subject;
    const struct bl_ob3_achievement *achievement; /* required */
    const struct bl_ob_evidence *evidence;
    size_t n_evidence;
    struct bl_ob3_status status;
};

struct bl_ob3_endorsement {
    const char *id, *name;               /* required */
    const struct bl_ob3_profile *issuer; /* required: the endorser */
    int64_t valid_from;
    bool has_valid_until;
    int64_t valid_until;
    const char *subject_id;      /* required: the endorsed Achievement, Profile or credential */
    const char *comment;         /* endorsementComment, optional */
    struct bl_ob3_status status; /* credentialStatus (withdrawal), optional */
};

/*
 * Build an OpenBadgeCredential without proof: @context [VC v2, OB 3.0.3]
 * (+ extensions.json for a 1EdTechRevocationList status), type
 * ["VerifiableCredential","OpenBadgeCredential"], arrays for every 0..*
 * member, no nulls, no empty arrays.  BL_EINVAL naming the first bad input.
 */
enum bl_err bl_ob3_credential_build(const struct bl_ob3_credential *in, json_t **out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Build an EndorsementCredential without proof (§5.7).  As bl_ob3_credential_build. */
enum bl_err bl_ob3_endorsement_build(const struct bl_ob3_endorsement *in, json_t **out,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * A complete OpenBadgeCredential for one award from the definition files
 * (ob2.h): issuer Profile from the issuer definition, Achievement from the
 * badge definition, recipient as a hashed emailAddress identifier
 * (email + salt), validFrom = now, validUntil from the badge's validity.
 * status may be NULL (no credentialStatus).  Definition problems go to r.
 */
enum bl_err bl_ob3_credential_from_defs(const json_t *issuer_def, const json_t *badge_def,
                                        const char *email, const char *salt,
                                        const char *credential_id, int64_t now,
                                        const struct bl_ob3_status *status, json_t **out,
                                        struct bl_ob_report *r,
                                        struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The VC-JWT claim set of a credential (§6.1, §12.8): a copy of the
 * credential plus iss (issuer id), sub (credentialSubject.id; omitted when
 * the subject has none), nbf (validFrom as NumericDate), jti (credential
 * id) and exp (validUntil, when present).  BL_EINVAL when id, issuer id or
 * validFrom is missing or malformed, or when the credential has a member
 * named "vc" (it would read back as the VCDM 1.1 form).  *out is a new
 * reference.
 */
enum bl_err bl_ob3_jwt_claims(const json_t *credential, json_t **out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The credential carried by a VC-JWT claim set.  VCDM 2.0 form: the claim
 * set minus the registered JWT claims (iss sub aud exp nbf iat jti).  VCDM
 * 1.1 form: the `vc` claim, with id/issuer/issuanceDate/expirationDate/
 * credentialSubject.id filled from jti/iss/nbf/exp/sub when it lacks them;
 * *v11 (may be NULL) says which form it was.  Each registered claim that
 * disagrees with the credential is reported to r (nullable) as an error at
 * "jwt.<claim>"; a missing sub for a subject with an id as a warning.
 * BL_EINVAL when claims is not an object or `vc` is not one.  *out is a
 * new reference.
 */
enum bl_err bl_ob3_from_jwt_claims(const json_t *claims, json_t **out, bool *v11,
                                   struct bl_ob_report *r, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Validate an AchievementCredential / OpenBadgeCredential (VCDM 2.0, or 1.1
 * with a BL_OB_OUTDATED warning), or an EndorsementCredential.  Every
 * problem goes to r (nullable) with its path; validFrom after now is
 * BL_OB_NOT_YET_VALID, validUntil before now BL_OB_EXPIRED.  Embedded
 * endorsements are validated as EndorsementCredentials.  BL_OK when no
 * error was found (warnings allowed), else BL_EINVAL with a summary.
 */
enum bl_err bl_ob3_validate_credential(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_ob3_validate_endorsement(const json_t *doc, int64_t now, struct bl_ob_report *r,
                                        struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
