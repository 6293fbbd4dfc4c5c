/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * http.h: the HTTP layer of blason serve, what handlers see.
 *
 * http.c is the only file that includes microhttpd.h.  A handler
 * (router.h, bl_handler_fn) receives a struct bl_req, fills a struct
 * bl_resp and returns; it never touches the socket.  Memory: everything a
 * handler allocates comes from req->arena and lives until the response has
 * been sent, so response bodies built in the arena are sent without a copy.
 *
 *     static enum bl_err h_badge_get(struct bl_req *req, struct bl_resp *resp,
 *                                    struct bl_errinfo *ei)
 *     {
 *         const char *uid = bl_req_param(req, "uid");
 *         json_t *doc;
 *         ...                       // app call; on failure: return bl_fail(ei, rc, "...");
 *         bl_resp_json(req, resp, 200, doc, "application/ld+json");
 *         bl_resp_etag(req, resp, etag);
 *         return BL_OK;
 *     }
 *
 * Every response carries the security headers (CSP, nosniff, Referrer-Policy,
 * X-Frame-Options) and X-Request-Id; image/svg+xml gets the sandbox CSP.
 * HEAD is answered by GET handlers (the body is not sent).
 */
#ifndef BL_HTTP_H
#define BL_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "config.h"
#include "core/arena.h"
#include "core/err.h"
#include "router.h"

/* Longest request target (path and query) accepted; longer is 414. */
#define BL_HTTP_URI_MAX 4096u
/* An oversized body up to this size is read and dropped so the 413 page reaches the browser. */
#define BL_HTTP_DRAIN_MAX (16u * 1024 * 1024)
/* Most extra headers one response may carry. */
#define BL_RESP_MAX_HEADERS 16u
/* Seconds in-flight requests get to finish after SIGTERM. */
#define BL_HTTP_GRACE_S 20u
/* Characters of a request id. */
#define BL_REQ_ID_LEN 16u

struct bl_conn;   /* per-connection state, private to http.c */
struct bl_static; /* a prebuilt immutable response */

enum bl_accept {
    BL_ACCEPT_JSON = 0, /* application/ld+json, application/json, or nothing said */
    BL_ACCEPT_HTML = 1, /* text/html preferred by q-value */
};

/* A name and value, both NUL-terminated. */
struct bl_kv {
    const char *name;
    const char *value;
};

struct bl_req {
    struct bl_arena *arena; /* freed once the response is sent */
    const char *method;     /* "GET", "HEAD", "POST", ... */
    const char *path;       /* percent-decoded; no "." or ".." segment, no %2F, no NUL */
    size_t path_len;
    const char *query;                        /* raw text after '?', "" when none */
    struct bl_kv params[BL_ROUTE_MAX_PARAMS]; /* route captures, decoded */
    size_t n_params;
    const unsigned char *body; /* request body (NUL follows), NULL when none */
    size_t body_len;
    const char *remote;           /* client IP address, text */
    char id[BL_REQ_ID_LEN + 1];   /* request id, also sent as X-Request-Id */
    void *app;                    /* the opaque pointer given to bl_http_start */
    const struct bl_config *cfg;  /* the server's settings */
    const struct bl_route *route; /* the route matched (NULL while routing fails) */
    struct bl_conn *conn;         /* private to http.c */
};

struct bl_resp {
    unsigned status;          /* 0 until a helper sets it */
    const char *content_type; /* NULL: no Content-Type */
    const void *body;         /* arena-owned or static: never copied, never freed */
    size_t body_len;
    const char *cache_control; /* NULL: "no-store" for dynamic responses */
    const char *etag;          /* quoted entity tag; If-None-Match on it gives 304 */
    struct bl_kv headers[BL_RESP_MAX_HEADERS]; /* extra headers, in order */
    size_t n_headers;
    const struct bl_static *cached; /* bl_resp_static: sent as prebuilt */
};

/* --- request ----------------------------------------------------------- */

/* The value of request header name (case-insensitive), or NULL. */
const char *bl_req_header(const struct bl_req *req, const char *name);

/* Query parameter name, decoded; NULL when absent or the query is malformed. */
const char *bl_req_query(struct bl_req *req, const char *name);

/* Cookie name, or NULL. */
const char *bl_req_cookie(const struct bl_req *req, const char *name);

/*
 * Field name of an application/x-www-form-urlencoded body (first one when
 * repeated), decoded; NULL when absent, when the body is not such a form or
 * is malformed (bl_req_form_status says which).
 */
const char *bl_req_form(struct bl_req *req, const char *name);

/*
 * Whether the body parsed as a form: BL_OK, BL_EUNSUPPORTED (another
 * content type), BL_EINVAL / BL_EUTF8 / BL_ETOOBIG (malformed).
 */
enum bl_err bl_req_form_status(struct bl_req *req);

/*
 * Every value of field name in the form, in order, into out[0..max);
 * returns how many there are (may exceed max).
 */
size_t bl_req_form_all(struct bl_req *req, const char *name, const char **out, size_t max);

