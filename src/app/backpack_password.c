/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack_password.c: the optional password of a backpack — set, change,
 * remove, and sign in with an identifier and the password (backpack.h,
 * docs/internals/backpack.md "Passwords").  Hashing and checking are the
 * staff accounts' Argon2id functions (account.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/backpack_int.h"
#include "core/mem.h"
#include "core/recipient.h"

#define PW_KEY_MAX (BL_APP_EMAIL_MAX + 32)

/* Copy of s (or NULL) that outlives the transaction's arena. */
static char *keep(const char *s)
{
    return s ? bl_strdup(s) : NULL;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- set, change, remove ---- */

struct pw_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    struct bl_arena *arena;
    struct bl_holder_rec h;
    struct bl_holder_ident *ids;
    size_t nids;
    const char *seen_hash; /* the hash read first: the write must find the same */
    const char *new_hash;  /* NULL: remove */
    const char *action;
};

static enum bl_err pw_read_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &c->h, ei);
    if (e == BL_OK && c->h.deleted_at)
        e = bl_fail(ei, BL_ENOTFOUND, "no such holder");
    if (e == BL_OK)
        e = bl_store_holder_ident_list(tx, c->holder_id, &c->ids, &c->nids, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

static enum bl_err pw_write_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    struct bl_holder_rec h;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    /* Changed by another request between the check and now: the check no longer holds. */
    if (e == BL_OK && !same_text(h.password_hash, c->seen_hash))
        e = bl_fail(ei, BL_EDENIED, "current password is wrong");
    if (e == BL_OK)
        e = bl_store_holder_set_password(tx, c->holder_id, c->new_hash, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &bl_actor_system, 0, c->action, h.uid, NULL, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

/* The holder's first name, an email or a phone of theirs is no password. */
static bool is_personal(const struct pw_ctx *c, const char *password)
{
    char tel[BL_RECIPIENT_PHONE_LEN];
    struct bl_errinfo ei;
    bool phone = bl_recipient_phone_normalize(password, tel, &ei) == BL_OK;
    if (c->h.first_name && *c->h.first_name && strcasecmp(password, c->h.first_name) == 0)
        return true;
    for (size_t i = 0; i < c->nids; i++)
        if (strcasecmp(password, c->ids[i].value) == 0 ||
            (phone && strcmp(tel, c->ids[i].value) == 0))
            return true;
    return false;
}

/* Read the holder, check the current password when one is set. */
static enum bl_err pw_begin(struct bl_app *app, struct pw_ctx *c, const char *current,
                            struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, pw_read_tx, c, ei);
    if (e != BL_OK)
        return e;
    c->seen_hash = c->h.password_hash;
    if (!c->h.password_hash)
        return BL_OK;
    if (!current || bl_app_password_check(current, c->h.password_hash, ei) != BL_OK)
        return bl_fail(ei, BL_EDENIED, "current password is wrong");
    return BL_OK;
}

enum bl_err bl_app_sac_password_is_set(struct bl_app *app, int64_t holder_id, bool *set,
                                       struct bl_errinfo *ei)
{
    struct bl_arena arena;
    bl_arena_init(&arena);
    struct pw_ctx c = {.app = app, .holder_id = holder_id, .arena = &arena};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, pw_read_tx, &c, ei);
    *set = e == BL_OK && c.h.password_hash != NULL;
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_sac_password_set(struct bl_app *app, int64_t holder_id, const char *current,
                                    const char *password, struct bl_errinfo *ei)
{
    struct bl_arena arena;
    char *hash = NULL;
    bl_arena_init(&arena);
    struct pw_ctx c = {.app = app, .holder_id = holder_id, .arena = &arena};
    enum bl_err e = pw_begin(app, &c, current, ei);
    if (e != BL_OK)
        goto out;
    if (!password) {
        e = bl_fail(ei, BL_EINVAL, "password: required");
        goto out;
    }
    /* Length first: the staff rule, in the function that hashes. */
    if ((e = bl_app_password_hash(password, &hash, ei)) != BL_OK)
        goto out;
    if (is_personal(&c, password)) {
        e = bl_fail(ei, BL_EINVAL, "password: not your first name, email or phone");
        goto out;
    }
    c.new_hash = hash;
    c.action = c.seen_hash ? "holder.password.change" : "holder.password.set";
    e = bl_store_run(app->store, BL_TX_WRITE, pw_write_tx, &c, ei);
out:
    if (hash)
        bl_wipe(hash, strlen(hash));
    bl_free(hash);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_sac_password_remove(struct bl_app *app, int64_t holder_id, const char *current,
                                       struct bl_errinfo *ei)
{
    struct bl_arena arena;
    bl_arena_init(&arena);
    struct pw_ctx c = {.app = app, .holder_id = holder_id, .arena = &arena};
    enum bl_err e = pw_begin(app, &c, current, ei);
    if (e == BL_OK && !c.seen_hash)
        e = bl_fail(ei, BL_ENOTFOUND, "this backpack has no password");
    if (e == BL_OK) {
        c.action = "holder.password.remove";
        e = bl_store_run(app->store, BL_TX_WRITE, pw_write_tx, &c, ei);
    }
    bl_arena_free(&arena);
    return e;
}

/* ---- forgotten password: a code to a proven identifier removes it ---- */

struct forget_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const struct bl_app_ident *id;
    bool theirs;
};

static enum bl_err forget_check_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct forget_ctx *c = cls;
    int64_t owner = 0;
    enum bl_err e = bl_store_holder_ident_owner(tx, c->id->kind, c->id->value, &owner, ei);
    c->theirs = e == BL_OK && owner == c->holder_id;
    return e == BL_ENOTFOUND ? BL_OK : e;
}

