/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pathway.c: pathways of an organisation and the progress of the people it
 * awards (pathway.h).  Definitions name badge classes by uid; they are
 * compiled by core/pathway.c with each uid bound to the badge class's row
 * id, which is what a person's awards carry.
 */
#include "app/pathway.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/badge.h"
#include "app/docs.h"
#include "app/opportunity.h"
#include "app/util.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/pathway.h"

#define IDEM_MAX 400u

struct pw_ctx {
    struct bl_app *app;
    const struct bl_actor *who;
    int64_t org_id;
    const char *uid; /* update, get */
    const struct bl_app_pathway_input *in;
    struct bl_arena *arena;
    char *canonical; /* the definition as stored (create, update) */
    int64_t goal_id;
    bool steps_changed;                /* update: definition or milestone changed, scan again */
    bool archived;                     /* list: with archived ones */
    int archive;                       /* change: -1 keep, 0 restore, 1 archive */
    struct bl_app_pathway_view *view;  /* get */
    struct bl_app_pathway_view **rows; /* list */
    size_t *n;
};

static const struct bl_badge_ref *ref_by_uid(const struct bl_badge_ref *refs, size_t n,
                                             const char *uid)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(refs[i].uid, uid) == 0)
            return &refs[i];
    return NULL;
}

static const struct bl_badge_ref *ref_by_id(const struct bl_badge_ref *refs, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (refs[i].id == id)
            return &refs[i];
    return NULL;
}

/*
 * Compile text and bind each badge uid to its badge class id in refs.  With
 * strict, an unknown uid is an error naming the step; otherwise it is bound
 * to -1, which no award carries (a class deleted since cannot be earned).
 */
static enum bl_err compile_bound(const char *text, const struct bl_badge_ref *refs, size_t nrefs,
                                 bool strict, struct bl_pathway **out, struct bl_errinfo *ei)
{
    struct bl_errinfo sub = {0};
    enum bl_err e = bl_pathway_parse(text, strlen(text), out, &sub);

    if (e != BL_OK)
        return bl_fail(ei, e, "definition: %s", sub.msg);
    for (uint32_t i = 0; i < (*out)->n_badges; i++) {
        const struct bl_badge_ref *r = ref_by_uid(refs, nrefs, (*out)->badges[i].ref);
        if (!r && strict) {
            const char *ref = (*out)->badges[i].ref;
            e = bl_fail(ei, BL_EINVAL,
                        "definition: badge %.40s is not a badge class of this "
                        "organisation",
                        ref);
            bl_pathway_free(*out);
            *out = NULL;
            return e;
        }
        bl_pathway_bind(*out, i, r ? r->id : -1);
    }
    return BL_OK;
}

/* Check in against the org's badge classes; c->canonical and c->goal_id on success. */
static enum bl_err check_definition(struct bl_tx *tx, struct pw_ctx *c, struct bl_errinfo *ei)
{
    struct bl_badge_ref *refs;
    struct bl_pathway *pw = NULL;
    size_t nrefs;
    enum bl_err e = bl_store_badge_refs(tx, c->org_id, &refs, &nrefs, ei);

    if (e == BL_OK)
        e = compile_bound(c->in->definition_json, refs, nrefs, true, &pw, ei);
    if (e != BL_OK)
        return e;
    c->goal_id = 0;
    if (c->in->goal_badge_uid && *c->in->goal_badge_uid) {
        const struct bl_badge_ref *g = ref_by_uid(refs, nrefs, c->in->goal_badge_uid);
        if (!g) {
            e = bl_fail(ei, BL_EINVAL, "goal_badge: not a badge class of this organisation");
            goto out;
        }
        for (uint32_t i = 0; i < pw->n_badges; i++)
            if (strcmp(pw->badges[i].ref, g->uid) == 0) {
                e = bl_fail(ei, BL_EINVAL,
                            "goal_badge: the milestone cannot be a step of its "
                            "own pathway");
                goto out;
            }
        c->goal_id = g->id;
    }
    json_t *j = bl_pathway_to_json(pw);
    struct bl_buf b;
    bl_buf_init(&b, 4u * BL_PATHWAY_JSON_MAX);
    e = bl_json_dump(j, JSON_COMPACT, &b, ei);
    if (e == BL_OK)
        c->canonical = bl_arena_strndup(c->arena, (const char *)b.p, b.len);
    bl_buf_free(&b);
    json_decref(j);
out:
    bl_pathway_free(pw);
    return e;
}

