/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * holder.c: creating holders, finding them by personal link, giving them
 * claimed awards (holder.h).
 */
#include "app/holder.h"

#include <stdlib.h>
#include <string.h>

#include "app/pathway.h"
#include "app/util.h"
#include "core/base64.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/rand.h"
#include "core/recipient.h"

void bl_app_holder_secret(char out[BL_APP_TOKEN_LEN + 1])
{
    bl_app_secret(out);
}

void bl_app_holder_fill(struct bl_arena *arena, const struct bl_holder_rec *r,
                        const struct bl_holder_ident *ids, size_t nids, struct bl_holder *out)
{
    memset(out, 0, sizeof *out);
    out->id = r->id;
    out->uid = bl_arena_strdup(arena, r->uid);
    out->first_name = bl_arena_strdup(arena, r->first_name ? r->first_name : "");
    out->birth_year = r->birth_year;
    out->created_at = r->created_at;
    /* ids come verified first, so the first of each kind is the primary one */
    for (size_t i = 0; i < nids; i++) {
        if (!out->email && strcmp(ids[i].kind, "email") == 0)
            out->email = bl_arena_strdup(arena, ids[i].value);
        if (!out->phone && strcmp(ids[i].kind, "phone") == 0)
            out->phone = bl_arena_strdup(arena, ids[i].value);
    }
}

/* Read holder row r's identifiers and fill out (in arena). */
static enum bl_err load_view(struct bl_tx *tx, struct bl_arena *arena,
                             const struct bl_holder_rec *r, struct bl_holder *out,
                             struct bl_errinfo *ei)
{
    struct bl_holder_ident *ids;
    size_t n;
    enum bl_err e = bl_store_holder_ident_list(tx, r->id, &ids, &n, ei);
    if (e == BL_OK)
        bl_app_holder_fill(arena, r, ids, n, out);
    return e;
}

/* ---- create ---- */

struct create_ctx {
    const struct bl_app *app;
    const char *first_name, *email, *phone, *link_hash;
    struct bl_arena *arena;
    struct bl_holder *out;
};

