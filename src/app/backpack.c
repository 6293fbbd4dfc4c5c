/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack.c: sign-in codes, holder sessions, the holder's awards and
 * their public pages (backpack.h).
 */
#include "app/backpack.h"
#include "app/backpack_int.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/mem.h"
#include "core/paris.h"
#include "core/rand.h"
#include "core/recipient.h"

#define THROTTLE_KEY_MAX (BL_APP_EMAIL_MAX + 32)

enum bl_err bl_app_ident_parse(const char *typed, struct bl_app_ident *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    if (!typed || !*typed)
        return bl_fail(ei, BL_EINVAL, "identifier: type your email or phone number");
    if (strchr(typed, '@')) {
        char *norm = NULL;
        if (strlen(typed) > BL_APP_EMAIL_MAX ||
            bl_recipient_email_normalize(typed, &norm, ei) != BL_OK)
            return bl_fail(ei, BL_EINVAL, "identifier: not a valid email address");
        out->kind = "email";
        memcpy(out->value, norm, strlen(norm) + 1);
        bl_free(norm);
        return BL_OK;
    }
    char tel[BL_RECIPIENT_PHONE_LEN];
    if (bl_recipient_phone_normalize(typed, tel, ei) != BL_OK)
        return bl_fail(ei, BL_EINVAL, "identifier: not an email address nor a phone number");
    out->kind = "phone";
    memcpy(out->value, tel, strlen(tel) + 1);
    return BL_OK;
}

/* Hex SHA-256 of value ":" code: a code is only good for its identifier. */
static void code_hash(const char *value, const char *code, char out[65])
{
    char buf[BL_APP_EMAIL_MAX + 16];
    (void)snprintf(buf, sizeof buf, "%s:%s", value, code);
    bl_app_secret_hash(buf, out);
    bl_wipe(buf, sizeof buf);
}

/* Six uniform decimal digits (rejection sampling: no modulo bias). */
static void new_code(char out[7])
{
    uint32_t v;
    do
        bl_random(&v, sizeof v);
    while (v >= 4294000000u); /* the largest multiple of 10^6 below 2^32 */
    (void)snprintf(out, 7, "%06u", (unsigned)(v % 1000000u));
}

/* ---- request ---- */

struct request_ctx {
    const struct bl_app *app;
    const struct bl_app_ident *id;
    const char *purpose; /* "signin" | "add" */
    int64_t holder_id;   /* "add": the backpack the identifier joins */
    const struct bl_app_sms_sender *sms;
    char key_id[THROTTLE_KEY_MAX], key_client[96];
    char code[7], link[BL_APP_TOKEN_LEN + 1];
    bool limited;
};

/* Queue the code's message; by SMS it is not sent once the code has expired (expires_at). */
static enum bl_err queue_code(struct bl_tx *tx, struct request_ctx *c, int64_t expires_at,
                              struct bl_errinfo *ei)
{
    struct bl_arena *a = bl_tx_arena(tx);
    const char *url =
        bl_arena_printf(a, "%s%s/%s", c->app->base_url, BL_APP_SAC_CODE_PATH, c->link);
    int64_t id;
    if (strcmp(c->id->kind, "phone") == 0)
        return c->sms->send(
            c->sms->cls, tx, c->app, c->id->value,
            bl_arena_printf(a, "Blason : votre code est %s (valable 15 min). %s", c->code, url),
            expires_at, ei);
    const char *text = bl_arena_printf(
        a,
        "Bonjour,\n\nVotre code pour ouvrir votre sac à badges Blason : %s\n\nOu suivez ce lien :\n"
        "%s\n\nLe code et le lien sont valables 15 minutes et ne servent qu'une fois. Si vous "
        "n'avez rien demandé, ignorez ce message.\n",
        c->code, url);
    /* Only digits and a base64url link go into the HTML: nothing to escape. */
    const char *html = bl_arena_printf(
        a,
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Votre code "
        "Blason</title></head><body><p>Bonjour,</p><p>Votre code pour ouvrir votre sac à badges "
        "Blason :</p><p style=\"font-size:2em;letter-spacing:.2em\"><strong>%s</strong></p><p><a "
        "href=\"%s\">Ouvrir mon sac à badges</a></p><p>Le code et le lien sont valables 15 "
        "minutes et ne servent qu'une fois. Si vous n'avez rien demandé, ignorez ce "
        "message.</p></body></html>",
        c->code, url);
    return bl_store_outbox_enqueue_channel(tx, "email", c->id->value,
                                           "Votre code pour ouvrir votre sac à badges", text, html,
                                           bl_app_now(c->app), &id, ei);
}

