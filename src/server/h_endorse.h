/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_endorse.h: the endorsement pages of the issuer space (h_endorse.c).
 */
#ifndef BL_SERVER_H_ENDORSE_H
#define BL_SERVER_H_ENDORSE_H

#include "http.h"

enum bl_err h_endorse_org_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorse_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorse_accept_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorse_decline_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorse_withdraw_post(struct bl_req *req, struct bl_resp *resp,
                                    struct bl_errinfo *ei);
enum bl_err h_endorse_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorse_ask_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_recommend_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_recommend_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_recommend_invite_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_recommend_invite_post(struct bl_req *req, struct bl_resp *resp,
                                    struct bl_errinfo *ei);

#endif
