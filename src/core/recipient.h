/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * recipient.h: who a badge is for, without saying it in clear.  Open Badges
 * 2.0 and 3.0 share the IdentityHash "<alg>$<hex>" with
 * hex = H(identity || salt), identity first, salt appended, no separator
 * (docs/open-badges.md §2.5).  We write sha256 in lower case; we read sha256
 * and the legacy md5 and compare the hex case-insensitively.  Nothing here
 * normalises an identity behind the caller's back (§12.5): hashing
 * "Ana@X.org" and "ana@x.org" gives two different hashes.  Issuers that want
 * a canonical email call bl_recipient_email_normalize first, on both sides.
 * Salts are the caller's (random, from the RNG function of the issuer).
 */
#ifndef BL_RECIPIENT_H
#define BL_RECIPIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "err.h"

/* Room for "sha256$" + 64 hex digits + NUL. */
#define BL_RECIPIENT_HASH_LEN 72

/*
 * Write "sha256$" + lower-case hex(SHA-256(identity || salt)) into out.
 * salt may be NULL or "" (unsalted).  BL_EINVAL for a NULL or empty
 * identity, BL_ECRYPTO if the digest fails.
 */
enum bl_err bl_recipient_hash(const char *identity, const char *salt,
                              char out[BL_RECIPIENT_HASH_LEN],
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * True when s has the shape of an IdentityHash: "sha256$" and 64 hex digits
 * or "md5$" and 32, hex in either case (badgecheck's rule).
 */
bool bl_recipient_is_hash(const char *s);

/*
 * Does the IdentityHash hash belong to identity with salt?  *match is set
 * on BL_OK.  sha256 and md5 are read; hex compared case-insensitively.
 * BL_EINVAL when hash is not an IdentityHash (bl_recipient_is_hash).
 */
enum bl_err bl_recipient_match(const char *hash, const char *identity, const char *salt,
                               bool *match, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Optional, never applied implicitly: a copy of email with ASCII white
 * space trimmed at both ends and ASCII letters lower-cased (non-ASCII bytes
 * are kept as they are).  The caller owns *out (bl_free).  BL_EINVAL when
 * the result is empty or has no '@' with text on both sides.
 */
enum bl_err bl_recipient_email_normalize(const char *email, char **out,
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * OB 2.0 IdentityObject for a hashed email:
 * {"type":"email","hashed":true,"salt":salt,"identity":"sha256$…"}
 * (salt omitted when NULL or "").  *out is a new reference.
 */
enum bl_err bl_recipient_ob2(const char *email, const char *salt, json_t **out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * OB 2.0 IdentityObject of another type, always hashed: type is "email",
 * "telephone" (identity in E.164, bl_recipient_is_e164) or "url".
 */
enum bl_err bl_recipient_ob2_typed(const char *type, const char *identity, const char *salt,
                                   json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Room for "+" + 15 digits + NUL. */
#define BL_RECIPIENT_PHONE_LEN 17

/* True when s is "+" and 8 to 15 digits, the first not 0 (E.164 as the OB 2.0 schema reads it). */
bool bl_recipient_is_e164(const char *s);

/*
 * A phone number in E.164: French national numbers ("06 12 34 56 78",
 * "06.12.34.56.78") become +33612345678; "+33 (0)6 ...", "(+33) 6 ...",
 * "0033 6 ..." and other "+<country>" numbers ("+1 (415) 555-2671") are
 * accepted; a +33 number must have nine digits after the code.  BL_EINVAL
 * "phone..." for anything else.
 */
enum bl_err bl_recipient_phone_normalize(const char *phone, char out[BL_RECIPIENT_PHONE_LEN],
                                         struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * OB 3.0 IdentityObject:
 * {"type":"IdentityObject","identityHash":…,"identityType":type,
 *  "hashed":hashed,"salt":salt}.  With hashed the identityHash is
 * bl_recipient_hash(identity, salt); without, it is identity itself and salt
 * must be NULL (the "name-only" form, e.g. identityType "name").  type must
 * be one of the IdentifierTypeEnum values or "ext:…".  An emailAddress is
 * never written in clear (Blason rule, DESIGN.md §7): BL_EINVAL.  *out is a
 * new reference.
 */
enum bl_err bl_recipient_ob3(const char *identity, const char *type, bool hashed, const char *salt,
                             json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* True when s is an OB 3.0 IdentifierTypeEnum value or an "ext:" extension. */
bool bl_recipient_ob3_type_ok(const char *s);

#endif
