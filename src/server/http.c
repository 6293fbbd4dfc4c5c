/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * http.c: libmicrohttpd glue (the only file that includes microhttpd.h).
 *
 * Per connection (MHD_OPTION_NOTIFY_CONNECTION) we keep one struct bl_conn
 * that holds the request being served: HTTP/1.1 serves one request at a
 * time per connection.  The URI log callback records the raw request
 * target before MHD decodes it; the access handler's first call only
 * records the request, later calls collect the body, and the call after the
 * body answers.  Answering on the first call makes MHD close the connection
 * (DESIGN.md §5: ~30k req/s instead of ~108k).  The completion callback
 * writes the access log line and frees the request's arena.
 * docs/internals/server.md has the whole picture.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "accesslog.h"
#include "core/buf.h"
#include "core/form.h"
#include "core/mem.h"
#include "core/rand.h"
#include "core/utf8.h"

#define CSP_DEFAULT                                                                                \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
/* img-src data: lets a PNG wrapped in SVG (core/pngsvg.h) show; scripts stay impossible. */
#define CSP_SVG "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

struct bl_http {
    struct MHD_Daemon *d;
    struct bl_http_opts o;
    int listen_fd;
    int log_fd;
    unsigned id_prefix;
    atomic_uint inflight;
    atomic_uint next_id;
};

enum conn_state {
    ST_IDLE,     /* between requests */
    ST_URI,      /* request line seen (URI log callback) */
    ST_RECORDED, /* first access handler call done: collecting the body */
    ST_ANSWERED, /* a response is queued */
};

struct bl_conn {
    struct bl_http *h;
    struct MHD_Connection *mc;
    enum conn_state state;
    bool counted; /* in h->inflight */
    struct bl_arena arena;
    char remote[INET6_ADDRSTRLEN];
    const char *raw_path; /* the request target before '?', raw, for the log */
    size_t raw_path_len;
    enum bl_err target_rc; /* BL_OK, or why the target is refused */
    const char *target_err;
    bool body_too_big;
    struct bl_buf body;
    struct timespec start_rt, start_mono;
    struct bl_req req;
    unsigned status;
    unsigned long long bytes;
    const char *ua;
    bool query_done, form_done;
    enum bl_err query_rc, form_rc;
    struct bl_form query, form;
};

struct bl_static {
    unsigned status;
    size_t len;
    char *etag;
    struct MHD_Response *r, *r304;
};

/* --- helpers --------------------------------------------------------------- */

static unsigned long long elapsed_us(const struct timespec *since)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (unsigned long long)(now.tv_sec - since->tv_sec) * 1000000ULL +
           (unsigned long long)((now.tv_nsec - since->tv_nsec) / 1000);
}

static bool is_svg(const char *ctype)
{
    return ctype != NULL && strncasecmp(ctype, "image/svg+xml", 13) == 0;
}

static void add_security_headers(struct MHD_Response *r, const char *ctype)
{
    MHD_add_response_header(r, "Content-Security-Policy", is_svg(ctype) ? CSP_SVG : CSP_DEFAULT);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

/* & < > " ' escaped for text and attribute contexts alike, into the arena. */
static const char *html_escape(struct bl_arena *a, const char *s)
{
    size_t n = 0;
    char *out, *o;

    for (const char *p = s; *p; p++)
        n += (*p == '&') ? 5 : (*p == '<' || *p == '>') ? 4 : (*p == '"' || *p == '\'') ? 5 : 1;
    o = out = bl_arena_alloc(a, n + 1);
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&#34;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            *o++ = *p;
            continue;
        }
        memcpy(o, rep, strlen(rep));
        o += strlen(rep);
    }
    *o = '\0';
    return out;
}

/* Does an If-None-Match value name etag (weak comparison, or "*")? */
static bool etag_matches(const char *inm, const char *etag)
{
    size_t elen;

    if (inm == NULL || etag == NULL)
        return false;
    if (etag[0] == 'W' && etag[1] == '/')
        etag += 2;
    elen = strlen(etag);
    while (*inm) {
        const char *start, *end;
        while (*inm == ' ' || *inm == '\t' || *inm == ',')
            inm++;
        if (*inm == '*')
            return true;
        if (inm[0] == 'W' && inm[1] == '/')
            inm += 2;
        start = inm;
        end = strchr(inm, ',');
        if (end == NULL)
            end = inm + strlen(inm);
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if ((size_t)(end - start) == elen && memcmp(start, etag, elen) == 0)
            return true;
        inm = *end ? end + 1 : end;
        while (*inm && *inm != ',' && inm < end)
            inm++;
    }
    return false;
}