/* Route capture name ("{uid}" in the pattern), decoded, or NULL. */
const char *bl_req_param(const struct bl_req *req, const char *name);

/* HTML or JSON, by the q-values of Accept; JSON when there is no Accept. */
enum bl_accept bl_req_accepts(const struct bl_req *req);

/* --- response ---------------------------------------------------------- */

/* body[0..len) with ctype; body must outlive the request (arena or static). */
void bl_resp_bytes(struct bl_resp *resp, unsigned status, const char *ctype, const void *body,
                   size_t len);

/* NUL-terminated text, not copied (arena or static). */
void bl_resp_text(struct bl_resp *resp, unsigned status, const char *ctype, const char *text);

/*
 * json serialised into the arena (compact, key order kept); ctype NULL means
 * application/json.  json is not consumed: the caller still decrefs it.
 */
void bl_resp_json(struct bl_req *req, struct bl_resp *resp, unsigned status, const json_t *json,
                  const char *ctype);

/* 303 See Other to location (a path or an absolute URL; copied). */
void bl_resp_redirect(struct bl_req *req, struct bl_resp *resp, const char *location);

/*
 * Add a header (name and value copied into the arena).  BL_EINVAL for CR,
 * LF or NUL in either; BL_ETOOBIG past BL_RESP_MAX_HEADERS.
 */
enum bl_err bl_resp_header(struct bl_req *req, struct bl_resp *resp, const char *name,
                           const char *value) BL_WARN_UNUSED;

/*
 * Set-Cookie: name=value; Path=/; HttpOnly; SameSite=Lax; Max-Age=max_age
 * (max_age < 0: a session cookie; 0 deletes it), plus Secure when base_url is
 * https.  value must be cookie-safe (no ';', ',', space, quote, control):
 * BL_EINVAL otherwise.
 */
enum bl_err bl_resp_set_cookie(struct bl_req *req, struct bl_resp *resp, const char *name,
                               const char *value, long max_age) BL_WARN_UNUSED;

/* ETag (opaque, quoted here: pass "abc" for "\"abc\""): matching If-None-Match gives 304. */
void bl_resp_etag(struct bl_req *req, struct bl_resp *resp, const char *etag);

/* Cache-Control value (static string or arena); dynamic responses default to no-store. */
void bl_resp_cache(struct bl_resp *resp, const char *cache_control);

/*
 * The one error reply.  JSON clients get RFC 9457 application/problem+json
 *   {"type":"about:blank","title":"Not Found","status":404,"detail":message,"code":code}
 * browsers (bl_req_accepts == HTML) an HTML page with the same, escaped.
 * code is our stable identifier ("not_found", bl_err_name() values).
 * The HTML page comes from the hook of bl_http_set_error_page when set.
 */
void bl_resp_error(struct bl_req *req, struct bl_resp *resp, unsigned status, const char *code,
                   const char *message);

/* The HTTP status that answers an error code (BL_ENOTFOUND 404, BL_EDENIED 403, ...). */
unsigned bl_http_status_of(enum bl_err rc);

/* The reason phrase of status ("Not Found"), "Error" when unknown. */
const char *bl_http_reason(unsigned status);

/* --- prebuilt responses -------------------------------------------------- */

/*
 * A response built once and sent many times (CSS, /healthz): body is not
 * copied and must outlive the server (static or embedded bytes).  The
 * security headers, cache_control and an etag (quoted here; NULL for none)
 * are set once.  Never NULL; free with bl_static_free after bl_http_stop.
 */
struct bl_static *bl_static_new(unsigned status, const char *ctype, const void *body, size_t len,
                                const char *cache_control, const char *etag);
void bl_static_free(struct bl_static *s);

/* Answer with s (If-None-Match on its etag gives 304). */
void bl_resp_static(struct bl_resp *resp, const struct bl_static *s);

/* --- error page hook ------------------------------------------------------ */

/*
 * Renders the HTML error page (later: web/templates/error.html through the
 * template engine).  Fills resp with status and an HTML body from the arena;
 * returns BL_OK, or an error to fall back on the built-in minimal page.
 */
typedef enum bl_err (*bl_error_page_fn)(struct bl_req *req, struct bl_resp *resp, unsigned status,
                                        const char *code, const char *title, const char *message);

/* --- server -------------------------------------------------------------- */

struct bl_http;

struct bl_http_opts {
    const struct bl_config *cfg; /* must outlive the server */
    const struct bl_route *routes;
    size_t n_routes;
    void *app;                   /* handed to handlers as req->app */
    bl_error_page_fn error_page; /* NULL: the built-in page */
};

/*
 * Bind cfg->host:cfg->port (BL_EIO with the reason, e.g. "address already
 * in use") and start serving on cfg->threads threads (0: one per core).
 * *out is the caller's: bl_http_stop.
 */
enum bl_err bl_http_start(const struct bl_http_opts *opts, struct bl_http **out,
                          struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Stop accepting connections, let requests in flight finish (at most
 * grace_s seconds), stop the daemon and free h.
 */
void bl_http_stop(struct bl_http *h, unsigned grace_s);

#endif
