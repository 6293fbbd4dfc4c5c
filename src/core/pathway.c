/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pathway.c: compiling pathway definitions (JSON) into a flat graph in
 * topological order, and evaluating one person's awards against it.  The
 * rules (earliest completion time of a step within an interval of time,
 * ordered groups, windows, states, progress) are in docs/internals/pathway.md;
 * this file follows them and says why where the code takes a shortcut.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "mem.h"
#include "pathway.h"

#define NEVER   BL_PATHWAY_NEVER
#define MINTIME INT64_MIN
/* Memo of group results for one evaluation (open addressing, power of two). */
#define MEMO_SLOTS 4096u
#define MEMO_PROBE 8u

struct memo_slot {
    uint32_t gen, step;
    int64_t lo, hi, val;
};

struct bl_pathway_ws {
    uint32_t cap;
    enum bl_pathway_state *state;
    int64_t *e0;     /* earliest completion over all time, per step */
    double *prog;    /* progress per step */
    uint8_t *open;   /* top-down: reachable through unlocked links */
    uint8_t *useful; /* top-down: earning it now moves an unfinished parent */
    uint32_t *next;
    uint32_t *toff; /* per badge: offsets into times (n_badges + 1) */
    int64_t *times; /* valid award times, grouped by badge, ascending */
    int64_t *all;   /* sorted distinct valid times (window candidates) */
    size_t times_cap, n_all;
    struct memo_slot *memo;
    uint32_t gen;
};

/* The state of one evaluation (compile-time graph + person's times). */
struct ev {
    const struct bl_pathway *pw;
    struct bl_pathway_ws *ws;
};

static enum bl_err compile_steps(const json_t *def, struct bl_pathway *pw, struct bl_errinfo *ei);
static int64_t rec(struct ev *ev, uint32_t s, int64_t lo, int64_t hi);
static int64_t group_core(struct ev *ev, uint32_t s, int64_t lo, int64_t hi);
static int64_t group_eval(struct ev *ev, uint32_t s, int64_t lo, int64_t hi);

enum bl_err bl_pathway_parse(const char *text, size_t n, struct bl_pathway **out,
                             struct bl_errinfo *ei)
{
    json_t *def = NULL;
    enum bl_err rc;

    *out = NULL;
    rc = bl_json_parse(text, n, BL_PATHWAY_JSON_MAX, BL_PATHWAY_JSON_DEPTH, &def, ei);
    if (rc != BL_OK)
        return rc;
    rc = bl_pathway_compile(def, out, ei);
    json_decref(def);
    return rc;
}

enum bl_err bl_pathway_compile(const json_t *def, struct bl_pathway **out, struct bl_errinfo *ei)
{
    struct bl_pathway *pw = bl_calloc(1, sizeof(*pw));
    enum bl_err rc = compile_steps(def, pw, ei);

    if (rc != BL_OK) {
        bl_pathway_free(pw);
        pw = NULL;
    }
    *out = pw;
    return rc;
}

void bl_pathway_free(struct bl_pathway *pw)
{
    if (!pw)
        return;
    for (uint32_t i = 0; i < pw->n_steps; i++) {
        bl_free(pw->steps[i].id);
        bl_free(pw->steps[i].title);
        bl_free(pw->steps[i].badge);
        bl_free(pw->steps[i].child);
    }
    bl_free(pw->steps);
    bl_free(pw->badges);
    bl_free(pw->parents_ix);
    bl_free(pw->parents_off);
    bl_free(pw);
}

void bl_pathway_bind(struct bl_pathway *pw, uint32_t ix, int64_t key)
{
    if (ix < pw->n_badges)
        pw->badges[ix].key = key;
}

long bl_pathway_find(const struct bl_pathway *pw, const char *id)
{
    for (uint32_t i = 0; i < pw->n_steps; i++)
        if (strcmp(pw->steps[i].id, id) == 0)
            return (long)i;
    return -1;
}