enum bl_err bl_app__pathway_classes(struct bl_tx *tx, const struct bl_pathway_row *p, int64_t **ids,
                                    size_t *n, struct bl_errinfo *ei)
{
    struct bl_badge_ref *refs;
    struct bl_pathway *pw = NULL;
    size_t nrefs;
    enum bl_err e = bl_store_badge_refs(tx, p->org_id, &refs, &nrefs, ei);

    *ids = NULL;
    *n = 0;
    if (e == BL_OK)
        e = compile_bound(p->definition_json, refs, nrefs, false, &pw, ei);
    if (e != BL_OK)
        return e;
    *ids = bl_arena_zalloc(bl_tx_arena(tx), (pw->n_badges ? pw->n_badges : 1) * sizeof **ids);
    for (uint32_t i = 0; i < pw->n_badges; i++)
        if (pw->badges[i].key > 0)
            (*ids)[(*n)++] = pw->badges[i].key;
    bl_pathway_free(pw);
    return BL_OK;
}

static enum bl_err check_input(const struct bl_app_pathway_input *in, struct bl_errinfo *ei)
{
    enum bl_err e;

    if ((e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei)) != BL_OK ||
        (e = bl_app_check_text("description", in->description, false, BL_APP_TEXT_MAX, ei)) !=
            BL_OK)
        return e;
    if (!in->definition_json || !*in->definition_json)
        return bl_fail(ei, BL_EINVAL, "definition: required");
    return BL_OK;
}

static enum bl_err create_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_ISSUER, ei);
    if (e == BL_OK)
        e = check_definition(tx, c, ei);
    if (e != BL_OK)
        return e;
    int64_t now = bl_app_now(c->app);
    struct bl_pathway_row p = {.uid = c->uid,
                               .org_id = c->org_id,
                               .name = c->in->name,
                               .description = c->in->description,
                               .definition_json = c->canonical,
                               .goal_badgeclass_id = c->goal_id,
                               .created_at = now,
                               .updated_at = now};
    e = bl_store_pathway_insert(tx, &p, ei);
    if (e == BL_OK)
        e = bl_app_audit(tx, c->app, c->who, c->org_id, "pathway.create", c->uid, NULL, ei);
    return e;
}

struct scan_note {
    const struct bl_app *app;
    int64_t org_id;
    const char *uid, *why;
};

static enum bl_err scan_note_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct scan_note *n = cls;
    json_t *d = json_pack("{s:s}", "error", n->why);
    struct bl_buf b;
    bl_buf_init(&b, 4096);
    enum bl_err e = d ? bl_json_dump(d, JSON_COMPACT, &b, ei) : BL_EINVAL;
    json_decref(d);
    if (e == BL_OK)
        e = bl_app_audit(tx, n->app, &bl_actor_system, n->org_id, "pathway.scan_incomplete", n->uid,
                         (const char *)b.p, ei);
    bl_buf_free(&b);
    return e;
}

/*
 * The pathway is saved: the scan of past awards follows in its own
 * transactions.  Its failure (a database kept busy by an import) does not
 * undo the save, so the use case succeeds; the audit log says the scan is
 * incomplete, and the next award of each person counts as usual.
 */
static enum bl_err scan_after_commit(struct bl_app *app, int64_t org_id, const char *uid)
{
    size_t people;
    struct bl_errinfo ei = {0};
    if (bl_app_pathway_scan(app, uid, &people, &ei) == BL_OK)
        return BL_OK;
    struct scan_note n = {.app = app, .org_id = org_id, .uid = uid, .why = ei.msg};
    struct bl_errinfo ignored = {0};
    if (bl_store_run(app->store, BL_TX_WRITE, scan_note_tx, &n, &ignored) != BL_OK)
        return BL_OK; /* nothing more to do: the pathway stands, the next awards count */
    return BL_OK;
}

enum bl_err bl_app_pathway_create(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                  const struct bl_app_pathway_input *in, char uid[23],
                                  struct bl_errinfo *ei)
{
    struct bl_arena arena;
    enum bl_err e = check_input(in, ei);

    uid[0] = '\0';
    if (e != BL_OK)
        return e;
    bl_app_uid(uid);
    bl_arena_init(&arena);
    struct pw_ctx c = {
        .app = app, .who = who, .org_id = org_id, .uid = uid, .in = in, .arena = &arena};
    e = bl_store_run(app->store, BL_TX_WRITE, create_tx, &c, ei);
    bl_arena_free(&arena);
    if (e != BL_OK) {
        uid[0] = '\0';
        return e;
    }
    return scan_after_commit(app, org_id, uid);
}

/* The pathway c->uid, visible to c->who with role need; "not found" across organisations. */
static enum bl_err load(struct bl_tx *tx, struct pw_ctx *c, enum bl_role need,
                        struct bl_pathway_row *out, struct bl_errinfo *ei)
{
    enum bl_err e = bl_store_pathway_by_uid(tx, c->uid, out, ei);

