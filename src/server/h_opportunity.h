/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_opportunity.h: the opportunity pages of the issuer space
 * (h_opportunity.c) and of the young person's backpack (h_sac_opps.c), and
 * the French words both show.
 */
#ifndef BL_H_OPPORTUNITY_H
#define BL_H_OPPORTUNITY_H

#include "core/arena.h"
#include "router.h"

enum bl_err h_opps_list_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_detail_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_answer_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_opp_outcome_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* h_sac_opps.c: the young person's side, behind the backpack session. */
enum bl_err h_sac_opps_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_opp_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_opp_apply_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_app_withdraw_post(struct bl_req *req, struct bl_resp *resp,
                                    struct bl_errinfo *ei);

/* French words: "Entretien proposé", "Embauché·e", "Immersion en entreprise", "JJ/MM/AAAA". */
const char *bl_opp_status_fr(const char *status);
const char *bl_opp_outcome_fr(const char *outcome);
const char *bl_opp_kind_fr(const char *kind);
const char *bl_opp_day_fr(struct bl_arena *a, const char *day);

#endif
