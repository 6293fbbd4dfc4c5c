/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * reset.h: choosing a password through a link sent by email — "mot de
 * passe oublié" and the invitation of a new staff member
 * (docs/internals/reset.md).
 *
 * The link carries 32 random bytes; the store keeps only their SHA-256
 * (table password_resets), so a database leak opens no account.  A link
 * is single use and expires (1 hour for a reset, 7 days for an invitation).
 * Using it sets the password and ends every session of the account.
 */
#ifndef BL_APP_RESET_H
#define BL_APP_RESET_H

#include "app/account.h"
#include "app/app.h"

#define BL_APP_RESET_TTL        3600            /* seconds a reset link is valid */
#define BL_APP_INVITE_TTL       (7 * 86400)     /* seconds an invitation link is valid */
#define BL_APP_RESET_MAX        3               /* reset requests per window and email */
#define BL_APP_RESET_CLIENT_MAX 20              /* reset requests per window and address */
#define BL_APP_RESET_PATH       "/mot-de-passe" /* the link is base_url + path + "/" + token */

/*
 * Someone asks for a reset link for `email` from address `client`.  Both
 * are rate limited (BL_ELIMIT); otherwise BL_OK whether an account exists
 * or not (no enumeration).  When an enabled account exists and belongs to
 * an organisation, a message is queued in the outbox (From: the name of its
 * first organisation; an account without organisation gets none).
 */
enum bl_err bl_app_reset_request(struct bl_app *app, const char *email, const char *client,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

/* BL_OK when the link's token is known, unused and unexpired; BL_ENOTFOUND otherwise. */
enum bl_err bl_app_reset_check(struct bl_app *app, const char *token,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Use the link: set `password` (BL_APP_PASSWORD_MIN..MAX bytes, else
 * BL_EINVAL before the link is spent), mark the link used, end every
 * session of the account, audit "account.password".  *email (bl_malloc'd)
 * is the account's, to sign in with.  BL_ENOTFOUND when the link is
 * unknown, used or expired.
 */
enum bl_err bl_app_reset_finish(struct bl_app *app, const char *token, const char *password,
                                char **email, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * An admin of org_id (who) brings `email` into the team with `role`: an
 * existing account joins at once (*invited = false; refused like
 * bl_app_member_set); otherwise an account without password is created
 * with `name` (the part before @ when empty), joins, and an invitation
 * with a link valid BL_APP_INVITE_TTL is queued (*invited = true), all in
 * one transaction.
 */
enum bl_err bl_app_invite(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                          const char *email, const char *name, enum bl_role role, bool *invited,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The members of org_id (who must hold a role there), by name. */
enum bl_err bl_app_members(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                           struct bl_arena *arena, struct bl_member **rows, size_t *n,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * bl_app_invite inside the caller's transaction (the network invites a
 * partner's first admin in the transaction that creates the partner):
 * email already normalised, name not empty, role valid.
 */
enum bl_err bl_app_invite_in(struct bl_tx *tx, const struct bl_app *app, const struct bl_actor *who,
                             int64_t org_id, const char *email, const char *name, enum bl_role role,
                             bool *invited, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
