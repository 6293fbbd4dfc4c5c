/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * claim.c: claiming an event's participation badge from its QR code, the
 * approval of waiting claims and the stand badges (event.h).
 *
 * A claim never hands out somebody else's personal link: a person
 * recognised by the email or phone they typed is shown the badge they
 * already have, but the link to their backpack only comes from the cookie
 * of the phone that made the claim (anyone can type an email).
 */
#include "app/event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "app/badge.h"
#include "app/holder.h"
#include "app/util.h"
#include "core/mem.h"
#include "core/rand.h"
#include "core/recipient.h"

#define CLAIM_WINDOW     600 /* seconds of a rate-limit window */
#define CLAIM_PIN_LIMIT  10  /* wrong PINs a window from one address */
#define CLAIM_FIRST_MAX  60u /* bytes of a first name */
#define CLAIM_CODE_TRIES 8

/* Unambiguous: no 0/O, 1/I/L. */
static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

struct claim_ctx {
    struct bl_app *app;
    const struct bl_app_claim_input *in;
    struct bl_arena *arena;
    struct bl_app_claim_result *out;
    const char *email, *phone; /* normalised or NULL */
    const char *event_uid;
    int64_t holder_id; /* of the link on this phone, 0: none */
    char key_ip[128], key_pin[128];
    int64_t window, limit;
    bool limited, found, pin_bad;
};

static void new_code(char out[BL_EVENT_CODE_LEN + 1])
{
    unsigned char r[BL_EVENT_CODE_LEN];
    bl_random(r, sizeof r);
    for (size_t i = 0; i < BL_EVENT_CODE_LEN; i++)
        out[i] = CODE_ALPHABET[r[i] % (sizeof CODE_ALPHABET - 1)];
    out[BL_EVENT_CODE_LEN] = '\0';
}

/* Open the claim window of ev at now: BL_EINVAL "closed:" outside it. */
static enum bl_err window_open(const struct bl_event *ev, int64_t now, struct bl_errinfo *ei)
{
    if (now < ev->claim_from)
        return bl_fail(ei, BL_EINVAL, "closed: the claim window has not opened yet");
    if (now > ev->claim_until)
        return bl_fail(ei, BL_EINVAL, "closed: the claim window is over");
    return BL_OK;
}

static enum bl_err event_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    return bl_store_event_by_uid(tx, c->event_uid, &c->out->event, ei);
}

/* Check the token, load its event: see bl_app_claim_open. */
static enum bl_err open_token(struct claim_ctx *c, struct bl_errinfo *ei)
{
    unsigned char key[BL_EVTOKEN_KEY_LEN];
    char uid[BL_EVTOKEN_UID_LEN + 1];
    struct bl_errinfo tei = {0};
    int64_t now = bl_app_now(c->app);
    enum bl_err e = bl_evtoken_key(c->app->master, sizeof c->app->master, key, ei);
    if (e != BL_OK)
        return e;
    /* The event first (its rotation period), from the uid the token names. */
    if (!bl_evtoken_uid(c->in->token, uid))
        return bl_fail(ei, BL_ENOTFOUND, "no such claim code");
    c->event_uid = bl_arena_strdup(c->arena, uid);
    e = bl_store_run(c->app->store, BL_TX_READ, event_tx, c, ei);
    if (e != BL_OK)
        return e == BL_ENOTFOUND ? bl_fail(ei, BL_ENOTFOUND, "no such claim code") : e;
    e = bl_evtoken_check(key, c->in->token, now, c->out->event.rotate_s, uid, &tei);
    OPENSSL_cleanse(key, sizeof key);
    if (e == BL_EBADSIG)
        return bl_fail(ei, BL_ENOTFOUND, "no such claim code");
    if (e == BL_EINVAL)
        return bl_fail(ei, BL_EINVAL, "expired: the QR code has expired");
    if (e != BL_OK)
        return bl_fail(ei, e, "%s", tei.msg);
    return window_open(&c->out->event, now, ei);
}

enum bl_err bl_app_claim_open(struct bl_app *app, const char *token, struct bl_arena *arena,
                              struct bl_event *ev, struct bl_errinfo *ei)
{
    struct bl_app_claim_result res;
    struct bl_app_claim_input in = {.token = token};
    memset(&res, 0, sizeof res);
    struct claim_ctx c = {.app = app, .in = &in, .arena = arena, .out = &res};
    enum bl_err e = open_token(&c, ei);
    *ev = res.event;
    return e;
}

