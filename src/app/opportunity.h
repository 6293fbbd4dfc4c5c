/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * opportunity.h: opportunities an organisation offers (a job, an interview,
 * an immersion, an apprenticeship, a training place) and the young
 * people's applications to them (docs/internals/opportunity.md).
 *
 * An opportunity requires a set of badge classes of any organisation and
 * optionally a pathway.  A holder QUALIFIES when they hold a valid award
 * (not revoked, not expired) of every required badge class, and the
 * pathway hook (when the opportunity names a pathway) says yes.  Applying
 * shares with the organisation exactly one award per required badge class,
 * chosen by the holder among theirs, and nothing else: the organisation
 * sees the holder's first name, the contact the holder chose to give, and
 * those awards.  An organisation sees only the applications to its own
 * opportunities; another organisation's opportunity is "not found".
 */
#ifndef BL_APP_OPPORTUNITY_H
#define BL_APP_OPPORTUNITY_H

#include "app/app.h"

#define BL_APP_OPP_TITLE_MAX  200u  /* bytes of a title */
#define BL_APP_OPP_PLACE_MAX  200u  /* bytes of a place */
#define BL_APP_OPP_REQ_MAX    20u   /* required badge classes of one opportunity */
#define BL_APP_OPP_PLACES_MAX 10000 /* places of one opportunity */
#define BL_APP_OPP_ANSWER_MAX 2000u /* bytes of an answer or a holder's message */
#define BL_APP_OPP_FIND_MAX   20u   /* badge classes the requirement picker shows */

/*
 * The pathway hook: does holder_id meet pathway_id?  The pathway engine
 * (another module) sets it at start with bl_app_opp_set_pathway_hook.
 * Until it is set, an opportunity that names a pathway is open to nobody
 * (a requirement we cannot check is not met).  Called inside the
 * transaction that evaluates the opportunity.
 */
typedef enum bl_err (*bl_app_opp_pathway_fn)(struct bl_tx *tx, const struct bl_app *app,
                                             int64_t pathway_id, int64_t holder_id, bool *qualifies,
                                             bool *one_step, struct bl_errinfo *ei);
void bl_app_opp_set_pathway_hook(bl_app_opp_pathway_fn fn);

/* What a form gives for an opportunity; strings are borrowed. */
struct bl_app_opp_input {
    const char *kind; /* "emploi" | "entretien" | "immersion" | "apprentissage" | "formation" */
    const char *title;
    const char *description;
    const char *place;
    const char *start_date; /* "YYYY-MM-DD" or "" */
    const char *end_date;   /* "YYYY-MM-DD" or "", not before start_date */
    int64_t places;         /* 1..BL_APP_OPP_PLACES_MAX */
    bool closed;
    int64_t pathway_id;            /* 0: none */
    const char *const *badge_uids; /* required badge classes (any org) */
    size_t n_badges;               /* 1..BL_APP_OPP_REQ_MAX unless pathway_id */
    /* On change: 0 to write whatever the stored version (last write wins), else the
     * version the change is based on, checked by the UPDATE itself (BL_ESTALE; a
     * negative one never matches). */
    int64_t version;
};

/* True for the five kinds above. */
bool bl_app_opp_kind_ok(const char *kind);
/* "YYYY-MM-DD" of a unix time (UTC), in out[11]. */
void bl_app_opp_day(int64_t t, char out[11]);

/*
 * Create (uid NULL: out_uid receives the new uid) or change the
 * opportunity uid of org_id; the issuer role is needed.  BL_EINVAL names
 * the field first ("title: ...", "kind: ...", "dates: ...", "places: ...",
 * "badges: ...").  Every change moves the version on (struct bl_opp); with
 * in->version set, a change finding another version writes nothing and
 * gives BL_ESTALE.  Audited "opportunity.create" / "opportunity.update".
 */