static enum bl_err forget_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct forget_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_rec h;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e == BL_OK && h.password_hash) {
        e = bl_store_holder_set_password(tx, c->holder_id, NULL, ei);
        if (e == BL_OK)
            e = bl_app_audit(tx, c->app, &bl_actor_system, 0, "holder.password.remove", h.uid,
                             "{\"by\":\"code\"}", ei);
    }
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_sac_password_forget(struct bl_app *app, int64_t holder_id,
                                       const struct bl_app_ident *id, const char *code,
                                       struct bl_errinfo *ei)
{
    struct forget_ctx c = {.app = app, .holder_id = holder_id, .id = id};
    size_t merged = 0;
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, forget_check_tx, &c, ei);
    if (e == BL_OK && !c.theirs)
        e = bl_fail(ei, BL_EDENIED, "not a proven identifier of this backpack");
    /* The add-code machinery proves the identifier again (it is already theirs). */
    if (e == BL_OK)
        e = bl_app_sac_ident_verify(app, holder_id, id, code, &merged, ei);
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, forget_tx, &c, ei);
    return e;
}

/* ---- sign-in ---- */

struct signin_ctx {
    const struct bl_app *app;
    const struct bl_app_ident *id;
    /* tries of the identifier; its wrong ones in this window and the last (by parity); its lock */
    char key_id[PW_KEY_MAX], key_fail[2][PW_KEY_MAX], key_lock[PW_KEY_MAX], key_client[96];
    int64_t now, window;
    int cur; /* index in key_fail of this window */
    bool limited;
    int64_t holder_id; /* 0: no live holder proved this identifier */
    char *hash;        /* its password (bl_malloc'd) or NULL */
    struct bl_app_hsession *out;
};

/*
 * Every try on an identifier counts.  Wrong ones count under two keys that
 * take turns by window parity (a hit drops older windows of its own key
 * only), so the count spans this window and the last: the
 * BL_APP_SAC_PW_LOCK_TRIES-th within it sets the lock, a throttle row that
 * starts at that moment and holds for BL_APP_SAC_PW_LOCK seconds.  An
 * address counts wrong tries only, as for staff logins.  The code path has
 * its own keys: this never locks it.
 */
static enum bl_err signin_begin_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct signin_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_rec h;
    int64_t tries = 0, locked = 0, client = 0;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    bl_free(c->hash); /* the transaction may run again */
    c->hash = NULL;
    c->holder_id = 0;
    enum bl_err e = bl_store_throttle_hit(tx, c->key_id, c->window, &tries, ei);
    if (e == BL_OK)
        e = bl_store_throttle_since(tx, c->key_lock, c->now - BL_APP_SAC_PW_LOCK + 1, &locked, ei);
    if (e == BL_OK)
        e = bl_store_throttle_count(tx, c->key_client, c->window, &client, ei);
    if (e != BL_OK)
        goto out;
    c->limited = tries > BL_APP_SAC_PW_ID_MAX || locked > 0 || client >= BL_APP_SAC_PW_CLIENT_MAX;
    e = bl_store_holder_ident_owner(tx, c->id->kind, c->id->value, &c->holder_id, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e == BL_OK)
        c->hash = keep(h.password_hash);
    if (e == BL_ENOTFOUND) {
        c->holder_id = 0;
        e = BL_OK;
    }