/* --- request target ------------------------------------------------------------ */

/* Split the raw target into path and query, decode and check the path. */
static void parse_target(struct bl_conn *c, const char *uri)
{
    size_t n = strlen(uri), plen, dlen;
    const char *q = memchr(uri, '?', n);
    char *path;

    c->target_rc = BL_OK;
    plen = q ? (size_t)(q - uri) : n;
    c->raw_path = bl_arena_strndup(&c->arena, uri, plen > BL_HTTP_URI_MAX ? BL_HTTP_URI_MAX : plen);
    c->raw_path_len = strlen(c->raw_path);
    c->req.query = q ? bl_arena_strdup(&c->arena, q + 1) : "";
    c->req.path = "/";
    c->req.path_len = 1;
    if (n > BL_HTTP_URI_MAX) {
        c->target_rc = BL_ETOOBIG;
        c->target_err = "the request target is too long";
        return;
    }
    if (plen == 0 || uri[0] != '/') {
        c->target_rc = BL_EINVAL;
        c->target_err = "the request target must be a path starting with '/'";
        return;
    }
    for (size_t i = 0; i + 2 < plen; i++) {
        if (uri[i] == '%' && uri[i + 1] == '2' && (uri[i + 2] == 'f' || uri[i + 2] == 'F')) {
            c->target_rc = BL_EINVAL;
            c->target_err = "an encoded '/' (%2F) is refused in paths";
            return;
        }
    }
    path = bl_arena_alloc(&c->arena, plen + 1);
    if (bl_pct_decode(uri, plen, false, path, &dlen) != BL_OK) {
        c->target_rc = BL_EINVAL;
        c->target_err = "bad percent escape (or %00) in the path";
        return;
    }
    if (bl_utf8_check((const unsigned char *)path, dlen) != dlen) {
        c->target_rc = BL_EUTF8;
        c->target_err = "the path is not UTF-8";
        return;
    }
    for (const char *s = path; s < path + dlen; s++) {
        if (s[0] != '/' || s[1] != '.')
            continue;
        if (s[2] == '/' || s[2] == '\0' || (s[2] == '.' && (s[3] == '/' || s[3] == '\0'))) {
            c->target_rc = BL_EINVAL;
            c->target_err = "'.' and '..' path segments are refused";
            return;
        }
    }
    c->req.path = path;
    c->req.path_len = dlen;
}

/* --- request accessors ------------------------------------------------------ */

const char *bl_req_header(const struct bl_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn->mc, MHD_HEADER_KIND, name);
}

const char *bl_req_cookie(const struct bl_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn->mc, MHD_COOKIE_KIND, name);
}

const char *bl_req_query(struct bl_req *req, const char *name)
{
    struct bl_conn *c = req->conn;

    if (!c->query_done) {
        c->query_rc = bl_form_parse(req->query, strlen(req->query), req->arena, &c->query, NULL);
        c->query_done = true;
    }
    return bl_form_get(&c->query, name);
}

enum bl_err bl_req_form_status(struct bl_req *req)
{
    struct bl_conn *c = req->conn;
    const char *ct;

    if (c->form_done)
        return c->form_rc;
    c->form_done = true;
    ct = bl_req_header(req, "Content-Type");
    if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 ||
        (ct[33] != '\0' && ct[33] != ';' && ct[33] != ' ')) {
        c->form_rc = BL_EUNSUPPORTED;
        return c->form_rc;
    }
    c->form_rc = bl_form_parse((const char *)req->body, req->body_len, req->arena, &c->form, NULL);
    return c->form_rc;
}

const char *bl_req_form(struct bl_req *req, const char *name)
{
    if (bl_req_form_status(req) != BL_OK)
        return NULL;
    return bl_form_get(&req->conn->form, name);
}