static enum bl_err request_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct request_ctx *c = cls;
    int64_t now = bl_app_now(c->app), window = now - now % BL_APP_CODE_WINDOW, hi = 0, hc = 0;
    char ch[65], lh[65];
    enum bl_err e = bl_store_throttle_hit(tx, c->key_id, window, &hi, ei);
    if (e == BL_OK)
        e = bl_store_throttle_hit(tx, c->key_client, window, &hc, ei);
    if (e != BL_OK)
        return e;
    c->limited = hi > BL_APP_CODE_ID_MAX || hc > BL_APP_CODE_CLIENT_MAX;
    if (c->limited)
        return BL_OK; /* the hits are kept: commit */
    new_code(c->code);
    bl_app_holder_secret(c->link);
    code_hash(c->id->value, c->code, ch);
    bl_app_secret_hash(c->link, lh);
    struct bl_holder_code hc_row = {.kind = c->id->kind,
                                    .value = c->id->value,
                                    .purpose = c->purpose,
                                    .holder_id = c->holder_id,
                                    .code_hash = ch,
                                    .link_hash = lh,
                                    .created_at = now,
                                    .expires_at = now + BL_APP_CODE_TTL};
    if ((e = bl_store_hcode_insert(tx, &hc_row, ei)) != BL_OK)
        return e;
    return queue_code(tx, c, hc_row.expires_at, ei);
}

static enum bl_err run_request(struct bl_app *app, struct request_ctx *rc, const char *client,
                               struct bl_errinfo *ei);

enum bl_err bl_app_sac_request(struct bl_app *app, const struct bl_app_ident *id,
                               const char *client, const struct bl_app_sms_sender *sms,
                               struct bl_errinfo *ei)
{
    struct request_ctx c = {
        .app = app, .id = id, .purpose = "signin", .sms = sms ? sms : &bl_app_sms_outbox};
    return run_request(app, &c, client, ei);
}

enum bl_err bl_app_sac_ident_request(struct bl_app *app, int64_t holder_id,
                                     const struct bl_app_ident *id, const char *client,
                                     const struct bl_app_sms_sender *sms, struct bl_errinfo *ei)
{
    struct request_ctx c = {.app = app,
                            .id = id,
                            .purpose = "add",
                            .holder_id = holder_id,
                            .sms = sms ? sms : &bl_app_sms_outbox};
    return run_request(app, &c, client, ei);
}

static enum bl_err run_request(struct bl_app *app, struct request_ctx *c, const char *client,
                               struct bl_errinfo *ei)
{
    (void)snprintf(c->key_id, sizeof c->key_id, "sac:%s", c->id->value);
    (void)snprintf(c->key_client, sizeof c->key_client, "sac-ip:%.80s", client ? client : "?");
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, request_tx, c, ei);
    bl_wipe(c->code, sizeof c->code);
    bl_wipe(c->link, sizeof c->link);
    if (e == BL_OK && c->limited)
        e = bl_fail(ei, BL_ELIMIT, "too many codes asked: wait %d minutes",
                    BL_APP_CODE_WINDOW / 60);
    return e;
}

/* ---- opening a backpack ---- */