/* Count this attempt against the address; PIN failures have their own, smaller, budget. */
static enum bl_err throttle_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    int64_t hits = 0, pins = 0;
    enum bl_err e = bl_store_throttle_hit(tx, c->key_ip, c->window, &hits, ei);
    if (e == BL_OK)
        e = bl_store_throttle_count(tx, c->key_pin, c->window, &pins, ei);
    c->limited = hits > c->limit || pins >= CLAIM_PIN_LIMIT;
    return e;
}

static enum bl_err pin_failed_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    int64_t hits = 0;
    return bl_store_throttle_hit(tx, c->key_pin, c->window, &hits, ei);
}

/* The earlier claim of this person on the event, if any (by link, email, phone). */
static enum bl_err find_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_claim_find(tx, c->out->event.id, c->holder_id, c->email, c->phone,
                                        &c->out->claim, ei);
    c->found = e == BL_OK;
    if (e == BL_OK && c->out->claim.award_uid)
        e = bl_store_award_by_uid(tx, c->out->claim.award_uid, &c->out->award, ei);
    return e == BL_ENOTFOUND ? BL_OK : e;
}

static enum bl_err insert_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct claim_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    return bl_store_claim_insert(tx, &c->out->claim, c->out->event.capacity, ei);
}

struct decide_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const struct bl_event *ev;
    const struct bl_event_claim *claim;
    const struct bl_award *award;
    const char *action;
};

static enum bl_err decide_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct decide_ctx *d = cls;
    enum bl_err e = bl_store_claim_decide(tx, d->claim->id, BL_CLAIM_ISSUED, d->award->id,
                                          bl_app_now(d->app), ei);
    if (e == BL_OK)
        e = bl_app_holder_claim_tx(tx, d->app, d->claim->holder_id, d->award->id, d->ev->org_id,
                                   ei);
    if (e == BL_OK && d->action)
        e = bl_app_audit(tx, d->app, d->who, d->ev->org_id, d->action, d->award->uid, NULL, ei);
    return e;
}

static enum bl_err stand_holder_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct decide_ctx *d = cls;
    return bl_app_holder_claim_tx(tx, d->app, d->claim->holder_id, d->award->id, d->ev->org_id, ei);
}

/* Issue the participation badge of claim cl (strings of *award in arena). */
static enum bl_err issue(struct bl_app *app, const struct bl_actor *who, const struct bl_event *ev,
                         struct bl_event_claim *cl, const char *action, struct bl_arena *arena,
                         struct bl_award *award, struct bl_errinfo *ei)
{
    bool existed = false;
    struct bl_app_award_input ai = {
        .email = cl->email,
        .phone = cl->phone,
        .holder_id = cl->holder_id,
        .holder_uid = cl->holder_uid,
        .name = cl->first_name,
        .idem_key = bl_arena_printf(arena, "claim:%s:%s", ev->uid, cl->holder_uid),
    };
    enum bl_err e =
        bl_app_award(app, who, ev->participation_badge_uid, &ai, arena, award, &existed, ei);
    if (e != BL_OK)
        return e;
    struct decide_ctx d = {app, who, ev, cl, award, existed ? NULL : action};
    e = bl_store_run(app->store, BL_TX_WRITE, decide_tx, &d, ei);
    if (e == BL_OK) {
        cl->status = BL_CLAIM_ISSUED;
        cl->award_id = award->id;
        cl->award_uid = award->uid;
    }
    return e;
}

static enum bl_err check_claim_input(struct claim_ctx *c, char phone[BL_RECIPIENT_PHONE_LEN],
                                     struct bl_errinfo *ei)
{
    const struct bl_app_claim_input *in = c->in;
    char *email = NULL;
    enum bl_err e = bl_app_check_text("first_name", in->first_name, true, CLAIM_FIRST_MAX, ei);
    if (e != BL_OK)
        return e;
    if (in->email && *in->email) {
        if (strlen(in->email) > BL_APP_EMAIL_MAX ||
            bl_recipient_email_normalize(in->email, &email, ei) != BL_OK)
            return bl_fail(ei, BL_EINVAL, "email: not a valid address");
        c->email = bl_arena_strdup(c->arena, email);
        bl_free(email);
    }
    if (in->phone && *in->phone) {
        if (strlen(in->phone) > BL_APP_PHONE_INPUT_MAX ||
            bl_recipient_phone_normalize(in->phone, phone, ei) != BL_OK)
            return bl_fail(ei, BL_EINVAL, "phone: not a valid phone number");
        c->phone = bl_arena_strdup(c->arena, phone);
    }
    return BL_OK;
}

