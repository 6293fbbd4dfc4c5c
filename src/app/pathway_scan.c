/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pathway_scan.c: a pathway created or changed looks at the awards already
 * given, so the people who hold its badges get their progress row (and
 * their milestone, if they already completed it) without waiting for their
 * next award.  Each person goes through bl_app_pathway_on_change, the award
 * hook itself, so the keys, milestones and evidence are the hook's.
 */
#include "app/pathway.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* Awards read per page, people evaluated per write transaction. */
#define SCAN_PAGE  2000u
#define SCAN_BATCH 100u

struct entry {
    const char *key; /* h:holder, e:email, t:phone: one evaluation per key */
    struct bl_app_pathway_person p;
};

struct scan_ctx {
    struct bl_app *app;
    const char *uid;
    int64_t org_id;
    struct bl_arena *arena; /* the people, for the whole scan */
    int64_t *classes;       /* the pathway's badge class ids, sorted */
    size_t n_classes;
    int64_t after; /* paging by award id; -1 when done */
    struct entry *people;
    size_t n, cap;
    size_t from, to; /* the batch being evaluated */
};

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static enum bl_err classes_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct scan_ctx *s = cls;
    struct bl_pathway_row p;
    bl_tx_set_arena(tx, s->arena);
    enum bl_err e = bl_store_pathway_by_uid(tx, s->uid, &p, ei);
    if (e == BL_OK)
        e = bl_app__pathway_classes(tx, &p, &s->classes, &s->n_classes, ei);
    if (e == BL_OK) {
        s->org_id = p.org_id;
        qsort(s->classes, s->n_classes, sizeof *s->classes, cmp_id);
    }
    return e;
}

/* The person an award is for, keyed as the hook starts from. */
static void add_person(struct scan_ctx *s, const struct bl_award_person *a)
{
    const char *key;
    if (a->holder_id > 0)
        key = bl_arena_printf(s->arena, "h:%lld", (long long)a->holder_id);
    else if (a->email && *a->email)
        key = bl_arena_printf(s->arena, "e:%s", a->email);
    else if (a->phone && *a->phone)
        key = bl_arena_printf(s->arena, "t:%s", a->phone);
    else
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        struct entry *p = bl_arena_zalloc(s->arena, cap * sizeof *p);
        if (s->n)
            memcpy(p, s->people, s->n * sizeof *p);
        s->people = p;
        s->cap = cap;
    }
    s->people[s->n++] = (struct entry){
        .key = key,
        .p = {.holder_id = a->holder_id, .award_id = a->id, .email = a->email, .phone = a->phone}};
}

static enum bl_err page_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct scan_ctx *s = cls;
    struct bl_award_person *rows;
    size_t n;
    bl_tx_set_arena(tx, s->arena);
    enum bl_err e = bl_store_award_people(tx, s->org_id, s->after, SCAN_PAGE, &rows, &n, ei);
    if (e != BL_OK)
        return e;
    for (size_t i = 0; i < n; i++)
        if (bsearch(&rows[i].badgeclass_id, s->classes, s->n_classes, sizeof *s->classes, cmp_id))
            add_person(s, &rows[i]);
    s->after = n == SCAN_PAGE ? rows[n - 1].id : -1;
    return BL_OK;
}

static enum bl_err batch_tx(struct bl_tx *tx, void *cls, struct bl_errinfo *ei)
{
    struct scan_ctx *s = cls;
    struct bl_arena arena;
    enum bl_err e = BL_OK;

    bl_arena_init(&arena);
    for (size_t i = s->from; i < s->to && e == BL_OK; i++)
        e = bl_app_pathway_on_change(tx, s->app, &arena, s->org_id, &s->people[i].p, ei);
    bl_tx_set_arena(tx, NULL);
    bl_arena_free(&arena);
    return e;
}

enum bl_err bl_app_pathway_scan(struct bl_app *app, const char *uid, size_t *people,
                                struct bl_errinfo *ei)
{
    struct bl_arena arena;
    struct scan_ctx s = {.app = app, .uid = uid, .arena = &arena};
    enum bl_err e;

    *people = 0;
    bl_arena_init(&arena);
    e = bl_store_run(app->store, BL_TX_READ, classes_tx, &s, ei);
    while (e == BL_OK && s.after >= 0 && s.n_classes > 0)
        e = bl_store_run(app->store, BL_TX_READ, page_tx, &s, ei);
    if (e == BL_OK && s.n > 0) {
        qsort(s.people, s.n, sizeof *s.people, cmp_key);
        size_t m = 1;
        for (size_t i = 1; i < s.n; i++)
            if (strcmp(s.people[i].key, s.people[m - 1].key) != 0)
                s.people[m++] = s.people[i];
        s.n = m;
    }
    /* Bounded transactions: a batch that loses a race is retried alone. */
    for (s.from = 0; e == BL_OK && s.from < s.n; s.from = s.to) {
        s.to = s.from + SCAN_BATCH < s.n ? s.from + SCAN_BATCH : s.n;
        e = bl_store_run(app->store, BL_TX_WRITE, batch_tx, &s, ei);
    }
    if (e == BL_OK)
        *people = s.n;
    bl_arena_free(&arena);
    return e;
}
