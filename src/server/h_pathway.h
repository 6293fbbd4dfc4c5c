/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_pathway.h: pathways in the JSON API and the issuer space (h_pathway.c, h_pathway_pages.c). */
#ifndef BL_H_PATHWAY_H
#define BL_H_PATHWAY_H

#include "router.h"

enum bl_err h_api_pathways_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_pathways_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_pathway_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_api_pathway_update(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

enum bl_err h_pathways_page(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_pathway_new_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_pathway_new_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_pathway_page(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_pathway_archive_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_pathway_restore_post(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
