/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * q_event.h: events, their badge classes and their claims (migration 009),
 * in a header of their own next to store.h.  Strings of rows are in the
 * transaction's arena.
 */
#ifndef BL_STORE_Q_EVENT_H
#define BL_STORE_Q_EVENT_H

#include "store/store.h"

#define BL_STORE_EVENTS_MAX 500u  /* events of an org listed at once */
#define BL_STORE_CLAIMS_MAX 5000u /* claims of an event listed at once */
#define BL_STORE_HOURS_MAX  72u   /* hours of a claims-per-hour chart */

struct bl_event {
    int64_t id;
    const char *uid;
    int64_t org_id;
    const char *name;
    const char *place; /* or NULL */
    int64_t starts_at, ends_at;
    int64_t claim_from, claim_until; /* the claim window */
    int64_t capacity;                /* 0: no limit */
    const char *pin;                 /* said aloud on site; NULL: none */
    int approval;                    /* claims wait for a counsellor's approval */
    int64_t rotate_s;                /* seconds a rotating QR code lives */
    int64_t participation_badge_id;
    int64_t created_at, updated_at;
    /* Read only (joined): */
    const char *participation_badge_uid;
    const char *participation_badge_name;
};

/* A badge class an event gives: its participation badge or a stand badge. */
struct bl_event_badge {
    int64_t badgeclass_id;
    const char *uid;
    const char *name;
    int participation;
};

enum bl_claim_status { BL_CLAIM_PENDING = 0, BL_CLAIM_ISSUED = 1, BL_CLAIM_REJECTED = 2 };

struct bl_event_claim {
    int64_t id;
    int64_t event_id;
    int64_t holder_id;
    const char *first_name;
    const char *email, *phone; /* as given (normalised), or NULL */
    const char *code;          /* personal short code for the stands */
    int status;                /* enum bl_claim_status */
    int64_t award_id;          /* 0 until issued */
    int64_t claimed_at, decided_at;
    /* Read only (joined): */
    const char *award_uid; /* or NULL */
    const char *holder_uid;
};

/* Insert (ev->id set) or update by id. */
enum bl_err bl_store_event_insert(struct bl_tx *tx, struct bl_event *ev,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_event_update(struct bl_tx *tx, const struct bl_event *ev,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_event_by_uid(struct bl_tx *tx, const char *uid, struct bl_event *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The events of an org, the latest start first. */
enum bl_err bl_store_event_list(struct bl_tx *tx, int64_t org_id, struct bl_event **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Replace the stand badges of an event. */
enum bl_err bl_store_event_stands_set(struct bl_tx *tx, int64_t event_id, const int64_t *ids,
                                      size_t n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Its participation badge first, then the stand badges by name. */
enum bl_err bl_store_event_badges(struct bl_tx *tx, const struct bl_event *ev,
                                  struct bl_event_badge **rows, size_t *n,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Record a claim (c->id set) unless the event already has capacity claims
 * (capacity 0: no limit): BL_ELIMIT then; BL_EEXISTS when the holder or
 * the code already has a claim on this event.
 */
enum bl_err bl_store_claim_insert(struct bl_tx *tx, struct bl_event_claim *c, int64_t capacity,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The claim of this event by holder_id, or else by email, or else by phone (NULLs skipped). */
enum bl_err bl_store_claim_find(struct bl_tx *tx, int64_t event_id, int64_t holder_id,
                                const char *email, const char *phone, struct bl_event_claim *out,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_store_claim_by_code(struct bl_tx *tx, int64_t event_id, const char *code,
                                   struct bl_event_claim *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Set the status (and award when award_id > 0) of a claim. */
enum bl_err bl_store_claim_decide(struct bl_tx *tx, int64_t claim_id, int status, int64_t award_id,
                                  int64_t now, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Claims of an event, oldest first; status < 0: all. */
enum bl_err bl_store_claim_list(struct bl_tx *tx, int64_t event_id, int status,
                                struct bl_event_claim **rows, size_t *n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Claims of an event per status (counts[0..2]) and awards whose idem key starts with prefix. */
enum bl_err bl_store_claim_counts(struct bl_tx *tx, int64_t event_id, int64_t counts[3],
                                  int64_t org_id, const char *stand_prefix, int64_t *stand_awards,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Claims made in [from, from + hours * 3600) per hour (hours <= BL_STORE_HOURS_MAX). */
enum bl_err bl_store_claim_per_hour(struct bl_tx *tx, int64_t event_id, int64_t from, size_t hours,
                                    int64_t *counts, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