    if (e == BL_OK && bl_app_authorize(tx, c->who, out->org_id, BL_ROLE_VIEWER, ei) != BL_OK)
        e = BL_ENOTFOUND;
    if (e == BL_ENOTFOUND)
        return bl_fail(ei, BL_ENOTFOUND, "no pathway %.40s", c->uid);
    if (e == BL_OK && need > BL_ROLE_VIEWER)
        e = bl_app_authorize(tx, c->who, out->org_id, need, ei);
    return e;
}

/*
 * One change of pathway c->uid: the steps when c->in has a definition (the
 * whole of it, as when created), else name and description when given;
 * then the archived state when c->archive asks for one (-1: kept).  One
 * store update, an audit row per kind of change.
 */
static enum bl_err change_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    const struct bl_app_pathway_input *in = c->in;
    struct bl_pathway_row p;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = load(tx, c, BL_ROLE_ISSUER, &p, ei);
    c->steps_changed = false;
    if (e != BL_OK)
        return e;
    c->org_id = p.org_id;
    bool edit = in->definition_json || in->name || in->description;
    if (in->definition_json) {
        if ((e = check_definition(tx, c, ei)) != BL_OK)
            return e;
        c->steps_changed = strcmp(p.definition_json ? p.definition_json : "", c->canonical) != 0 ||
                           p.goal_badgeclass_id != c->goal_id;
        p.definition_json = c->canonical;
        p.goal_badgeclass_id = c->goal_id;
    }
    p.name = in->name ? in->name : p.name;
    p.description = (in->description || in->definition_json) ? in->description : p.description;
    int64_t now = bl_app_now(c->app);
    bool flip = c->archive >= 0 && (p.archived != 0) != (c->archive == 1);
    if (flip) {
        /* The time it was archived: what the backpack still counts on an ended pathway. */
        p.archived = c->archive == 1 ? (now > 0 ? now : 1) : 0;
        c->steps_changed = c->steps_changed || c->archive == 0; /* restored: awards meanwhile */
    }
    /* Archived, nobody moves on it: no scan even when the steps changed. */
    c->steps_changed = c->steps_changed && !p.archived;
    if (!edit && !flip)
        return BL_OK; /* the state it already has: nothing written */
    p.updated_at = now;
    e = bl_store_pathway_update(tx, &p, ei);
    if (e == BL_OK && edit)
        e = bl_app_audit(tx, c->app, c->who, p.org_id, "pathway.update", c->uid, NULL, ei);
    if (e == BL_OK && flip)
        e = bl_app_audit(tx, c->app, c->who, p.org_id,
                         c->archive == 1 ? "pathway.archive" : "pathway.restore", c->uid, NULL, ei);
    return e;
}

enum bl_err bl_app_pathway_change(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                  const struct bl_app_pathway_input *in, int archived,
                                  struct bl_errinfo *ei)
{
    struct bl_arena arena;
    enum bl_err e = BL_OK;

    if (in->definition_json)
        e = check_input(in, ei);
    else if (in->goal_badge_uid)
        e = bl_fail(ei, BL_EINVAL, "goal_badge: only together with the definition");
    else if (!in->name && !in->description && archived < 0)
        e = bl_fail(ei, BL_EINVAL, "definition: required");
    else if (in->name)
        e = bl_app_check_text("name", in->name, true, BL_APP_NAME_MAX, ei);
    if (e == BL_OK && !in->definition_json && in->description)
        e = bl_app_check_text("description", in->description, false, BL_APP_TEXT_MAX, ei);
    if (e != BL_OK)
        return e;
    bl_arena_init(&arena);
    struct pw_ctx c = {.app = app,
                       .who = who,
                       .uid = uid ? uid : "",
                       .in = in,
                       .arena = &arena,
                       .archive = archived < 0 ? -1 : archived != 0};
    e = bl_store_run(app->store, BL_TX_WRITE, change_tx, &c, ei);
    bl_arena_free(&arena);
    if (e == BL_OK && c.steps_changed)
        e = scan_after_commit(app, c.org_id, c.uid);
    return e;
}

enum bl_err bl_app_pathway_update(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                  const struct bl_app_pathway_input *in, struct bl_errinfo *ei)
{
    enum bl_err e = check_input(in, ei);
    return e == BL_OK ? bl_app_pathway_change(app, who, uid, in, -1, ei) : e;
}

enum bl_err bl_app_pathway_archive(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                   bool archived, struct bl_errinfo *ei)
{
    static const struct bl_app_pathway_input none = {0};
    return bl_app_pathway_change(app, who, uid, &none, archived ? 1 : 0, ei);
}

static enum bl_err fill_view(struct bl_tx *tx, const struct bl_pathway_row *p,
                             const struct bl_badge_ref *refs, size_t nrefs,
                             struct bl_app_pathway_view *v, struct bl_errinfo *ei)
{
    const struct bl_badge_ref *g = ref_by_id(refs, nrefs, p->goal_badgeclass_id);

