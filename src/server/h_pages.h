/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_pages.h: HTML pages at the public URLs (h_pages.c). */
#ifndef BL_H_PAGES_H
#define BL_H_PAGES_H

#include "router.h"

enum bl_err h_page_issuer(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_page_badge(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_page_home(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_page_award(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
