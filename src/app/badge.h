/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badge.h: badge classes (OB 2.0 BadgeClass / OB 3.0 Achievement), awards
 * and revocation.
 *
 * An award is signed once, at award time, in every form Blason serves:
 * the hosted OB 2.0 assertion, an OB 2.0 signed assertion (RS256 JWS, id
 * urn:uuid), and the OB 3.0 credential with a Data Integrity proof
 * (eddsa-rdfc-2022) plus its VC-JWT (RS256).  The credential's status is a
 * BitstringStatusListEntry at the award's status index, so revoking is one
 * row update: the lists are rebuilt from the store when fetched.
 */
#ifndef BL_APP_BADGE_H
#define BL_APP_BADGE_H

#include "app/app.h"

struct bl_app_badge_input {
    const char *name, *description;                /* required */
    const char *criteria_narrative, *criteria_url; /* at least one */
    const unsigned char *image;                    /* required: PNG or SVG */
    size_t image_len;
    const char *alignments_json; /* JSON array of {targetName, targetUrl, targetFramework,
                                    targetCode, targetDescription}, or NULL */
    const char *tags_json;       /* JSON array of strings, or NULL */
    const char *validity;        /* "none" (NULL), "until:YYYY-MM-DD", "months:N" */
    /* Badge editor (docs/internals/badgeart.md): */
    const char *description_simple; /* simple French (FALC), pages only, or NULL */
    bool evidence_required;
    /*
     * A generated image instead of image/image_len: the JSON description of
     * core/badgeart.h; the class keeps its drawing as a 512x512 PNG.
     */
    const char *art_json;
    bool archived; /* update only: hide from new awards and from the default list */
};

/*
 * Create a badge class in org_id (issuer role).  uid and id are set.  An
 * uploaded SVG with active content is refused (BL_ESVG_UNSAFE, "image:").
 */
enum bl_err bl_app_badge_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const struct bl_app_badge_input *in, char uid[23], int64_t *id,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Replace what may change in badge class uid (issuer role in its org; a
 * member of another org gets BL_ENOTFOUND), audited "badge.update".  With
 * neither image nor art_json the image is kept.  Awards already signed
 * keep the values they embed; the BadgeClass URL serves the new ones.
 */
enum bl_err bl_app_badge_update(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                const struct bl_app_badge_input *in,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Badge classes of org_id whose name contains q (viewer role); archived ones when asked. */
enum bl_err bl_app_badge_search(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const char *q, bool with_archived, size_t offset, size_t limit,
                                struct bl_arena *arena, struct bl_badgeclass **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* How many awards badge class b has (viewer role in its org). */
enum bl_err bl_app_badge_award_count(struct bl_app *app, const struct bl_actor *who,
                                     const struct bl_badgeclass *b, int64_t *count,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

#define BL_APP_PHONE_INPUT_MAX 40u /* a phone number as typed, separators included */

struct bl_app_award_input {
    /*
     * Who receives it: at least one of email, phone, holder (hashed in every
     * signed document).  The phone is normalised to E.164 (French numbers
     * to +33...).  OB 2.0 names one of them (email, else telephone, else the
     * holder's URL); OB 3.0 has the holder's URL as credentialSubject.id and
     * the email and phone as identifiers.
     */
    const char *email;
    const char *phone;
    int64_t holder_id;         /* 0: none; else holder_uid is set (a claim without email) */
    const char *holder_uid;    /* the holder's public uid, in the URL bl_app_holder_url */
    const char *name;          /* optional: the recipient's name, shown in the credential */
    const char *narrative;     /* optional */
    const char *evidence_url;  /* optional */
    const char *evidence_text; /* optional */
    const char *idem_key;      /* optional: the same key never issues twice */
    int64_t issued_at;         /* 0: now */
    bool notify; /* queue an email to the recipient (mail.h) when the award is new; pages and
                    the API set it, the CLI only with --notify */
};

/*
 * Award badge class badge_uid (issuer role in its org).  *out (strings in
 * arena) is the new award, or the existing one when idem_key was used
 * before, with *existed set.
 */
enum bl_err bl_app_award(struct bl_app *app, const struct bl_actor *who, const char *badge_uid,
                         const struct bl_app_award_input *in, struct bl_arena *arena,
                         struct bl_award *out, bool *existed, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The URL that names a holder in the credentials claimed without email or phone. */
const char *bl_app_holder_url(struct bl_arena *a, const struct bl_app *app, const char *uid);

/* Revoke an award (issuer role); BL_EEXISTS when it already was. */
enum bl_err bl_app_revoke(struct bl_app *app, const struct bl_actor *who, const char *award_uid,
                          const char *reason, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- reading (viewer role in the organisation) ---- */

/* The organisation with this slug, if who may see it (a member, or the system). */
enum bl_err bl_app_org_find(struct bl_app *app, const struct bl_actor *who, const char *slug,
                            struct bl_arena *arena, struct bl_org *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_badge_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              size_t offset, size_t limit, struct bl_arena *arena,
                              struct bl_badgeclass **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_badge_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                             struct bl_arena *arena, struct bl_badgeclass *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Awards of an org, of one badge class when badge_uid is set. */
enum bl_err bl_app_award_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              const char *badge_uid, size_t offset, size_t limit,
                              struct bl_arena *arena, struct bl_award **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_award_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                             struct bl_arena *arena, struct bl_award *out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The audit log of an org (admin role), newest first. */
enum bl_err bl_app_audit_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              size_t offset, size_t limit, struct bl_arena *arena,
                              struct bl_audit **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Parse a validity: BL_EINVAL for anything but the three forms. */
enum bl_err bl_app_validity_parse(const char *s, int *kind, int64_t *until, int *months,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