    v->row = *p;
    v->goal_badge_uid = g ? g->uid : NULL;
    v->goal_badge_name = g ? g->name : NULL;
    return bl_store_pathway_funnel(tx, p->id, &v->funnel, ei);
}

static enum bl_err list_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    struct bl_pathway_row *rows;
    struct bl_badge_ref *refs;
    size_t n, nrefs;
    bl_tx_set_arena(tx, c->arena);
    *c->rows = NULL;
    *c->n = 0;
    enum bl_err e = bl_app_authorize(tx, c->who, c->org_id, BL_ROLE_VIEWER, ei);
    if (e == BL_OK)
        e = bl_store_pathway_list(tx, c->org_id, c->archived, &rows, &n, ei);
    if (e == BL_OK)
        e = bl_store_badge_refs(tx, c->org_id, &refs, &nrefs, ei);
    if (e != BL_OK || n == 0)
        return e;
    struct bl_app_pathway_view *v = bl_arena_zalloc(c->arena, n * sizeof(*v));
    for (size_t i = 0; i < n && e == BL_OK; i++)
        e = fill_view(tx, &rows[i], refs, nrefs, &v[i], ei);
    *c->rows = v;
    *c->n = n;
    return e;
}

enum bl_err bl_app_pathway_list(struct bl_app *app, const struct bl_actor *who, int64_t org_id,
                                bool with_archived, struct bl_arena *arena,
                                struct bl_app_pathway_view **rows, size_t *n, struct bl_errinfo *ei)
{
    struct pw_ctx c = {.app = app,
                       .who = who,
                       .org_id = org_id,
                       .archived = with_archived,
                       .arena = arena,
                       .rows = rows,
                       .n = n};
    return bl_store_run(app->store, BL_TX_READ, list_tx, &c, ei);
}

static enum bl_err get_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct pw_ctx *c = cls;
    struct bl_pathway_row p;
    struct bl_badge_ref *refs;
    size_t nrefs;
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = load(tx, c, BL_ROLE_VIEWER, &p, ei);
    if (e == BL_OK)
        e = bl_store_badge_refs(tx, p.org_id, &refs, &nrefs, ei);
    if (e == BL_OK)
        e = fill_view(tx, &p, refs, nrefs, c->view, ei);
    return e;
}

enum bl_err bl_app_pathway_get(struct bl_app *app, const struct bl_actor *who, const char *uid,
                               struct bl_arena *arena, struct bl_app_pathway_view *out,
                               struct bl_errinfo *ei)
{
    struct pw_ctx c = {.app = app, .who = who, .uid = uid ? uid : "", .arena = arena, .view = out};
    memset(out, 0, sizeof *out);
    return bl_store_run(app->store, BL_TX_READ, get_tx, &c, ei);
}

struct progress_ctx {
    struct pw_ctx c;
    size_t offset, limit;
    struct bl_pathway_progress **rows;
    size_t *n;
};

static enum bl_err progress_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct progress_ctx *pc = cls;
    struct bl_pathway_row p;
    bl_tx_set_arena(tx, pc->c.arena);
    enum bl_err e = load(tx, &pc->c, BL_ROLE_VIEWER, &p, ei);
    if (e == BL_OK)
        e = bl_store_pathway_progress_list(tx, p.id, pc->offset, pc->limit, pc->rows, pc->n, ei);
    return e;
}

enum bl_err bl_app_pathway_progress(struct bl_app *app, const struct bl_actor *who, const char *uid,
                                    size_t offset, size_t limit, struct bl_arena *arena,
                                    struct bl_pathway_progress **rows, size_t *n,
                                    struct bl_errinfo *ei)
{
    struct progress_ctx pc = {.c = {.app = app, .who = who, .uid = uid ? uid : "", .arena = arena},
                              .offset = offset,
                              .limit = limit,
                              .rows = rows,
                              .n = n};
    *rows = NULL;
    *n = 0;
    return bl_store_run(app->store, BL_TX_READ, progress_tx, &pc, ei);
}

/* ---- progress, milestones and withdrawals (inside an award's transaction) ---- */

/*
 * The engine's view of rows (row ids as badge keys), sorted, in the tx
 * arena; an award expired at `at` never counts (at: now, or the time an
 * archived pathway was archived).
 */
