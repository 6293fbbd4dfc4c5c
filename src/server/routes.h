/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * routes.h: the handlers the route table (routes.c) names, and the set-up
 * of what they build once at start (prebuilt responses, static files).
 */
#ifndef BL_ROUTES_H
#define BL_ROUTES_H

#include "config.h"
#include "core/err.h"
#include "router.h"

/* Build what the handlers share (h_health, h_static); undo with bl_routes_fini. */
enum bl_err bl_routes_init(const struct bl_config *cfg, struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_routes_fini(void);

/* h_health.c: GET /healthz, {"status":"ok"}. */
enum bl_err bl_health_init(const struct bl_config *cfg, struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_health_fini(void);
enum bl_err h_health_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* h_static.c: GET /static/{file}, the files of web/static (cfg->static_dir). */
enum bl_err bl_static_files_init(const struct bl_config *cfg, struct bl_errinfo *ei) BL_WARN_UNUSED;
void bl_static_files_fini(void);
enum bl_err h_static_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

/* h_test.c: tests/http only; 404 unless cfg->test_routes. */
enum bl_err h_test_echo(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_test_redirect(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_test_etag(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);
enum bl_err h_test_fail(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