static enum bl_err attach_ident(struct bl_tx *tx, const struct bl_app *app, int64_t dst,
                                const char *kind, const char *value, size_t *merged,
                                struct bl_errinfo *ei);

/* The holder a proven identifier opens (see backpack.h), proving it there. */
static enum bl_err resolve_holder(struct bl_tx *tx, const struct bl_app *app, const char *kind,
                                  const char *value, int64_t *holder_id, struct bl_errinfo *ei)
{
    int64_t now = bl_app_now(app);
    enum bl_err e = bl_store_holder_ident_owner(tx, kind, value, holder_id, ei);
    if (e != BL_ENOTFOUND)
        return e;
    char uid[23], link[BL_APP_TOKEN_LEN + 1], lh[65];
    bl_app_holder_secret(link); /* a personal link nobody knows: sign-in is by code */
    bl_app_secret_hash(link, lh);
    bl_wipe(link, sizeof link);
    /*
     * The newest claim backpack with it unproven (a stand) becomes the
     * prover's, unless someone proved something else there: then it is
     * theirs, not the prover's.  Adopted, its personal link and sessions
     * end, since whoever typed the identifier at the stand may not be
     * whoever proves it now.
     */
    bool proven = false, unused;
    e = bl_store_holder_ident_claimant(tx, kind, value, holder_id, ei);
    if (e == BL_OK)
        e = bl_store_holder_proven(tx, *holder_id, kind, value, &proven, &unused, ei);
    if (e == BL_OK && !proven) {
        size_t merged = 0;
        e = bl_store_holder_relink(tx, *holder_id, lh, ei);
        return e == BL_OK ? attach_ident(tx, app, *holder_id, kind, value, &merged, ei) : e;
    }
    if (e != BL_OK && e != BL_ENOTFOUND)
        return e;
    bl_app_uid(uid);
    struct bl_holder_rec h = {.uid = uid, .first_name = "", .link_hash = lh, .created_at = now};
    if ((e = bl_store_holder_insert(tx, &h, ei)) != BL_OK)
        return e;
    *holder_id = h.id;
    if ((e = bl_app_audit(tx, app, &bl_actor_system, 0, "holder.create", uid, NULL, ei)) != BL_OK)
        return e;
    size_t merged = 0; /* proves it there; claim backpacks with it unproven merge in */
    return attach_ident(tx, app, h.id, kind, value, &merged, ei);
}

/*
 * Holder dst proved (kind, value): every other live holder who proved it
 * too, or who has proven nothing (a claim backpack from a stand), merges
 * into dst; one that proved something else (another person's backpack,
 * where it was only typed) just loses its unproven copy.  dst has it
 * proven.  *merged counts the merges; each is audited.
 */
static enum bl_err attach_ident(struct bl_tx *tx, const struct bl_app *app, int64_t dst,
                                const char *kind, const char *value, size_t *merged,
                                struct bl_errinfo *ei)
{
    int64_t now = bl_app_now(app), *others;
    size_t n;
    struct bl_holder_rec d, s;
    enum bl_err e = bl_store_holder_get(tx, dst, &d, ei);
    if (e == BL_OK)
        e = bl_store_holder_ident_others(tx, kind, value, dst, &others, &n, ei);
    for (size_t i = 0; e == BL_OK && i < n; i++) {
        bool proven = false, same = false; /* same: proved this one too, the same person */
        e = bl_store_holder_proven(tx, others[i], kind, value, &proven, &same, ei);
        if (e == BL_OK && proven && !same) {
            e = bl_store_holder_ident_drop_unproven(tx, others[i], kind, value, ei);
            continue;
        }
        if (e == BL_OK)
            e = bl_store_holder_get(tx, others[i], &s, ei);
        if (e == BL_OK)
            e = bl_store_holder_merge(tx, others[i], dst, now, ei);
        if (e == BL_OK)
            e = bl_app_audit(tx, app, &bl_actor_system, 0, "holder.merge", d.uid,
                             bl_arena_printf(bl_tx_arena(tx), "{\"merged\":\"%s\"}", s.uid), ei);
        (*merged)++;
    }
    if (e != BL_OK)
        return e;
    struct bl_holder_ident i = {
        .holder_id = dst, .kind = kind, .value = value, .verified_at = now, .created_at = now};
    e = bl_store_holder_ident_add(tx, &i, ei);
    if (e == BL_EEXISTS) /* dst had it unproven (a merge may have brought it) */
        e = bl_store_holder_ident_verify(tx, dst, kind, value, now, ei);
    if (e == BL_ENOTFOUND) /* dst had it proven already */
        e = BL_OK;
    if (e == BL_OK)
        e = bl_app_audit(tx, app, &bl_actor_system, 0, "holder.identifier", d.uid,
                         bl_arena_printf(bl_tx_arena(tx), "{\"kind\":\"%s\"}", kind), ei);
    return e;
}

