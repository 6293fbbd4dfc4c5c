/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * server.h: blason serve as a whole: open what the server needs, serve
 * until SIGTERM or SIGINT, shut down gracefully.
 */
#ifndef BL_SERVER_H
#define BL_SERVER_H

#include "config.h"
#include "core/err.h"

/*
 * Run the server for cfg (checked by bl_config_check) until SIGTERM or
 * SIGINT: opens what the handlers need (for now nothing: app is NULL),
 * serves, and returns BL_OK once the requests in flight have finished and
 * everything is closed.  Errors at start (port taken, static files
 * unreadable) come back with ei filled.
 */
enum bl_err bl_server_start(const struct bl_config *cfg, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Serve with app as req->app until SIGTERM or SIGINT, then stop accepting,
 * let the requests in flight finish (BL_HTTP_GRACE_S at most) and return;
 * the caller then closes what app holds (the database).  The signals are
 * blocked in every thread and taken with sigwait in the calling thread.
 */
enum bl_err bl_server_run(const struct bl_config *cfg, void *app,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