json_t *bl_pathway_to_json(const struct bl_pathway *pw)
{
    json_t *steps = json_array();

    for (uint32_t i = 0; i < pw->n_steps; i++) {
        const struct bl_pathway_step *st = &pw->steps[i];
        json_t *o = json_object();

        json_object_set_new(o, "id", json_string(st->id));
        if (st->title)
            json_object_set_new(o, "title", json_string(st->title));
        if (st->kind == BL_PATHWAY_BADGE) {
            json_object_set_new(o, "badge", json_string(st->badge));
        } else {
            json_t *ch = json_array();
            for (uint32_t j = 0; j < st->n; j++)
                json_array_append_new(ch, json_string(pw->steps[st->child[j]].id));
            json_object_set_new(o, "steps", ch);
            json_object_set_new(o, "need", json_integer(st->k));
            if (st->ordered)
                json_object_set_new(o, "ordered", json_true());
            if (st->window)
                json_object_set_new(o, "window", json_integer(st->window));
        }
        json_array_append_new(steps, o);
    }
    return json_pack("{s:i, s:s, s:o}", "version", 1, "root", pw->steps[pw->root].id, "steps",
                     steps);
}

struct bl_pathway_ws *bl_pathway_ws_new(uint32_t max_steps)
{
    struct bl_pathway_ws *ws = bl_calloc(1, sizeof(*ws));

    ws->cap = max_steps;
    ws->state = bl_calloc(max_steps, sizeof(*ws->state));
    ws->e0 = bl_calloc(max_steps, sizeof(*ws->e0));
    ws->prog = bl_calloc(max_steps, sizeof(*ws->prog));
    ws->open = bl_calloc(max_steps, 1);
    ws->useful = bl_calloc(max_steps, 1);
    ws->next = bl_calloc(max_steps, sizeof(*ws->next));
    ws->toff = bl_calloc((size_t)max_steps + 1, sizeof(*ws->toff));
    ws->times_cap = 64;
    ws->times = bl_calloc(ws->times_cap, sizeof(*ws->times));
    ws->all = bl_calloc(ws->times_cap, sizeof(*ws->all));
    ws->memo = bl_calloc(MEMO_SLOTS, sizeof(*ws->memo));
    return ws;
}

void bl_pathway_ws_free(struct bl_pathway_ws *ws)
{
    if (!ws)
        return;
    bl_free(ws->state);
    bl_free(ws->e0);
    bl_free(ws->prog);
    bl_free(ws->open);
    bl_free(ws->useful);
    bl_free(ws->next);
    bl_free(ws->toff);
    bl_free(ws->times);
    bl_free(ws->all);
    bl_free(ws->memo);
    bl_free(ws);
}

