/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_network.h: the stakeholder network's pages (issue 9): partners
 * (h_network.c), competency frameworks (h_framework.c) and the needs
 * board (h_needs.c).  Routes in routes.c; design in docs/internals/network.md.
 */
#ifndef BL_SERVER_H_NETWORK_H
#define BL_SERVER_H_NETWORK_H

#include "http.h"

/* h_network.c */
enum bl_err h_partners_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_partners_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_profile_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_profile_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_partner_public_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* h_framework.c */
enum bl_err h_frameworks_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_frameworks_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_fw_preview_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_fw_preview_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_fw_search_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_fw_public_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_align_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* h_needs.c */
enum bl_err h_needs_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_needs_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_need_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_need_support_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_need_answer_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_need_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_need_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_need_state_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