enum bl_err bl_app_claim(struct bl_app *app, const struct bl_app_claim_input *in,
                         struct bl_arena *arena, struct bl_app_claim_result *out,
                         struct bl_errinfo *ei)
{
    char phone[BL_RECIPIENT_PHONE_LEN];
    struct bl_holder h;
    enum bl_err e;
    memset(out, 0, sizeof *out);
    struct claim_ctx c = {.app = app, .in = in, .arena = arena, .out = out};
    int64_t now = bl_app_now(app);
    c.window = now - now % CLAIM_WINDOW;
    /* The claim_limit setting; a zero (an app not opened by bl_app_open) means the default. */
    c.limit = app->claim_limit ? (int64_t)app->claim_limit : (int64_t)BL_APP_CLAIM_LIMIT;
    snprintf(c.key_ip, sizeof c.key_ip, "claim-ip:%.80s", in->client ? in->client : "?");
    snprintf(c.key_pin, sizeof c.key_pin, "claim-pin:%.80s", in->client ? in->client : "?");
    if ((e = bl_store_run(app->store, BL_TX_WRITE, throttle_tx, &c, ei)) != BL_OK)
        return e;
    if (c.limited)
        return bl_fail(ei, BL_ELIMIT, "too many claims from this address: wait %d minutes",
                       CLAIM_WINDOW / 60);
    if ((e = open_token(&c, ei)) != BL_OK)
        return e;
    const struct bl_event *ev = &out->event;
    if (ev->pin) {
        const char *pin = in->pin ? in->pin : "";
        if (strlen(pin) != strlen(ev->pin) || CRYPTO_memcmp(pin, ev->pin, strlen(pin)) != 0) {
            if (bl_store_run(app->store, BL_TX_WRITE, pin_failed_tx, &c, ei) != BL_OK)
                return ei->code;
            return bl_fail(ei, BL_EINVAL, "pin: wrong PIN");
        }
    }
    if ((e = check_claim_input(&c, phone, ei)) != BL_OK)
        return e;
    /* The personal link already on this phone names the holder. */
    if (in->link_token && *in->link_token) {
        struct bl_errinfo lei = {0};
        if (bl_app_holder_by_link(app, in->link_token, arena, &h, &lei) == BL_OK) {
            c.holder_id = h.id;
            out->link_token = bl_arena_strdup(arena, in->link_token);
            out->holder_uid = h.uid;
        }
    }
    if ((e = bl_store_run(app->store, BL_TX_READ, find_tx, &c, ei)) != BL_OK)
        return e;
    if (c.found) {
        out->existed = true;
        if (out->claim.holder_id != c.holder_id) { /* recognised by email or phone only */
            out->link_token = NULL;
            out->holder_uid = NULL;
        }
        /* A claim left half done (crash between the steps) is finished now. */
        if (!ev->approval && out->claim.status == BL_CLAIM_PENDING)
            e = issue(app, &bl_actor_system, ev, &out->claim, "claim.issue", arena, &out->award,
                      ei);
        return e;
    }
    if (!c.holder_id) {
        const char *link = NULL;
        e = bl_app_holder_create(app, in->first_name, c.email, c.phone, arena, &h, &link, ei);
        if (e != BL_OK)
            return e;
        c.holder_id = h.id;
        out->link_token = link;
        out->holder_uid = h.uid;
    }
    struct bl_event_claim *cl = &out->claim;
    *cl = (struct bl_event_claim){.event_id = ev->id,
                                  .holder_id = c.holder_id,
                                  .first_name = bl_arena_strdup(arena, in->first_name),
                                  .email = c.email,
                                  .phone = c.phone,
                                  .status = BL_CLAIM_PENDING,
                                  .claimed_at = now,
                                  .holder_uid = out->holder_uid};
    for (int i = 0; i < CLAIM_CODE_TRIES; i++) {
        char *code = bl_arena_alloc(arena, BL_EVENT_CODE_LEN + 1);
        new_code(code);
        cl->code = code;
        e = bl_store_run(app->store, BL_TX_WRITE, insert_tx, &c, ei);
        if (e != BL_EEXISTS)
            break;
        /* The same holder claimed at the same moment (a double tap): that claim it is. */
        if (bl_store_run(app->store, BL_TX_READ, find_tx, &c, ei) == BL_OK && c.found) {
            out->existed = true;
            return BL_OK;
        }
        *cl = (struct bl_event_claim){.event_id = ev->id,
                                      .holder_id = c.holder_id,
                                      .first_name = cl->first_name,
                                      .email = c.email,
                                      .phone = c.phone,
                                      .status = BL_CLAIM_PENDING,
                                      .claimed_at = now,
                                      .holder_uid = out->holder_uid};
    }
    if (e == BL_ELIMIT)
        return bl_fail(ei, BL_EINVAL, "full: the event is full");
    if (e != BL_OK || ev->approval)
        return e;
    return issue(app, &bl_actor_system, ev, cl, "claim.issue", arena, &out->award, ei);
}