static int award_cmp(const void *a, const void *b)
{
    const struct bl_pathway_award *x = a, *y = b;

    if (x->badge != y->badge)
        return x->badge < y->badge ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

void bl_pathway_sort_awards(struct bl_pathway_award *aw, size_t n)
{
    if (n > 1) /* aw may be NULL when n is 0 */
        qsort(aw, n, sizeof(*aw), award_cmp);
}

static int time_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* First index of aw[0..n) whose badge is >= key. */
static size_t lower_badge(const struct bl_pathway_award *aw, size_t n, int64_t key)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (aw[mid].badge < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Gather each badge's valid award times into ws->times (and ws->all if windows). */
static void gather(const struct bl_pathway *pw, const struct bl_pathway_award *aw, size_t n,
                   struct bl_pathway_ws *ws, bool want_all)
{
    size_t used = 0;

    for (uint32_t b = 0; b < pw->n_badges; b++) {
        int64_t key = pw->badges[b].key;
        ws->toff[b] = (uint32_t)used;
        for (size_t i = lower_badge(aw, n, key); i < n && aw[i].badge == key; i++) {
            if (aw[i].invalid)
                continue;
            if (used == ws->times_cap) {
                ws->times_cap *= 2;
                ws->times = bl_realloc(ws->times, ws->times_cap * sizeof(*ws->times));
                ws->all = bl_realloc(ws->all, ws->times_cap * sizeof(*ws->all));
            }
            ws->times[used++] = aw[i].at;
        }
    }
    ws->toff[pw->n_badges] = (uint32_t)used;
    ws->n_all = 0;
    if (!want_all || used == 0)
        return;
    memcpy(ws->all, ws->times, used * sizeof(*ws->all));
    qsort(ws->all, used, sizeof(*ws->all), time_cmp);
    size_t m = 1;
    for (size_t i = 1; i < used; i++)
        if (ws->all[i] != ws->all[m - 1])
            ws->all[m++] = ws->all[i];
    ws->n_all = m;
}

/* The k-th smallest (1-based) of v[0..n), NEVER counting as largest. */
static int64_t kth_smallest(int64_t *v, uint32_t n, uint32_t k)
{
    if (k == 1) {
        int64_t m = NEVER;
        for (uint32_t i = 0; i < n; i++)
            if (v[i] < m)
                m = v[i];
        return m;
    }
    if (k == n) {
        int64_t m = MINTIME;
        for (uint32_t i = 0; i < n; i++)
            if (v[i] > m)
                m = v[i];
        return m;
    }
    /* Partial insertion sort of the k smallest; n <= BL_PATHWAY_MAX_CHILDREN. */
    for (uint32_t i = 1; i < n; i++) {
        int64_t x = v[i];
        uint32_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    return v[k - 1];
}

static int64_t badge_earliest(struct ev *ev, uint32_t s, int64_t lo, int64_t hi)
{
    const struct bl_pathway_ws *ws = ev->ws;
    uint32_t b = ev->pw->steps[s].badge_ix;
    uint32_t i = ws->toff[b], end = ws->toff[b + 1];

    while (i < end && ws->times[i] < lo)
        i++;
    return i < end && ws->times[i] <= hi ? ws->times[i] : NEVER;
}

/*
 * E(s, lo, hi): the earliest time at which step s is complete counting only
 * awards issued within [lo, hi]; NEVER when it cannot be.  E only grows when
 * the interval shrinks, so a step that is never complete over all time
 * (e0 == NEVER) is never complete in any interval.
 */
static int64_t rec(struct ev *ev, uint32_t s, int64_t lo, int64_t hi)
{
    const struct bl_pathway_step *st = &ev->pw->steps[s];
    struct bl_pathway_ws *ws = ev->ws;

    if (ws->e0[s] == NEVER)
        return NEVER;
    if (lo == MINTIME && hi == NEVER)
        return ws->e0[s];
    if (st->kind == BL_PATHWAY_BADGE)
        return badge_earliest(ev, s, lo, hi);

    uint64_t h = ((uint64_t)s * 0x9E3779B97F4A7C15u) ^ ((uint64_t)lo * 0xC2B2AE3D27D4EB4Fu) ^
                 ((uint64_t)hi * 0x165667B19E3779F9u);
    h ^= h >> 29;
    for (uint32_t p = 0; p < MEMO_PROBE; p++) {
        struct memo_slot *m = &ws->memo[(h + p) & (MEMO_SLOTS - 1)];
        if (m->gen == ws->gen && m->step == s && m->lo == lo && m->hi == hi)
            return m->val;
    }
    int64_t best = group_eval(ev, s, lo, hi);
    for (uint32_t p = 0; p < MEMO_PROBE; p++) {
        struct memo_slot *m = &ws->memo[(h + p) & (MEMO_SLOTS - 1)];
        if (m->gen != ws->gen) {
            *m = (struct memo_slot){.gen = ws->gen, .step = s, .lo = lo, .hi = hi, .val = best};
            break;
        }
    }
    return best;
}

/* A group's E(s, lo, hi), its window included. */
static int64_t group_eval(struct ev *ev, uint32_t s, int64_t lo, int64_t hi)
{
    const struct bl_pathway_step *st = &ev->pw->steps[s];
    const struct bl_pathway_ws *ws = ev->ws;
    int64_t best;

    if (st->window == 0) {
        best = group_core(ev, s, lo, hi);
    } else {
        /*
         * The window may start anywhere; only starts at lo or at an award
         * time change which awards fall inside [a, a + W], so those are the
         * candidates.  Completion is never before the window start: stop once
         * the start passes the best completion found.
         */
        best = NEVER;
        if (lo != MINTIME) {
            int64_t whi = lo > NEVER - st->window ? NEVER : lo + st->window;
            best = group_core(ev, s, lo, whi < hi ? whi : hi);
        }
        for (size_t i = 0; i < ws->n_all; i++) {
            int64_t a = ws->all[i];
            if (a <= lo && lo != MINTIME)
                continue;
            if (a > hi || a >= best)
                break;
            int64_t whi = a > NEVER - st->window ? NEVER : a + st->window;
            int64_t t = group_core(ev, s, a, whi < hi ? whi : hi);
            if (t < best)
                best = t;
        }
    }
    return best;
}

/* A group's completion in [lo, hi] without its own window. */
static int64_t group_core(struct ev *ev, uint32_t s, int64_t lo, int64_t hi)
{
    const struct bl_pathway_step *st = &ev->pw->steps[s];
    int64_t v[BL_PATHWAY_MAX_CHILDREN + 1];

    if (!st->ordered) {
        for (uint32_t j = 0; j < st->n; j++)
            v[j] = rec(ev, st->child[j], lo, hi);
        return kth_smallest(v, st->n, st->k);
    }
    /*
     * Ordered: v[m] is the earliest time at which m children, in list order,
     * each at or after the previous one's completion, are complete.  Since E
     * grows with lo, keeping only the earliest time per count is optimal.
     */
    v[0] = lo;
    for (uint32_t m = 1; m <= st->k; m++)
        v[m] = NEVER;
    for (uint32_t j = 0; j < st->n; j++) {
        uint32_t top = j + 1 < st->k ? j + 1 : st->k;
        for (uint32_t m = top; m >= 1; m--) {
            if (v[m - 1] == NEVER)
                continue;
            int64_t t = rec(ev, st->child[j], v[m - 1], hi);
            if (t < v[m])
                v[m] = t;
        }
    }
    return v[st->k];
}

/* Progress of a group that is not complete: see pathway.md, "Progress". */
static double group_progress(const struct bl_pathway *pw, const double *prog, uint32_t s)
{
    const struct bl_pathway_step *st = &pw->steps[s];
    double v[BL_PATHWAY_MAX_CHILDREN], sum = 0;

    for (uint32_t j = 0; j < st->n; j++)
        v[j] = prog[st->child[j]];
    if (st->k < st->n) {
        for (uint32_t i = 1; i < st->n; i++) {
            double x = v[i];
            uint32_t j = i;
            while (j > 0 && v[j - 1] < x) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
    }
    for (uint32_t j = 0; j < st->k; j++)
        sum += v[j];
    double p = sum / st->k, cap = 1.0 - 1.0 / (2.0 * st->k);
    return p > cap ? cap : p;
}

/*
 * For an ordered group: unlocked[j] tells whether child j can still lead to
 * completion if earned now: the longest in-order chain among the children
 * before it, plus it, plus every child after it reaches k.
 */
static void ordered_unlocked(struct ev *ev, uint32_t s, uint8_t *unlocked)
{
    const struct bl_pathway_step *st = &ev->pw->steps[s];
    int64_t v[BL_PATHWAY_MAX_CHILDREN + 1];
    uint32_t chain = 0;

    v[0] = MINTIME;
    for (uint32_t m = 1; m <= st->n; m++)
        v[m] = NEVER;
    for (uint32_t j = 0; j < st->n; j++) {
        unlocked[j] = chain + 1 + (st->n - 1 - j) >= st->k;
        for (uint32_t m = j + 1; m >= 1; m--) {
            if (v[m - 1] == NEVER)
                continue;
            int64_t t = rec(ev, st->child[j], v[m - 1], NEVER);
            if (t < v[m])
                v[m] = t;
        }
        while (chain < st->n && v[chain + 1] != NEVER)
            chain++;
    }
}

enum bl_err bl_pathway_eval(const struct bl_pathway *pw, const struct bl_pathway_award *aw,
                            size_t n, struct bl_pathway_ws *ws, struct bl_pathway_result *res,
                            struct bl_errinfo *ei)
{
    struct ev ev = {.pw = pw, .ws = ws};

    if (pw->n_steps > ws->cap)
        return bl_fail(ei, BL_EINVAL, "pathway of %u steps, workspace for %u", pw->n_steps,
                       ws->cap);
    if (n > BL_PATHWAY_MAX_AWARDS)
        return bl_fail(ei, BL_ETOOBIG, "%zu awards, at most %u", n, BL_PATHWAY_MAX_AWARDS);
    for (size_t i = 1; i < n; i++)
        if (award_cmp(&aw[i - 1], &aw[i]) > 0)
            return bl_fail(ei, BL_EINVAL, "awards not sorted by (badge, time) at %zu", i);
    gather(pw, aw, n, ws, pw->windows);
    if (++ws->gen == 0) {
        memset(ws->memo, 0, MEMO_SLOTS * sizeof(*ws->memo));
        ws->gen = 1;
    }

    /* Bottom-up: children come before parents in steps[]. */
    for (uint32_t s = 0; s < pw->n_steps; s++) {
        const struct bl_pathway_step *st = &pw->steps[s];
        if (st->kind == BL_PATHWAY_BADGE) {
            uint32_t b = st->badge_ix;
            ws->e0[s] = ws->toff[b] < ws->toff[b + 1] ? ws->times[ws->toff[b]] : NEVER;
            ws->prog[s] = ws->e0[s] != NEVER ? 1.0 : 0.0;
            continue;
        }
        if (!st->ordered && st->window == 0) {
            int64_t v[BL_PATHWAY_MAX_CHILDREN];
            for (uint32_t j = 0; j < st->n; j++)
                v[j] = ws->e0[st->child[j]];
            ws->e0[s] = kth_smallest(v, st->n, st->k);
        } else {
            ws->e0[s] = group_eval(&ev, s, MINTIME, NEVER);
        }
        ws->prog[s] = ws->e0[s] != NEVER ? 1.0 : group_progress(pw, ws->prog, s);
    }

    /* Top-down (root is last): open = reachable through unlocked links. */
    memset(ws->open, 0, pw->n_steps);
    memset(ws->useful, 0, pw->n_steps);
    ws->open[pw->root] = 1;
    ws->useful[pw->root] = ws->e0[pw->root] == NEVER;
    for (uint32_t s = pw->n_steps; s-- > 0;) {
        const struct bl_pathway_step *st = &pw->steps[s];
        uint8_t unl[BL_PATHWAY_MAX_CHILDREN];
        if (st->kind != BL_PATHWAY_GROUP || !ws->open[s])
            continue;
        if (st->ordered)
            ordered_unlocked(&ev, s, unl);
        else
            memset(unl, 1, st->n);
        for (uint32_t j = 0; j < st->n; j++) {
            uint32_t c = st->child[j];
            if (!unl[j])
                continue;
            ws->open[c] = 1;
            if (ws->useful[s] && ws->e0[c] == NEVER)
                ws->useful[c] = 1;
        }
    }
    res->n_next = 0;
    for (uint32_t s = 0; s < pw->n_steps; s++) {
        ws->state[s] = ws->e0[s] != NEVER ? BL_PATHWAY_DONE
                       : ws->open[s]      ? BL_PATHWAY_AVAILABLE
                                          : BL_PATHWAY_LOCKED;
        if (pw->steps[s].kind == BL_PATHWAY_BADGE && ws->useful[s])
            ws->next[res->n_next++] = s;
    }
    res->complete = ws->e0[pw->root] != NEVER;
    res->completed_at = ws->e0[pw->root];
    res->progress = ws->prog[pw->root];
    res->state = ws->state;
    res->done_at = ws->e0;
    res->next = ws->next;
    return BL_OK;
}

/* ---- compilation ---- */

/* jansson's iteration macro wants a mutable object; we only read. */
static json_t *mut(const json_t *j)
{
    union {
        const json_t *c;
        json_t *m;
    } u;

    u.c = j;
    return u.m;
}

static bool id_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > BL_PATHWAY_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':'))
            return false;
    }
    return true;
}

