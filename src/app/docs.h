/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * docs.h: the public JSON documents of an organisation, built from store
 * rows (URL layout in app.h).  Pure functions of their inputs: the server
 * serves them, award.c embeds the same issuer and achievement.
 */
#ifndef BL_APP_DOCS_H
#define BL_APP_DOCS_H

#include <jansson.h>

#include "app/app.h"
#include "core/key.h"
#include "core/ob3.h"

/* OB 2.0 Issuer profile: keys listed in publicKey (and assertionMethod for Multikeys). */
enum bl_err bl_app_doc_issuer(const struct bl_app *app, struct bl_arena *a,
                              const struct bl_org *org, const struct bl_orgkey *keys, size_t n,
                              json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* OB 2.0 BadgeClass. */
enum bl_err bl_app_doc_badgeclass(const struct bl_app *app, struct bl_arena *a,
                                  const struct bl_org *org, const struct bl_badgeclass *b,
                                  json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* One key: OB 2.0 CryptographicKey (RSA, with publicKeyPem) or a Multikey (Ed25519). */
enum bl_err bl_app_doc_key(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                           const struct bl_orgkey *k, json_t **out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/* JWKS of the keys (kid = the key's URL, so a VC-JWT kid finds it). */
enum bl_err bl_app_doc_jwks(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                            const struct bl_orgkey *keys, size_t n, json_t **out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;
/* did:web document (did.json). */
enum bl_err bl_app_doc_did(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                           const struct bl_orgkey *keys, size_t n, json_t **out,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;
/* OB 2.0 RevocationList and OB 3.0 1EdTechRevocationList of the revoked awards. */
enum bl_err bl_app_doc_revocations(const struct bl_app *app, struct bl_arena *a,
                                   const struct bl_org *org, const struct bl_award *revoked,
                                   size_t n, bool ob3, json_t **out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* BitstringStatusListCredential, signed with the org's Ed25519 key (Data Integrity). */
enum bl_err bl_app_doc_statuslist(const struct bl_app *app, struct bl_arena *a,
                                  const struct bl_org *org, const struct bl_award *revoked,
                                  size_t n, const struct bl_orgkey *krow, const struct bl_key *key,
                                  int64_t now, json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The OB 3.0 Profile and Achievement of an org and badge class (strings in a). */
void bl_app_ob3_profile(const struct bl_app *app, struct bl_arena *a, const struct bl_org *org,
                        struct bl_ob3_profile *out);
enum bl_err bl_app_ob3_achievement(const struct bl_app *app, struct bl_arena *a,
                                   const struct bl_badgeclass *b, struct bl_ob3_achievement *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Public URLs of a badge class and an award. */
const char *bl_app_badge_url(struct bl_arena *a, const struct bl_app *app, const char *uid);
const char *bl_app_award_url(struct bl_arena *a, const struct bl_app *app, const char *uid);

#endif
