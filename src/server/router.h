/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * router.h: the static route table and its matcher (house style C7).
 *
 * A route is a method, a pattern and a handler.  A pattern is made of
 * '/'-separated segments, each either literal ("badges") or a capture
 * ("{uid}") that matches one whole non-empty segment:
 *     "/o/{slug}/badges/{uid}"
 * Matching walks the table in order, never allocates, and reports captures
 * as pointers into the path it was given.  HEAD is answered by GET routes.
 * A path that matches some route but not its method gives
 * BL_ROUTE_BAD_METHOD and the Allow list (the server answers 405); no
 * match at all gives BL_ROUTE_NOT_FOUND (404).
 */
#ifndef BL_ROUTER_H
#define BL_ROUTER_H

#include <stddef.h>

#include "core/err.h"

struct bl_req;
struct bl_resp;

/*
 * A handler fills resp and returns BL_OK.  It may instead return an error
 * (usually `return bl_fail(ei, BL_ENOTFOUND, "no badge %s", uid)`) without
 * touching resp: the server answers through bl_resp_error with the status
 * that matches the code (http.h, bl_http_status_of).
 */
typedef enum bl_err (*bl_handler_fn)(struct bl_req *req, struct bl_resp *resp,
                                     struct bl_errinfo *ei);

/* Route flags. */
enum {
    BL_ROUTE_HTML = 1u << 0, /* a page for people: errors are HTML unless JSON is asked for */
};

struct bl_route {
    const char *method;  /* "GET", "POST", ... (upper case) */
    const char *pattern; /* "/o/{slug}/badges/{uid}" */
    bl_handler_fn fn;
    unsigned flags;
};

/* Most captures in one pattern. */
#define BL_ROUTE_MAX_PARAMS 8u
/* Room for an Allow value made of every method of the table. */
#define BL_ROUTE_ALLOW_MAX 96u

struct bl_route_param {
    const char *name; /* into the pattern, not NUL-terminated */
    size_t name_len;
    const char *value; /* into the path, not NUL-terminated */
    size_t value_len;
};

enum bl_route_result {
    BL_ROUTE_FOUND = 0,
    BL_ROUTE_NOT_FOUND,
    BL_ROUTE_BAD_METHOD,
};

struct bl_route_match {
    const struct bl_route *route; /* the route found, or NULL */
    struct bl_route_param params[BL_ROUTE_MAX_PARAMS];
    size_t n_params;
    char allow[BL_ROUTE_ALLOW_MAX]; /* "GET, HEAD, POST" on BL_ROUTE_BAD_METHOD */
};

/*
 * Match method and path[0..path_len) (decoded, starting with '/') against
 * table[0..n).  The first route whose pattern and method match wins.  On
 * BL_ROUTE_FOUND m->route and m->params are set; on BL_ROUTE_BAD_METHOD
 * m->allow lists the methods that would have matched.
 */
enum bl_route_result bl_router_match(const struct bl_route *table, size_t n, const char *method,
                                     const char *path, size_t path_len, struct bl_route_match *m);

/* The route table of blason serve (routes.c) and its length. */
extern const struct bl_route bl_routes[];
extern const size_t bl_routes_count;

#endif