/* Raw steps as read from JSON, before ordering. */
struct raw {
    const json_t *obj;
    const char *id;
    json_t *children; /* NULL for a badge step */
    uint32_t *ch;     /* resolved raw indexes */
    uint8_t color;    /* DFS: 0 white, 1 on stack, 2 done */
    uint32_t depth;
    uint32_t topo;
};

struct cctx {
    struct raw *r;
    uint32_t n;
    uint32_t *order; /* raw indexes in post-order */
    uint32_t n_order;
    struct bl_errinfo *ei;
};

static enum bl_err read_step(const json_t *o, uint32_t i, struct raw *r, struct bl_errinfo *ei)
{
    const char *key;
    json_t *val;
    const char *title = NULL;

    if (!json_is_object(o))
        return bl_fail(ei, BL_EINVAL, "steps[%u]: expected an object", i);
    r->obj = o;
    r->id = bl_json_str(o, "id");
    if (!r->id || !id_ok(r->id))
        return bl_fail(ei, BL_EINVAL,
                       "steps[%u]: \"id\" must be 1 to %u letters, digits or - _ . :", i,
                       BL_PATHWAY_ID_MAX);
    json_object_foreach(mut(o), key, val)
    {
        if (strcmp(key, "id") && strcmp(key, "title") && strcmp(key, "badge") &&
            strcmp(key, "steps") && strcmp(key, "need") && strcmp(key, "ordered") &&
            strcmp(key, "window"))
            return bl_fail(ei, BL_EINVAL, "step \"%s\": unknown field \"%.40s\"", r->id, key);
    }
    val = json_object_get(o, "title");
    if (val) {
        title = json_string_value(val);
        if (!title || strlen(title) > BL_PATHWAY_TITLE_MAX)
            return bl_fail(ei, BL_EINVAL,
                           "step \"%s\": \"title\" must be a string of at most %u bytes", r->id,
                           BL_PATHWAY_TITLE_MAX);
    }
    json_t *badge = json_object_get(o, "badge");
    json_t *steps = json_object_get(o, "steps");
    if ((badge != NULL) == (steps != NULL))
        return bl_fail(ei, BL_EINVAL, "step \"%s\": needs exactly one of \"badge\" or \"steps\"",
                       r->id);
    if (badge) {
        const char *b = json_string_value(badge);
        if (!b || !*b || strlen(b) > BL_PATHWAY_REF_MAX)
            return bl_fail(ei, BL_EINVAL,
                           "step \"%s\": \"badge\" must be a non-empty string of at most %u bytes",
                           r->id, BL_PATHWAY_REF_MAX);
        if (json_object_get(o, "need") || json_object_get(o, "ordered") ||
            json_object_get(o, "window"))
            return bl_fail(ei, BL_EINVAL,
                           "step \"%s\": \"need\", \"ordered\" and \"window\" belong to groups",
                           r->id);
        return BL_OK;
    }
    if (!json_is_array(steps) || json_array_size(steps) == 0)
        return bl_fail(ei, BL_EINVAL, "step \"%s\": \"steps\" must be a non-empty array of ids",
                       r->id);
    if (json_array_size(steps) > BL_PATHWAY_MAX_CHILDREN)
        return bl_fail(ei, BL_ETOOBIG, "step \"%s\": %zu children, at most %u", r->id,
                       json_array_size(steps), BL_PATHWAY_MAX_CHILDREN);
    r->children = steps;
    val = json_object_get(o, "need");
    if (val) {
        json_int_t k = json_integer_value(val);
        if (!json_is_integer(val) || k < 1 || (size_t)k > json_array_size(steps))
            return bl_fail(ei, BL_EINVAL, "step \"%s\": \"need\" must be between 1 and %zu", r->id,
                           json_array_size(steps));
    }
    val = json_object_get(o, "ordered");
    if (val && !json_is_boolean(val))
        return bl_fail(ei, BL_EINVAL, "step \"%s\": \"ordered\" must be true or false", r->id);
    val = json_object_get(o, "window");
    if (val) {
        json_int_t w = json_integer_value(val);
        if (!json_is_integer(val) || w < 0 || w > BL_PATHWAY_WINDOW_MAX)
            return bl_fail(ei, BL_EINVAL, "step \"%s\": \"window\" must be 0 to %lld seconds",
                           r->id, (long long)BL_PATHWAY_WINDOW_MAX);
    }
    return BL_OK;
}

