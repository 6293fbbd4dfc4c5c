/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * event.c: events, their badges, statistics and claim tokens (event.h);
 * the claims themselves are in claim.c.
 */
#include "app/event.h"

#include <stdio.h>
#include <string.h>

#include "app/util.h"

struct ev_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    const struct bl_app_event_input *in;
    struct bl_arena *arena;
    int64_t org_id;
    const char *uid;
    struct bl_event ev;
    struct bl_event_badge **badges;
    size_t *n_badges;
    struct bl_event **rows;
    size_t *n;
    struct bl_need **needs; /* needs_tx */
    int status;
    struct bl_event_claim **claims;
    struct bl_app_event_stats *stats;
};

/* Viewer (or more) in org_id; "not found" for anyone else. */
static enum bl_err may_see(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                           struct bl_errinfo *ei)
{
    enum bl_err e = bl_app_authorize(tx, who, org_id, BL_ROLE_VIEWER, ei);
    return e == BL_EDENIED ? bl_fail(ei, BL_ENOTFOUND, "not found") : e;
}

/* Issuer in org_id: another org's member is told "not found", a viewer "denied". */
static enum bl_err may_change(struct bl_tx *tx, const struct bl_actor *who, int64_t org_id,
                              struct bl_errinfo *ei)
{
    enum bl_err e = may_see(tx, who, org_id, ei);
    return e == BL_OK ? bl_app_authorize(tx, who, org_id, BL_ROLE_ISSUER, ei) : e;
}

static enum bl_err check_input(const struct bl_app_event_input *in, struct bl_errinfo *ei)
{
    enum bl_err e;
    if ((e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("place", in->place, false, BL_APP_NAME_MAX, ei)) != BL_OK)
        return e;
    if (in->starts_at <= 0)
        return bl_fail(ei, BL_EINVAL, "starts_at: required");
    if (in->ends_at <= 0)
        return bl_fail(ei, BL_EINVAL, "ends_at: required");
    if (in->ends_at < in->starts_at)
        return bl_fail(ei, BL_EINVAL, "ends_at: before the start");
    if (in->ends_at - in->starts_at > BL_EVENT_SPAN_MAX)
        return bl_fail(ei, BL_EINVAL, "ends_at: an event lasts at most 31 days");
    if ((in->claim_from || in->claim_until) &&
        (in->claim_from <= 0 || in->claim_until <= in->claim_from))
        return bl_fail(ei, BL_EINVAL, "claim_until: the claim window ends before it starts");
    if (in->claim_until - in->claim_from > BL_EVENT_SPAN_MAX)
        return bl_fail(ei, BL_EINVAL, "claim_until: a claim window lasts at most 31 days");
    if (in->capacity < 0 || in->capacity > BL_EVENT_CAPACITY_MAX)
        return bl_fail(ei, BL_EINVAL, "capacity: between 0 and %d", BL_EVENT_CAPACITY_MAX);
    if (in->pin && *in->pin &&
        (strlen(in->pin) < 4 || strlen(in->pin) > BL_EVENT_PIN_MAX ||
         strspn(in->pin, "0123456789") != strlen(in->pin)))
        return bl_fail(ei, BL_EINVAL, "pin: 4 to %u digits", BL_EVENT_PIN_MAX);
    if (in->rotate_s && (in->rotate_s < BL_EVENT_ROTATE_MIN || in->rotate_s > BL_EVENT_ROTATE_MAX))
        return bl_fail(ei, BL_EINVAL, "rotate_s: between %d and %d seconds", BL_EVENT_ROTATE_MIN,
                       BL_EVENT_ROTATE_MAX);
    if (!in->participation_badge_uid || !*in->participation_badge_uid)
        return bl_fail(ei, BL_EINVAL, "participation_badge: required");
    if (in->n_stands > BL_EVENT_STANDS_MAX)
        return bl_fail(ei, BL_EINVAL, "stands: at most %u stand badges", BL_EVENT_STANDS_MAX);
    return BL_OK;
}

/* A badge class of org_id that can be awarded, by uid; field names the form field. */
static enum bl_err org_badge(struct bl_tx *tx, int64_t org_id, const char *uid, const char *field,
                             int64_t *id, struct bl_errinfo *ei)
{
    struct bl_badgeclass b;
    enum bl_err e = bl_store_badgeclass_by_uid(tx, uid, &b, ei);
    if (e == BL_OK && (b.org_id != org_id || b.archived))
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_EINVAL, "%s: no such badge class here", field);
    *id = b.id;
    return e;
}