size_t bl_req_form_all(struct bl_req *req, const char *name, const char **out, size_t max)
{
    const struct bl_form *f = &req->conn->form;
    size_t k = 0;

    if (bl_req_form_status(req) != BL_OK)
        return 0;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->pairs[i].name, name) != 0)
            continue;
        if (k < max)
            out[k] = f->pairs[i].value;
        k++;
    }
    return k;
}

const char *bl_req_param(const struct bl_req *req, const char *name)
{
    for (size_t i = 0; i < req->n_params; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return req->params[i].value;
    return NULL;
}

/* The q-value of one media range's parameters ("; q=0.5"), 1 when absent, in thousandths. */
static int qvalue(const char *p, const char *end)
{
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        int q = 0, scale = 1000;

        if (semi == NULL)
            return 1000;
        p = semi + 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
            continue;
        p += 2;
        if (p < end && (*p == '0' || *p == '1'))
            q = (*p++ - '0') * 1000;
        if (p < end && *p == '.') {
            for (p++; p < end && *p >= '0' && *p <= '9' && scale > 1; p++) {
                scale /= 10;
                q += (*p - '0') * scale;
            }
        }
        return q > 1000 ? 1000 : q;
    }
    return 1000;
}

enum bl_accept bl_req_accepts(const struct bl_req *req)
{
    const char *a = bl_req_header(req, "Accept");
    int html_q = 0, html_spec = 0, json_q = 0, json_spec = 0;

    if (a == NULL)
        return BL_ACCEPT_JSON;
    while (*a) {
        const char *end = strchr(a, ','), *mt = a, *mte;
        int spec_h = 0, spec_j = 0, q;
        size_t len;

        if (end == NULL)
            end = a + strlen(a);
        while (mt < end && (*mt == ' ' || *mt == '\t'))
            mt++;
        mte = mt;
        while (mte < end && *mte != ';' && *mte != ' ' && *mte != '\t')
            mte++;
        len = (size_t)(mte - mt);
#define IS(s) (len == sizeof(s) - 1 && strncasecmp(mt, s, len) == 0)
        if (IS("text/html") || IS("application/xhtml+xml"))
            spec_h = 3;
        else if (IS("application/ld+json") || IS("application/json"))
            spec_j = 3;
        else if (IS("text/*"))
            spec_h = 2;
        else if (IS("application/*"))
            spec_j = 2;
        else if (IS("*/*"))
            spec_h = spec_j = 1;
#undef IS
        q = qvalue(mte, end);
        /* The most specific range that names a type gives its q-value. */
        if (spec_h > html_spec || (spec_h == html_spec && spec_h && q > html_q)) {
            html_spec = spec_h;
            html_q = q;
        }
        if (spec_j > json_spec || (spec_j == json_spec && spec_j && q > json_q)) {
            json_spec = spec_j;
            json_q = q;
        }
        a = *end ? end + 1 : end;
    }
    if (html_q > json_q || (html_q == json_q && html_q > 0 && html_spec > json_spec))
        return BL_ACCEPT_HTML;
    return BL_ACCEPT_JSON;
}

/* --- response helpers ---------------------------------------------------------- */

void bl_resp_bytes(struct bl_resp *resp, unsigned status, const char *ctype, const void *body,
                   size_t len)
{
    resp->status = status;
    resp->content_type = ctype;
    resp->body = body;
    resp->body_len = len;
    resp->cached = NULL;
}

void bl_resp_text(struct bl_resp *resp, unsigned status, const char *ctype, const char *text)
{
    bl_resp_bytes(resp, status, ctype, text, strlen(text));
}

void bl_resp_json(struct bl_req *req, struct bl_resp *resp, unsigned status, const json_t *json,
                  const char *ctype)
{
    size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER, n = json_dumpb(json, NULL, 0, flags);
    char *p = bl_arena_alloc(req->arena, n + 1);

    n = json_dumpb(json, p, n, flags);
    p[n] = '\0';
    bl_resp_bytes(resp, status, ctype ? ctype : "application/json", p, n);
}

static bool header_safe(const char *s)
{
    return strpbrk(s, "\r\n") == NULL;
}

