/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * org.h: organisations (issuer profiles) and their signing keys.
 *
 * An organisation is created with two key pairs, Ed25519 (Data Integrity,
 * VC-JWT EdDSA) and RSA-2048 (OB 2.0 signed badges and VC-JWT RS256), each
 * sealed with the master key for the context "org:<id>".  Rotation retires
 * the active pair and creates a new one; retired public keys stay published
 * so badges signed before the rotation still verify.
 */
#ifndef BL_APP_ORG_H
#define BL_APP_ORG_H

#include "app/app.h"
#include "core/key.h"

struct bl_app_org_input {
    const char *slug, *name, *url, *email, *description; /* slug, name, url required */
    const unsigned char *image;                          /* optional PNG or SVG */
    size_t image_len;
};

/* Create an organisation and its keys; the system only (CLI, network admin later). */
enum bl_err bl_app_org_create(struct bl_app *app, const struct bl_actor *who,
                              const struct bl_app_org_input *in, int64_t *id,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Retire the active keys and create new ones; admin of the org. */
enum bl_err bl_app_org_rotate_keys(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Within a transaction: generate, seal and store one key pair of the org. */
enum bl_err bl_app_org_add_key(struct bl_tx *tx, struct bl_app *app, const struct bl_actor *who,
                               int64_t org_id, enum bl_key_type type,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Within a transaction: the active private key of an org for "EdDSA" or "RS256". */
enum bl_err bl_app_org_signing_key(struct bl_tx *tx, const struct bl_app *app, int64_t org_id,
                                   const char *alg, struct bl_orgkey *row, struct bl_key **key,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Open the sealed private key of a key row (outside any transaction).  The
 * opened keys are kept by kid for the life of the application (a key's
 * sealed bytes never change): issuing does not pay the unsealing and the
 * PKCS#8 parsing on every award.
 */
enum bl_err bl_app_org_unseal(const struct bl_app *app, const struct bl_orgkey *row,
                              struct bl_key **key, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The opened-key cache of an application (bl_app_open / bl_app_close). */
struct bl_app_keys *bl_app_keys_new(void);
void bl_app_keys_free(struct bl_app_keys *k);

/* The public URLs of an organisation (arena strings). */
const char *bl_app_org_url(struct bl_arena *a, const struct bl_app *app, const char *slug);
const char *bl_app_key_url(struct bl_arena *a, const struct bl_app *app, const char *slug,
                           const char *kid);
/* did:web:<host, ':' as %3A>:o:<slug> */
const char *bl_app_org_did(struct bl_arena *a, const struct bl_app *app, const char *slug);

/* A slug is 2..48 of [a-z0-9-], not starting or ending with '-'. */
bool bl_app_slug_ok(const char *s);

#endif