static enum bl_err open_session(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                                struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    char h[65];
    int64_t now = bl_app_now(app);
    bl_app_holder_secret(out->token);
    bl_app_holder_secret(out->csrf);
    bl_app_secret_hash(out->token, h);
    out->holder_id = holder_id;
    out->expires_at = now + BL_APP_HSESSION_TTL;
    struct bl_holder_session s = {.token_hash = h,
                                  .holder_id = holder_id,
                                  .csrf = out->csrf,
                                  .created_at = now,
                                  .expires_at = out->expires_at};
    return bl_store_hsession_insert(tx, &s, ei);
}

struct verify_ctx {
    const struct bl_app *app;
    int64_t add_to; /* "add": the signed-in holder the identifier joins; 0 for a sign-in */
    size_t merged;  /* holders merged into add_to */
    const struct bl_app_ident *id;
    const char *code;      /* typed code (verify) */
    const char *link_hash; /* or the link (code link, personal link) */
    bool personal;
    enum bl_err verdict; /* BL_EDENIED, BL_ELIMIT: answered after the commit */
    struct bl_app_hsession *out;
};

static enum bl_err verify_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct verify_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_code code;
    int64_t now = bl_app_now(c->app), holder = 0, tries = 0;
    char h[65];
    enum bl_err e;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    c->verdict = BL_OK;
    c->merged = 0; /* the transaction may run again */
    if (c->personal) {
        struct bl_holder_rec r;
        e = bl_store_holder_by_link(tx, c->link_hash, &r, ei);
        if (e == BL_OK)
            e = open_session(tx, c->app, r.id, c->out, ei);
        goto out;
    }
    if (c->link_hash)
        e = bl_store_hcode_by_link(tx, c->link_hash, now, &code, ei);
    else
        e = bl_store_hcode_latest(tx, c->id->kind, c->id->value, c->add_to ? "add" : "signin", now,
                                  &code, ei);
    if (e == BL_OK && c->add_to && code.holder_id != c->add_to)
        e = bl_fail(ei, BL_ENOTFOUND, "no code of this backpack"); /* another backpack's code */
    if (e == BL_ENOTFOUND && !c->link_hash) {
        c->verdict = BL_EDENIED;
        e = BL_OK;
        goto out;
    }
    if (e != BL_OK)
        goto out;
    if (!c->link_hash) {
        if (code.attempts >= BL_APP_CODE_TRIES) {
            c->verdict = BL_ELIMIT;
            e = BL_OK;
            goto out;
        }
        code_hash(c->id->value, c->code, h);
        if (strlen(code.code_hash) != 64 || CRYPTO_memcmp(h, code.code_hash, 64) != 0) {
            e = bl_store_hcode_attempt(tx, code.id, &tries, ei);
            c->verdict = tries >= BL_APP_CODE_TRIES ? BL_ELIMIT : BL_EDENIED;
            goto out; /* the attempt is committed */
        }
    }
    if ((e = bl_store_hcode_use(tx, code.id, now, ei)) != BL_OK)
        goto out;
    if (c->add_to) {
        e = attach_ident(tx, c->app, c->add_to, code.kind, code.value, &c->merged, ei);
        goto out;
    }
    if (strcmp(code.purpose, "add") == 0) { /* the link of an add-code: joins, then opens */
        e = attach_ident(tx, c->app, code.holder_id, code.kind, code.value, &c->merged, ei);
        if (e == BL_OK)
            e = open_session(tx, c->app, code.holder_id, c->out, ei);
        goto out;
    }
    if ((e = resolve_holder(tx, c->app, code.kind, code.value, &holder, ei)) != BL_OK)
        goto out;
    e = open_session(tx, c->app, holder, c->out, ei);