enum bl_err bl_resp_header(struct bl_req *req, struct bl_resp *resp, const char *name,
                           const char *value)
{
    if (!header_safe(name) || !header_safe(value) || strchr(name, ':') != NULL || !*name)
        return BL_EINVAL;
    if (resp->n_headers == BL_RESP_MAX_HEADERS)
        return BL_ETOOBIG;
    resp->headers[resp->n_headers].name = bl_arena_strdup(req->arena, name);
    resp->headers[resp->n_headers].value = bl_arena_strdup(req->arena, value);
    resp->n_headers++;
    return BL_OK;
}

void bl_resp_redirect(struct bl_req *req, struct bl_resp *resp, const char *location)
{
    if (bl_resp_header(req, resp, "Location", location) != BL_OK) {
        bl_resp_error(req, resp, 500, "internal", "bad redirect target");
        return;
    }
    bl_resp_text(resp, 303, NULL, "");
}

static bool cookie_safe(const char *s, bool name)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == ';' || *p == ',' || *p == '"' || *p == '\\' ||
            (name && strchr("()<>@:/[]?={}", *p) != NULL))
            return false;
    return true;
}

enum bl_err bl_resp_set_cookie(struct bl_req *req, struct bl_resp *resp, const char *name,
                               const char *value, long max_age)
{
    char age[48] = "";

    if (!*name || !cookie_safe(name, true) || !cookie_safe(value, false))
        return BL_EINVAL;
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    return bl_resp_header(req, resp, "Set-Cookie",
                          bl_arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
                                          name, value, age, req->cfg->secure ? "; Secure" : ""));
}

void bl_resp_etag(struct bl_req *req, struct bl_resp *resp, const char *etag)
{
    resp->etag = bl_arena_printf(req->arena, "\"%s\"", etag);
}

void bl_resp_cache(struct bl_resp *resp, const char *cache_control)
{
    resp->cache_control = cache_control;
}

void bl_resp_static(struct bl_resp *resp, const struct bl_static *s)
{
    resp->cached = s;
    resp->status = s->status;
}

unsigned bl_http_status_of(enum bl_err rc)
{
    switch (rc) {
    case BL_OK:
        return 200;
    case BL_ENOTFOUND:
        return 404;
    case BL_EUNAUTH:
        return 401;
    case BL_EDENIED:
        return 403;
    case BL_ESTALE:
        return 412;
    case BL_ETOOBIG:
        return 413;
    case BL_EEXISTS:
        return 409;
    case BL_ELIMIT:
        return 429;
    case BL_EUNSUPPORTED:
        return 415;
    case BL_ERETRY:
        return 503;
    case BL_EINVAL:
    case BL_EFORMAT:
    case BL_EPNG:
    case BL_EPNG_CRC:
    case BL_ESVG:
    case BL_ESVG_UNSAFE:
    case BL_EDUPLICATE:
    case BL_EUTF8:
    case BL_EPAYLOAD:
    case BL_EJSON:
    case BL_EBADSIG:
        return 400;
    default:
        return 500;
    }
}

const char *bl_http_reason(unsigned status)
{
    const char *r = MHD_get_reason_phrase_for(status);

    return (r && *r && strcmp(r, "Unknown") != 0) ? r : "Error";
}

/* The built-in error page: minimal, escaped, styled by blason.css when present. */
static void error_page_builtin(struct bl_req *req, struct bl_resp *resp, unsigned status,
                               const char *code, const char *title, const char *message)
{
    char *page = bl_arena_printf(
        req->arena,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>%u %s</title>\n<link rel=\"stylesheet\" href=\"/static/blason.css\">\n</head>\n"
        "<body>\n<main class=\"error\">\n<h1>%u %s</h1>\n<p>%s</p>\n"
        "<p class=\"meta\">code <code>%s</code>, request <code>%s</code></p>\n"
        "<p><a href=\"/\">Home</a></p>\n</main>\n</body>\n</html>\n",
        status, html_escape(req->arena, title), status, html_escape(req->arena, title),
        html_escape(req->arena, message), html_escape(req->arena, code), req->id);
    bl_resp_text(resp, status, "text/html; charset=utf-8", page);
}