/* Depth-first from raw step i: cycle check, depth, post-order. */
static enum bl_err visit(struct cctx *c, uint32_t i)
{
    struct raw *r = &c->r[i];
    uint32_t depth = 0;

    if (r->color == 2)
        return BL_OK;
    if (r->color == 1)
        return bl_fail(c->ei, BL_EINVAL, "step \"%s\" is part of a cycle", r->id);
    r->color = 1;
    if (r->children) {
        for (size_t j = 0; j < json_array_size(r->children); j++) {
            enum bl_err rc = visit(c, r->ch[j]);
            if (rc != BL_OK)
                return rc;
            if (c->r[r->ch[j]].depth + 1 > depth)
                depth = c->r[r->ch[j]].depth + 1;
        }
    }
    if (depth > BL_PATHWAY_MAX_DEPTH)
        return bl_fail(c->ei, BL_ETOOBIG, "step \"%s\": nested deeper than %u levels", r->id,
                       BL_PATHWAY_MAX_DEPTH);
    r->depth = depth;
    r->color = 2;
    r->topo = c->n_order;
    c->order[c->n_order++] = i;
    return BL_OK;
}

static enum bl_err compile_steps(const json_t *def, struct bl_pathway *pw, struct bl_errinfo *ei)
{
    enum bl_err rc = BL_OK;
    struct cctx c = {.ei = ei};
    json_t *ids = json_object(), *badges = json_object();
    json_t *steps, *val;
    const char *key, *root_id;
    uint32_t root;