out:
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

static enum bl_err run_verify(struct bl_app *app, struct verify_ctx *c, struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, verify_tx, c, ei);
    if (e == BL_OK && c->verdict == BL_EDENIED)
        e = bl_fail(ei, BL_EDENIED, "wrong or expired code");
    else if (e == BL_OK && c->verdict == BL_ELIMIT)
        e = bl_fail(ei, BL_ELIMIT, "too many wrong codes: ask for a new one");
    if (e != BL_OK)
        bl_wipe(c->out, sizeof *c->out);
    return e;
}

enum bl_err bl_app_sac_verify(struct bl_app *app, const struct bl_app_ident *id, const char *code,
                              struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    memset(out, 0, sizeof *out);
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return bl_fail(ei, BL_EDENIED, "wrong or expired code");
    struct verify_ctx c = {.app = app, .id = id, .code = code, .out = out};
    return run_verify(app, &c, ei);
}

enum bl_err bl_app_sac_ident_verify(struct bl_app *app, int64_t holder_id,
                                    const struct bl_app_ident *id, const char *code, size_t *merged,
                                    struct bl_errinfo *ei)
{
    struct bl_app_hsession unused;
    *merged = 0;
    memset(&unused, 0, sizeof unused);
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return bl_fail(ei, BL_EDENIED, "wrong or expired code");
    struct verify_ctx c = {.app = app, .add_to = holder_id, .id = id, .code = code, .out = &unused};
    enum bl_err e = run_verify(app, &c, ei);
    *merged = c.merged;
    return e;
}

static enum bl_err by_link(struct bl_app *app, const char *token, bool personal,
                           struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    char h[65];
    memset(out, 0, sizeof *out);
    if (!token || strlen(token) != BL_APP_TOKEN_LEN)
        return bl_fail(ei, BL_ENOTFOUND, "link unknown, used or expired");
    bl_app_secret_hash(token, h);
    struct verify_ctx c = {.app = app, .link_hash = h, .personal = personal, .out = out};
    return run_verify(app, &c, ei);
}

enum bl_err bl_app_sac_code_link(struct bl_app *app, const char *link_token,
                                 struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    return by_link(app, link_token, false, out, ei);
}

enum bl_err bl_app_sac_personal_link(struct bl_app *app, const char *link_token,
                                     struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    return by_link(app, link_token, true, out, ei);
}

/* ---- sessions ---- */

struct session_ctx {
    const struct bl_app *app;
    const char *hash;
    struct bl_arena *arena;
    struct bl_holder_session *s;
    struct bl_holder *h;
};