static enum bl_err engine_awards(struct bl_tx *tx, int64_t at, const struct bl_person_award *rows,
                                 size_t n, struct bl_pathway_award **aw, struct bl_errinfo *ei)
{
    if (n > BL_PATHWAY_MAX_AWARDS)
        return bl_fail(ei, BL_ETOOBIG, "the person holds more than %u awards",
                       BL_PATHWAY_MAX_AWARDS);
    *aw = bl_arena_zalloc(bl_tx_arena(tx), (n ? n : 1) * sizeof(**aw));
    for (size_t i = 0; i < n; i++) {
        const struct bl_person_award *a = &rows[i];
        (*aw)[i] = (struct bl_pathway_award){
            .badge = a->badgeclass_id,
            .at = a->issued_at,
            .invalid = a->revoked_at != 0 || (a->expires_at != 0 && a->expires_at <= at)};
    }
    bl_pathway_sort_awards(*aw, n);
    return BL_OK;
}

/* Who progress is about: a holder, else an email, else a phone. */
struct person {
    int64_t holder_id;
    const char *email, *phone;
    const char *key; /* pathway_progress.person_key */
};

/* The person's awards in org_id as the engine sees them at time at. */
static enum bl_err person_awards(struct bl_tx *tx, int64_t at, int64_t org_id,
                                 const struct person *who, struct bl_person_award **rows, size_t *n,
                                 struct bl_pathway_award **aw, struct bl_errinfo *ei)
{
    enum bl_err e;

    if (who->holder_id > 0)
        e = bl_store_holder_org_awards(tx, org_id, who->holder_id, rows, n, ei);
    else if (who->email)
        e = bl_store_person_awards(tx, org_id, who->email, rows, n, ei);
    else
        e = bl_store_phone_awards(tx, org_id, who->phone, rows, n, ei);
    return e == BL_OK ? engine_awards(tx, at, *rows, *n, aw, ei) : e;
}

/* The holder p is about, 0 when none; BL_ENOTFOUND lookups are not errors. */
static enum bl_err find_holder(struct bl_tx *tx, const struct bl_app_pathway_person *p,
                               int64_t *holder, struct bl_errinfo *ei)
{
    enum bl_err e = BL_OK;

    *holder = p->holder_id > 0 ? p->holder_id : 0;
    if (!*holder && p->award_id > 0)
        e = bl_store_award_holder(tx, p->award_id, holder, ei);
    if (e == BL_OK && !*holder && p->email && *p->email)
        e = bl_store_holder_ident_owner(tx, "email", p->email, holder, ei);
    if ((e == BL_OK || e == BL_ENOTFOUND) && !*holder && p->phone && *p->phone)
        e = bl_store_holder_ident_owner(tx, "phone", p->phone, holder, ei);
    if (e == BL_ENOTFOUND) {
        *holder = 0;
        e = BL_OK;
    }
    return e;
}

/*
 * The evidence of a milestone: for every badge step done, the award that
 * completed it (the earliest valid award of its class), as its URL.
 */
static size_t milestone_evidence(struct bl_arena *a, const struct bl_app *app,
                                 const struct bl_pathway *pw, const struct bl_pathway_result *r,
                                 const struct bl_person_award *rows, size_t n, const char *name,
                                 struct bl_ob_evidence **out)
{
    size_t k = 0;

    *out = bl_arena_zalloc(a, (pw->n_badges ? pw->n_badges : 1) * sizeof(**out));
    for (uint32_t s = 0; s < pw->n_steps; s++) {
        const struct bl_pathway_step *st = &pw->steps[s];
        if (st->kind != BL_PATHWAY_BADGE || r->state[s] != BL_PATHWAY_DONE)
            continue;
        int64_t key = pw->badges[st->badge_ix].key;
        for (size_t i = 0; i < n; i++) {
            if (rows[i].badgeclass_id != key || rows[i].issued_at != r->done_at[s] ||
                rows[i].revoked_at != 0)
                continue;
            (*out)[k].id = bl_app_award_url(a, app, rows[i].uid);
            (*out)[k].narrative = bl_arena_printf(a, "Étape « %s » du parcours « %s »",
                                                  st->title ? st->title : st->id, name);
            k++;
            break;
        }
    }
    return k;
}

struct round {
    struct bl_tx *tx;
    struct bl_app *app;
    struct bl_arena *arena;
    const struct person *who;
    int64_t org_id;
    struct bl_person_award *rows;
    size_t n;
    struct bl_pathway_award *aw;
    bool changed; /* a milestone was awarded or withdrawn: evaluate again */
};

/*
 * The milestone's recipient: a holder receives it with the identity of
 * their latest award in the organisation (the same email, phone and name
 * as what the issuer knows), else under their own URL.
 */
static enum bl_err milestone_to(struct bl_tx *tx, const struct round *rd,
                                struct bl_app_award_input *to, struct bl_errinfo *ei);

/*
 * A holder's current milestone of class goal awarded before their awards
 * came to them: one to an email or phone of their awards in the
 * organisation (keyed by that email or phone then).  *id 0 when none.
 */
