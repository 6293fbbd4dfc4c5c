/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * badge.h: the vocabulary shared by the bakers and the payload sniffer.
 */
#ifndef BL_BADGE_H
#define BL_BADGE_H

/*
 * Open Badges version.  The container (PNG keyword, SVG namespace) only
 * tells "2.0 family" from "3.0"; the payload refines 2.0 into 0.5 .. 2.0.
 */
enum bl_obver {
    BL_OB_UNKNOWN = 0,
    BL_OB05, /* 0.5: no @context, recipient is a plain string */
    BL_OB10, /* 1.0: no @context, recipient object */
    BL_OB11, /* 1.1: https://w3id.org/openbadges/v1 */
    BL_OB2,  /* 2.0, and the whole pre-3.0 family when only the container is known */
    BL_OB3,  /* 3.0: a W3C Verifiable Credential */
};

/* What the text baked in an image is. */
enum bl_payload_kind {
    BL_PAYLOAD_UNKNOWN = 0,
    BL_PAYLOAD_URL,  /* a hosted assertion URL (2.0 family only) */
    BL_PAYLOAD_JWS,  /* a compact JWS: OB 2.0 signed or OB 3.0 VC-JWT */
    BL_PAYLOAD_JSON, /* an assertion or credential as JSON */
};

/* PNG iTXt keywords (Open Badges baking specifications, 2.0 and 3.0). */
#define BL_PNG_KEYWORD_OB2 "openbadges"
#define BL_PNG_KEYWORD_OB3 "openbadgecredential"
/* SVG namespaces and element local names. */
#define BL_SVG_NS_OB2   "http://openbadges.org"
#define BL_SVG_NS_OB3   "https://purl.imsglobal.org/ob/v3p0"
#define BL_SVG_ELEM_OB2 "assertion"
#define BL_SVG_ELEM_OB3 "credential"

#endif
