/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * public.h: the public Open Badges documents, read without login (URL
 * layout in app.h).  One call per document: the server maps each route to
 * a kind and serves the bytes with the given media type.
 */
#ifndef BL_APP_PUBLIC_H
#define BL_APP_PUBLIC_H

#include "app/app.h"

enum bl_app_doc {
    BL_DOC_ISSUER,         /* a = slug */
    BL_DOC_ORG_IMAGE,      /* a = slug */
    BL_DOC_KEY,            /* a = slug, b = kid */
    BL_DOC_JWKS,           /* a = slug; NULL: every organisation's keys */
    BL_DOC_DID,            /* a = slug */
    BL_DOC_REVOCATIONS,    /* a = slug: OB 2.0 RevocationList */
    BL_DOC_REVOCATIONS3,   /* a = slug: OB 3.0 1EdTechRevocationList */
    BL_DOC_STATUSLIST,     /* a = slug: BitstringStatusListCredential */
    BL_DOC_BADGECLASS,     /* a = badge uid */
    BL_DOC_BADGE_IMAGE,    /* a = badge uid */
    BL_DOC_ASSERTION,      /* a = award uid: hosted OB 2.0 (gone = revoked) */
    BL_DOC_ASSERTION_JWS,  /* a = award uid: signed OB 2.0 */
    BL_DOC_CREDENTIAL,     /* a = award uid: OB 3.0 JSON with Data Integrity proof */
    BL_DOC_CREDENTIAL_JWT, /* a = award uid: OB 3.0 VC-JWT */
    BL_DOC_BAKED,          /* a = award uid: the badge image with the OB 3.0 credential;
                              b = "png" or "svg", NULL: the badge class's own format */
    BL_DOC_BAKED2,         /* a = award uid, b as above: with the signed OB 2.0 assertion */
    /* Endorsements (endorse.h): */
    BL_DOC_ENDORSEMENT,     /* a = endorsement uid: hosted OB 2.0 Endorsement (gone = withdrawn) */
    BL_DOC_ENDORSEMENT_VC,  /* a = endorsement uid: EndorsementCredential, Data Integrity */
    BL_DOC_ENDORSEMENT_JWT, /* a = endorsement uid: EndorsementCredential as a VC-JWT */
};

struct bl_app_blob {
    const unsigned char *p; /* in the caller's arena */
    size_t len;
    const char *type; /* media type */
    bool gone;        /* a revoked hosted assertion: answer 410 with this body */
    bool image_svg;   /* BL_DOC_BAKED*: the image is SVG (else PNG) */
    int64_t updated;  /* last change, for caching (0 unknown) */
};

/* BL_ENOTFOUND when the thing does not exist (or is not public). */
enum bl_err bl_app_public(struct bl_app *app, enum bl_app_doc kind, const char *a, const char *b,
                          struct bl_arena *arena, struct bl_app_blob *out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* What a person sees of an award, a badge class or an issuer (rows in arena). */
struct bl_app_view {
    struct bl_org org;
    struct bl_badgeclass badge; /* BL_VIEW_BADGE, BL_VIEW_AWARD */
    struct bl_award award;      /* BL_VIEW_AWARD */
    size_t n_issued;            /* BL_VIEW_BADGE: awards of the class; BL_VIEW_ISSUER: classes */
    /* Valid endorsements of the badge class (BL_VIEW_BADGE, BL_VIEW_AWARD) or issuer, then the
     * visible ones of the award itself (BL_VIEW_AWARD). */
    struct bl_endorsement *endorsements;
    size_t n_endorsements;
};

/* Every organisation (for the home page), in the arena. */
enum bl_err bl_app_orgs(struct bl_app *app, struct bl_arena *arena, struct bl_org **rows, size_t *n,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

enum bl_app_view_kind { BL_VIEW_ISSUER, BL_VIEW_BADGE, BL_VIEW_AWARD };

/* key is the slug, badge uid or award uid; BL_ENOTFOUND when there is none. */
enum bl_err bl_app_view(struct bl_app *app, enum bl_app_view_kind kind, const char *key,
                        struct bl_arena *arena, struct bl_app_view *out,
                        struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