static enum bl_err milestone_held(const struct round *rd, int64_t goal, int64_t *id,
                                  struct bl_errinfo *ei)
{
    int64_t now = bl_app_now(rd->app);
    *id = 0;
    if (rd->who->holder_id <= 0)
        return BL_OK;
    for (size_t i = 0; i < rd->n && !*id; i++) {
        const struct bl_person_award *a = &rd->rows[i];
        struct bl_person_award *other;
        size_t n = 0;
        enum bl_err e = BL_OK;
        if (a->recipient_email && *a->recipient_email)
            e = bl_store_person_awards(rd->tx, rd->org_id, a->recipient_email, &other, &n, ei);
        else if (a->recipient_phone && *a->recipient_phone)
            e = bl_store_phone_awards(rd->tx, rd->org_id, a->recipient_phone, &other, &n, ei);
        if (e != BL_OK)
            return e;
        for (size_t j = 0; j < n && !*id; j++)
            if (other[j].badgeclass_id == goal && other[j].revoked_at == 0 &&
                (other[j].expires_at == 0 || other[j].expires_at > now))
                *id = other[j].id;
    }
    return BL_OK;
}

/* One pathway for one person: progress row, then milestone or withdrawal. */
static enum bl_err one_pathway(struct round *rd, const struct bl_pathway_row *p,
                               const struct bl_badge_ref *refs, size_t nrefs, struct bl_errinfo *ei)
{
    struct bl_tx *tx = rd->tx;
    struct bl_pathway *pw = NULL;
    struct bl_pathway_ws *ws = NULL;
    struct bl_pathway_result r;
    struct bl_pathway_progress old, cur;
    int64_t now = bl_app_now(rd->app);
    enum bl_err e = compile_bound(p->definition_json, refs, nrefs, false, &pw, ei);

    /* A definition that no longer compiles (limits changed) is skipped, not fatal. */
    if (e != BL_OK)
        return BL_OK;
    ws = bl_pathway_ws_new(pw->n_steps);
    e = bl_pathway_eval(pw, rd->aw, rd->n, ws, &r, ei);
    if (e != BL_OK)
        goto out;
    e = bl_store_pathway_progress_get(tx, p->id, rd->who->key, &old, ei);
    if (e == BL_ENOTFOUND) {
        memset(&old, 0, sizeof old);
        old.pathway_id = p->id;
        old.person_key = rd->who->key;
        old.progress_pm = -1; /* no row yet: always written */
        e = BL_OK;
    }
    if (e != BL_OK)
        goto out;
    cur = old;
    cur.person_key = rd->who->key;
    cur.progress_pm = (int64_t)(r.progress * 1000.0 + 0.5);
    cur.completed_at = r.complete ? r.completed_at : 0;
    cur.updated_at = now;

    int64_t adopted = 0;
    if (r.complete && p->goal_badgeclass_id && old.milestone_award_id == 0) {
        e = milestone_held(rd, p->goal_badgeclass_id, &adopted, ei);
        if (e != BL_OK)
            goto out;
    }
    if (adopted) {
        /* Earned under their email before the awards came to the holder: the
         * same milestone, now theirs, rather than a second credential. */
        e = bl_store_award_set_holder(tx, adopted, rd->who->holder_id, ei);
        cur.milestone_award_id = adopted;
    } else if (r.complete && p->goal_badgeclass_id && old.milestone_award_id == 0) {
        struct bl_ob_evidence *ev;
        struct bl_award m;
        bool existed;
        char idem[IDEM_MAX];
        size_t nev = milestone_evidence(rd->arena, rd->app, pw, &r, rd->rows, rd->n, p->name, &ev);
        cur.milestones_issued = old.milestones_issued + 1;
        /* The first milestone has the plain key; one earned again after a
         * withdrawal gets the next number, so no completion pays twice. */
        if (cur.milestones_issued == 1)
            snprintf(idem, sizeof idem, "pathway:%lld:%s", (long long)p->id, rd->who->key);
        else
            snprintf(idem, sizeof idem, "pathway:%lld:%s:%lld", (long long)p->id, rd->who->key,
                     (long long)cur.milestones_issued);
        struct bl_app_award_input to;
        e = milestone_to(tx, rd, &to, ei);
        if (e == BL_OK)
            e = bl_app__award_tx(tx, rd->app, p->goal_badgeclass_id, &to, ev, nev, idem, rd->arena,
                                 &m, &existed, ei);
        if (e == BL_OK) {
            cur.milestone_award_id = m.id;
            e = bl_app_audit(tx, rd->app, &bl_actor_system, p->org_id, "pathway.milestone", p->uid,
                             NULL, ei);
            rd->changed = true;
        }
    } else if (!r.complete && old.milestone_award_id > 0) {
        e = bl_store_award_revoke(tx, old.milestone_award_id, now, BL_APP_PATHWAY_WITHDRAWN, ei);
        if (e == BL_EEXISTS) /* revoked by hand before: withdrawn all the same */
            e = BL_OK;
        cur.milestone_award_id = 0;
        cur.withdrawn_at = now;
        if (e == BL_OK)
            e = bl_app_audit(tx, rd->app, &bl_actor_system, p->org_id, "pathway.withdraw", p->uid,
                             NULL, ei);
        rd->changed = true;
    }
    /* No row for people who have not started: an award outside the pathway
     * would otherwise add a row per pathway of the organisation. */
    bool untouched = old.progress_pm < 0 && cur.progress_pm == 0 && cur.completed_at == 0 &&
                     cur.milestone_award_id == 0;
    if (e == BL_OK && !untouched &&
        (cur.progress_pm != old.progress_pm || cur.completed_at != old.completed_at ||
         cur.milestone_award_id != old.milestone_award_id))
        e = bl_store_pathway_progress_put(tx, &cur, ei);
out:
    bl_pathway_ws_free(ws);
    bl_pathway_free(pw);
    return e;
}

