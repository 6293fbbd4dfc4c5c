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
#include "core/pathway.h"

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

/*
 * Archive pathway uid (archived true) or bring it back (false), issuer role
 * of its organisation, audited "pathway.archive" / "pathway.restore".  An
 * archived pathway keeps its progress rows and milestones, but awards no
 * longer move anyone on it, its map shows it as ended and no opportunity
 * may name it anew.  Restoring scans past awards as a new pathway does.
 * Asking for the state it already has changes nothing.
 */
enum bl_err bl_app_pathway_archive(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                   bool archived, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Change pathway uid in ONE write transaction (issuer role): with
 * in->definition_json, name, description, definition and goal are replaced
 * as by bl_app_pathway_update; without it, only name and description,
 * each when not NULL (goal_badge_uid then is refused: it is checked against
 * the definition).  archived -1 keeps the state, 0 restores, 1 archives, as
 * bl_app_pathway_archive.  Nothing to change at all is "definition:
 * required".  Audited "pathway.update" and/or "pathway.archive" /
 * "pathway.restore" in the same transaction.
 */
enum bl_err bl_app_pathway_change(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                  const struct bl_app_pathway_input *in, int archived,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A pathway as pages and the API show it (strings in the caller's arena). */
struct bl_app_pathway_view {
    struct bl_pathway_row row;
    const char *goal_badge_uid;  /* NULL when none */
    const char *goal_badge_name; /* NULL when none */
    struct bl_pathway_funnel funnel;
};

/* The pathways of org_id (viewer role), with their funnels; archived ones when with_archived. */
enum bl_err bl_app_pathway_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                bool with_archived, struct bl_arena *arena,
                                struct bl_app_pathway_view **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
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
 * Who an award or a revocation is about.  Progress is keyed by the young
 * person: by holder when there is one (holder_id, else the holder of
 * award_id, else the holder who proved the email or phone), otherwise by
 * the normalised email, otherwise by the phone ("tel:+33...").
 */
struct bl_app_pathway_person {
    int64_t holder_id; /* 0: look it up */
    int64_t award_id;  /* 0: none */
    const char *email; /* normalised, or NULL */
    const char *phone; /* E.164, or NULL */
};

/*
 * Inside an award's or a revocation's transaction: re-evaluate every
 * pathway of org_id for the person p, store the progress, award milestones
 * that became due (idempotency key "pathway:{id}:{person key}", then ":2",
 * ":3" after withdrawals) and withdraw the milestones of completions that
 * broke; again while milestones change (BL_APP_PATHWAY_ROUNDS_MAX rounds).
 * A holder's milestone goes to the holder (awards.holder_id) with the
 * recipient identity of their latest award in the organisation.
 */
enum bl_err bl_app_pathway_on_change(struct bl_tx *tx, struct bl_app *app, struct bl_arena *arena,
                                     int64_t org_id, const struct bl_app_pathway_person *p,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The same after an award was given to holder_id in tx (claims, stand mode). */
enum bl_err bl_app_pathway_on_claim(struct bl_tx *tx, struct bl_app *app, int64_t org_id,
                                    int64_t holder_id, int64_t award_id,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Where a holder stands on one pathway (strings and arrays in arena). */
struct bl_app_pathway_standing {
    struct bl_pathway_row row;
    struct bl_pathway *pw;        /* compiled, bound; freed by bl_app_pathway_standing_free */
    struct bl_pathway_result res; /* arrays owned by ws */
    struct bl_pathway_ws *ws;
    bool one_step; /* not complete, and one more badge would complete it */
};

/* Evaluate pathway p for holder_id in tx (no authorisation: the caller decides). */
enum bl_err bl_app_pathway_standing_tx(struct bl_tx *tx, const struct bl_app *app,
                                       const struct bl_pathway_row *p, int64_t holder_id,
                                       struct bl_app_pathway_standing *out,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_app_pathway_standing_free(struct bl_app_pathway_standing *s);

/*
 * The opportunity hook (opportunity.h): installed by bl_app_pathway_install
 * at start; qualifies when the pathway is complete for the holder,
 * one_step when one more badge would complete it.
 */
void bl_app_pathway_install(void);

/*
 * (badge.c) Award badge class badgeclass_id to the recipient `to` (email
 * normalised, phone E.164, holder_id and holder_uid, name) inside tx, as
 * the system, with evidence ev[0..nev) and idempotency key idem_key;
 * *existed when the key was used before (*out is then that award).  Does
 * not call bl_app_pathway_on_change: the caller re-evaluates.
 */
struct bl_app_award_input;
enum bl_err bl_app__award_tx(struct bl_tx *tx, struct bl_app *app, int64_t badgeclass_id,
                             const struct bl_app_award_input *to, const struct bl_ob_evidence *ev,
                             size_t nev, const char *idem_key, struct bl_arena *arena,
                             struct bl_award *out, bool *existed,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Evaluate pathway uid for everyone who already holds one of its badges in
 * its organisation, as the award hook would (milestones included), in
 * write transactions of a bounded number of people.  *people: how many
 * distinct people (keys) were evaluated.  Create and update call it.
 */
enum bl_err bl_app_pathway_scan(struct bl_app *app, const char *uid, size_t *people,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The badge class ids pathway p names (for pathway_scan.c); in the tx arena. */
enum bl_err bl_app__pathway_classes(struct bl_tx *tx, const struct bl_pathway_row *p, int64_t **ids,
                                    size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
