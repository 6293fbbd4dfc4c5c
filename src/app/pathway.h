/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pathway.h: the pathway use cases (docs/internals/pathway.md): define a
 * pathway of an organisation (steps made of its badge classes, a milestone
 * badge class as goal), read pathways with their funnel, and keep every
 * person's progress current: bl_app_pathway_on_change runs inside the
 * transaction of each award and revocation, awards the milestone when a
 * pathway becomes complete (never twice) and withdraws it when a revocation
 * breaks the completion.
 */
#ifndef BL_APP_PATHWAY_H
#define BL_APP_PATHWAY_H

#include "app/app.h"
#include "core/ob2.h"

/* Rounds of re-evaluation after milestones change (a milestone may be a step
 * of another pathway); each round follows one more link of such a chain. */
#define BL_APP_PATHWAY_ROUNDS_MAX 8
/* Most pathways per organisation. */
#define BL_APP_PATHWAY_MAX 200u
/* The reason given when a milestone is revoked by a withdrawal. */
#define BL_APP_PATHWAY_WITHDRAWN "parcours incomplet"

struct bl_app_pathway_input {
    const char *name;            /* required */
    const char *description;     /* optional */
    const char *definition_json; /* required: core/pathway.h, badge = badge class uid */
    const char *goal_badge_uid;  /* optional: the milestone badge class */
};

/*
 * Create a pathway in org_id (issuer role).  Every badge named by the
 * definition and the milestone must be a badge class of org_id, and the
 * milestone may not be a step of its own pathway.  Messages start with the
 * field name ("definition: ...", "goal_badge: ...").  uid receives the new id.
 */
enum bl_err bl_app_pathway_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const struct bl_app_pathway_input *in, char uid[23],
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Replace name, description, definition and goal of pathway uid (issuer role). */
enum bl_err bl_app_pathway_update(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                  const struct bl_app_pathway_input *in,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A pathway as pages and the API show it (strings in the caller's arena). */
struct bl_app_pathway_view {
    struct bl_pathway_row row;
    const char *goal_badge_uid;  /* NULL when none */
    const char *goal_badge_name; /* NULL when none */
    struct bl_pathway_funnel funnel;
};

/* The pathways of org_id (viewer role), with their funnels. */
enum bl_err bl_app_pathway_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                struct bl_arena *arena, struct bl_app_pathway_view **rows,
                                size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* One pathway (viewer role in its organisation; "not found" otherwise). */
enum bl_err bl_app_pathway_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                               struct bl_arena *arena, struct bl_app_pathway_view *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The people on pathway uid, most advanced first (viewer role). */
enum bl_err bl_app_pathway_progress(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                    size_t offset, size_t limit, struct bl_arena *arena,
                                    struct bl_pathway_progress **rows, size_t *n,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Inside an award's or a revocation's transaction: re-evaluate every
 * pathway of org_id for the person `email` (normalised), store the
 * progress, award milestones that became due (idempotency key
 * "pathway:{id}:{email}", then ":2", ":3" after withdrawals) and withdraw
 * the milestones of completions that broke; again while milestones change
 * (BL_APP_PATHWAY_ROUNDS_MAX rounds).
 */
enum bl_err bl_app_pathway_on_change(struct bl_tx *tx, struct bl_app *app, struct bl_arena *arena,
                                     int64_t org_id, const char *email,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * (badge.c) Award badge class badgeclass_id to email inside tx, as the
 * system, with evidence ev[0..nev) and idempotency key idem_key; *existed
 * when the key was used before (*out is then that award).  Does not call
 * bl_app_pathway_on_change: the caller re-evaluates.
 */
enum bl_err bl_app__award_tx(struct bl_tx *tx, struct bl_app *app, int64_t badgeclass_id,
                             const char *email, const struct bl_ob_evidence *ev, size_t nev,
                             const char *idem_key, struct bl_arena *arena, struct bl_award *out,
                             bool *existed, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
