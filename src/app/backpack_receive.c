/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack_receive.c: the award mail's link into the backpack (backpack.h).
 * The token is stateless: its MAC says Blason made it for this award, the
 * award's holder_id says whether it served already.  Reaching the link
 * proves the mailbox, as a sign-in code sent there would.
 */
#include <string.h>

#include "app/backpack_int.h"
#include "core/evtoken.h"
#include "core/mem.h"

const char *bl_app_receive_url(const struct bl_app *app, struct bl_arena *a,
                               const struct bl_award *aw)
{
    unsigned char key[BL_EVTOKEN_KEY_LEN];
    char tok[BL_EVTOKEN_LEN];
    if (!aw->recipient_email || !*aw->recipient_email)
        return NULL;
    bool ok = bl_evtoken_key_for(app->master, sizeof app->master, BL_EVTOKEN_LABEL_RECEIVE, key,
                                 NULL) == BL_OK &&
              bl_evtoken_make(key, aw->uid, 'p', bl_app_now(app) + BL_APP_RECEIVE_TTL, tok, NULL) ==
                  BL_OK;
    bl_wipe(key, sizeof key);
    return ok ? bl_arena_printf(a, "%s%s/%s", app->base_url, BL_APP_RECEIVE_PATH, tok) : NULL;
}

struct receive_ctx {
    struct bl_app *app;
    int64_t into;
    const char *uid;
    struct bl_app_hsession *out;
};

static enum bl_err receive_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct receive_ctx *c = cls;
    struct bl_arena a;
    struct bl_award aw;
    int64_t owner = 0, holder = 0;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_award_by_uid(tx, c->uid, &aw, ei);
    if (e == BL_OK && (!aw.recipient_email || !*aw.recipient_email))
        e = bl_fail(ei, BL_ENOTFOUND, "award %s has no email", c->uid);
    if (e == BL_OK)
        e = bl_store_award_holder(tx, aw.id, &owner, ei);
    if (e == BL_OK && owner)
        e = bl_fail(ei, BL_EEXISTS, "award %s is in a backpack already", c->uid);
    holder = c->into;
    if (e == BL_OK && c->into)
        e = bl_app_sac_attach_tx(tx, c->app, c->into, "email", aw.recipient_email, ei);
    else if (e == BL_OK)
        e = bl_app_sac_resolve_tx(tx, c->app, "email", aw.recipient_email, &holder, ei);
    if (e == BL_OK)
        e = bl_app_holder_claim_tx(tx, c->app, holder, aw.id, aw.org_id, ei);
    if (e == BL_OK && !c->into)
        e = bl_app_sac_open_tx(tx, c->app, holder, c->out, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_sac_receive(struct bl_app *app, const char *token, int64_t into,
                               struct bl_arena *arena, const char **award_uid,
                               struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    unsigned char key[BL_EVTOKEN_KEY_LEN];
    char uid[BL_EVTOKEN_UID_LEN + 1];
    memset(out, 0, sizeof *out);
    *award_uid = NULL;
    enum bl_err e =
        bl_evtoken_key_for(app->master, sizeof app->master, BL_EVTOKEN_LABEL_RECEIVE, key, ei);
    if (e == BL_OK) /* kind 'p' ignores the rotation period */
        e = bl_evtoken_check(key, token ? token : "", bl_app_now(app), 1, uid, ei);
    bl_wipe(key, sizeof key);
    if (e == BL_EBADSIG)
        return bl_fail(ei, BL_ENOTFOUND, "link unknown");
    if (e != BL_OK)
        return e == BL_EINVAL ? bl_fail(ei, BL_EINVAL, "link expired") : e;
    struct receive_ctx c = {.app = app, .into = into, .uid = uid, .out = out};
    e = bl_store_run(app->store, BL_TX_WRITE, receive_tx, &c, ei);
    if (e != BL_OK) {
        bl_wipe(out, sizeof *out);
        return e;
    }
    *award_uid = bl_arena_strdup(arena, uid);
    return BL_OK;
}
