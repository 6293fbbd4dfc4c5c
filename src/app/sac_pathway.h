/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * sac_pathway.h: the young person's pathways as their backpack shows them
 * (/sac/parcours, docs/internals/pathway.md): for every pathway of an
 * organisation that gave them a badge, which steps are done, which are
 * next, and where to earn them; and the opportunities open to them or one
 * step away.
 */
#ifndef BL_APP_SAC_PATHWAY_H
#define BL_APP_SAC_PATHWAY_H

#include "app/app.h"
#include "app/opportunity.h"

/* Most pathways one backpack page shows. */
#define BL_APP_SAC_PATHWAYS_MAX 50u
/* Most organisations whose pathways are looked at for one holder. */
#define BL_APP_SAC_ORGS_MAX 20u

/* One step of a pathway as the map shows it. */
struct bl_app_sac_step {
    bool group;             /* a group ("any k of n"), else a badge step */
    const char *title;      /* the author's title, else the badge name or the step id */
    const char *badge_uid;  /* badge steps: where to earn it (/badges/{uid}) */
    const char *badge_name; /* badge steps */
    uint32_t k, n;          /* groups */
    bool done, next;        /* next: earning it now moves the pathway */
};

struct bl_app_sac_pathway {
    const char *uid, *name, *description, *org_name;
    int progress_pct; /* 0..100 */
    bool complete, one_step, started;
    bool ended; /* archived by its organisation: shown as it stood then, nothing next */
    struct bl_app_sac_step *steps; /* children first, the root left out */
    size_t n_steps;
};

/*
 * The pathways of the organisations that gave holder_id a badge, most
 * advanced first, and the opportunities open (open) or one step away
 * (one_step) for them.  Everything in arena.
 */
enum bl_err bl_app_sac_pathways(struct bl_app *app, int64_t holder_id, struct bl_arena *arena,
                                struct bl_app_sac_pathway **rows, size_t *n,
                                struct bl_app_opp_match **open, size_t *n_open,
                                struct bl_app_opp_match **one_step, size_t *n_one,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
