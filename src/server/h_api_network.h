/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_api_network.h: the network and its opportunities in the JSON API (h_api_network.c). */
#ifndef BL_H_API_NETWORK_H
#define BL_H_API_NETWORK_H

#include "router.h"

enum bl_err h_api_opps_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_opps_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_opp_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_opp_update(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_opp_applications_get(struct bl_req *req, struct bl_resp *resp,
                                       struct bl_errinfo *ei);
enum bl_err h_api_app_answer(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_app_outcome(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_needs_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_partners_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
