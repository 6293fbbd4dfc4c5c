/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_badge_editor.h: the badge class pages of the issuer space (h_badge_editor.c). */
#ifndef BL_H_BADGE_EDITOR_H
#define BL_H_BADGE_EDITOR_H

#include "router.h"

enum bl_err h_badges_list_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_edit_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_edit_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_badge_detail_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
/* The drawing of the generated image described by the query, for the form's live preview. */
enum bl_err h_badge_art_preview_get(struct bl_req *req, struct bl_resp *resp,
                                    struct bl_errinfo *ei);
/* The SVG drawing of a generated badge image (public, like the PNG at /badges/{uid}/image). */
enum bl_err h_badge_image_svg_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
