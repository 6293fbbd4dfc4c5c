/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sac_pathway.c: a holder's pathways as progress maps (sac_pathway.h).
 * Read only: progress rows are the counsellors' view; here every pathway
 * is evaluated afresh from the holder's awards (app/pathway.c).
 */
#include "app/sac_pathway.h"

#include <stdlib.h>
#include <string.h>

#include "app/pathway.h"
#include "core/mem.h"

struct sac_ctx {
    struct bl_app *app;
    int64_t holder_id;
    struct bl_arena *arena;
    struct bl_app_sac_pathway *rows;
    size_t n;
};

static const struct bl_badge_ref *ref_of(const struct bl_badge_ref *refs, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (refs[i].id == id)
            return &refs[i];
    return NULL;
}

/* The map of one pathway from its standing. */
static void fill(struct bl_arena *a, const struct bl_app_pathway_standing *s, const char *org,
                 const struct bl_badge_ref *refs, size_t nrefs, struct bl_app_sac_pathway *out)
{
    const struct bl_pathway *pw = s->pw;
    memset(out, 0, sizeof *out); /* a slot may be filled again after a pathway left out */
    out->uid = s->row.uid;
    out->name = s->row.name;
    out->description = s->row.description && *s->row.description ? s->row.description : NULL;
    out->org_name = org;
    out->complete = s->res.complete;
    out->one_step = s->one_step;
    out->progress_pct = (int)(s->res.progress * 100.0 + 0.5);
    out->ended = s->row.archived != 0;
    out->steps = bl_arena_zalloc(a, pw->n_steps * sizeof *out->steps);
    for (uint32_t i = 0; i < pw->n_steps; i++) {
        const struct bl_pathway_step *st = &pw->steps[i];
        if (i == pw->root)
            continue;
        struct bl_app_sac_step *o = &out->steps[out->n_steps++];
        o->done = s->res.state[i] == BL_PATHWAY_DONE;
        out->started = out->started || o->done;
        /* The compiled pathway is freed after this: titles are copied. */
        o->title = bl_arena_strdup(a, st->title ? st->title : st->id);
        if (st->kind == BL_PATHWAY_GROUP) {
            o->group = true;
            o->k = st->k;
            o->n = st->n;
            continue;
        }
        const struct bl_badge_ref *r = ref_of(refs, nrefs, pw->badges[st->badge_ix].key);
        o->badge_uid = r ? r->uid : NULL;
        o->badge_name = r ? r->name : NULL;
        if (!st->title && r)
            o->title = r->name;
        for (uint32_t j = 0; j < s->res.n_next; j++)
            if (s->res.next[j] == i)
                o->next = true;
    }
}

/* Complete first, then one step away, then by progress. */
static int by_progress(const void *x, const void *y)
{
    const struct bl_app_sac_pathway *a = x, *b = y;
    int ka = a->complete * 2 + a->one_step, kb = b->complete * 2 + b->one_step;
    if (a->ended != b->ended) /* ended pathways last: nothing to do there */
        return a->ended - b->ended;
    if (ka != kb)
        return kb - ka;
    return b->progress_pct - a->progress_pct;
}

static enum bl_err org_pathways(struct bl_tx *tx, struct sac_ctx *c, int64_t org_id,
                                struct bl_errinfo *ei)
{
    struct bl_pathway_row *paths;
    struct bl_badge_ref *refs;
    struct bl_org org;
    size_t np, nrefs;
    enum bl_err e = bl_store_org_get(tx, org_id, &org, ei);
    if (e == BL_OK)
        e = bl_store_pathway_list(tx, org_id, 1, &paths, &np, ei);
    if (e == BL_OK)
        e = bl_store_badge_refs(tx, org_id, &refs, &nrefs, ei);
    for (size_t i = 0; i < np && e == BL_OK && c->n < BL_APP_SAC_PATHWAYS_MAX; i++) {
        struct bl_app_pathway_standing s;
        e = bl_app_pathway_standing_tx(tx, c->app, &paths[i], c->holder_id, &s, ei);
        if (e != BL_OK)
            break;
        fill(c->arena, &s, org.name, refs, nrefs, &c->rows[c->n]);
        /* An ended pathway stays on the map of those who walked part of it
         * (what they did is theirs); the others cannot start it: left out. */
        if (!c->rows[c->n].ended || c->rows[c->n].started || c->rows[c->n].complete)
            c->n++;
        bl_app_pathway_standing_free(&s);
    }
    return e;
}

static enum bl_err sac_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct sac_ctx *c = cls;
    struct bl_award_brief *aw;
    size_t n_aw, n_orgs = 0;
    int64_t orgs[BL_APP_SAC_ORGS_MAX];
    bl_tx_set_arena(tx, c->arena);
    enum bl_err e = bl_store_holder_awards(tx, c->holder_id, &aw, &n_aw, ei);
    /* The organisations that gave them a badge, through each badge class. */
    for (size_t i = 0; i < n_aw && e == BL_OK && n_orgs < BL_APP_SAC_ORGS_MAX; i++) {
        struct bl_badgeclass bc;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = aw[j].badgeclass_id == aw[i].badgeclass_id;
        if (seen || (e = bl_store_badgeclass_get(tx, aw[i].badgeclass_id, &bc, ei)) != BL_OK)
            continue;
        for (size_t j = 0; j < n_orgs && !seen; j++)
            seen = orgs[j] == bc.org_id;
        if (!seen)
            orgs[n_orgs++] = bc.org_id;
    }
    c->rows = bl_arena_zalloc(c->arena, BL_APP_SAC_PATHWAYS_MAX * sizeof *c->rows);
    c->n = 0;
    for (size_t i = 0; i < n_orgs && e == BL_OK; i++)
        e = org_pathways(tx, c, orgs[i], ei);
    if (e == BL_OK && c->n > 1)
        qsort(c->rows, c->n, sizeof *c->rows, by_progress);
    return e;
}

enum bl_err bl_app_sac_pathways(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                                struct bl_app_sac_pathway **rows, size_t *n,
                                struct bl_app_opp_match **open, size_t *n_open,
                                struct bl_app_opp_match **one_step, size_t *n_one,
                                struct bl_errinfo *ei)
{
    struct sac_ctx c = {.app = app, .holder_id = holder_id, .arena = arena};
    enum bl_err e = bl_store_run(app->store, BL_TX_READ, sac_tx, &c, ei);
    *rows = c.rows;
    *n = e == BL_OK ? c.n : 0;
    if (e == BL_OK)
        e = bl_app_opp_for_holder(app, holder_id, arena, open, n_open, one_step, n_one, ei);
    return e;
}