out:
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

static enum bl_err fails_clear(struct bl_tx *tx, struct signin_ctx *c, struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_throttle_clear(tx, c->key_fail[0], ei);
    return e == BL_OK ? bl_store_throttle_clear(tx, c->key_fail[1], ei) : e;
}

static enum bl_err signin_failed_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct signin_ctx *c = cls;
    int64_t now_fails = 0, before = 0, hits = 0;
    enum bl_err e = bl_store_throttle_hit(tx, c->key_fail[c->cur], c->window, &now_fails, ei);
    if (e == BL_OK)
        e = bl_store_throttle_count(tx, c->key_fail[!c->cur], c->window - BL_APP_SAC_PW_WINDOW,
                                    &before, ei);
    if (e == BL_OK && now_fails + before >= BL_APP_SAC_PW_LOCK_TRIES) {
        e = bl_store_throttle_hit(tx, c->key_lock, c->now, &hits, ei);
        if (e == BL_OK) /* after the lock, a fresh count */
            e = fails_clear(tx, c, ei);
    }
    if (e == BL_OK)
        e = bl_store_throttle_hit(tx, c->key_client, c->window, &hits, ei);
    return e;
}

static enum bl_err signin_open_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct signin_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_rec h;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    /* Removed or changed since it was checked: the check no longer holds. */
    if (e == BL_OK && (h.deleted_at || !same_text(h.password_hash, c->hash)))
        e = bl_fail(ei, BL_EDENIED, "identifier or password is wrong");
    if (e == BL_OK)
        e = fails_clear(tx, c, ei);
    if (e == BL_OK)
        e = bl_app_sac_open_tx(tx, c->app, c->holder_id, c->out, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_sac_password_signin(struct bl_app *app, const struct bl_app_ident *id,
                                       const char *password, const char *client,
                                       struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    if (!id || !id->kind || !password)
        return bl_fail(ei, BL_EDENIED, "identifier or password is wrong");
    int64_t now = bl_app_now(app);
    struct signin_ctx c = {.app = app, .id = id, .now = now, .out = out};
    c.window = now - now % BL_APP_SAC_PW_WINDOW;
    c.cur = (int)((c.window / BL_APP_SAC_PW_WINDOW) % 2);
    (void)snprintf(c.key_id, sizeof c.key_id, "sacpw:%s", id->value);
    (void)snprintf(c.key_fail[0], sizeof c.key_fail[0], "sacpw-fail0:%s", id->value);
    (void)snprintf(c.key_fail[1], sizeof c.key_fail[1], "sacpw-fail1:%s", id->value);
    (void)snprintf(c.key_lock, sizeof c.key_lock, "sacpw-lock:%s", id->value);
    (void)snprintf(c.key_client, sizeof c.key_client, "sacpw-ip:%.80s", client ? client : "?");
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, signin_begin_tx, &c, ei);
    if (e != BL_OK)
        goto out;
    if (c.limited) {
        e = bl_fail(ei, BL_ELIMIT, "too many password tries: use a code or wait %d minutes",
                    BL_APP_SAC_PW_WINDOW / 60);
        goto out;
    }
    /* Argon2id outside any transaction (tens of ms); the same cost when there is no hash. */
    if (!c.hash) {
        bl_app_password_burn(password);
        e = BL_EDENIED;
    } else {
        e = bl_app_password_check(password, c.hash, ei);
    }
    if (e == BL_EDENIED) {
        /* A failure that cannot be counted is a database error, not a free guess. */
        e = bl_store_run(app->store, BL_TX_WRITE, signin_failed_tx, &c, ei);
        if (e == BL_OK)
            e = bl_fail(ei, BL_EDENIED, "identifier or password is wrong");
        goto out;
    }
    if (e == BL_OK)
        e = bl_store_run(app->store, BL_TX_WRITE, signin_open_tx, &c, ei);
out:
    if (e != BL_OK)
        bl_wipe(out, sizeof *out);
    bl_free(c.hash);
    return e;
}