static enum bl_err add_ident(struct bl_tx *tx, int64_t holder_id, const char *kind,
                             const char *value, int64_t now, struct bl_errinfo *ei)
{
    struct bl_holder_ident i = {
        .holder_id = holder_id, .kind = kind, .value = value, .created_at = now};
    return bl_store_holder_ident_add(tx, &i, ei);
}

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct create_ctx *c = cls;
    char uid[23];
    int64_t now = bl_app_now(c->app);
    enum bl_err e;
    bl_app_uid(uid);
    struct bl_holder_rec r = {
        .uid = uid, .first_name = c->first_name, .link_hash = c->link_hash, .created_at = now};
    if ((e = bl_store_holder_insert(tx, &r, ei)) != BL_OK)
        return e;
    if (c->email && (e = add_ident(tx, r.id, "email", c->email, now, ei)) != BL_OK)
        return e;
    if (c->phone && (e = add_ident(tx, r.id, "phone", c->phone, now, ei)) != BL_OK)
        return e;
    if ((e = bl_app_audit(tx, c->app, &bl_actor_system, 0, "holder.create", uid, NULL, ei)) !=
        BL_OK)
        return e;
    bl_tx_set_arena(tx, c->arena);
    e = load_view(tx, c->arena, &r, c->out, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_holder_create(struct bl_app *app, const char *first_name, const char *email,
                                 const char *phone, struct bl_arena *arena, struct bl_holder *out,
                                 const char **link_token, struct bl_errinfo *ei)
{
    char token[BL_APP_TOKEN_LEN + 1], hash[65], tel[BL_RECIPIENT_PHONE_LEN];
    char *mail = NULL;
    enum bl_err e;
    memset(out, 0, sizeof *out);
    *link_token = NULL;
    if ((e = bl_app_check_text("first_name", first_name, true, BL_APP_HOLDER_NAME_MAX, ei)) !=
        BL_OK)
        return e;
    if (email && *email) {
        if (strlen(email) > BL_APP_EMAIL_MAX ||
            bl_recipient_email_normalize(email, &mail, ei) != BL_OK)
            return bl_fail(ei, BL_EINVAL, "email: not a valid address");
    }
    if (phone && *phone && (e = bl_recipient_phone_normalize(phone, tel, ei)) != BL_OK)
        goto out;
    bl_app_holder_secret(token);
    bl_app_secret_hash(token, hash);
    struct create_ctx c = {.app = app,
                           .first_name = first_name,
                           .email = mail,
                           .phone = phone && *phone ? tel : NULL,
                           .link_hash = hash,
                           .arena = arena,
                           .out = out};
    e = bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
    if (e == BL_OK)
        *link_token = bl_arena_strdup(arena, token);
out:
    bl_wipe(token, sizeof token);
    bl_free(mail);
    return e;
}

/* ---- lookups ---- */

struct find_ctx {
    const char *link_hash;
    int64_t id;
    struct bl_arena *arena;
    struct bl_holder *out;
};

static enum bl_err find_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct find_ctx *c = cls;
    struct bl_holder_rec r;
    enum bl_err e;
    bl_tx_set_arena(tx, c->arena);
    if (c->link_hash)
        e = bl_store_holder_by_link(tx, c->link_hash, &r, ei);
    else {
        e = bl_store_holder_get(tx, c->id, &r, ei);
        if (e == BL_OK && r.deleted_at)
            e = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    }
    if (e == BL_OK)
        e = load_view(tx, c->arena, &r, c->out, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_holder_by_link(struct bl_app *app, const char *link_token,
                                  struct bl_arena *arena, struct bl_holder *out,
                                  struct bl_errinfo *ei)
{
    char hash[65];
    memset(out, 0, sizeof *out);
    if (!link_token || strlen(link_token) != BL_APP_TOKEN_LEN)
        return bl_fail(ei, BL_ENOTFOUND, "no such personal link");
    bl_app_secret_hash(link_token, hash);
    struct find_ctx c = {.link_hash = hash, .arena = arena, .out = out};
    return bl_store_run(app->store, BL_TX_READ, find_tx, &c, ei);
}

enum bl_err bl_app_holder_get(struct bl_app *app, int64_t id, struct bl_arena *arena,
                              struct bl_holder *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    struct find_ctx c = {.id = id, .arena = arena, .out = out};
    return bl_store_run(app->store, BL_TX_READ, find_tx, &c, ei);
}

/* ---- claims ---- */

enum bl_err bl_app_holder_claim_tx(struct bl_tx *tx, struct bl_app *app, int64_t holder_id,
                                   int64_t award_id, int64_t org_id, struct bl_errinfo *ei)
{
    struct bl_holder_rec h;
    enum bl_err e = bl_store_holder_get(tx, holder_id, &h, ei);
    if (e == BL_OK && h.deleted_at)
        e = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    if (e == BL_OK)
        e = bl_store_award_set_holder(tx, award_id, holder_id, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, app, &bl_actor_system, org_id, "holder.claim", h.uid, NULL, ei);
    if (e == BL_OK) /* pathways count the young person's awards, now this one too */
        e = bl_app_pathway_on_claim(tx, app, org_id, holder_id, award_id, ei);
    return e;
}

struct claim_ctx {
    struct bl_app *app;
    int64_t holder_id;
    const char *award_uid;
};

static enum bl_err claim_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    struct bl_award a;
    enum bl_err e = bl_store_award_by_uid(tx, c->award_uid, &a, ei);
    if (e == BL_OK)
        e = bl_app_holder_claim_tx(tx, c->app, c->holder_id, a.id, a.org_id, ei);
    return e;
}

enum bl_err bl_app_holder_claim(struct bl_app *app, int64_t holder_id, const char *award_uid,
                                struct bl_errinfo *ei)
{
    struct claim_ctx c = {app, holder_id, award_uid};
    return bl_store_run(app->store, BL_TX_WRITE, claim_tx, &c, ei);
}
