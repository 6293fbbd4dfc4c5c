/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * network.h: the stakeholder network (issue 9, docs/internals/network.md):
 * partner organisations invited by a network admin, their public profile,
 * and the needs board where partners say which competencies their jobs
 * need, support each other's needs, and see the network's answers.
 *
 * An organisation without a profile row is a network admin (the Mission
 * Locale, and any organisation the operator creates with `blason org
 * add`).  A partner is created by a network admin's invitation and is
 * otherwise an organisation like any other: its own staff, roles and
 * signing keys.  Another organisation's private data is "not found".
 */
#ifndef BL_APP_NETWORK_H
#define BL_APP_NETWORK_H

#include "app/app.h"

#define BL_APP_SECTOR_MAX       120u /* bytes of a sector name */
#define BL_APP_PHONE_MAX        32u  /* bytes of a phone number */
#define BL_APP_HORIZON_MAX      60u  /* bytes of a need's horizon ("d'ici 6 mois") */
#define BL_APP_NEED_ITEMS       20u  /* framework items one need names at most */
#define BL_APP_NEEDS_CLOSED_MAX 200u /* closed needs listed under the board */
#define BL_APP_PEOPLE_MAX       100000

/* "employer" | "association" | "training": the kinds a partner may have. */
bool bl_app_partner_kind_ok(const char *kind);
/* The French name of a kind ("employeur", ..., "réseau" for network admins). */
const char *bl_app_partner_kind_fr(const char *kind);

struct bl_app_partner_invite {
    const char *name;         /* the partner's name, required */
    const char *slug;         /* its address name; made from the name when empty */
    const char *kind;         /* bl_app_partner_kind_ok */
    const char *email;        /* its first administrator, who gets the invitation */
    const char *contact_name; /* that person's name (optional) */
    const char *url;          /* its website; its public page when empty */
};

/*
 * A network admin (who: admin of network_org, which has no partner
 * profile) invites a partner: the organisation is created with its keys
 * and profile, and its first admin account gets a 7-day invitation link,
 * in one transaction.  *slug (arena a) is the new organisation's.  Errors
 * name the field first ("email: ...", "slug: ..."); BL_EEXISTS for a
 * taken slug, BL_EDENIED when who is not a network admin.
 */
enum bl_err bl_app_partner_invite(struct bl_app *app, const struct bl_actor *who,
                                  int64_t network_org, const struct bl_app_partner_invite *in,
                                  struct bl_arena *a, const char **slug,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_app_profile_input {
    const char *name, *url, *description;
    const char *sector, *siret, *contact_name, *contact_email, *contact_phone;
    const unsigned char *image; /* a new logo (PNG or safe SVG), NULL: keep the old one */
    size_t image_len;
};

/*
 * An admin of org_id changes its profile.  The SIRET is checked
 * (core/siret.h) and stored as 14 digits; errors name the field first.
 */
enum bl_err bl_app_partner_update(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const struct bl_app_profile_input *in,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* An organisation with its profile, for the public page (no sign-in needed). */
struct bl_app_partner_view {
    struct bl_org org;
    struct bl_org_profile profile; /* kind "network" when it has none */
    bool network;
};
enum bl_err bl_app_partner_by_slug(struct bl_app *app, const char *slug, struct bl_arena *a,
                                   struct bl_app_partner_view *out,
                                   struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Every organisation of the network (network admins first). */
enum bl_err bl_app_partner_list(struct bl_app *app, struct bl_arena *a, struct bl_partner **rows,
                                size_t *n, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Whether org_id is a network admin (has no partner profile). */
enum bl_err bl_app_is_network(struct bl_tx *tx, int64_t org_id, bool *yes,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The same in a transaction of its own (pages). */
enum bl_err bl_app_org_is_network(struct bl_app *app, int64_t org_id, bool *yes,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * HOOK for endorsements (issue 9, "Endorsements"): what an organisation
 * endorses, for its public partner page.  Returns no rows until the
 * endorsement engine fills it (a badge class uid, its name and issuer);
 * the page shows nothing when there are none.
 */
struct bl_app_endorsed {
    const char *badge_uid, *badge_name, *issuer_name;
};
enum bl_err bl_app_partner_endorsed(struct bl_app *app, int64_t org_id, struct bl_arena *a,
                                    struct bl_app_endorsed **rows, size_t *n,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

/* ---- the needs board ---- */

struct bl_app_need_input {
    const char *title, *description, *sector, *horizon;
    int64_t people;          /* people expected to be hired, 0..BL_APP_PEOPLE_MAX */
    const int64_t *item_ids; /* framework items, at most BL_APP_NEED_ITEMS */
    size_t n_items;
};

/* An issuer or admin of org_id declares a need; uid (22 chars + NUL) names it. */
enum bl_err bl_app_need_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const struct bl_app_need_input *in, char uid[23],
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Open needs of the network, ranked (store order); who must belong to org_id. */
enum bl_err bl_app_need_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                             struct bl_arena *a, struct bl_need **rows, size_t *n,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;
/* The answers of every open need (need_id set), for the board; who must belong to org_id. */
enum bl_err bl_app_need_answers_open(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                     struct bl_arena *a, struct bl_need_answer **rows, size_t *n,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

struct bl_app_need_detail {
    struct bl_need need;
    struct bl_fw_item *items;
    size_t n_items;
    struct bl_need_support *supports;
    size_t n_supports;
    struct bl_need_answer *answers;
    size_t n_answers;
};
/* One need with its items, supports and answers; who must belong to org_id. */
enum bl_err bl_app_need_get(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                            const char *uid, struct bl_arena *a, struct bl_app_need_detail *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * An issuer or admin of org_id supports another organisation's need
 * (again: the comment is replaced).  BL_EINVAL for its own need.
 */
enum bl_err bl_app_need_support(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const char *uid, const char *comment,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * A network admin's issuer or admin (org_id is the network admin) links
 * one of its badge classes to a need as an answer.  Another org's badge
 * class is BL_ENOTFOUND, one already linked BL_EEXISTS.  Audit "need.answer".
 */
enum bl_err bl_app_need_answer(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *uid, const char *badge_uid,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The same for one of org_id's events (workshops): kind "event", labelled
 * "<name>, le DD/MM/YYYY" (Paris day).  bl_app_need_get then gives the
 * event's current name, date, place and organisation with the answer.
 */
enum bl_err bl_app_need_answer_event(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                     const char *uid, const char *event_uid,
                                     struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The declaring partner (issuer or admin of org_id, the need's organisation)
 * changes a need: same rules as bl_app_need_create; the items are replaced.
 * Another organisation's need is BL_ENOTFOUND.  Audit "need.update".
 */
enum bl_err bl_app_need_update(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                               const char *uid, const struct bl_app_need_input *in,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;
/*
 * The declaring partner closes a need as "filled" (pourvu) or "abandoned"
 * (abandonné), or reopens it ("open").  A closed need leaves the ranking
 * and takes no support.  Audit "need.close" (with the reason) / "need.reopen".
 */
enum bl_err bl_app_need_set_state(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const char *uid, const char *state,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;
/* Closed needs of the network, last closed first; who must belong to org_id. */
enum bl_err bl_app_need_list_closed(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                    struct bl_arena *a, struct bl_need **rows, size_t *n,
                                    struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
