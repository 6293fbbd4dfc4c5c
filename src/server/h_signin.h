/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_signin.h: sign-in, sign-out and the home of the issuer space (h_signin.c). */
#ifndef BL_H_SIGNIN_H
#define BL_H_SIGNIN_H

#include "router.h"

enum bl_err h_signin_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_signin_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_signout_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_space_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
