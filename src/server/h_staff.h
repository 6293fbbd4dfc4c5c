/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_staff.h: forgotten passwords, invitations and the team page of the
 * issuer space (h_staff.c).
 */
#ifndef BL_SERVER_H_STAFF_H
#define BL_SERVER_H_STAFF_H

#include "http.h"

enum bl_err h_password_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_password_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_password_link_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_password_link_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_team_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_team_role_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_team_invite_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