static enum bl_err session_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct session_ctx *c = cls;
    struct bl_holder_rec r;
    struct bl_holder_ident *ids;
    size_t n;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_hsession_get(tx, c->hash, bl_app_now(c->app), c->s, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->s->holder_id, &r, ei);
    if (e == BL_OK)
        e = bl_store_holder_ident_list(tx, r.id, &ids, &n, ei);
    if (e == BL_OK)
        bl_app_holder_fill(c->arena, &r, ids, n, c->h);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_session(struct bl_app *app, const char *token, struct bl_arena *arena,
                               struct bl_holder_session *s, struct bl_holder *h,
                               struct bl_errinfo *ei)
{
    char hash[65];
    memset(s, 0, sizeof *s);
    memset(h, 0, sizeof *h);
    if (!token || strlen(token) != BL_APP_TOKEN_LEN)
        return bl_fail(ei, BL_EDENIED, "no backpack session");
    bl_app_secret_hash(token, hash);
    struct session_ctx c = {app, hash, arena, s, h};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, session_tx, &c, ei);
    if (e == BL_ENOTFOUND)
        e = bl_fail(ei, BL_EDENIED, "backpack session unknown or expired");
    return e;
}

static enum bl_err logout_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_hsession_delete(tx, cls, ei);
    return e == BL_ENOTFOUND ? BL_OK : e;
}

enum bl_err bl_app_sac_logout(struct bl_app *app, const char *token, struct bl_errinfo *ei)
{
    char hash[65];
    if (!token)
        return BL_OK;
    bl_app_secret_hash(token, hash);
    return bl_store_run(app->store, BL_TX_WRITE, logout_tx, hash, ei);
}

bool bl_app_sac_csrf_ok(const struct bl_holder_session *s, const char *submitted)
{
    if (!s || !s->csrf || !submitted)
        return false;
    size_t n = strlen(s->csrf);
    return n == BL_APP_TOKEN_LEN && strlen(submitted) == n &&
           CRYPTO_memcmp(s->csrf, submitted, n) == 0;
}

/* ---- awards ---- */

struct awards_ctx {
    int64_t holder_id;
    struct bl_arena *arena;
    struct bl_award_brief **rows;
    size_t *n;
};

static enum bl_err awards_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct awards_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_holder_awards(tx, c->holder_id, c->rows, c->n, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_awards(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                              struct bl_award_brief **rows, size_t *n, struct bl_errinfo *ei)
{
    struct awards_ctx c = {holder_id, arena, rows, n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, awards_tx, &c, ei);
}

int64_t bl_app_year_of(int64_t t)
{
    /* civil-from-days (Howard Hinnant's algorithm) on the day of Paris: at
     * 23:30 UTC on 31 December, Paris is already in the new year. */
    int64_t z = bl_paris_day(t) + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return yoe + era * 400 + (m <= 2);
}

/* Is the award one of the holder's? (Their list is short: a scan is enough.) */
static enum bl_err own_award(struct bl_tx *tx, int64_t holder_id, const char *uid, int64_t *id,
                             struct bl_errinfo *ei)
{
    struct bl_award_brief *rows;
    size_t n;
    enum bl_err e = bl_store_holder_awards(tx, holder_id, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].uid, uid) == 0) {
            *id = rows[i].id;
            return BL_OK;
        }
    return bl_fail(ei, BL_ENOTFOUND, "no such badge in this backpack");
}

struct item_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *uid, *token;
    struct bl_arena *arena;
    struct bl_app_sac_item *out;
    const char **first_name;
};

bool bl_app__sac_minor(const struct bl_app *app, const struct bl_holder_rec *h)
{
    return h->birth_year > 0 && !h->minor_public &&
           bl_app_year_of(bl_app_now(app)) - h->birth_year < BL_APP_MINOR_AGE;
}

enum bl_err bl_app__sac_item_load(struct bl_tx *tx, int64_t award_id, struct bl_app_sac_item *o,
                                  struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_award_get(tx, award_id, &o->award, ei);
    if (e == BL_OK)
        e = bl_store_badgeclass_get(tx, o->award.badgeclass_id, &o->badge, ei);
    if (e == BL_OK)
        e = bl_store_org_get(tx, o->award.org_id, &o->org, ei);
    return e;
}

