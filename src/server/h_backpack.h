/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_backpack.h: the young person's backpack /sac and public share pages /b (h_backpack.c). */
#ifndef BL_H_BACKPACK_H
#define BL_H_BACKPACK_H

#include "router.h"

#define BL_SAC_COOKIE "sac" /* backpack session, separate from staff sessions */

enum bl_err h_sac_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_code_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_code_link_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_code_link_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_personal_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_receive_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_receive_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_signout_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_home_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_badge_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_share_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_minor_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_certificate_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_idents_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_idents_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_ident_code_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_account_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_export_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_delete_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_imports_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_imports_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_sac_import_check_post(struct bl_req *req, struct bl_resp *resp,
                                    struct bl_errinfo *ei);
enum bl_err h_share_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* tests/http only (test_routes): the newest outbox message to ?to= on ?channel=, as JSON. */
enum bl_err h_test_sac_outbox(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