    if (!json_is_object(def)) {
        rc = bl_fail(ei, BL_EINVAL, "a pathway definition is a JSON object");
        goto out;
    }
    json_object_foreach(mut(def), key, val)
    {
        if (strcmp(key, "version") && strcmp(key, "root") && strcmp(key, "steps")) {
            rc = bl_fail(ei, BL_EINVAL, "pathway: unknown field \"%.40s\"", key);
            goto out;
        }
    }
    val = json_object_get(def, "version");
    if (val && (!json_is_integer(val) || json_integer_value(val) != 1)) {
        rc = bl_fail(ei, BL_EUNSUPPORTED, "pathway: \"version\" must be 1");
        goto out;
    }
    steps = json_object_get(def, "steps");
    root_id = bl_json_str(def, "root");
    if (!json_is_array(steps) || json_array_size(steps) == 0 || !root_id) {
        rc = bl_fail(ei, BL_EINVAL,
                     "pathway: \"root\" (a step id) and \"steps\" (a non-empty "
                     "array) are required");
        goto out;
    }
    if (json_array_size(steps) > BL_PATHWAY_MAX_STEPS) {
        rc = bl_fail(ei, BL_ETOOBIG, "pathway: %zu steps, at most %u", json_array_size(steps),
                     BL_PATHWAY_MAX_STEPS);
        goto out;
    }
    c.n = (uint32_t)json_array_size(steps);
    c.r = bl_calloc(c.n, sizeof(*c.r));
    c.order = bl_calloc(c.n, sizeof(*c.order));
    for (uint32_t i = 0; i < c.n; i++) {
        rc = read_step(json_array_get(steps, i), i, &c.r[i], ei);
        if (rc != BL_OK)
            goto out;
        if (json_object_get(ids, c.r[i].id)) {
            rc = bl_fail(ei, BL_EINVAL, "step \"%s\" is defined twice", c.r[i].id);
            goto out;
        }
        json_object_set_new(ids, c.r[i].id, json_integer(i));
        const char *b = bl_json_str(c.r[i].obj, "badge");
        if (b) {
            json_t *prev = json_object_get(badges, b);
            if (prev) {
                rc = bl_fail(ei, BL_EINVAL, "steps \"%s\" and \"%s\" name the same badge",
                             c.r[json_integer_value(prev)].id, c.r[i].id);
                goto out;
            }
            json_object_set_new(badges, b, json_integer(i));
        }
    }
    /* Resolve children now that every id is known. */
    for (uint32_t i = 0; i < c.n; i++) {
        struct raw *r = &c.r[i];
        if (!r->children)
            continue;
        size_t nch = json_array_size(r->children);
        r->ch = bl_calloc(nch, sizeof(*r->ch));
        for (size_t j = 0; j < nch; j++) {
            const char *cid = json_string_value(json_array_get(r->children, j));
            json_t *ix = cid ? json_object_get(ids, cid) : NULL;
            if (!ix) {
                rc = bl_fail(ei, BL_EINVAL, "step \"%s\": child %zu is not a known step id", r->id,
                             j + 1);
                goto out;
            }
            r->ch[j] = (uint32_t)json_integer_value(ix);
            for (size_t p = 0; p < j; p++)
                if (r->ch[p] == r->ch[j]) {
                    rc = bl_fail(ei, BL_EINVAL, "step \"%s\": child \"%s\" listed twice", r->id,
                                 cid);
                    goto out;
                }
        }
    }
    val = json_object_get(ids, root_id);
    if (!val) {
        rc = bl_fail(ei, BL_EINVAL, "pathway: root \"%.64s\" is not a step", root_id);
        goto out;
    }
    root = (uint32_t)json_integer_value(val);
    rc = visit(&c, root);
    if (rc != BL_OK)
        goto out;
    if (c.n_order != c.n) {
        for (uint32_t i = 0; i < c.n; i++)
            if (c.r[i].color != 2) {
                rc = bl_fail(ei, BL_EINVAL, "step \"%s\" is not reachable from the root \"%s\"",
                             c.r[i].id, root_id);
                goto out;
            }
    }

