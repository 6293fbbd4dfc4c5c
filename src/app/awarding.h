/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * awarding.h: what the issuer space does with many awards at once: the
 * searched and filtered list, its CSV export (audited), revoking several
 * awards in one go, and the dashboard's statistics.
 */
#ifndef BL_APP_AWARDING_H
#define BL_APP_AWARDING_H

#include "app/app.h"

#define BL_APP_SEARCH_MAX      200u    /* bytes of a search term */
#define BL_APP_EXPORT_MAX      100000u /* rows of one CSV export */
#define BL_APP_REVOKE_MANY_MAX 500u    /* awards revoked at once */
#define BL_APP_REASON_MAX      500u    /* bytes of a revocation reason */
#define BL_APP_STATS_WEEKS     12u
#define BL_APP_WEEK_S          604800

struct bl_app_award_query {
    int64_t org_id;
    const char *badge_uid;     /* NULL or "": every badge class */
    const char *search;        /* NULL or "": everyone */
    enum bl_award_state state; /* store.h */
};

/*
 * A page of the org's awards matching q (viewer role; another org's member
 * gets BL_ENOTFOUND), newest first, and *total the number of matches.
 */
enum bl_err bl_app_award_search(struct bl_app *app, const struct bl_actor *who,
                                const struct bl_app_award_query *q, size_t offset, size_t limit,
                                struct bl_arena *arena, struct bl_award_brief **rows, size_t *n,
                                int64_t *total, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Every award matching q, for a CSV export (issuer role: the rows carry
 * the young people's addresses), recorded in the audit log.  BL_ETOOBIG
 * past BL_APP_EXPORT_MAX rows.
 */
enum bl_err bl_app_award_export(struct bl_app *app, const struct bl_actor *who,
                                const struct bl_app_award_query *q, struct bl_arena *arena,
                                struct bl_award_brief **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Revoke the awards uids[0..n) of org_id with one reason (issuer role), in
 * one transaction: all or none.  An award of another org or unknown:
 * BL_ENOTFOUND; one already revoked: BL_EEXISTS (ei names it).  One audit
 * entry per award.
 */
enum bl_err bl_app_revoke_many(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *const *uids, size_t n, const char *reason,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_app_award_stats {
    int64_t week_start[BL_APP_STATS_WEEKS]; /* Monday 00:00 UTC, oldest first */
    int64_t per_week[BL_APP_STATS_WEEKS];   /* the last one is the current week */
    struct bl_award_per_class *classes;
    size_t n_classes;
    struct bl_award_totals totals;
};

/* The dashboard's figures of org_id (viewer role). */
enum bl_err bl_app_award_stats(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               struct bl_arena *arena, struct bl_app_award_stats *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Monday 00:00 UTC of the week of t (t >= 0). */
int64_t bl_app_week_start(int64_t t);

#endif