/* Fill c->ev from the input and store the stand badges (after the event row exists). */
static enum bl_err fill(struct ev_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    const struct bl_app_event_input *in = c->in;
    struct bl_event *ev = &c->ev;
    ev->name = in->name;
    ev->place = in->place && *in->place ? in->place : NULL;
    ev->starts_at = in->starts_at;
    ev->ends_at = in->ends_at;
    ev->claim_from = in->claim_from ? in->claim_from : in->starts_at;
    ev->claim_until = in->claim_until ? in->claim_until : in->ends_at;
    ev->capacity = in->capacity;
    ev->pin = in->pin && *in->pin ? in->pin : NULL;
    ev->approval = in->approval;
    ev->rotate_s = in->rotate_s ? in->rotate_s : 30;
    ev->updated_at = bl_app_now(c->app);
    return org_badge(tx, ev->org_id, in->participation_badge_uid, "participation_badge",
                     &ev->participation_badge_id, ei);
}

static enum bl_err set_stands(struct ev_ctx *c, struct bl_tx *tx, struct bl_errinfo *ei)
{
    int64_t ids[BL_EVENT_STANDS_MAX];
    size_t n = 0;
    for (size_t i = 0; i < c->in->n_stands; i++) {
        int64_t id;
        enum bl_err e = org_badge(tx, c->ev.org_id, c->in->stand_badge_uids[i], "stands", &id, ei);
        if (e != BL_OK)
            return e;
        if (id != c->ev.participation_badge_id)
            ids[n++] = id;
    }
    return bl_store_event_stands_set(tx, c->ev.id, ids, n, ei);
}

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_change(tx, c->who, c->org_id, ei);
    c->ev.org_id = c->org_id;
    c->ev.created_at = bl_app_now(c->app);
    if (e == BL_OK)
        e = fill(c, tx, ei);
    if (e == BL_OK)
        e = bl_store_event_insert(tx, &c->ev, ei);
    if (e == BL_OK)
        e = set_stands(c, tx, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "event.create", c->ev.uid, NULL, ei);
    return e;
}

enum bl_err bl_app_event_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                const struct bl_app_event_input *in, char uid[23],
                                struct bl_errinfo *ei)
{
    enum bl_err e = check_input(in, ei);
    if (e != BL_OK)
        return e;
    struct bl_arena arena;
    bl_arena_init(&arena);
    bl_app_uid(uid);
    struct ev_ctx c = {.app = app, .who = who, .in = in, .arena = &arena, .org_id = org_id};
    c.ev.uid = uid;
    e = bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
    bl_arena_free(&arena);
    return e;
}

static enum bl_err update_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_event_by_uid(tx, c->uid, &c->ev, ei);
    if (e == BL_OK)
        e = may_change(tx, c->who, c->ev.org_id, ei);
    if (e == BL_OK)
        e = fill(c, tx, ei);
    if (e == BL_OK)
        e = bl_store_event_update(tx, &c->ev, ei);
    if (e == BL_OK)
        e = set_stands(c, tx, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->ev.org_id, "event.update", c->uid, NULL, ei);
    return e;
}

enum bl_err bl_app_event_update(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                const struct bl_app_event_input *in, struct bl_errinfo *ei)
{
    enum bl_err e = check_input(in, ei);
    if (e != BL_OK)
        return e;
    struct bl_arena arena;
    bl_arena_init(&arena);
    struct ev_ctx c = {.app = app, .who = who, .in = in, .arena = &arena, .uid = uid ? uid : ""};
    e = bl_store_run(app->store, BL_TX_WRITE, update_tx, &c, ei);
    bl_arena_free(&arena);
    return e;
}

static enum bl_err get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_event_by_uid(tx, c->uid, &c->ev, ei);
    if (e == BL_OK)
        e = may_see(tx, c->who, c->ev.org_id, ei);
    if (e == BL_OK && c->badges)
        e = bl_store_event_badges(tx, &c->ev, c->badges, c->n_badges, ei);
    return e;
}

enum bl_err bl_app_event_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                             struct bl_arena *arena, struct bl_event *out,
                             struct bl_event_badge **badges, size_t *n_badges,
                             struct bl_errinfo *ei)
{
    struct ev_ctx c = {.app = app,
                       .who = who,
                       .arena = arena,
                       .uid = uid ? uid : "",
                       .badges = badges,
                       .n_badges = n_badges};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, get_tx, &c, ei);
    if (e == BL_OK)
        *out = c.ev;
    return e;
}

static enum bl_err needs_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_event_by_uid(tx, c->uid, &c->ev, ei);
    if (e == BL_OK)
        e = may_see(tx, c->who, c->ev.org_id, ei);
    if (e == BL_OK)
        e = bl_store_event_needs(tx, c->ev.uid, c->needs, c->n, ei);
    return e;
}