    /* Flatten in post-order: children first, root last. */
    pw->n_steps = c.n;
    pw->root = c.n - 1;
    pw->steps = bl_calloc(c.n, sizeof(*pw->steps));
    pw->badges = bl_calloc(c.n, sizeof(*pw->badges));
    pw->simple = true;
    uint32_t *npar = bl_calloc((size_t)c.n + 1, sizeof(*npar));
    size_t total_ch = 0;
    for (uint32_t t = 0; t < c.n; t++) {
        struct raw *r = &c.r[c.order[t]];
        struct bl_pathway_step *st = &pw->steps[t];
        const char *title = bl_json_str(r->obj, "title");
        st->id = bl_strdup(r->id);
        st->title = title ? bl_strdup(title) : NULL;
        st->depth = r->depth;
        if (!r->children) {
            st->kind = BL_PATHWAY_BADGE;
            st->badge = bl_strdup(bl_json_str(r->obj, "badge"));
            st->badge_ix = pw->n_badges;
            pw->badges[pw->n_badges++] = (struct bl_pathway_badge){.ref = st->badge};
            continue;
        }
        st->kind = BL_PATHWAY_GROUP;
        st->n = (uint32_t)json_array_size(r->children);
        json_t *need = json_object_get(r->obj, "need");
        st->k = need ? (uint32_t)json_integer_value(need) : st->n;
        st->ordered = json_is_true(json_object_get(r->obj, "ordered"));
        st->window = json_integer_value(json_object_get(r->obj, "window"));
        if (st->ordered || st->window)
            pw->simple = false;
        if (st->window)
            pw->windows = true;
        st->child = bl_calloc(st->n, sizeof(*st->child));
        for (uint32_t j = 0; j < st->n; j++) {
            st->child[j] = c.r[r->ch[j]].topo;
            npar[st->child[j]]++;
        }
        total_ch += st->n;
    }
    /* Parents, for callers that walk upwards (pages, next-step hints). */
    pw->parents_off = bl_calloc((size_t)c.n + 1, sizeof(*pw->parents_off));
    pw->parents_ix = bl_calloc(total_ch ? total_ch : 1, sizeof(*pw->parents_ix));
    for (uint32_t s = 0; s < c.n; s++)
        pw->parents_off[s + 1] = pw->parents_off[s] + npar[s];
    memset(npar, 0, ((size_t)c.n + 1) * sizeof(*npar));
    for (uint32_t s = 0; s < c.n; s++)
        for (uint32_t j = 0; j < pw->steps[s].n; j++) {
            uint32_t ch = pw->steps[s].child[j];
            pw->parents_ix[pw->parents_off[ch] + npar[ch]++] = s;
        }
    bl_free(npar);

out:
    if (c.r)
        for (uint32_t i = 0; i < c.n; i++)
            bl_free(c.r[i].ch);
    bl_free(c.r);
    bl_free(c.order);
    json_decref(ids);
    json_decref(badges);
    return rc;
}