void bl_resp_error(struct bl_req *req, struct bl_resp *resp, unsigned status, const char *code,
                   const char *message)
{
    const char *title = bl_http_reason(status);
    json_t *j;

    if (message == NULL ||
        bl_utf8_check((const unsigned char *)message, strlen(message)) != strlen(message))
        message = title;
    resp->etag = NULL;
    resp->cache_control = "no-store";
    if (bl_req_accepts(req) == BL_ACCEPT_HTML) {
        bl_error_page_fn hook = req->conn ? req->conn->h->o.error_page : NULL;
        /* Hook for the template engine: web/templates/error.html. */
        if (hook == NULL || hook(req, resp, status, code, title, message) != BL_OK)
            error_page_builtin(req, resp, status, code, title, message);
        return;
    }
    j = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", "about:blank", "title", title, "status",
                  (int)status, "detail", message, "code", code);
    if (j == NULL) {
        bl_resp_text(resp, status, "application/problem+json",
                     "{\"type\":\"about:blank\",\"status\":500,\"code\":\"internal\"}");
        return;
    }
    bl_resp_json(req, resp, status, j, "application/problem+json");
    json_decref(j);
}

/* --- prebuilt responses ---------------------------------------------------------- */

struct bl_static *bl_static_new(unsigned status, const char *ctype, const void *body, size_t len,
                                const char *cache_control, const char *etag)
{
    struct bl_static *s = bl_calloc(1, sizeof *s);

    s->status = status;
    s->len = len;
    s->r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
    s->r304 = MHD_create_response_from_buffer(0, (void *)(uintptr_t) "", MHD_RESPMEM_PERSISTENT);
    if (s->r == NULL || s->r304 == NULL) {
        fprintf(stderr, "blason: libmicrohttpd cannot create a response\n");
        abort();
    }
    add_security_headers(s->r, ctype);
    add_security_headers(s->r304, ctype);
    if (ctype)
        MHD_add_response_header(s->r, "Content-Type", ctype);
    if (cache_control) {
        MHD_add_response_header(s->r, "Cache-Control", cache_control);
        MHD_add_response_header(s->r304, "Cache-Control", cache_control);
    }
    if (etag) {
        size_t n = strlen(etag) + 3;
        s->etag = bl_malloc(n);
        snprintf(s->etag, n, "\"%s\"", etag);
        MHD_add_response_header(s->r, "ETag", s->etag);
        MHD_add_response_header(s->r304, "ETag", s->etag);
    }
    return s;
}

void bl_static_free(struct bl_static *s)
{
    if (s == NULL)
        return;
    MHD_destroy_response(s->r);
    MHD_destroy_response(s->r304);
    bl_free(s->etag);
    bl_free(s);
}

/* --- dispatch ------------------------------------------------------------------------ */

/* A header our own code adds: failing would be a bug, so it is logged. */
static void must_header(struct bl_req *req, struct bl_resp *resp, const char *name,
                        const char *value)
{
    if (bl_resp_header(req, resp, name, value) != BL_OK)
        fprintf(stderr, "blason: request %s: header %s dropped\n", req->id, name);
}

/*
 * The challenge of a 401 (RFC 6750, section 3): a Bearer token that was sent
 * but is unknown, expired or revoked is an "invalid_token"; without one
 * (nothing, or only an ended session cookie) the bare challenge says how.
 */
static const char *bearer_challenge(const struct bl_req *req)
{
    const char *h = bl_req_header(req, "Authorization");
    if (h && strncasecmp(h, "Bearer ", 7) == 0)
        return "Bearer realm=\"blason\", error=\"invalid_token\"";
    return "Bearer realm=\"blason\"";
}