static enum bl_err milestone_to(struct bl_tx *tx, const struct round *rd,
                                struct bl_app_award_input *to, struct bl_errinfo *ei)
{
    const struct bl_person_award *last = NULL;

    memset(to, 0, sizeof *to);
    if (rd->who->holder_id <= 0) {
        to->email = rd->who->email;
        to->phone = rd->who->email ? NULL : rd->who->phone;
        return BL_OK;
    }
    to->holder_id = rd->who->holder_id;
    for (size_t i = 0; i < rd->n; i++) {
        const struct bl_person_award *a = &rd->rows[i];
        bool reachable = (a->recipient_email && *a->recipient_email) ||
                         (a->recipient_phone && *a->recipient_phone);
        if (reachable && (!last || a->issued_at > last->issued_at ||
                          (a->issued_at == last->issued_at && a->id > last->id)))
            last = a;
    }
    if (last) {
        to->email = last->recipient_email && *last->recipient_email ? last->recipient_email : NULL;
        to->phone = last->recipient_phone && *last->recipient_phone ? last->recipient_phone : NULL;
        to->name = last->recipient_name && *last->recipient_name ? last->recipient_name : NULL;
    }
    struct bl_holder_rec h;
    enum bl_err e = bl_store_holder_get(tx, rd->who->holder_id, &h, ei);
    if (e == BL_OK) {
        to->holder_uid = h.uid;
        if (!to->name && h.first_name && *h.first_name)
            to->name = h.first_name;
    }
    return e;
}

enum bl_err bl_app_pathway_on_change(struct bl_tx *tx, struct bl_app *app, struct bl_arena *arena,
                                     int64_t org_id, const struct bl_app_pathway_person *p,
                                     struct bl_errinfo *ei)
{
    struct bl_pathway_row *paths;
    struct bl_badge_ref *refs = NULL;
    size_t np, nrefs = 0;
    struct person who = {0};
    enum bl_err e;

    bl_tx_set_arena(tx, arena);
    e = find_holder(tx, p, &who.holder_id, ei);
    if (e != BL_OK)
        return e;
    who.email = p->email && *p->email ? p->email : NULL;
    who.phone = p->phone && *p->phone ? p->phone : NULL;
    if (who.holder_id > 0)
        who.key = bl_arena_printf(arena, "holder:%lld", (long long)who.holder_id);
    else if (who.email)
        who.key = who.email; /* as before holders existed: old rows keep counting */
    else if (who.phone)
        who.key = bl_arena_printf(arena, "tel:%s", who.phone);
    else
        return BL_OK;
    e = bl_store_pathway_list(tx, org_id, 0, &paths, &np, ei);
    if (e != BL_OK || np == 0)
        return e;
    if (np > BL_APP_PATHWAY_MAX)
        np = BL_APP_PATHWAY_MAX;
    e = bl_store_badge_refs(tx, org_id, &refs, &nrefs, ei);
    /*
     * Rounds: a milestone awarded or withdrawn in one round may be a step of
     * another pathway, evaluated again in the next round with the awards
     * read afresh.  Within a round every pathway sees the same awards.
     */
    for (int round = 0; e == BL_OK && round < BL_APP_PATHWAY_ROUNDS_MAX; round++) {
        struct round rd = {.tx = tx, .app = app, .arena = arena, .who = &who, .org_id = org_id};
        e = person_awards(tx, bl_app_now(app), org_id, &who, &rd.rows, &rd.n, &rd.aw, ei);
        for (size_t i = 0; i < np && e == BL_OK; i++)
            e = one_pathway(&rd, &paths[i], refs, nrefs, ei);
        if (!rd.changed)
            break;
    }
    return e;
}

