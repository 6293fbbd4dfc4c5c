/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_api.h: handlers of the JSON API /api/v1 (h_api.c). */
#ifndef BL_H_API_H
#define BL_H_API_H

#include <stdint.h>

#include <jansson.h>

#include "auth.h"
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

/* Shared with the other files of the API (h_api_network.c, ...). */
/* The request body as a JSON object (a new reference), or BL_EINVAL / BL_EJSON. */
enum bl_err bl_api_body(struct bl_req *req, json_t **out, struct bl_errinfo *ei) BL_WARN_UNUSED;
/* o[key] = the date-time of unix time t, unless t is 0. */
void bl_api_date(json_t *o, const char *key, int64_t t);
/* Who asks (auth.h), and the organisation {slug} of the path if they are a member of it. */
enum bl_err bl_api_org(struct bl_req *req, struct bl_auth *who, struct bl_org *org,
                       struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