enum bl_err bl_app_event_needs(struct bl_app *app, const struct bl_actor *who, const char *uid,
                               struct bl_arena *arena, struct bl_need **rows, size_t *n,
                               struct bl_errinfo *ei)
{
    struct ev_ctx c = {
        .app = app, .who = who, .arena = arena, .uid = uid ? uid : "", .needs = rows, .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, needs_tx, &c, ei);
}

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c->who, c->org_id, ei);
    if (e == BL_OK)
        e = bl_store_event_list(tx, c->org_id, c->rows, c->n, ei);
    return e;
}

enum bl_err bl_app_event_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                              struct bl_arena *arena, struct bl_event **rows, size_t *n,
                              struct bl_errinfo *ei)
{
    struct ev_ctx c = {
        .app = app, .who = who, .arena = arena, .org_id = org_id, .rows = rows, .n = n};
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

static enum bl_err claims_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c->who, c->ev.org_id, ei);
    if (e == BL_OK)
        e = bl_store_claim_list(tx, c->ev.id, c->status, c->claims, c->n, ei);
    return e;
}

enum bl_err bl_app_event_claims(struct bl_app *app, const struct bl_actor *who,
                                const struct bl_event *ev, int status, struct bl_arena *arena,
                                struct bl_event_claim **rows, size_t *n, struct bl_errinfo *ei)
{
    struct ev_ctx c = {.app = app,
                       .who = who,
                       .arena = arena,
                       .ev = *ev,
                       .status = status,
                       .claims = rows,
                       .n = n};
    return bl_store_run(app->store, BL_TX_READ, claims_tx, &c, ei);
}

static enum bl_err stats_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct ev_ctx *c = cls;
    struct bl_app_event_stats *s = c->stats;
    int64_t counts[3];
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = may_see(tx, c->who, c->ev.org_id, ei);
    const char *prefix = bl_arena_printf(c->arena, "stand:%s:", c->ev.uid);
    if (e == BL_OK)
        e = bl_store_claim_counts(tx, c->ev.id, counts, c->ev.org_id, prefix, &s->stand_awards, ei);
    if (e == BL_OK) {
        s->pending = counts[BL_CLAIM_PENDING];
        s->issued = counts[BL_CLAIM_ISSUED];
        s->rejected = counts[BL_CLAIM_REJECTED];
        e = bl_store_claim_per_hour(tx, c->ev.id, s->hour0, s->hours, s->per_hour, ei);
    }
    return e;
}

enum bl_err bl_app_event_stats(struct bl_app *app, const struct bl_actor *who,
                               const struct bl_event *ev, struct bl_app_event_stats *out,
                               struct bl_errinfo *ei)
{
    struct bl_arena arena;
    memset(out, 0, sizeof *out);
    /* The hours of the claim window, from the hour it starts in. */
    out->hour0 = ev->claim_from - ev->claim_from % 3600;
    int64_t span = (ev->claim_until - out->hour0 + 3599) / 3600;
    out->hours = span < 1 ? 1 : span > BL_STORE_HOURS_MAX ? BL_STORE_HOURS_MAX : (size_t)span;
    bl_arena_init(&arena);
    struct bl_app_event_stats *s = out;
    struct ev_ctx c = {.app = app, .who = who, .arena = &arena, .ev = *ev, .stats = s};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, stats_tx, &c, ei);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_event_token(struct bl_app *app, const struct bl_event *ev, char kind,
                               int64_t now, char out[BL_EVTOKEN_LEN], struct bl_errinfo *ei)
{
    unsigned char key[BL_EVTOKEN_KEY_LEN];
    enum bl_err e = bl_evtoken_key(app->master, sizeof app->master, key, ei);
    if (e == BL_OK)
        e = bl_evtoken_make(
            key, ev->uid, kind,
            kind == 'p' ? ev->claim_until : now / (ev->rotate_s ? ev->rotate_s : 30), out, ei);
    return e;
}

enum bl_err bl_app_claim_form_token(struct bl_app *app, const struct bl_event *ev, int64_t now,
                                    char out[BL_EVTOKEN_LEN], struct bl_errinfo *ei)
{
    unsigned char key[BL_EVTOKEN_KEY_LEN];
    int64_t until = now + BL_EVENT_FORM_TTL;
    enum bl_err e = bl_evtoken_key(app->master, sizeof app->master, key, ei);
    if (e == BL_OK)
        e = bl_evtoken_make(key, ev->uid, 'p', until < ev->claim_until ? until : ev->claim_until,
                            out, ei);
    return e;
}
