/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * h_events.h: the event pages of the issuer space (h_events.c) and the
 * claim pages of young people (h_claim.c).
 */
#ifndef BL_SERVER_H_EVENTS_H
#define BL_SERVER_H_EVENTS_H

#include "http.h"

enum bl_err h_events_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_approve_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_poster_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_screen_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_qr_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_qr_png_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_stand_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_give_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_event_give_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

enum bl_err h_claim_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_claim_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_claim_mine_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
