/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * event.h: events where badges are claimed by QR code (issue 8,
 * docs/internals/event.md).  Staff use cases take an actor: reading needs
 * the viewer role in the event's org (another org's event is "not found"),
 * changing and awarding the issuer role.  Claims by young people (no
 * account) go through bl_app_claim: the signed QR token is their right to
 * claim.
 *
 * Validation errors are BL_EINVAL with the field first in the message
 * ("name: ...", "claim_until: ..."), as util.h does; refusals of a claim
 * are BL_EINVAL too, with a reason word first: "expired:", "closed:",
 * "full:", "pin:", "first_name:", "email:", "phone:"; BL_ELIMIT when the
 * address claimed too often.
 */
#ifndef BL_APP_EVENT_H
#define BL_APP_EVENT_H

#include "app/app.h"
#include "core/evtoken.h"
#include "store/q_event.h"

#define BL_EVENT_STANDS_MAX   20u /* stand badges of one event */
#define BL_EVENT_PIN_MAX      8u  /* digits of a PIN */
#define BL_EVENT_CAPACITY_MAX 100000
#define BL_EVENT_ROTATE_MIN   10 /* seconds a rotating code lives, at least */
#define BL_EVENT_ROTATE_MAX   600
#define BL_EVENT_CODE_LEN     6u           /* personal short code for the stands */
#define BL_EVENT_SPAN_MAX     (31 * 86400) /* longest event or claim window */

struct bl_app_event_input {
    const char *name, *place;
    int64_t starts_at, ends_at;
    int64_t claim_from, claim_until; /* 0, 0: the event's own dates */
    int64_t capacity;                /* 0: no limit */
    const char *pin;                 /* digits, or NULL */
    bool approval;
    int64_t rotate_s; /* 0: 30 */
    const char *participation_badge_uid;
    const char *const *stand_badge_uids;
    size_t n_stands;
};

/* Create an event in org_id (issuer role); uid is set.  Audited "event.create". */
enum bl_err bl_app_event_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const struct bl_app_event_input *in, char uid[23],
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Replace what may change (issuer role).  Audited "event.update". */
enum bl_err bl_app_event_update(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                const struct bl_app_event_input *in,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The event uid (viewer role), with its badges (participation first). */
enum bl_err bl_app_event_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                             struct bl_arena *arena, struct bl_event *out,
                             struct bl_event_badge **badges, size_t *n_badges,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_event_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              struct bl_arena *arena, struct bl_event **rows, size_t *n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The needs of the needs board this event answers (viewer role in the
 * event's org), linked with bl_app_need_answer_event; oldest first.
 */
enum bl_err bl_app_event_needs(struct bl_app *app, const struct bl_actor *who, const char *uid,
                               struct bl_arena *arena, struct bl_need **rows, size_t *n,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_app_event_stats {
    int64_t pending, issued, rejected; /* claims */
    int64_t stand_awards;
    int64_t hour0;                        /* start of the first hour of per_hour */
    size_t hours;                         /* <= BL_STORE_HOURS_MAX */
    int64_t per_hour[BL_STORE_HOURS_MAX]; /* claims per hour of the event */
};
/* Claims of the event (viewer role); status < 0: all. */
enum bl_err bl_app_event_claims(struct bl_app *app, const struct bl_actor *who,
                                const struct bl_event *ev, int status, struct bl_arena *arena,
                                struct bl_event_claim **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_event_stats(struct bl_app *app, const struct bl_actor *who,
                               const struct bl_event *ev, struct bl_app_event_stats *out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * A claim token for ev: kind 'r' (rotating, the slot of now) or 'p' (a
 * poster, good until the end of the claim window).
 */
enum bl_err bl_app_event_token(struct bl_app *app, const struct bl_event *ev, char kind,
                               int64_t now, char out[BL_EVTOKEN_LEN],
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The token a claim form posts to: the form stays usable for
 * BL_EVENT_FORM_TTL seconds after the scan (typing a first name takes
 * longer than a rotating code lives), never after the claim window.
 */
#define BL_EVENT_FORM_TTL 900
enum bl_err bl_app_claim_form_token(struct bl_app *app, const struct bl_event *ev, int64_t now,
                                    char out[BL_EVTOKEN_LEN], struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- claims (claim.c) ---- */

struct bl_app_claim_input {
    const char *token;               /* from the QR code */
    const char *first_name;          /* required */
    const char *email, *phone, *pin; /* optional (the PIN when the event has one) */
    const char *link_token;          /* the personal link already on this phone, or NULL */
    const char *client;              /* the address, for the rate limit */
};

struct bl_app_claim_result {
    struct bl_event event;
    struct bl_event_claim claim;
    struct bl_award award;  /* set when issued (claim.status == BL_CLAIM_ISSUED) */
    const char *link_token; /* the personal link's secret: new, or the one given */
    const char *holder_uid;
    const char *org_slug;          /* bl_app_claim_mine only */
    struct bl_award_brief *badges; /* bl_app_claim_mine: the holder's awards of this event */
    size_t n_badges;
    bool existed; /* the same person had claimed before */
};

/*
 * The event a token opens for claiming (no actor: the token is the right).
 * BL_EINVAL "expired:" / "closed:" as above (ev is set then), BL_ENOTFOUND
 * for a forged token.
 */
enum bl_err bl_app_claim_open(struct bl_app *app, const char *token, struct bl_arena *arena,
                              struct bl_event *ev, struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Claim the participation badge.  The holder is the one of link_token, or
 * the one who claimed this event before with the same email or phone, or a
 * new one.  Without approval the badge is issued at once (idempotency key
 * "claim:<event>:<holder>"); with approval the claim waits.
 */
enum bl_err bl_app_claim(struct bl_app *app, const struct bl_app_claim_input *in,
                         struct bl_arena *arena, struct bl_app_claim_result *out,
                         struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The claim of a holder on an event (their return page), by personal link token. */
enum bl_err bl_app_claim_mine(struct bl_app *app, const char *event_uid, const char *link_token,
                              struct bl_arena *arena, struct bl_app_claim_result *out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Issue the participation badge of pending (or rejected) claims (issuer
 * role): the given claim ids, or every pending claim when n == 0.  *issued
 * counts the awards made.
 */
enum bl_err bl_app_claim_approve(struct bl_app *app, const struct bl_actor *who,
                                 const char *event_uid, const int64_t *claim_ids, size_t n,
                                 size_t *issued, struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * Award the stand badge badge_uid of the event to the holder whose claim
 * has code (issuer role); idempotency key "stand:<event>:<badge>:<holder>".
 */
enum bl_err bl_app_stand_award(struct bl_app *app, const struct bl_actor *who,
                               const char *event_uid, const char *badge_uid, const char *code,
                               struct bl_arena *arena, struct bl_event_claim *claim,
                               struct bl_award *award, bool *existed,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