struct mine_ctx {
    struct bl_app *app;
    struct bl_arena *arena;
    const char *event_uid;
    int64_t holder_id;
    struct bl_app_claim_result *out;
};

static enum bl_err mine_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct mine_ctx *m = cls;
    bl_tx_set_arena(tx, m->arena);
    enum bl_err e = bl_store_event_by_uid(tx, m->event_uid, &m->out->event, ei);
    if (e == BL_OK)
        e = bl_store_claim_find(tx, m->out->event.id, m->holder_id, NULL, NULL, &m->out->claim, ei);
    if (e == BL_OK && m->out->claim.award_uid)
        e = bl_store_award_by_uid(tx, m->out->claim.award_uid, &m->out->award, ei);
    struct bl_org org;
    if (e == BL_OK && (e = bl_store_org_get(tx, m->out->event.org_id, &org, ei)) == BL_OK)
        m->out->org_slug = org.slug;
    /* The badges of this event the holder has: the participation badge and stand badges. */
    struct bl_award_brief *all = NULL;
    struct bl_event_badge *eb = NULL;
    size_t na = 0, neb = 0;
    if (e == BL_OK)
        e = bl_store_holder_awards(tx, m->holder_id, &all, &na, ei);
    if (e == BL_OK)
        e = bl_store_event_badges(tx, &m->out->event, &eb, &neb, ei);
    if (e == BL_OK && na > 0) {
        m->out->badges = bl_arena_zalloc(m->arena, na * sizeof *all);
        for (size_t i = 0; i < na; i++)
            for (size_t k = 0; k < neb; k++)
                if (all[i].badgeclass_id == eb[k].badgeclass_id && !all[i].revoked_at) {
                    m->out->badges[m->out->n_badges++] = all[i];
                    break;
                }
    }
    return e;
}

enum bl_err bl_app_claim_mine(struct bl_app *app, const char *event_uid, const char *link_token,
                              struct bl_arena *arena, struct bl_app_claim_result *out,
                              struct bl_errinfo *ei)
{
    struct bl_holder h;
    memset(out, 0, sizeof *out);
    if (!link_token || !*link_token)
        return bl_fail(ei, BL_ENOTFOUND, "no personal link on this phone");
    enum bl_err e = bl_app_holder_by_link(app, link_token, arena, &h, ei);
    if (e != BL_OK)
        return e;
    out->link_token = bl_arena_strdup(arena, link_token);
    out->holder_uid = h.uid;
    struct mine_ctx m = {app, arena, event_uid ? event_uid : "", h.id, out};
    return bl_store_run(app->store, BL_TX_READ, mine_tx, &m, ei);
}

/* ---- staff: approval and stands ---- */

struct staff_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    struct bl_arena *arena;
    const char *event_uid, *badge_uid, *code;
    struct bl_event ev;
    struct bl_event_claim *claims;
    size_t n;
    struct bl_event_claim claim;
    bool badge_ok;
};

static enum bl_err staff_event(struct bl_tx *tx, struct staff_ctx *s, struct bl_errinfo *ei)
{
    bl_tx_set_arena(tx, s->arena);
    enum bl_err e = bl_store_event_by_uid(tx, s->event_uid, &s->ev, ei);
    if (e == BL_OK) {
        e = bl_app_authorize(tx, s->who, s->ev.org_id, BL_ROLE_VIEWER, ei);
        if (e == BL_EDENIED)
            return bl_fail(ei, BL_ENOTFOUND, "not found");
    }
    if (e == BL_OK)
        e = bl_app_authorize(tx, s->who, s->ev.org_id, BL_ROLE_ISSUER, ei);
    return e;
}