/* Route and run the handler; resp is filled on return. */
static void dispatch(struct bl_conn *c, struct bl_resp *resp)
{
    struct bl_req *req = &c->req;
    struct bl_route_match m;
    struct bl_errinfo ei;
    enum bl_route_result rr;
    enum bl_err rc;

    if (c->target_rc != BL_OK) {
        unsigned st = c->target_rc == BL_ETOOBIG ? 414 : 400;
        bl_resp_error(req, resp, st, st == 414 ? "uri_too_long" : bl_err_name(c->target_rc),
                      c->target_err);
        return;
    }
    if (c->body_too_big) {
        char limit[32];
        snprintf(limit, sizeof limit, "%zu", c->h->o.cfg->max_body);
        bl_resp_error(
            req, resp, 413, "too_big",
            bl_arena_printf(req->arena, "the request body is over the limit of %s bytes", limit));
        must_header(req, resp, "X-Max-Body-Size", limit);
        return;
    }
    rr = bl_router_match(c->h->o.routes, c->h->o.n_routes, req->method, req->path, req->path_len,
                         &m);
    if (rr == BL_ROUTE_NOT_FOUND) {
        bl_resp_error(req, resp, 404, "not_found",
                      bl_arena_printf(req->arena, "nothing here: %s", req->path));
        return;
    }
    if (rr == BL_ROUTE_BAD_METHOD) {
        bl_resp_error(req, resp, 405, "method_not_allowed",
                      bl_arena_printf(req->arena, "%s is not allowed here; allowed: %s",
                                      req->method, m.allow));
        must_header(req, resp, "Allow", m.allow);
        return;
    }
    req->route = m.route;
    for (size_t i = 0; i < m.n_params; i++) {
        req->params[i].name = bl_arena_strndup(req->arena, m.params[i].name, m.params[i].name_len);
        req->params[i].value =
            bl_arena_strndup(req->arena, m.params[i].value, m.params[i].value_len);
    }
    req->n_params = m.n_params;
    bl_errinfo_clear(&ei);
    rc = m.route->fn(req, resp, &ei);
    if (rc != BL_OK) {
        unsigned st = bl_http_status_of(rc);
        memset(resp, 0, sizeof *resp);
        if (st >= 500) {
            /* Our fault or the database's: the detail goes to the log, not the client. */
            fprintf(stderr, "blason: request %s %s %s: %s (%s)\n", req->id, req->method, req->path,
                    ei.msg[0] ? ei.msg : bl_strerror(rc), bl_err_name(rc));
            bl_resp_error(req, resp, st, bl_err_name(rc), "internal error; see the server log");
        } else {
            bl_resp_error(req, resp, st, bl_err_name(rc), ei.msg[0] ? ei.msg : bl_strerror(rc));
        }
        if (rc == BL_EUNAUTH)
            must_header(req, resp, "WWW-Authenticate", bearer_challenge(req));
    } else if (resp->status == 0) {
        fprintf(stderr, "blason: request %s %s %s: handler gave no response\n", req->id,
                req->method, req->path);
        bl_resp_error(req, resp, 500, "internal", "internal error; see the server log");
    }
}

/* Turn resp into an MHD response and queue it. */
static enum MHD_Result send_resp(struct bl_conn *c, struct bl_resp *resp)
{
    const char *inm = NULL;
    struct MHD_Response *r;
    enum MHD_Result ret;
    bool head = strcmp(c->req.method, "HEAD") == 0;
    /* If-None-Match turns only a read into a 304 (RFC 9110, 13.1.2): a
     * change has been made by now, and its answer must say so. */
    bool read = head || strcmp(c->req.method, "GET") == 0;
    unsigned status = resp->status;

    if (resp->cached) {
        const struct bl_static *s = resp->cached;
        if (s->etag && read)
            inm = MHD_lookup_connection_value(c->mc, MHD_HEADER_KIND, "If-None-Match");
        if (inm && etag_matches(inm, s->etag)) {
            c->status = 304;
            c->bytes = 0;
            return MHD_queue_response(c->mc, 304, s->r304);
        }
        c->status = s->status;
        c->bytes = head ? 0 : s->len;
        return MHD_queue_response(c->mc, s->status, s->r);
    }
    if (resp->etag && status == 200 && read) {
        inm = MHD_lookup_connection_value(c->mc, MHD_HEADER_KIND, "If-None-Match");
        if (etag_matches(inm, resp->etag)) {
            status = 304;
            resp->body_len = 0;
        }
    }
    r = MHD_create_response_from_buffer(resp->body_len, (void *)(uintptr_t)resp->body,
                                        MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    add_security_headers(r, resp->content_type);
    if (resp->content_type && status != 304)
        MHD_add_response_header(r, "Content-Type", resp->content_type);
    MHD_add_response_header(r, "Cache-Control",
                            resp->cache_control ? resp->cache_control : "no-store");
    if (resp->etag)
        MHD_add_response_header(r, "ETag", resp->etag);
    MHD_add_response_header(r, "X-Request-Id", c->req.id);
    for (size_t i = 0; i < resp->n_headers; i++)
        MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
    c->status = status;
    c->bytes = head ? 0 : resp->body_len;
    ret = MHD_queue_response(c->mc, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Answer now, on the first call: only for a body refused by its Content-Length. */
static enum MHD_Result answer(struct bl_conn *c)
{
    struct bl_resp resp;

    memset(&resp, 0, sizeof resp);
    dispatch(c, &resp);
    c->state = ST_ANSWERED;
    return send_resp(c, &resp);
}

/* --- MHD callbacks --------------------------------------------------------------------- */

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct bl_http *h = cls;
    struct bl_conn *c = *socket_context;

    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        c = bl_calloc(1, sizeof *c);
        c->h = h;
        c->mc = mc;
        bl_arena_init(&c->arena);
        bl_buf_init(&c->body, h->o.cfg->max_body);
        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                          c->remote, sizeof c->remote);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                          c->remote, sizeof c->remote);
        }
        *socket_context = c;
        return;
    }
    if (c == NULL)
        return;
    bl_arena_free(&c->arena);
    bl_buf_free(&c->body);
    bl_free(c);
    *socket_context = NULL;
}