static enum bl_err item_fill(struct bl_tx *tx, struct item_ctx *c, int64_t award_id,
                             struct bl_errinfo *ei)
{
    struct bl_app_sac_item *o = c->out;
    struct bl_holder_rec h;
    struct bl_holder_share sh;
    enum bl_err e = bl_app__sac_item_load(tx, award_id, o, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e != BL_OK)
        return e;
    o->minor = bl_app__sac_minor(c->app, &h);
    if (c->first_name)
        *c->first_name = h.first_name;
    e = bl_store_hshare_for_award(tx, c->holder_id, award_id, &sh, ei);
    if (e == BL_OK)
        o->share_token = sh.token;
    return e == BL_ENOTFOUND ? BL_OK : e;
}

static enum bl_err item_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct item_ctx *c = cls;
    int64_t id = 0;
    bl_tx_set_arena(tx, c->arena);
    memset(c->out, 0, sizeof *c->out);
    enum bl_err e = own_award(tx, c->holder_id, c->uid, &id, ei);
    if (e == BL_OK)
        e = item_fill(tx, c, id, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_item(struct bl_app *app, int64_t holder_id, const char *award_uid,
                            struct bl_arena *arena, struct bl_app_sac_item *out,
                            struct bl_errinfo *ei)
{
    struct item_ctx c = {.app = app,
                         .holder_id = holder_id,
                         .uid = award_uid ? award_uid : "",
                         .arena = arena,
                         .out = out};
    return bl_store_run(app->store, BL_TX_READ, item_tx, &c, ei);
}

static enum bl_err public_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct item_ctx *c = cls;
    struct bl_holder_share sh;
    int64_t id = 0;
    bl_tx_set_arena(tx, c->arena);
    memset(c->out, 0, sizeof *c->out);
    enum bl_err e = bl_store_hshare_by_token(tx, c->token, &sh, ei);
    if (e == BL_OK) {
        c->holder_id = sh.holder_id;
        /* still theirs? (an identifier removed, a deleted backpack: the page goes) */
        struct bl_award aw;
        e = bl_store_award_get(tx, sh.award_id, &aw, ei);
        if (e == BL_OK)
            e = own_award(tx, sh.holder_id, aw.uid, &id, ei);
    }
    if (e == BL_OK)
        e = item_fill(tx, c, id, ei);
    if (e == BL_OK && c->out->minor)
        e = bl_fail(ei, BL_ENOTFOUND, "no such page");
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_public(struct bl_app *app, const char *token, struct bl_arena *arena,
                              struct bl_app_sac_item *out, const char **first_name,
                              struct bl_errinfo *ei)
{
    if (!token || strlen(token) != 22)
        return bl_fail(ei, BL_ENOTFOUND, "no such page");
    struct item_ctx c = {
        .app = app, .token = token, .arena = arena, .out = out, .first_name = first_name};
    return bl_store_run(app->store, BL_TX_READ, public_tx, &c, ei);
}

/* ---- sharing ---- */

struct share_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    const char *uid;
    bool on;
    struct bl_arena *arena;
    const char **token;
};

static enum bl_err share_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct share_ctx *c = cls;
    struct bl_holder_rec h;
    struct bl_holder_share sh;
    int64_t id = 0, now = bl_app_now(c->app);
    size_t n = 0;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = own_award(tx, c->holder_id, c->uid, &id, ei);
    if (e == BL_OK)
        e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e != BL_OK)
        goto out;
    if (!c->on) {
        e = bl_store_hshare_withdraw(tx, c->holder_id, id, now, &n, ei);
        if (e == BL_OK && n > 0)
            e = bl_app_audit(tx, c->app, &bl_actor_system, 0, "holder.unshare", h.uid, NULL, ei);
        goto out;
    }
    if (bl_app__sac_minor(c->app, &h)) {
        e = bl_fail(ei, BL_EDENIED, "a minor's badges are not made public unless allowed");
        goto out;
    }
    e = bl_store_hshare_for_award(tx, c->holder_id, id, &sh, ei);
    if (e == BL_OK) {
        *c->token = sh.token;
        goto out;
    }
    if (e != BL_ENOTFOUND)
        goto out;
    char tok[23];
    bl_app_uid(tok);
    sh = (struct bl_holder_share){
        .token = tok, .holder_id = c->holder_id, .award_id = id, .created_at = now};
    e = bl_store_hshare_insert(tx, &sh, ei);
    if (e == BL_OK) {
        *c->token = bl_arena_strdup(c->arena, tok);
        e = bl_app_audit(tx, c->app, &bl_actor_system, 0, "holder.share", h.uid, NULL, ei);
    }
