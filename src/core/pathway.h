/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * pathway.h: the pathway engine.  A pathway is a directed acyclic graph of
 * steps: a badge step is earned with one badge class; a group step is
 * complete when k of its n children are ("any k of n"), optionally in list
 * order and optionally within a time window.  A definition (JSON) is
 * compiled once into a flat, validated form; evaluation then takes one
 * person's awards and says whether the pathway is complete, when, the state
 * of every step, the next steps and a progress fraction.  The exact rules
 * are in docs/internals/pathway.md; pure code, no I/O, no clock.
 */
#ifndef BL_PATHWAY_H
#define BL_PATHWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"

/* Most steps in one pathway (badge and group steps together). */
#define BL_PATHWAY_MAX_STEPS 1024u
/* Most children of one group. */
#define BL_PATHWAY_MAX_CHILDREN 64u
/* Longest chain root -> ... -> badge step (bounds the evaluator's recursion). */
#define BL_PATHWAY_MAX_DEPTH 32u
/* Longest step id and badge reference; longest title. */
#define BL_PATHWAY_ID_MAX    64u
#define BL_PATHWAY_REF_MAX   200u
#define BL_PATHWAY_TITLE_MAX 200u
/* Largest definition text, and its JSON nesting. */
#define BL_PATHWAY_JSON_MAX   (256u * 1024)
#define BL_PATHWAY_JSON_DEPTH 8u
/* Longest window: ten years, in seconds. */
#define BL_PATHWAY_WINDOW_MAX (10LL * 366 * 86400)
/* Most awards one evaluation looks at (the rest of a person's awards are refused). */
#define BL_PATHWAY_MAX_AWARDS 4096u

/* "Never": the completion time of a step that is not complete. */
#define BL_PATHWAY_NEVER INT64_MAX

enum bl_pathway_kind { BL_PATHWAY_BADGE = 0, BL_PATHWAY_GROUP = 1 };

enum bl_pathway_state {
    BL_PATHWAY_LOCKED = 0,    /* cannot help yet: its ordered predecessors are missing */
    BL_PATHWAY_AVAILABLE = 1, /* not done, earning it now would count */
    BL_PATHWAY_DONE = 2       /* complete on its own rules */
};

/* One compiled step.  Children are indexes into bl_pathway.steps. */
struct bl_pathway_step {
    enum bl_pathway_kind kind;
    char *id;          /* the author's step id, unique in the pathway */
    char *title;       /* optional display title, NULL when none */
    char *badge;       /* badge steps: the badge class reference (uid) */
    uint32_t badge_ix; /* badge steps: index into bl_pathway.badges */
    uint32_t k;        /* groups: how many children must be complete */
    uint32_t n;        /* groups: number of children */
    uint32_t *child;   /* groups: n step indexes */
    bool ordered;      /* groups: children count only in list order */
    int64_t window;    /* groups: 0, or the window in seconds */
    uint32_t depth;    /* longest path from this step down to a badge step */
};

/* The distinct badge classes of a pathway, in first-use order. */
struct bl_pathway_badge {
    const char *ref; /* borrowed from the step that names it */
    int64_t key;     /* caller's key for the class (bl_pathway_bind), 0 = unbound */
};

/*
 * A compiled pathway.  steps[] is in topological order: every child comes
 * before its parents, the root is last.  Immutable after bl_pathway_bind,
 * so one compiled pathway may be evaluated by several threads at once.
 */
struct bl_pathway {
    struct bl_pathway_step *steps;
    uint32_t n_steps;
    uint32_t root;
    struct bl_pathway_badge *badges;
    uint32_t n_badges;
    bool simple;          /* no ordered group and no window anywhere: one pass evaluates */
    bool windows;         /* some group has a window */
    uint32_t *parents_ix; /* parents of step s: parents[parents_off[s] .. parents_off[s+1]) */
    uint32_t *parents_off;
};

/* One award of a person, as the evaluator sees it. */
struct bl_pathway_award {
    int64_t badge; /* the caller's key of the badge class */
    int64_t at;    /* issued at, unix seconds */
    bool invalid;  /* revoked or expired: never counts */
};

/* The result of one evaluation; arrays are owned by the workspace. */
struct bl_pathway_result {
    bool complete;
    int64_t completed_at;         /* BL_PATHWAY_NEVER when not complete */
    double progress;              /* 0 .. 1, 1 exactly when complete */
    enum bl_pathway_state *state; /* per step, n_steps entries */
    int64_t *done_at;             /* per step, BL_PATHWAY_NEVER when not done */
    uint32_t *next;               /* badge steps to earn next (step indexes) */
    uint32_t n_next;
};

/* Reusable scratch memory for evaluations; one per thread. */
struct bl_pathway_ws;

/*
 * Compile the definition def (a JSON object, see docs/internals/pathway.md)
 * into *out (caller owns, free with bl_pathway_free).  Checks: every field's
 * type and size, unique step ids, children that exist, 1 <= k <= n, no
 * cycle, every step reachable from the root, depth and size limits.
 * BL_EINVAL or BL_ETOOBIG with a message naming the step.
 */
enum bl_err bl_pathway_compile(const json_t *def, struct bl_pathway **out,
                               struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Parse the JSON text text[0..n) and compile it (bl_pathway_compile). */
enum bl_err bl_pathway_parse(const char *text, size_t n, struct bl_pathway **out,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/* The canonical JSON definition of pw (a new reference the caller owns). */
json_t *bl_pathway_to_json(const struct bl_pathway *pw);

/* Set the caller's key of badge class ix (awards carry this key). */
void bl_pathway_bind(struct bl_pathway *pw, uint32_t ix, int64_t key);

/* Index of the step with id, or -1. */
long bl_pathway_find(const struct bl_pathway *pw, const char *id);

void bl_pathway_free(struct bl_pathway *pw);

/* A workspace for pathways of up to max_steps steps (abort on OOM). */
struct bl_pathway_ws *bl_pathway_ws_new(uint32_t max_steps);
void bl_pathway_ws_free(struct bl_pathway_ws *ws);

/*
 * Evaluate pw against one person's awards aw[0..n), which must be sorted by
 * (badge, at) ascending (BL_EINVAL otherwise; BL_ETOOBIG over
 * BL_PATHWAY_MAX_AWARDS).  *res points into ws and is valid until the next
 * evaluation with ws.
 */
enum bl_err bl_pathway_eval(const struct bl_pathway *pw, const struct bl_pathway_award *aw,
                            size_t n, struct bl_pathway_ws *ws, struct bl_pathway_result *res,
                            struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Sort aw[0..n) by (badge, at), as bl_pathway_eval wants it. */
void bl_pathway_sort_awards(struct bl_pathway_award *aw, size_t n);

#endif