/* Called once per request, after the request line: reset and keep the raw target. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
    struct bl_http *h = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct bl_conn *c = ci ? ci->socket_context : NULL;
    unsigned id;

    if (c == NULL)
        return NULL;
    clock_gettime(CLOCK_REALTIME, &c->start_rt);
    clock_gettime(CLOCK_MONOTONIC, &c->start_mono);
    bl_arena_free(&c->arena);
    bl_buf_reset(&c->body);
    c->body_too_big = false;
    c->query_done = c->form_done = false;
    c->status = 0;
    c->bytes = 0;
    c->ua = NULL;
    memset(&c->req, 0, sizeof c->req);
    c->req.arena = &c->arena;
    c->req.remote = c->remote;
    c->req.app = h->o.app;
    c->req.cfg = h->o.cfg;
    c->req.conn = c;
    c->req.method = "";
    id = atomic_fetch_add_explicit(&h->next_id, 1, memory_order_relaxed);
    snprintf(c->req.id, sizeof c->req.id, "%08x%08x", h->id_prefix, id);
    parse_target(c, uri);
    c->state = ST_URI;
    return c;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct bl_http *h = cls;
    struct bl_conn *c = *con_cls;
    struct bl_resp resp;
    enum MHD_Result ret;

    (void)url;
    (void)version;
    if (c == NULL || c->state == ST_IDLE || c->state == ST_ANSWERED)
        return MHD_NO; /* no request state: drop the connection */
    if (c->state == ST_URI) {
        /* First call: headers are in; only record (see the file comment). */
        const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Content-Length");
        c->req.method = bl_arena_strdup(&c->arena, method);
        c->ua = bl_arena_strdup(&c->arena,
                                MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "User-Agent"));
        atomic_fetch_add(&h->inflight, 1);
        c->counted = true;
        c->state = ST_RECORDED;
        if (cl != NULL) {
            unsigned long long v = 0;
            bool big = false;
            for (const char *p = cl; *p >= '0' && *p <= '9' && !big; p++) {
                v = v * 10 + (unsigned)(*p - '0');
                big = v > h->o.cfg->max_body;
            }
            if (big) {
                c->body_too_big = true;
                /*
                 * A client that waits for "100 Continue" gets the 413 before
                 * sending.  One that sends at once (browsers, fetch) would see
                 * the connection reset instead of the page if we answered now:
                 * its body is read and dropped, up to a bound.
                 */
                const char *expect = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Expect");
                if (expect || v > BL_HTTP_DRAIN_MAX)
                    return answer(c);
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        if (!c->body_too_big && bl_buf_append(&c->body, upload_data, *upload_data_size) != BL_OK)
            c->body_too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->body.len > 0) {
        c->req.body = c->body.p;
        c->req.body_len = c->body.len;
    }
    memset(&resp, 0, sizeof resp);
    dispatch(c, &resp);
    c->state = ST_ANSWERED;
    ret = send_resp(c, &resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct bl_http *h = cls;
    struct bl_conn *c = *con_cls;

    (void)mc;
    if (c == NULL)
        return;
    if (c->counted) {
        struct bl_access_entry e = {
            .start = c->start_rt,
            .id = c->req.id,
            .remote = c->remote,
            .method = c->req.method,
            .path = c->raw_path,
            .ua = c->ua,
            .status = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? c->status : 499,
            .bytes = c->bytes,
            .us = elapsed_us(&c->start_mono),
        };
        if (c->status == 0)
            e.status = 499;
        bl_accesslog_write(h->log_fd, &e);
        c->counted = false;
        atomic_fetch_sub(&h->inflight, 1);
    }
    c->state = ST_IDLE;
    bl_arena_free(&c->arena);
    bl_buf_reset(&c->body);
    *con_cls = NULL;
}

/* --- server ------------------------------------------------------------------------------- */

/* Our own listening socket, so a taken port gives a clear error. */
static enum bl_err open_listener(const struct bl_config *cfg, int *out, struct bl_errinfo *ei)
{
    bool v6 = strchr(cfg->host, ':') != NULL;
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    const struct sockaddr *sa;
    socklen_t salen;
    int fd, one = 1;

    memset(&sin, 0, sizeof sin);
    memset(&sin6, 0, sizeof sin6);
    if (v6) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)cfg->port);
        if (inet_pton(AF_INET6, cfg->host, &sin6.sin6_addr) != 1)
            return bl_fail(ei, BL_EINVAL, "listen: bad IPv6 address %s", cfg->host);
        sa = (const struct sockaddr *)(const void *)&sin6;
        salen = sizeof sin6;
    } else {
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)cfg->port);
        if (inet_pton(AF_INET, cfg->host, &sin.sin_addr) != 1)
            return bl_fail(ei, BL_EINVAL, "listen: bad IPv4 address %s", cfg->host);
        sa = (const struct sockaddr *)(const void *)&sin;
        salen = sizeof sin;
    }
    fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return bl_fail(ei, BL_EIO, "socket: %s", strerror(errno));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (v6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, sa, salen) != 0 || listen(fd, 1024) != 0) {
        int e = errno;
        close(fd);
        return bl_fail(ei, BL_EIO, "cannot listen on %s: %s%s", cfg->listen, strerror(e),
                       e == EADDRINUSE ? " (another server is using this port)" : "");
    }
    *out = fd;
    return BL_OK;
}

