/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_api.h: handlers of the JSON API /api/v1 (h_api.c). */
#ifndef BL_H_API_H
#define BL_H_API_H

#include "router.h"

enum bl_err h_api_session_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_session_delete(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_badges_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_badges_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_awards_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_awards_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_award_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_award_revoke(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_audit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