static enum bl_err approve_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct staff_ctx *s = cls;
    enum bl_err e = staff_event(tx, s, ei);
    if (e == BL_OK)
        e = bl_store_claim_list(tx, s->ev.id, -1, &s->claims, &s->n, ei);
    return e;
}

enum bl_err bl_app_claim_approve(struct bl_app *app, const struct bl_actor *who,
                                 const char *event_uid, const int64_t *claim_ids, size_t n,
                                 size_t *issued, struct bl_errinfo *ei)
{
    struct bl_arena arena;
    bl_arena_init(&arena);
    *issued = 0;
    struct staff_ctx s = {.app = app, .who = who, .arena = &arena, .event_uid = event_uid};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, approve_tx, &s, ei);
    for (size_t i = 0; e == BL_OK && i < s.n; i++) {
        struct bl_event_claim *cl = &s.claims[i];
        bool chosen = false;
        if (cl->status == BL_CLAIM_ISSUED)
            continue;
        for (size_t k = 0; k < n && !chosen; k++)
            chosen = claim_ids[k] == cl->id;
        if (n ? !chosen : cl->status != BL_CLAIM_PENDING)
            continue;
        struct bl_award aw;
        e = issue(app, who, &s.ev, cl, "claim.approve", &arena, &aw, ei);
        if (e == BL_OK)
            (*issued)++;
    }
    bl_arena_free(&arena);
    return e;
}

static enum bl_err stand_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct staff_ctx *s = cls;
    struct bl_event_badge *b = NULL;
    size_t nb = 0;
    enum bl_err e = staff_event(tx, s, ei);
    if (e == BL_OK)
        e = bl_store_event_badges(tx, &s->ev, &b, &nb, ei);
    for (size_t i = 0; e == BL_OK && i < nb; i++)
        if (strcmp(b[i].uid, s->badge_uid) == 0)
            s->badge_ok = true;
    if (e == BL_OK && !s->badge_ok)
        return bl_fail(ei, BL_EINVAL, "badge: not a badge of this event");
    if (e == BL_OK) {
        e = bl_store_claim_by_code(tx, s->ev.id, s->code, &s->claim, ei);
        if (e == BL_ENOTFOUND)
            e = bl_fail(ei, BL_EINVAL, "code: no young person with this code at this event");
    }
    return e;
}

enum bl_err bl_app_stand_award(struct bl_app *app, const struct bl_actor *who,
                               const char *event_uid, const char *badge_uid, const char *code,
                               struct bl_arena *arena, struct bl_event_claim *claim,
                               struct bl_award *award, bool *existed, struct bl_errinfo *ei)
{
    char norm[BL_EVENT_CODE_LEN + 1];
    size_t n = 0;
    *existed = false;
    /* Typed codes: spaces and dashes ignored, lower case taken as upper case. */
    for (const char *p = code ? code : ""; *p && n <= BL_EVENT_CODE_LEN; p++) {
        char ch = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        if (ch == ' ' || ch == '-')
            continue;
        if (!strchr(CODE_ALPHABET, ch) || n == BL_EVENT_CODE_LEN)
            return bl_fail(ei, BL_EINVAL, "code: %u letters or digits", BL_EVENT_CODE_LEN);
        norm[n++] = ch;
    }
    norm[n] = '\0';
    if (n != BL_EVENT_CODE_LEN)
        return bl_fail(ei, BL_EINVAL, "code: %u letters or digits", BL_EVENT_CODE_LEN);
    struct staff_ctx s = {.app = app,
                          .who = who,
                          .arena = arena,
                          .event_uid = event_uid ? event_uid : "",
                          .badge_uid = badge_uid ? badge_uid : "",
                          .code = norm};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, stand_tx, &s, ei);
    if (e != BL_OK)
        return e;
    *claim = s.claim;
    struct bl_app_award_input ai = {
        .email = s.claim.email,
        .phone = s.claim.phone,
        .holder_id = s.claim.holder_id,
        .holder_uid = s.claim.holder_uid,
        .name = s.claim.first_name,
        .idem_key =
            bl_arena_printf(arena, "stand:%s:%s:%s", s.ev.uid, s.badge_uid, s.claim.holder_uid),
    };
    e = bl_app_award(app, who, s.badge_uid, &ai, arena, award, existed, ei);
    if (e == BL_OK && !*existed) {
        struct decide_ctx d = {app, who, &s.ev, &s.claim, award, NULL};
        e = bl_store_run(app->store, BL_TX_WRITE, stand_holder_tx, &d, ei);
    }
    return e;
}