out:
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_share(struct bl_app *app, int64_t holder_id, const char *award_uid, bool on,
                             struct bl_arena *arena, const char **token, struct bl_errinfo *ei)
{
    const char *t = NULL;
    struct share_ctx c = {app, holder_id, award_uid ? award_uid : "", on, arena, &t};
    enum bl_err e = bl_store_run(app->store, BL_TX_WRITE, share_tx, &c, ei);
    if (token)
        *token = e == BL_OK ? t : NULL;
    return e;
}

struct minor_ctx {
    const struct bl_app *app;
    int64_t holder_id;
    bool allow;
};

static enum bl_err minor_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct minor_ctx *c = cls;
    struct bl_arena a;
    struct bl_holder_rec h;
    size_t n = 0;
    bl_arena_init(&a);
    bl_tx_set_arena(tx, &a);
    enum bl_err e = bl_store_holder_get(tx, c->holder_id, &h, ei);
    if (e == BL_OK)
        e = bl_store_holder_set_minor_public(tx, c->holder_id, c->allow, ei);
    if (e == BL_OK && !c->allow)
        e = bl_store_hshare_withdraw(tx, c->holder_id, 0, bl_app_now(c->app), &n, ei);
    if (e == BL_OK && !c->allow) /* collections' pages too (collection.c) */
        e = bl_store_hcoll_withdraw(tx, c->holder_id, 0, bl_app_now(c->app), &n, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, &bl_actor_system, 0,
                         c->allow ? "holder.public_on" : "holder.public_off", h.uid, NULL, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&a);
    return e;
}

enum bl_err bl_app_sac_minor_public(struct bl_app *app, int64_t holder_id, bool allow,
                                    struct bl_errinfo *ei)
{
    struct minor_ctx c = {app, holder_id, allow};
    return bl_store_run(app->store, BL_TX_WRITE, minor_tx, &c, ei);
}

/* ---- identifiers ---- */

struct idents_ctx {
    int64_t holder_id;
    struct bl_arena *arena;
    struct bl_holder_ident **rows;
    size_t *n;
};

static enum bl_err idents_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct idents_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_holder_ident_list(tx, c->holder_id, c->rows, c->n, ei);
    bl_tx_set_arena(tx, NULL);
    return e;
}

enum bl_err bl_app_sac_idents(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                              struct bl_holder_ident **rows, size_t *n, struct bl_errinfo *ei)
{
    struct idents_ctx c = {holder_id, arena, rows, n};
    return bl_store_run(app->store, BL_TX_READ, idents_tx, &c, ei);
}

/* ---- for the sibling files (backpack_int.h) ---- */

enum bl_err bl_app_sac_resolve_tx(struct bl_tx *tx, const struct bl_app *app, const char *kind,
                                  const char *value, int64_t *holder_id, struct bl_errinfo *ei)
{
    return resolve_holder(tx, app, kind, value, holder_id, ei);
}

enum bl_err bl_app_sac_attach_tx(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                                 const char *kind, const char *value, struct bl_errinfo *ei)
{
    size_t merged = 0;
    return attach_ident(tx, app, holder_id, kind, value, &merged, ei);
}

enum bl_err bl_app_sac_open_tx(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                               struct bl_app_hsession *out, struct bl_errinfo *ei)
{
    return open_session(tx, app, holder_id, out, ei);
}
