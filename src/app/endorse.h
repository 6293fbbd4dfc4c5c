/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * endorse.h: endorsements (issue 9, docs/internals/endorse.md).  An
 * organisation endorses a badge class, another organisation or one award
 * with a comment; Blason signs an OB 3.0 EndorsementCredential with the
 * endorser's keys (Data Integrity eddsa-rdfc-2022 and VC-JWT RS256, with a
 * BitstringStatusListEntry in the endorser's status list) and hosts an
 * OB 2.0 Endorsement.  Withdrawing sets the status bit; expired and
 * withdrawn endorsements are no longer listed nor embedded.
 *
 *   {base}/endorsements/{uid}                  hosted OB 2.0 Endorsement (410 once withdrawn)
 *   {base}/endorsements/{uid}/credential       EndorsementCredential (Data Integrity)
 *   {base}/endorsements/{uid}/credential.jwt   the same as a VC-JWT
 */
#ifndef BL_APP_ENDORSE_H
#define BL_APP_ENDORSE_H

#include "app/app.h"

#define BL_ENDORSE_COMMENT_MAX 2000u /* characters of an endorsement comment */
#define BL_ENDORSE_LIST_MAX    50u   /* endorsements shown or embedded per subject */

enum bl_endorse_subject { BL_ENDORSE_BADGE, BL_ENDORSE_ORG, BL_ENDORSE_AWARD };

struct bl_app_endorse_input {
    enum bl_endorse_subject kind;
    const char *subject;       /* badge uid, org slug or award uid */
    const char *comment;       /* required */
    int64_t expires_at;        /* 0: never; else after now */
    const char *endorser_name; /* a person endorsing through the org (tutor); NULL: the org */
    int64_t request_id;        /* answers this request to org_id (accepted in the same tx) */
    const char *link_hash;     /* a recommendation link (recommend.h), used in the same tx */
};

/*
 * org_id endorses the subject of in: an issuer (or the system) of org_id;
 * an organisation does not endorse its own badge classes nor itself.  *out
 * (strings in arena) is the stored endorsement with its signed documents.
 */
enum bl_err bl_app_endorse(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                           const struct bl_app_endorse_input *in, struct bl_arena *arena,
                           struct bl_endorsement *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Withdraw an endorsement: an issuer of the endorsing organisation. */
enum bl_err bl_app_endorse_withdraw(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Show or hide an endorsement of an award on the public pages (the award's
 * owner decides; the backpack calls this).  The system or an issuer of the
 * awarding organisation may too.
 */
enum bl_err bl_app_endorse_set_visible(struct bl_app *app, const struct bl_actor *who,
                                       const char *uid, bool visible,
                                       struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Within a transaction: the valid endorsements of a subject row (kind, id) at now. */
enum bl_err bl_app_endorsements_valid(struct bl_tx *tx, const struct bl_app *app,
                                      enum bl_endorse_subject kind, int64_t ref,
                                      struct bl_endorsement **rows, size_t *n,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- requests: an issuer asks organisations to endorse one of its badge classes ---- */

/*
 * Ask the organisations slugs[0..n) to endorse badge class badge_uid (an
 * issuer of its organisation).  Organisations already asked, and its own,
 * are skipped; *asked counts the new requests.
 */
enum bl_err bl_app_endorse_ask(struct bl_app *app, const struct bl_actor *who,
                               const char *badge_uid, const char *const *slugs, size_t n,
                               const char *message, size_t *asked,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Answer a request made to org_id: accept (in->comment, in->expires_at) or decline. */
enum bl_err bl_app_endorse_decline(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                   int64_t request_id, struct bl_errinfo *ei) BL_WARN_UNUSED;
enum bl_err bl_app_endorse_accept(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  int64_t request_id, const char *comment, int64_t expires_at,
                                  struct bl_arena *arena, struct bl_endorsement *out,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* What the endorsement pages of the issuer space show (rows in arena). */
struct bl_app_endorse_view {
    struct bl_endreq *received; /* requests made to the org */
    size_t n_received;
    struct bl_endorsement *given; /* endorsements the org signed */
    size_t n_given;
    /* badge view only: */
    struct bl_badgeclass badge;
    struct bl_endreq *asked; /* requests about the badge class */
    size_t n_asked;
    struct bl_endorsement *of_badge; /* its endorsements, withdrawn ones too */
    size_t n_of_badge;
    struct bl_org *orgs; /* organisations that may be asked (not the badge's) */
    size_t n_orgs;
};

/* The org's page: requests received and endorsements given (a viewer of org_id). */
enum bl_err bl_app_endorse_org_view(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    struct bl_arena *arena, struct bl_app_endorse_view *out,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;
/* A badge class's page: requests, endorsements, who may be asked (a viewer of its org). */
enum bl_err bl_app_endorse_badge_view(struct bl_app *app, const struct bl_actor *who,
                                      int64_t org_id, const char *badge_uid, struct bl_arena *arena,
                                      struct bl_app_endorse_view *out,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/* "badge" | "org" | "award" */
const char *bl_endorse_kind_name(enum bl_endorse_subject k);

/* Public URL of an endorsement. */
const char *bl_app_endorsement_url(struct bl_arena *a, const struct bl_app *app, const char *uid);

#endif