enum bl_err bl_app_pathway_on_claim(struct bl_tx *tx, struct bl_app *app, int64_t org_id,
                                    int64_t holder_id, int64_t award_id, struct bl_errinfo *ei)
{
    struct bl_arena arena, *prev = bl_tx_arena(tx);
    struct bl_app_pathway_person p = {.holder_id = holder_id, .award_id = award_id};

    if (prev)
        return bl_app_pathway_on_change(tx, app, prev, org_id, &p, ei);
    bl_arena_init(&arena);
    enum bl_err e = bl_app_pathway_on_change(tx, app, &arena, org_id, &p, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

/* ---- a holder's standing (backpack, opportunities) ---- */

void bl_app_pathway_standing_free(struct bl_app_pathway_standing *s)
{
    bl_pathway_ws_free(s->ws);
    bl_pathway_free(s->pw);
    s->ws = NULL;
    s->pw = NULL;
}

enum bl_err bl_app_pathway_standing_tx(struct bl_tx *tx, const struct bl_app *app,
                                       const struct bl_pathway_row *p, int64_t holder_id,
                                       struct bl_app_pathway_standing *out, struct bl_errinfo *ei)
{
    struct bl_badge_ref *refs;
    struct bl_person_award *rows;
    struct bl_pathway_award *aw;
    struct bl_pathway_result trial;
    size_t nrefs, n;
    struct person who = {.holder_id = holder_id};

    memset(out, 0, sizeof *out);
    out->row = *p;
    enum bl_err e = bl_store_badge_refs(tx, p->org_id, &refs, &nrefs, ei);
    if (e == BL_OK)
        e = compile_bound(p->definition_json, refs, nrefs, false, &out->pw, ei);
    /* An archived pathway stands as it was when archived: expiry is judged
     * then, not now, and later awards do not count. */
    int64_t now = bl_app_now(app);
    int64_t at = p->archived && p->archived < now ? p->archived : now;
    if (e == BL_OK)
        e = person_awards(tx, at, p->org_id, &who, &rows, &n, &aw, ei);
    if (e != BL_OK)
        goto fail;
    for (size_t i = 0; i < n && p->archived; i++)
        if (aw[i].at > p->archived)
            aw[i].invalid = true;
    out->ws = bl_pathway_ws_new(out->pw->n_steps);
    e = bl_pathway_eval(out->pw, aw, n, out->ws, &out->res, ei);
    if (e == BL_OK && p->archived)
        out->res.n_next = 0; /* nothing to earn on an ended pathway, nor one step away */
    if (e != BL_OK || out->res.complete || p->archived)
        goto done;
    /* One step away: some next badge, earned now, completes it.  The trial
     * runs in a workspace of its own so out->res stays as it is. */
    struct bl_pathway_award *more = bl_arena_zalloc(bl_tx_arena(tx), (n + 1) * sizeof *more);
    struct bl_pathway_ws *ws = bl_pathway_ws_new(out->pw->n_steps);
    for (uint32_t i = 0; i < out->res.n_next && !out->one_step && e == BL_OK; i++) {
        const struct bl_pathway_step *st = &out->pw->steps[out->res.next[i]];
        memcpy(more, aw, n * sizeof *more);
        more[n] = (struct bl_pathway_award){.badge = out->pw->badges[st->badge_ix].key, .at = now};
        bl_pathway_sort_awards(more, n + 1);
        e = bl_pathway_eval(out->pw, more, n + 1, ws, &trial, ei);
        out->one_step = e == BL_OK && trial.complete;
    }
    bl_pathway_ws_free(ws);
done:
    if (e == BL_OK)
        return BL_OK;
fail:
    bl_app_pathway_standing_free(out);
    return e;
}

static enum bl_err opp_hook(struct bl_tx *tx, const struct bl_app *app, int64_t pathway_id,
                            int64_t holder_id, bool *qualifies, bool *one_step,
                            struct bl_errinfo *ei)
{
    struct bl_pathway_row p;
    struct bl_app_pathway_standing s;

    *qualifies = *one_step = false;
    enum bl_err e = bl_store_pathway_by_id(tx, pathway_id, &p, ei);
    if (e == BL_ENOTFOUND) /* a pathway deleted since: a requirement nobody meets */
        return BL_OK;
    if (e == BL_OK)
        e = bl_app_pathway_standing_tx(tx, app, &p, holder_id, &s, ei);
    if (e != BL_OK)
        return e;
    *qualifies = s.res.complete;
    *one_step = s.one_step;
    bl_app_pathway_standing_free(&s);
    return BL_OK;
}

void bl_app_pathway_install(void)
{
    bl_app_opp_set_pathway_hook(opp_hook);
}
