/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * recommend.h: a tutor or employer without an account recommends one
 * young person's award (issue 9, docs/internals/endorse.md).  The issuer
 * sends a single-use link valid BL_RECOMMEND_TTL to the tutor's address;
 * the tutor's page shows the award and a comment form; the comment becomes
 * an endorsement of the award (EndorsementSubject id = the award's
 * credential id) signed by the awarding organisation, with the tutor named
 * as the issuer profile's name.  It stays hidden on the public award page
 * until the young person shows it (bl_app_endorse_set_visible).
 */
#ifndef BL_APP_RECOMMEND_H
#define BL_APP_RECOMMEND_H

#include "app/account.h"
#include "app/app.h"

#define BL_RECOMMEND_TTL  (30 * 86400) /* seconds a link stays valid */
#define BL_RECOMMEND_PATH "/recommandation"

/*
 * Send a recommendation link for award_uid to a tutor (an issuer of the
 * awarding organisation).  The mail is queued in the same transaction as
 * the link.  token (may be NULL) receives the link's secret, for the CLI.
 */
enum bl_err bl_app_recommend_invite(struct bl_app *app, const struct bl_actor *who,
                                    const char *award_uid, const char *tutor_email,
                                    const char *tutor_name, char token[BL_APP_TOKEN_LEN + 1],
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* What the tutor's page shows (rows in arena). */
struct bl_app_recommend_view {
    struct bl_award award;
    struct bl_badgeclass badge;
    struct bl_org org;
    const char *tutor_name;
    int64_t expires_at;
    bool used; /* the link served already */
};

/* BL_ENOTFOUND for an unknown or expired link; a used one is returned with used set. */
enum bl_err bl_app_recommend_check(struct bl_app *app, const char *token, struct bl_arena *arena,
                                   struct bl_app_recommend_view *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The tutor's comment: signs the endorsement and uses the link, at once. */
enum bl_err bl_app_recommend_submit(struct bl_app *app, const char *token, const char *comment,
                                    struct bl_arena *arena, struct bl_endorsement *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
