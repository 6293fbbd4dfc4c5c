/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_public.h: handlers of the public Open Badges endpoints (h_public.c). */
#ifndef BL_H_PUBLIC_H
#define BL_H_PUBLIC_H

#include "router.h"

enum bl_err h_issuer_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_issuer_image_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_key_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_jwks_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_did_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_revocations_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_revocations3_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_statuslist_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badgeclass_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_image_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_assertion_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_assertion_jws_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_credential_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_credential_jwt_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_baked_png_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_baked_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_baked2_png_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_baked2_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_wellknown_jwks_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

enum bl_err h_endorsement_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorsement_vc_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_endorsement_jwt_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
