/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * collection.h: a young person's collections (docs/internals/backpack.md):
 * a name, a short description and an ordered set of the holder's own
 * awards, private by default, shared together on one public page
 * /c/{token} that can be withdrawn.  Another holder's collection is "not
 * found"; a minor's collections are not made public unless they allowed
 * public pages, as for one badge (backpack.h).
 */
#ifndef BL_APP_COLLECTION_H
#define BL_APP_COLLECTION_H

#include "app/backpack.h"

#define BL_APP_COLL_MAX        50u  /* collections per holder */
#define BL_APP_COLL_ITEMS_MAX  100u /* badges per collection */
#define BL_APP_COLL_NAME_MAX   80u  /* characters of a name */
#define BL_APP_COLL_DESC_MAX   500u /* characters of a description */
#define BL_APP_COLL_SHARE_PATH "/c" /* public page: base_url + path + "/" + token */

/*
 * Check a name (required, at most BL_APP_COLL_NAME_MAX characters, spaces
 * at both ends dropped) and a description (optional, at most
 * BL_APP_COLL_DESC_MAX): BL_EINVAL "name: required", BL_ETOOBIG
 * "name: ..." / "description: ...", BL_EUTF8.  *name_out and *desc_out
 * (arena) are the trimmed texts.
 */
enum bl_err bl_app_coll_check(const char *name, const char *description, struct bl_arena *arena,
                              const char **name_out, const char **desc_out,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A new empty collection of holder_id, audited; BL_ELIMIT at BL_APP_COLL_MAX.  *uid in arena. */
enum bl_err bl_app_coll_create(struct bl_app *app, int64_t holder_id, const char *name,
                               const char *description, struct bl_arena *arena, const char **uid,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The collections of a holder, oldest first (arena). */
enum bl_err bl_app_coll_list(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                             struct bl_holder_coll **rows, size_t *n,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A collection as its owner sees it (arena). */
struct bl_app_coll_view {
    struct bl_holder_coll coll;
    struct bl_award_brief *awards; /* every award of the holder, newest first */
    bool *chosen;                  /* awards[i] is in the collection */
    size_t nawards;
    struct bl_award_brief *items; /* the collection's awards in their order (still theirs) */
    size_t nitems;
    bool minor; /* cannot be made public (backpack.h) */
};

/* Collection uid of holder_id; BL_ENOTFOUND when missing or another holder's. */
enum bl_err bl_app_coll_get(struct bl_app *app, int64_t holder_id, const char *uid,
                            struct bl_arena *arena, struct bl_app_coll_view *out,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Save name, description and the badges (award uids) of a collection: the
 * ones already in keep their place, new ones follow in the order given.
 * BL_ENOTFOUND when the collection or one of the awards is not the
 * holder's; BL_ETOOBIG over BL_APP_COLL_ITEMS_MAX; errors of
 * bl_app_coll_check.
 */
enum bl_err bl_app_coll_update(struct bl_app *app, int64_t holder_id, const char *uid,
                               const char *name, const char *description,
                               const char *const *award_uids, size_t n,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Publish (on) or withdraw the public page, audited.  Publishing again
 * after a withdrawal makes a new token; the old one stays dead.
 * BL_EDENIED for a minor who did not allow public pages.  *token (arena,
 * may be NULL) is the live token when on.
 */
enum bl_err bl_app_coll_share(struct bl_app *app, int64_t holder_id, const char *uid, bool on,
                              struct bl_arena *arena, const char **token,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Move the badge award_uid of a collection one place up (step -1) or down
 * (step +1) among the badges shown, by swapping it with its neighbour in
 * one write transaction.  At either end nothing changes (BL_OK).  Not
 * audited, like the other edits of the content.
 * BL_ENOTFOUND when the collection is not the holder's or the badge is
 * not in it; BL_EINVAL for another step.
 */
enum bl_err bl_app_coll_move(struct bl_app *app, int64_t holder_id, const char *uid,
                             const char *award_uid, int step, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Delete a collection with its public pages, audited (the badges stay in the backpack). */
enum bl_err bl_app_coll_delete(struct bl_app *app, int64_t holder_id, const char *uid,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * What the public page /c/{token} shows: the collection, its badges that
 * are still the holder's (revoked and expired ones too, with their
 * state), and the holder's first name.  BL_ENOTFOUND for an unknown or
 * withdrawn token, a deleted holder or a minor who did not allow it.
 */
enum bl_err bl_app_coll_public(struct bl_app *app, const char *token, struct bl_arena *arena,
                               struct bl_holder_coll *coll, struct bl_app_sac_item **items,
                               size_t *n, const char **first_name,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