enum bl_err bl_app_opp_save(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                            const char *uid, const struct bl_app_opp_input *in, char out_uid[23],
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* An opportunity of org_id (viewer role) with its requirements; else BL_ENOTFOUND. */
enum bl_err bl_app_opp_get(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                           const char *uid, struct bl_arena *arena, struct bl_opp *out,
                           struct bl_opp_req **reqs, size_t *n_reqs,
                           struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The opportunities of org_id (viewer role), newest first, with application counts. */
enum bl_err bl_app_opp_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                            struct bl_arena *arena, struct bl_opp **rows, size_t *n,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The requirement picker: badge classes of the whole network by name (any staff member). */
enum bl_err bl_app_opp_badge_find(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const char *q, struct bl_arena *arena, struct bl_opp_req **rows,
                                  size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* An application as its organisation sees it. */
struct bl_app_opp_applicant {
    struct bl_application a;       /* first_name, contact, message, status, answer, outcome */
    struct bl_award_brief *awards; /* exactly the shared awards */
    size_t n_awards;
};

/*
 * The applications to opportunity uid of org_id (viewer role), oldest
 * first.  Reading them marks the "sent" ones "seen" (when the reader may
 * answer: issuer role), so the young person knows.  Audited
 * "application.read" when any was new.
 */
enum bl_err bl_app_opp_applications(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    const char *opp_uid, struct bl_arena *arena,
                                    struct bl_app_opp_applicant **rows, size_t *n,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * One application to an opportunity of org_id (viewer role), as
 * bl_app_opp_applications gives it, without marking it seen: what the API
 * answers after an answer or an outcome.  BL_ENOTFOUND otherwise.
 */
enum bl_err bl_app_opp_application(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                   const char *app_uid, struct bl_arena *arena,
                                   struct bl_app_opp_applicant *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Answer application app_uid of an opportunity of org_id (issuer role):
 * status "seen" | "interview" | "accepted" | "refused", with a message.
 * BL_EEXISTS once withdrawn.  Audited "application.answer".
 */
enum bl_err bl_app_opp_answer(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              const char *app_uid, const char *status, const char *message,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Record the outcome ("hired" | "not_retained" | "no_follow_up"); audited "application.outcome". */
enum bl_err bl_app_opp_outcome(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *app_uid, const char *outcome,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- the young person's side ---- */

/* How a holder stands against one opportunity. */
struct bl_app_opp_match {
    struct bl_opp opp;
    struct bl_opp_req *reqs; /* required badge classes */
    size_t n_reqs;
    /* For each requirement i: the holder's valid awards of it (newest first). */
    struct bl_award_brief **held;
    size_t *n_held;
    size_t missing;                       /* requirements without a valid award */
    const struct bl_opp_req *missing_one; /* the one missing when missing == 1 */
    bool pathway_ok;                      /* no pathway, or the hook says yes */
    bool pathway_one_step;                /* the pathway lacks one badge (the hook says so) */
    bool qualifies;                       /* missing == 0 && pathway_ok */
    struct bl_application *applied;       /* the holder's application, or NULL */
};

/*
 * Pure matching: for each requirement, the valid awards (revoked_at == 0,
 * expires_at == 0 or > now) of its badge class among awards[0..n).  Fills
 * m->held, m->n_held, m->missing, m->missing_one (m->reqs set by caller).
 */
void bl_app_opp_match_awards(struct bl_arena *arena, struct bl_app_opp_match *m,
                             const struct bl_award_brief *awards, size_t n, int64_t now);

/*
 * Open opportunities for a holder: those they qualify for (open) and those
 * missing exactly one required badge class with the pathway met, or with
 * every badge held and the pathway one badge from complete (one_step).
 */
enum bl_err bl_app_opp_for_holder(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                                  struct bl_app_opp_match **open, size_t *n_open,
                                  struct bl_app_opp_match **one_step, size_t *n_one,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* One opportunity (open or not) as the holder sees it; BL_ENOTFOUND when none. */
enum bl_err bl_app_opp_view(struct bl_app *app, int64_t holder_id, const char *opp_uid,
                            struct bl_arena *arena, struct bl_app_opp_match *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Apply: award_uids are the awards to share, exactly one valid award of the
 * holder per required badge class (BL_EINVAL "awards: ..." otherwise);
 * contact is one of the holder's identifiers or "" (BL_EINVAL "contact:").
 * BL_EDENIED "qualify: ..." when the holder does not qualify or the
 * opportunity is closed; BL_EEXISTS when they applied already.
 * Audited "application.create" in the opportunity's organisation.
 */
enum bl_err bl_app_opp_apply(struct bl_app *app, int64_t holder_id, const char *opp_uid,
                             const char *const *award_uids, size_t n_awards, const char *contact,
                             const char *message, char out_uid[23],
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Withdraw an application of the holder; audited "application.withdraw". */
enum bl_err bl_app_opp_withdraw(struct bl_app *app, int64_t holder_id, const char *app_uid,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The holder's applications, newest first, with the opportunity and org names. */
enum bl_err bl_app_opp_my_applications(struct bl_app *app, int64_t holder_id,
                                       struct bl_arena *arena, struct bl_application **rows,
                                       size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The pathway an opportunity of org_id names or will name: any pathway of
 * the network, by uid (or by id when uid is NULL), for a member of org_id
 * (others: BL_ENOTFOUND).  BL_ENOTFOUND "pathway: ..." when there is none;
 * BL_EINVAL "pathway: ..." when named by uid and archived.  In opp_pathway.c.
 */
enum bl_err bl_app_opp_pathway(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *uid, int64_t id, struct bl_arena *arena,
                               struct bl_pathway_row *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The pathway an opportunity will name after a change, as a row id into
 * *pathway_id: uid NULL keeps current (0: none), "" is none, the uid of
 * the current pathway keeps it even when archived since; another uid goes
 * through bl_app_opp_pathway (unknown or archived: its errors).  In
 * opp_pathway.c.
 */
enum bl_err bl_app_opp_pathway_pick(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    int64_t current, const char *uid, struct bl_arena *arena,
                                    int64_t *pathway_id, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Inside an opportunity's save (its write transaction): pathway_id, named
 * anew (it differs from the stored one), must exist and not be archived,
 * BL_EINVAL "pathway: ..." otherwise.  The read before (bl_app_opp_pathway)
 * gives the friendly message; this one closes the window between the two.
 * In opp_pathway.c.
 */
enum bl_err bl_app__opp_pathway_usable(struct bl_tx *tx, int64_t pathway_id,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/* An open opportunity that names a pathway, as the pathway's staff may see it. */
struct bl_app_opp_naming {
    const char *uid, *title, *org_name, *org_slug;
    bool member; /* the viewer is staff of its organisation: its page may be linked */
};

/*
 * The open opportunities of the whole network (status open, not ended at
 * today) that name pathway_id, for a viewer of the pathway's organisation
 * (others: BL_ENOTFOUND), in the order of bl_store_opp_list_open.  Strings
 * in arena.  In opp_pathway.c.
 */
enum bl_err bl_app_opp_naming_pathway(struct bl_app *app, const struct bl_actor *who,
                                      int64_t pathway_id, struct bl_arena *arena,
                                      struct bl_app_opp_naming **rows, size_t *n,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
