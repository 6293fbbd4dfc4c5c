/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * holder.h: the holder model shared by the backpack (/sac) and events
 * (claims, stand mode): a holder is a young person's backpack identity
 * (docs/internals/backpack.md).
 *
 * A holder has a first name, identifiers (emails, phones; proven or not)
 * and a personal link /sac/l/{token} whose secret is 32 random bytes; the
 * store keeps only its SHA-256.  An award belongs to a holder when claimed
 * by them (awards.holder_id) or when its recipient email/phone is a
 * verified identifier of the holder.
 */
#ifndef BL_APP_HOLDER_H
#define BL_APP_HOLDER_H

#include "app/account.h"
#include "app/app.h"

#define BL_APP_HOLDER_NAME_MAX  100u     /* bytes of a first name */
#define BL_APP_HOLDER_LINK_PATH "/sac/l" /* the personal link is base_url + path + "/" + token */

struct bl_holder { /* strings in the caller's arena */
    int64_t id;
    const char *uid; /* public random id (22 chars base64url, like award uids) */
    const char *first_name;
    const char *email;  /* primary email or NULL */
    const char *phone;  /* primary phone (E.164, +33...) or NULL */
    int64_t birth_year; /* 0 = unknown; minors (16-17) get extra privacy defaults */
    int64_t created_at;
};

/*
 * Create a holder (e.g. from a claim); identifiers are stored unverified.
 * email and phone may be NULL or ""; they are normalised (email lower-cased,
 * phone to E.164, French numbers "06 12 34 56 78" -> "+33612345678") and
 * BL_EINVAL names the field ("email: ...", "phone: ...") when malformed.
 * *link_token (arena) is the personal-link secret: random, only its SHA-256
 * hash is stored.  Audited as "holder.create".
 */
enum bl_err bl_app_holder_create(struct bl_app *app, const char *first_name, const char *email,
                                 const char *phone, struct bl_arena *arena, struct bl_holder *out,
                                 const char **link_token, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The holder a personal-link token belongs to; BL_ENOTFOUND otherwise (also after deletion). */
enum bl_err bl_app_holder_by_link(struct bl_app *app, const char *link_token,
                                  struct bl_arena *arena, struct bl_holder *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A live holder by id; BL_ENOTFOUND when none or deleted. */
enum bl_err bl_app_holder_get(struct bl_app *app, int64_t id, struct bl_arena *arena,
                              struct bl_holder *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Give an award to a holder (a claim at an event): awards.holder_id is set
 * and "holder.claim" audited in the award's organisation.  The caller has
 * checked the claim's right (code, QR); BL_ENOTFOUND for an unknown award
 * or holder.
 */
enum bl_err bl_app_holder_claim(struct bl_app *app, int64_t holder_id, const char *award_uid,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Same, inside the caller's transaction (e.g. the one that creates the award). */
enum bl_err bl_app_holder_claim_tx(struct bl_tx *tx, struct bl_app *app, int64_t holder_id,
                                   int64_t award_id, int64_t org_id,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/* 32 random bytes in base64url (BL_APP_TOKEN_LEN characters): links, sessions. */
void bl_app_holder_secret(char out[BL_APP_TOKEN_LEN + 1]);

/* Fill the public view from a stored row and its identifiers (primary = first verified, else
 * first). */
void bl_app_holder_fill(struct bl_arena *arena, const struct bl_holder_rec *r,
                        const struct bl_holder_ident *ids, size_t nids, struct bl_holder *out);

#endif