enum bl_err bl_http_start(const struct bl_http_opts *opts, struct bl_http **out,
                          struct bl_errinfo *ei)
{
    const struct bl_config *cfg = opts->cfg;
    struct bl_http *h = bl_calloc(1, sizeof *h);
    unsigned threads = cfg->threads;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
    enum bl_err rc;

    *out = NULL;
    h->o = *opts;
    h->listen_fd = -1;
    h->log_fd = -1;
    atomic_init(&h->inflight, 0);
    atomic_init(&h->next_id, 0);
    bl_random(&h->id_prefix, sizeof h->id_prefix);
    rc = bl_accesslog_open(cfg->access_log, &h->log_fd, ei);
    if (rc != BL_OK)
        goto out;
    rc = open_listener(cfg, &h->listen_fd, ei);
    if (rc != BL_OK)
        goto out;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    if (strchr(cfg->host, ':') != NULL)
        flags |= MHD_USE_IPv6;
    h->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, h, MHD_OPTION_LISTEN_SOCKET, h->listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0, MHD_OPTION_CONNECTION_LIMIT,
        cfg->conn_limit, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, h, MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
    if (h->d == NULL) {
        rc = bl_fail(ei, BL_EIO, "libmicrohttpd refused to start on %s", cfg->listen);
        goto out;
    }
    *out = h;
out:
    if (rc != BL_OK) {
        if (h->listen_fd >= 0)
            close(h->listen_fd);
        bl_accesslog_close(h->log_fd);
        bl_free(h);
    }
    return rc;
}

void bl_http_stop(struct bl_http *h, unsigned grace_s)
{
    struct timespec start, tick = {0, 10 * 1000 * 1000};
    MHD_socket fd;

    if (h == NULL)
        return;
    /* Stop accepting, then let the requests in flight finish. */
    fd = MHD_quiesce_daemon(h->d);
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (atomic_load(&h->inflight) > 0 && elapsed_us(&start) < grace_s * 1000000ULL)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(h->d);
    /* Quiesced, the socket is ours to close; otherwise MHD closed it. */
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    bl_accesslog_close(h->log_fd);
    bl_free(h);
}
